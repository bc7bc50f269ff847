"""Settings, the replay line, the maintenance ledger's limits and clock jumps."""

from __future__ import annotations

import json

import pytest

from custom_components.appliance_care.engine.care import (
    CareChange,
    CareMonitor,
    CareSettings,
    CareSubject,
    Finding,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    Severity,
    care_settings_from_mapping,
    care_settings_to_dict,
    default_care_settings,
    replay_care_alert,
)
from custom_components.appliance_care.engine.care.ledger import MAX_RECORDS
from custom_components.appliance_care.engine.care.stats import linear_fit, median
from custom_components.appliance_care.engine.care.wording import duration_text

from .helpers import DAY, HOUR, MIN, T0, Log, active, record, run_cycles

K = FindingKind


def test_defaults_differ_per_subject() -> None:
    assert default_care_settings(CareSubject.FREEZER).temperature_high_c == -12.0
    assert default_care_settings(CareSubject.REFRIGERATOR).temperature_high_c == 8.0
    assert default_care_settings(CareSubject.AIR_CONDITIONER).filter_clean_interval_days == 14
    assert default_care_settings(CareSubject.WATER_PURIFIER).filter_clean_interval_days == 0
    assert default_care_settings(CareSubject.WASHER).drift_energy_cusum_h == 0
    assert default_care_settings(CareSubject.DRYER).drift_energy_cusum_h == 0
    assert default_care_settings(CareSubject.DISHWASHER).drift_energy_cusum_h > 0


def test_settings_from_mapping_apply_known_fields() -> None:
    settings = care_settings_from_mapping(
        CareSubject.WASHER,
        {
            "tub_clean_due_cycles": 40,
            "small_load_window_cycles": 12.0,
            "freeze_threshold_c": -8,
            "from_the_future": 1,
        },
    )
    assert settings.freeze_threshold_c == -8.0
    assert settings.tub_clean_due_cycles == 40.0
    assert settings.small_load_window_cycles == 12
    assert isinstance(settings.small_load_window_cycles, int)
    as_dict = care_settings_to_dict(settings)
    assert as_dict["tub_clean_due_cycles"] == 40.0
    assert care_settings_from_mapping(CareSubject.WASHER, as_dict) == settings
    json.dumps(as_dict)


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"min_hold_s": "1"}, TypeError),
        ({"min_hold_s": True}, TypeError),
        ({"min_hold_s": -1}, ValueError),
        ({"min_hold_s": float("inf")}, ValueError),
        ({"small_load_window_cycles": 2.5}, ValueError),
    ],
)
def test_settings_from_mapping_refuse_bad_values(values: dict[str, object], error: type) -> None:
    with pytest.raises(error):
        care_settings_from_mapping(CareSubject.WASHER, values)


def test_new_settings_apply_from_now_on() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    run_cycles(monitor, log, 10, start=T0)
    assert active(monitor, K.TUB_CLEAN_DUE) is None
    monitor.apply_settings(CareSettings(tub_clean_due_cycles=5))
    assert monitor.settings.tub_clean_due_cycles == 5
    run_cycles(monitor, log, 1, start=T0 + 11 * DAY)
    assert active(monitor, K.TUB_CLEAN_DUE) is not None


def test_replay_line_of_a_raised_and_a_cleared_finding() -> None:
    finding = Finding(
        kind=FindingKind.TUB_CLEAN_DUE,
        severity=Severity.INFO,
        since=0.0,
        values={"cycles": 34},
        evidence="34 cycles since the last tub clean.",
        advice="Run a tub clean.",
        fix=MaintenanceKind.TUB_CLEAN,
    )
    line = replay_care_alert(CareChange(finding=finding, raised=True))
    assert line == {
        "event": "care_alert",
        "at": "1970-01-01T00:00:00Z",
        "kind": "tub_clean_due",
        "severity": "info",
        "evidence": "34 cycles since the last tub clean.",
    }
    cleared = replay_care_alert(CareChange(finding=finding, raised=False), at=3600.0)
    assert cleared["event"] == "care_cleared"
    assert cleared["at"] == "1970-01-01T01:00:00Z"


def test_ledger_keeps_records_in_time_order_and_bounded() -> None:
    monitor = CareMonitor(CareSubject.AIR_PURIFIER)
    monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.REPAIR, at=T0 + DAY))
    monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.FILTER_CLEAN, at=T0))
    assert [r.kind for r in monitor.maintenance] == [
        MaintenanceKind.FILTER_CLEAN,
        MaintenanceKind.REPAIR,
    ]
    for k in range(MAX_RECORDS + 5):
        monitor.record_maintenance(
            MaintenanceRecord(
                kind=MaintenanceKind.FILTER_REPLACE, at=T0 + 2 * DAY + k, automatic=True
            )
        )
    records = monitor.maintenance
    assert len(records) == MAX_RECORDS
    assert records[0].kind is MaintenanceKind.FILTER_CLEAN  # owner records are kept longest
    assert records[1].kind is MaintenanceKind.REPAIR


def test_an_older_record_does_not_reset_a_newer_count() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=T0 + DAY))
    monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=T0))
    assert monitor.due(MaintenanceKind.TUB_CLEAN).last_at == T0 + DAY


def test_garbled_maintenance_records_are_ignored() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    assert monitor.record_maintenance("tub clean") == ()  # type: ignore[arg-type]
    assert (
        monitor.record_maintenance(
            MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=float("nan"))
        )
        == ()
    )
    assert (
        monitor.record_maintenance(
            MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=T0, cost=float("inf"))
        )
        == ()
    )
    assert monitor.maintenance == ()


def test_clock_jumping_back_does_not_raise_or_hold_timers_forever() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    log(monitor.door(T0, True))
    log(monitor.tick(T0 + MIN))
    # The clock is set back by a day, then runs on: the jump itself does not count.
    log(monitor.tick(T0 - DAY))
    log(monitor.tick(T0 - DAY + MIN))
    assert active(monitor, K.DOOR_OPEN_TOO_LONG) is None
    log(monitor.tick(T0 - DAY + 2 * MIN))
    assert active(monitor, K.DOOR_OPEN_TOO_LONG) is not None


def test_clock_jumping_forward_does_not_count_as_time_passed() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    log(monitor.door(T0, True))
    log(monitor.tick(T0 + 365 * DAY))
    log(monitor.tick(T0 + 365 * DAY + MIN))
    assert active(monitor, K.DOOR_OPEN_TOO_LONG) is None


def test_small_steps_back_are_jitter() -> None:
    monitor = CareMonitor(CareSubject.WASHER, unheated_place=True)
    log = Log()
    log(monitor.outdoor(T0, -8.0, None))
    log(monitor.outdoor(T0 - 1.0, 8.0, 8.0))
    assert active(monitor, K.FREEZE_RISK) is not None  # the hold counts from T0
    log(monitor.tick(T0 + HOUR))
    assert active(monitor, K.FREEZE_RISK) is None


def test_a_reminder_clock_set_back_restarts_from_the_jump() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    run_cycles(monitor, log, 5, start=T0, make=lambda t, i: record(t))
    # Set back by ten days: the month counts from the jump, never from the future.
    log(monitor.tick(T0 - 10 * DAY))
    log(monitor.tick(T0 + 19 * DAY))
    assert active(monitor, K.TUB_CLEAN_DUE) is None
    log(monitor.tick(T0 + 21 * DAY))
    assert active(monitor, K.TUB_CLEAN_DUE) is not None


def test_small_helpers() -> None:
    assert median([3.0, 1.0, 2.0, 4.0]) == 2.5
    assert linear_fit([(1.0, 2.0)]) is None
    assert linear_fit([(1.0, 2.0), (1.0, 3.0)]) is None
    assert linear_fit([(0.0, 1.0), (2.0, 5.0)]) == (2.0, 1.0)
    assert duration_text(45 * MIN) == "45 min"
    assert duration_text(2 * HOUR) == "2 h"
    assert duration_text(2 * HOUR + 10 * MIN) == "2 h 10 min"
    assert duration_text(5 * DAY) == "5 days"
    assert Severity.CRITICAL.rank > Severity.WARNING.rank > Severity.INFO.rank
