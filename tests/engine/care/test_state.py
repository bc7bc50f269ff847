"""Saved state: round trips keep findings, maintenance and baselines; bad state is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareStateError,
    CareSubject,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
)

from .helpers import DAY, HOUR, MIN, T0, Log, active, fridge_days, record, run_cycles

K = FindingKind


def _round_trip(monitor: CareMonitor) -> CareMonitor:
    state = json.loads(json.dumps(monitor.to_state()))
    return CareMonitor(monitor.subject, state=state, unheated_place=monitor.unheated_place)


def _washer_with_history() -> tuple[CareMonitor, float]:
    monitor = CareMonitor(CareSubject.WASHER, unheated_place=True)
    log = Log()
    monitor.record_maintenance(
        MaintenanceRecord(kind=MaintenanceKind.REPAIR, at=T0 - DAY, cost=120.5, note="pump")
    )
    minutes = [90, 91, 89, 90, 92, 90, 91, 89, 90, 90, 101, 102, 103]
    end = run_cycles(
        monitor, log, len(minutes), start=T0, make=lambda t, i: record(t, minutes=minutes[i])
    )
    log(monitor.outdoor(end, -8.0, -9.0))
    log(monitor.vibration(end, False))
    log(monitor.door(end, False))
    return monitor, end


def test_round_trip_keeps_findings_maintenance_and_baselines() -> None:
    monitor, end = _washer_with_history()
    assert active(monitor, K.PROGRAM_DRIFT) is not None
    assert active(monitor, K.FREEZE_RISK) is not None
    restored = _round_trip(monitor)
    assert restored.findings == monitor.findings
    assert restored.maintenance == monitor.maintenance
    assert restored.maintenance[0].note == "pump"
    assert restored.due(MaintenanceKind.TUB_CLEAN) == monitor.due(MaintenanceKind.TUB_CLEAN)
    assert restored.to_state() == json.loads(json.dumps(monitor.to_state()))
    # The learned baseline goes on: more long cycles keep the drift, normal ones clear it.
    log = Log()
    run_cycles(restored, log, 6, start=end + DAY, make=lambda t, i: record(t, minutes=90))
    assert active(restored, K.PROGRAM_DRIFT) is None
    assert log.raised(K.PROGRAM_DRIFT) == []


def test_round_trip_of_a_fridge_keeps_the_duty_baseline() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    t = fridge_days(monitor, log, 8, start=T0, duty=lambda _t: 0.3, ambient=21.0)
    log(monitor.temperature(t, 4.0))
    log(monitor.door(t, True))
    restored = _round_trip(monitor)
    log2 = Log()
    fridge_days(restored, log2, 4, start=t + MIN, duty=lambda _t: 0.37, ambient=21.0)
    assert log2.raised(K.DUTY_CYCLE_DRIFT) != []
    assert log2.raised(K.DOOR_OPEN_TOO_LONG) != []


def test_round_trip_of_filter_appliances() -> None:
    monitor = CareMonitor(CareSubject.AIR_PURIFIER)
    for hour in range(24 * 5):
        monitor.filter_usage(T0 + hour * HOUR, 80 + hour / 24)
    restored = _round_trip(monitor)
    assert restored.filter_remaining_pct == monitor.filter_remaining_pct
    assert restored.filter_replace_by == monitor.filter_replace_by


@pytest.mark.parametrize(
    "subject",
    [CareSubject.DRYER, CareSubject.DISHWASHER, CareSubject.FREEZER, CareSubject.OTHER],
)
def test_fresh_round_trip_of_every_family(subject: CareSubject) -> None:
    monitor = CareMonitor(subject)
    monitor.tick(T0)
    assert _round_trip(monitor).to_state() == monitor.to_state()


def _state() -> dict[str, Any]:
    monitor, _ = _washer_with_history()
    state: dict[str, Any] = json.loads(json.dumps(monitor.to_state()))
    return state


CORRUPTIONS = [
    ("not a mapping", lambda s: ["nope"]),
    ("newer version", lambda s: {**s, "version": 99}),
    ("other subject", lambda s: {**s, "subject": "dryer"}),
    ("time", lambda s: {**s, "now": "yesterday"}),
    ("findings", lambda s: {**s, "findings": "many"}),
    ("finding entry", lambda s: {**s, "findings": [1]}),
    ("finding kind", lambda s: {**s, "findings": [{"finding": {"kind": "boom"}}]}),
    ("finding missing", lambda s: {**s, "findings": [{"raised_at": 1.0}]}),
    (
        "finding value",
        lambda s: {
            **s,
            "findings": [{"finding": {**s["findings"][0]["finding"], "values": {"x": [1]}}}],
        },
    ),
    ("records", lambda s: {**s, "ledger": {"records": [["tub_clean"]]}}),
    ("record kind", lambda s: {**s, "ledger": {"records": [["wax", 1.0, None, None, False]]}}),
    ("record time", lambda s: {**s, "ledger": {"records": [["repair", None, None, None, False]]}}),
    ("record note", lambda s: {**s, "ledger": {"records": [["repair", 1.0, None, 5, False]]}}),
    ("record flag", lambda s: {**s, "ledger": {"records": [["repair", 1.0, None, None, 1]]}}),
    ("record cost", lambda s: {**s, "ledger": {"records": [["repair", 1.0, "x", None, False]]}}),
    ("counters", lambda s: {**s, "ledger": {"counters": [1]}}),
    ("counter", lambda s: {**s, "ledger": {"counters": {"tub_clean": [1, 2]}}}),
    ("laundry", lambda s: {**s, "laundry": {"small": [2]}}),
    ("vibrating", lambda s: {**s, "laundry": {"vibrating": "yes"}}),
    ("stopwatch", lambda s: {**s, "laundry": {"left": [1.0]}}),
    ("door flag", lambda s: {**s, "laundry": {"door_seen": "yes"}}),
    ("drift programs", lambda s: {**s, "drift": {"programs": {"one": {}}}}),
    ("program baseline", lambda s: {**s, "drift": {"programs": {"1": [1]}}}),
    ("baseline", lambda s: {**s, "drift": {"programs": {"1": {"duration": 5}}}}),
    ("cusum", lambda s: {**s, "drift": {"duration_cusum": [1.0]}}),
    ("recent", lambda s: {**s, "drift": {"recent": [[1.0]]}}),
    ("recent ratio", lambda s: {**s, "drift": {"recent": [["x", None]]}}),
    ("recent energy", lambda s: {**s, "drift": {"recent": [[1.0, "y"]]}}),
    ("freeze", lambda s: {**s, "freeze": {"outdoor_c": "cold"}}),
    ("infinite", lambda s: {**s, "now": float("inf")}),
]


@pytest.mark.parametrize(("what", "corrupt"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_unreadable_state_raises_care_state_error(what: str, corrupt: Any) -> None:
    with pytest.raises(CareStateError):
        CareMonitor(CareSubject.WASHER, state=corrupt(_state()))
    assert issubclass(CareStateError, ValueError)


FRIDGE_CORRUPTIONS = [
    ("duty sums", {"duty": {"day_sums": [1, 2]}}),
    ("duty running", {"duty": {"last_running": "on"}}),
    ("duty ambient", {"duty": {"ambient": [1.0]}}),
    ("duty learning", {"duty": {"learning": [[None, 20.0]]}}),
    ("duty model", {"duty": {"model": [0.3]}}),
    ("runs", {"runs": [1, 2]}),
    ("intervals", {"defrost_intervals": ["x"]}),
    ("watch", {"watches": {"run": "x"}}),
    ("compartment", {"compartment": {"last_c": "warm"}}),
]


@pytest.mark.parametrize(
    ("what", "fridge"), FRIDGE_CORRUPTIONS, ids=[c[0] for c in FRIDGE_CORRUPTIONS]
)
def test_unreadable_fridge_state_raises(what: str, fridge: dict[str, Any]) -> None:
    with pytest.raises(CareStateError):
        CareMonitor(
            CareSubject.REFRIGERATOR,
            state={"version": 1, "subject": "refrigerator", "fridge": fridge},
        )


FILTER_CORRUPTIONS = [
    ("seen", {"seen": 1}),
    ("awaiting", {"awaiting_reset": "no"}),
    ("samples", {"samples": "x"}),
    ("sample", {"samples": [[1.0]]}),
    ("sample value", {"samples": [[1.0, None]]}),
]


@pytest.mark.parametrize(
    ("what", "filters"), FILTER_CORRUPTIONS, ids=[c[0] for c in FILTER_CORRUPTIONS]
)
def test_unreadable_filter_state_raises(what: str, filters: dict[str, Any]) -> None:
    with pytest.raises(CareStateError):
        CareMonitor(CareSubject.AIR_PURIFIER, state={"filter": filters})


def test_unknown_maintenance_counters_of_a_newer_version_are_skipped() -> None:
    state = _state()
    state["ledger"]["counters"]["polish"] = [T0, None, 1, 0, 1.0, 0.0]
    monitor = CareMonitor(CareSubject.WASHER, state=state)
    assert monitor.due(MaintenanceKind.TUB_CLEAN).cycles_since == 13


def test_state_without_a_version_is_read_as_the_current_one() -> None:
    state = _state()
    del state["version"]
    del state["subject"]
    monitor = CareMonitor(CareSubject.WASHER, state=state)
    assert len(monitor.findings) == 2
