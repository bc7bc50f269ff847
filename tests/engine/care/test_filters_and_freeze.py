"""Filter life forecast, filter replacement noticed automatically, and freeze risk."""

from __future__ import annotations

import pytest

from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSubject,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    Severity,
)

from .helpers import DAY, HOUR, T0, Log, active

K = FindingKind


def _use(monitor: CareMonitor, log: Log, start_pct: float, per_day: float, days: int) -> float:
    """Report usage every hour for `days`, growing by `per_day`; return the last time."""
    t = T0
    for hour in range(days * 24):
        t = T0 + hour * HOUR
        log(monitor.filter_usage(t, start_pct + per_day * hour / 24))
        log(monitor.tick(t))
    return t


def test_filter_life_forecast_from_the_usage_trend() -> None:
    monitor = CareMonitor(CareSubject.AIR_PURIFIER)
    log = Log()
    t = _use(monitor, log, 20.0, 1.0, 10)
    assert monitor.filter_remaining_pct == pytest.approx(100 - 20 - 1.0 * (10 - 1 / 24), abs=0.01)
    replace_by = monitor.filter_replace_by
    assert replace_by is not None
    expected = t + monitor.filter_remaining_pct * DAY  # type: ignore[operator]
    assert abs(replace_by - expected) < DAY / 2
    assert monitor.due(MaintenanceKind.FILTER_REPLACE).next_due_at == replace_by
    assert active(monitor, K.FILTER_REPLACE_SOON) is None


def test_filter_replace_soon_when_the_end_is_two_weeks_away() -> None:
    monitor = CareMonitor(CareSubject.WATER_PURIFIER)
    log = Log()
    _use(monitor, log, 60.0, 2.0, 7)
    finding = active(monitor, K.FILTER_REPLACE_SOON)
    assert finding is not None
    assert finding.severity is Severity.INFO
    assert finding.fix is MaintenanceKind.FILTER_REPLACE
    assert int(finding.values["days_left"]) <= 14
    assert finding.values["replace_by"] != "unknown"


def test_filter_past_its_end_is_a_warning() -> None:
    monitor = CareMonitor(CareSubject.AIR_CONDITIONER)
    log = Log()
    log(monitor.filter_usage(T0, 101.0))
    finding = active(monitor, K.FILTER_REPLACE_SOON)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.values["days_left"] == 0
    assert monitor.filter_remaining_pct == 0.0


def test_replacement_noticed_when_usage_jumps_down() -> None:
    monitor = CareMonitor(CareSubject.AIR_PURIFIER)
    log = Log()
    t = _use(monitor, log, 85.0, 1.0, 8)
    assert active(monitor, K.FILTER_REPLACE_SOON) is not None
    changes = log(monitor.filter_usage(t + HOUR, 0.5))
    assert [(c.finding.kind, c.raised) for c in changes] == [(K.FILTER_REPLACE_SOON, False)]
    record = monitor.maintenance[-1]
    assert record.kind is MaintenanceKind.FILTER_REPLACE
    assert record.automatic is True
    assert record.at == t + HOUR
    assert monitor.filter_replace_by is None  # a new trend needs a few days
    assert monitor.due(MaintenanceKind.FILTER_REPLACE).last_at == t + HOUR


def test_replacement_recorded_by_hand_waits_for_the_counter_reset() -> None:
    monitor = CareMonitor(CareSubject.AIR_PURIFIER)
    log = Log()
    t = _use(monitor, log, 85.0, 1.0, 8)
    log(monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.FILTER_REPLACE, at=t)))
    assert active(monitor, K.FILTER_REPLACE_SOON) is None
    log(monitor.filter_usage(t + HOUR, 93.0))  # the appliance still counts the old filter
    assert active(monitor, K.FILTER_REPLACE_SOON) is None
    log(monitor.filter_usage(t + 2 * HOUR, 0.0))  # the counter is reset: no second record
    assert [r.automatic for r in monitor.maintenance] == [False]
    log(monitor.filter_usage(t + 3 * HOUR, 95.0))
    assert active(monitor, K.FILTER_REPLACE_SOON) is not None


def test_unused_filter_has_no_forecast_and_clears_the_reminder() -> None:
    monitor = CareMonitor(CareSubject.AIR_CONDITIONER)
    log = Log()
    t = _use(monitor, log, 80.0, 0.0, 10)
    assert monitor.filter_replace_by is None
    assert active(monitor, K.FILTER_REPLACE_SOON) is None
    assert monitor.filter_remaining_pct == 20.0
    del t


def test_filter_use_counts_towards_the_filter_clean() -> None:
    monitor = CareMonitor(CareSubject.AIR_CONDITIONER)
    log = Log()
    _use(monitor, log, 10.0, 0.5, 15)
    assert active(monitor, K.FILTER_CLEAN_DUE) is not None
    assert monitor.due(MaintenanceKind.FILTER_CLEAN).cycles_since == 0


def test_filter_usage_of_other_appliances_and_garbage_is_ignored() -> None:
    washer = CareMonitor(CareSubject.WASHER)
    assert washer.filter_usage(T0, 50.0) == ()
    purifier = CareMonitor(CareSubject.AIR_PURIFIER)
    for value in (None, float("nan"), -1.0, 5000.0, "50", True):
        assert purifier.filter_usage(T0, value) == ()  # type: ignore[arg-type]
    assert purifier.filter_remaining_pct is None
    assert purifier.filter_replace_by is None


# ------------------------------------------------------------------ freeze


def test_freeze_risk_from_the_forecast_is_a_warning() -> None:
    monitor = CareMonitor(CareSubject.WASHER, unheated_place=True)
    log = Log()
    log(monitor.outdoor(T0, 2.0, -6.0))
    finding = active(monitor, K.FREEZE_RISK)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.values == {"outdoor_c": 2.0, "forecast_min_c": -6.0, "threshold_c": -5.0}


def test_freeze_risk_from_the_outdoor_sensor_is_critical() -> None:
    monitor = CareMonitor(CareSubject.DISHWASHER, unheated_place=True)
    log = Log()
    log(monitor.outdoor(T0, -7.0, None))
    finding = active(monitor, K.FREEZE_RISK)
    assert finding is not None
    assert finding.severity is Severity.CRITICAL
    assert finding.values["forecast_min_c"] == "unknown"


def test_freeze_risk_escalates_and_clears_only_well_above_the_threshold() -> None:
    monitor = CareMonitor(CareSubject.WATER_PURIFIER, unheated_place=True)
    log = Log()
    log(monitor.outdoor(T0, 1.0, -5.0))
    log(monitor.outdoor(T0 + HOUR, -5.5, -8.0))
    assert [f.severity for f in log.raised(K.FREEZE_RISK)] == [Severity.WARNING, Severity.CRITICAL]
    log(monitor.outdoor(T0 + 3 * HOUR, -4.0, -4.0))  # above, but not well above
    assert active(monitor, K.FREEZE_RISK) is not None
    log(monitor.outdoor(T0 + 4 * HOUR, None, None))  # unknown: nothing changes
    assert active(monitor, K.FREEZE_RISK) is not None
    log(monitor.outdoor(T0 + 5 * HOUR, 3.0, -1.0))
    assert active(monitor, K.FREEZE_RISK) is None
    assert len(log.cleared(K.FREEZE_RISK)) == 1


def test_freeze_clear_waits_for_the_minimum_hold() -> None:
    monitor = CareMonitor(CareSubject.WASHER, unheated_place=True)
    log = Log()
    log(monitor.outdoor(T0, -6.0, -6.0))
    log(monitor.outdoor(T0 + 60, 5.0, 4.0))
    assert active(monitor, K.FREEZE_RISK) is not None
    log(monitor.tick(T0 + HOUR + 60))
    assert active(monitor, K.FREEZE_RISK) is None


def test_no_freeze_risk_in_a_heated_place_or_without_water() -> None:
    heated = CareMonitor(CareSubject.WASHER)
    assert heated.outdoor(T0, -20.0, -25.0) == ()
    fridge = CareMonitor(CareSubject.REFRIGERATOR, unheated_place=True)
    assert fridge.outdoor(T0, -20.0, -25.0) == ()
    washer = CareMonitor(CareSubject.WASHER, unheated_place=True)
    for outdoor, forecast in ((float("nan"), None), (-100.0, 200.0), ("cold", None)):
        assert washer.outdoor(T0, outdoor, forecast) == ()  # type: ignore[arg-type]
