"""Impossible values in saved engine state: brought within bounds, never taken at face value.

Each case mutates the real saved state of a washer that learned a program and is half-way
through a wash, restores it a minute later, and finishes the wash and runs another. Without
the bounds, these cases showed a count of -5, a cycle of five million minutes, and a loop
that never ended inside program learning.
"""

from __future__ import annotations

from collections.abc import Callable
import copy
import json
from typing import Any

import pytest

from custom_components.appliance_care.engine import (
    ApplianceType,
    CompressorMonitor,
    CycleStatus,
    CycleTracker,
)
from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSubject,
    MaintenanceKind,
    MaintenanceRecord,
)
from custom_components.appliance_care.engine.profile import MAX_PROFILE_BINS

from .helpers import MIN, WASHER, WASHER_S, Feed

YEAR = 365 * 86_400.0
# A hang becomes a failure instead of a stuck run (the bounded code needs milliseconds).
HANG_GUARD_S = 60

State = dict[str, Any]


def _mid_wash() -> tuple[State, float]:
    """Return the saved state of a washer three washes in, half-way through a fourth."""
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    for _ in range(3):
        feed.run(WASHER)
        feed.hold(0.5, 60 * MIN)
    feed.run(WASHER[:3])
    return json.loads(json.dumps(feed.tracker.to_state())), feed.t


def _program(state: State) -> State:
    program: State = state["programs"]["programs"][0]
    return program


MUTATIONS: dict[str, Callable[[State], None]] = {
    "negative count": lambda s: s.update(cycle_count=-5),
    "time ten years ahead": lambda s: s.update(now=s["now"] + 10 * YEAR),
    "time near 1e12": lambda s: s.update(now=1e12),
    "cycle starting in the future": lambda s: s["live"].update(start=1e12),
    "cycle starting ten years ago": lambda s: s["live"].update(
        start=s["live"]["start"] - 10 * YEAR
    ),
    "quiet since before the cycle": lambda s: s.update(low_since=-1e12),
    "finish in the future": lambda s: s.update(finished_at=1e12),
    "profile far off": lambda s: s["live"]["profile"][0:3].__init__([1e12, -5.0, -1e12]),
    "negative energy": lambda s: s["live"].update(energy_ws=-1e12, gap_s=-1e12, peak_w=1e9),
    "record finished in the future": lambda s: s["history"]["recent"][-1].__setitem__(1, 1e12),
    "program count below its cycles": lambda s: _program(s).update(cycles=-3),
    "program durations impossible": lambda s: _program(s).update(durations=[-1.0, 1e12]),
    "program envelope huge": lambda s: _program(s).update(members=[[100] * 10**5]),
    "program seen in the future": lambda s: _program(s).update(last_seen=1e12),
}


@pytest.mark.timeout(HANG_GUARD_S)
@pytest.mark.parametrize("name", MUTATIONS)
def test_impossible_saved_values_are_bounded(name: str) -> None:
    state, t = _mid_wash()
    MUTATIONS[name](state)
    restored_at = t + MIN
    tracker = CycleTracker(ApplianceType.WASHER, state=state, restored_at=restored_at)
    feed = Feed(tracker, t=restored_at)
    feed.run(WASHER[3:])
    feed.hold(0.5, 90 * MIN)
    feed.run(WASHER)
    feed.hold(0.5, 90 * MIN)
    assert tracker.status is CycleStatus.FINISHED
    # Three washes recorded, the one restored (or its rest, where its start was impossible)
    # and the next: never a count below the records, never a wash split in two.
    assert tracker.cycle_count == 5
    assert sum(1 for r in tracker.history.recent if r.duration_s < 20 * MIN) == 0
    last = tracker.history.recent[-1]
    assert abs(last.duration_s - WASHER_S) < 10 * MIN, "the next wash lasts what it lasted"
    for record in tracker.history.recent:
        assert 0 <= record.start <= record.end <= record.finished_at <= feed.t
        assert record.duration_s <= WASHER_S + 10 * MIN
    for program in tracker.library.programs.values():
        assert program.cycles >= len(program.durations) >= 1
        assert len(program.envelope) <= MAX_PROFILE_BINS
        assert program.last_seen <= feed.t
    for info in tracker.programs:
        assert 0 < info.typical_duration_s <= WASHER_S + 10 * MIN


def test_a_consistent_state_from_a_clock_set_back_keeps_its_cycle() -> None:
    """All times ahead together is a clock set back while stopped: the wash goes on."""
    state, t = _mid_wash()
    ahead = 3 * 3600.0
    shifted = copy.deepcopy(state)
    shifted["now"] += ahead
    shifted["live"]["start"] += ahead
    shifted["live"]["last_strong"] += ahead
    profile = shifted["live"]["profile"]
    profile[0] += ahead
    profile[2] += ahead
    tracker = CycleTracker(ApplianceType.WASHER, state=shifted, restored_at=t + MIN)
    assert tracker.status is CycleStatus.RUNNING
    feed = Feed(tracker, t=t + MIN)
    feed.run(WASHER[3:])
    feed.hold(0.5, 90 * MIN)
    assert tracker.cycle_count == 4
    assert abs(tracker.history.recent[-1].duration_s - WASHER_S) < 5 * MIN


def _fridge_hours(monitor: CompressorMonitor, t: float, hours: int) -> float:
    """Run 15 minutes on, 45 off per hour, reporting every five minutes; return the end."""
    for _ in range(hours):
        for minute in range(0, 60, 5):
            monitor.power(t + minute * MIN, 100.0 if minute < 15 else 1.0)
        t += 60 * MIN
    return t


def test_impossible_compressor_values_are_bounded() -> None:
    monitor = CompressorMonitor(ApplianceType.REFRIGERATOR)
    t = _fridge_hours(monitor, 1_700_000_000.0, 6)
    monitor.power(t, 100.0)
    state = json.loads(json.dumps(monitor.to_state()))
    state.update(
        runs=-4,
        defrosts=-1,
        run_start=state["now"] - 10 * YEAR,
        run_ws=-1e12,
        heater_s=1e12,
        typical_w=-3.0,
        last_run_s=1e12,
        hour=10**15,
    )
    state["buckets"][0] = [-5.0, 1e9, -1.0, 3.0, 1e12]
    restored = CompressorMonitor(ApplianceType.REFRIGERATOR, state=state)
    assert restored.runs == 0
    assert restored.defrosts == 0
    assert not restored.running, "a run begun ten years ago is not restored"
    assert restored.last_run_s is None
    _fridge_hours(restored, t + 5 * MIN, 30)
    duty = restored.duty_cycle_24h
    assert duty is not None
    assert 0.2 < duty < 0.3, "the hour buckets were brought back within an hour"


def test_care_times_in_the_future_are_brought_to_the_present() -> None:
    now = 1_700_000_000.0
    monitor = CareMonitor(CareSubject.WASHER)
    monitor.tick(now)
    monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=now))
    state = json.loads(json.dumps(monitor.to_state()))
    state["now"] = 1e12
    state["ledger"]["records"][0][1] = 1e12
    restored = CareMonitor(CareSubject.WASHER, state=state, restored_at=now + 60)
    (record,) = restored.maintenance
    assert record.at <= now + 60
    last_at = restored.due(MaintenanceKind.TUB_CLEAN).last_at
    assert last_at is not None
    assert last_at <= now + 60


def test_records_after_the_saved_moment_move_back_to_it_rather_than_vanish() -> None:
    """The clock was set back an hour, and Home Assistant restarted within that hour."""
    state, _ = _mid_wash()
    last = state["history"]["recent"][-1]
    state["now"] = last[1] + last[2] + last[3] - 3600.0  # saved before the record's finish
    state["live"] = None
    tracker = CycleTracker(ApplianceType.WASHER, state=state, restored_at=state["now"] + 60)
    assert len(tracker.history.recent) == 3, "no recorded wash is lost"
    kept = tracker.history.recent[-1]
    assert kept.finished_at <= state["now"]
    assert abs(kept.duration_s - WASHER_S) < 5 * MIN, "moved whole, its duration kept"
