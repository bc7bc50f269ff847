"""Finishing within two minutes of the end, from the first cycle: the end signs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from custom_components.appliance_care.engine import (
    ApplianceType,
    CycleEventKind,
    CycleStatus,
    CycleTracker,
    FinishReason,
)
from custom_components.appliance_care.engine.end_signs import (
    DRYING_WAIT_S,
    END_SIGN_HOLD_S,
    drying_wait,
)
from custom_components.appliance_care.engine.history import CycleHistory
from custom_components.appliance_care.simulator import write_trace
from custom_components.appliance_care.simulator.model import ApplianceKind

from .helpers import MIN, Feed

WASH = ((30.0, 3 * MIN), (2000.0, 10 * MIN), (100.0, 20 * MIN))
RINSE = ((45.0, 90.0), (300.0, 2 * MIN), (12.0, 3 * MIN), (100.0, 8 * MIN))
FINAL = ((45.0, 90.0), (450.0, 4 * MIN), (90.0, MIN))
DISHWASHER = (
    (70.0, 20 * MIN),
    (2100.0, 15 * MIN),
    (70.0, 10 * MIN),
    (2100.0, 10 * MIN),
    (25.0, 2 * MIN),
)
DRYING, PUMP_OUT = (0.3, 25 * MIN), (25.0, 2 * MIN)
QUICK = ((70.0, 3 * MIN), (2100.0, 8 * MIN), (70.0, 4 * MIN), (2100.0, 6 * MIN), (25.0, 2 * MIN))
DRYER = ((2400.0, 40 * MIN), (220.0, 8 * MIN))
START = datetime(2024, 3, 4, tzinfo=UTC)


def _ended(feed: Feed, phases: tuple[tuple[float, float], ...]) -> float:
    feed.run(phases)
    return feed.t


def test_a_washer_finishes_within_two_minutes_of_its_final_spin_with_nothing_learned() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    end = _ended(feed, WASH + RINSE + RINSE + FINAL)
    feed.hold(0.5, 3 * MIN)
    (record,) = feed.finished()
    assert record.finish_reason is FinishReason.END_SIGN
    assert record.end == end
    assert record.finished_at - end <= 2 * MIN
    # The mid-cycle spins, each followed by a fill, neither paused nor finished it.
    assert feed.count(CycleEventKind.CYCLE_PAUSED) == 0


def test_the_engine_says_when_to_tick_for_a_finish_on_time() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    tracker = feed.tracker
    feed.run(WASH + FINAL)
    assert tracker.wake_at is None  # working: nothing is due
    quiet_since = feed.t
    tracker.power(quiet_since, 0.5)
    wake = tracker.wake_at
    assert wake is not None
    assert quiet_since + END_SIGN_HOLD_S < wake <= quiet_since + END_SIGN_HOLD_S + 1.0
    assert tracker.tick(wake - 1.0) == ()
    (finished,) = tracker.tick(wake)
    assert finished.kind is CycleEventKind.CYCLE_FINISHED
    assert tracker.wake_at is None


def test_a_short_spin_or_a_long_tumble_after_it_is_no_end_sign() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.run((*WASH, (45.0, 90.0), (300.0, 40.0)))  # a drain, then a spin too short to be one
    feed.hold(0.5, 20 * MIN)
    assert feed.finished() == []
    assert feed.tracker.status is CycleStatus.RUNNING  # quiet, but no program says stopped
    feed.run((*FINAL[:2], (120.0, 8 * MIN)))  # tumbling at wash level long after the spin
    feed.hold(0.5, 10 * MIN)
    assert feed.finished() == []


def test_back_to_back_loads_are_two_cycles_each_finished_at_its_spin() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    first = _ended(feed, WASH + FINAL)
    feed.hold(0.5, 6 * MIN)
    second = _ended(feed, WASH + RINSE + FINAL)
    feed.hold(0.5, 3 * MIN)
    records = feed.finished()
    assert [r.end for r in records] == [first, second]
    assert all(r.finished_at - r.end <= 2 * MIN for r in records)


def test_a_signed_end_survives_a_restart_in_the_quiet() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    end = _ended(feed, WASH + FINAL)
    feed.hold(0.5, 30.0)
    tracker = CycleTracker(ApplianceType.WASHER, state=feed.tracker.to_state())
    again = Feed(tracker, t=feed.t)
    again.hold(0.5, 3 * MIN)
    (record,) = again.finished()
    assert record.finish_reason is FinishReason.END_SIGN
    assert record.finished_at - end <= 2 * MIN


def test_a_dishwasher_waits_through_its_drying_and_finishes_at_the_pump_out() -> None:
    feed = Feed(CycleTracker(ApplianceType.DISHWASHER))
    feed.run((*DISHWASHER, DRYING))
    assert feed.finished() == []  # the drying pause is not the end
    end = _ended(feed, (PUMP_OUT,))
    feed.hold(0.3, 3 * MIN)
    (record,) = feed.finished()
    assert record.finish_reason is FinishReason.END_SIGN
    assert record.end == end
    assert record.finished_at - end <= 2 * MIN


def test_a_dishwasher_that_pumps_out_after_drying_waits_for_it() -> None:
    feed = Feed(CycleTracker(ApplianceType.DISHWASHER))
    for _ in range(3):
        feed.run((*DISHWASHER, DRYING, PUMP_OUT))
        feed.hold(0.3, 10 * 60 * MIN)
    history = feed.tracker.history
    assert all(r.finish_reason is FinishReason.END_SIGN for r in history.recent)
    assert drying_wait(ApplianceType.DISHWASHER, history) == DRYING_WAIT_S
    assert drying_wait(ApplianceType.WASHER, history) == 0.0
    # Without the habit (no cycle, or cycles ended otherwise) there is no wait.
    assert drying_wait(ApplianceType.DISHWASHER, CycleHistory()) == 0.0
    quiet = CycleHistory()
    for record in history.recent:
        quiet.add(replace(record, finish_reason=FinishReason.QUIET))
    assert drying_wait(ApplianceType.DISHWASHER, quiet) == 0.0
    # The learned program ends at the pump-out: a cycle cut short at its drying is not
    # finished at the program's end while the drying may still be going on.
    feed.run(DISHWASHER)
    feed.hold(0.3, 40 * MIN)
    assert len(feed.finished()) == 3


def test_a_quick_program_without_drying_finishes_at_its_end_on_a_dishwasher_that_dries() -> None:
    feed = Feed(CycleTracker(ApplianceType.DISHWASHER))
    for _ in range(6):
        feed.run((*DISHWASHER, DRYING, PUMP_OUT))
        feed.hold(0.3, 10 * 60 * MIN)
    for _ in range(3):  # a quick program, learned as it is: it never dries
        feed.run(QUICK)
        feed.hold(0.3, 10 * 60 * MIN)
    tracker = feed.tracker
    assert drying_wait(ApplianceType.DISHWASHER, tracker.history) == DRYING_WAIT_S
    quick = min(tracker.programs, key=lambda p: p.typical_duration_s)
    assert quick.cycles == 3
    assert drying_wait(ApplianceType.DISHWASHER, tracker.history, [quick.program_id]) == 0.0
    end = _ended(feed, QUICK)
    feed.hold(0.3, 5 * MIN)
    assert len(feed.finished()) == 10
    record = feed.finished()[-1]
    assert record.end == end
    assert record.program_id == quick.program_id
    assert record.finish_reason is FinishReason.PROGRAM_END
    assert record.finished_at - end <= 2 * MIN
    # Should the quick program come to dry and pump out after its finish, that counts.
    feed.hold(0.3, 10 * 60 * MIN)
    feed.run((*QUICK, (0.3, 12 * MIN), PUMP_OUT))
    feed.hold(0.3, 70 * MIN)
    last = tracker.history.recent[-1]
    assert last.program_id == quick.program_id
    assert last.finish_reason is FinishReason.END_SIGN
    assert tracker.last_cycle == last
    # The everyday program still waits out its drying when its pump-out does not come.
    feed.hold(0.3, 10 * 60 * MIN)
    feed.run(DISHWASHER)
    feed.hold(0.3, 40 * MIN)
    assert len(feed.finished()) == 11
    feed.hold(0.3, 10 * MIN)
    assert len(feed.finished()) == 12


def test_a_dryer_finishes_after_its_cool_down_and_its_tumbles_start_nothing() -> None:
    feed = Feed(CycleTracker(ApplianceType.DRYER))
    end = _ended(feed, DRYER)
    feed.hold(0.5, 3 * MIN)
    for _ in range(10):  # anti-crease: a short tumble every three minutes
        feed.hold(220.0, 15.0)
        feed.hold(0.5, 3 * MIN)
    (record,) = feed.finished()
    assert record.finish_reason is FinishReason.END_SIGN
    assert record.finished_at - end <= 2 * MIN
    assert feed.count(CycleEventKind.CYCLE_STARTED) == 1


def test_a_plug_polled_once_a_minute_splits_no_wash(tmp_path: Path) -> None:
    """Sampled once a minute, a wash's tumble pauses look quiet now and then: no end."""
    path = tmp_path / "washer.csv"
    write_trace(ApplianceKind.WASHER, path, start=START, duration=timedelta(days=12), seed=3)
    reports = []
    for line in path.read_text().splitlines()[1:]:
        stamp, watts = line.split(",")
        reports.append((datetime.fromisoformat(stamp).replace(tzinfo=UTC).timestamp(), watts))
    tracker = CycleTracker(ApplianceType.WASHER)
    records = []
    held, k = "0.0", 0
    at = reports[0][0] + 7.0
    while at < reports[-1][0] + 3600:
        while k < len(reports) and reports[k][0] <= at:
            held, k = reports[k][1], k + 1
        events = tracker.tick(at - 30) + tracker.power(at, float(held))
        records += [e.cycle for e in events if e.cycle and e.kind is CycleEventKind.CYCLE_FINISHED]
        at += 60.0
    assert len(records) == 12
    # The sign is not trusted through such a sensor: the first wash waits the hold ...
    assert records[0].finish_reason is FinishReason.QUIET
    # ... and once its programs are learned, their ends finish the washes.
    learned = sorted(r.finished_at - r.end for r in records[6:])
    assert learned[len(learned) // 2] <= 5 * MIN, learned


def test_tumbles_above_pump_power_after_a_spin_void_its_sign() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.run((*WASH, *FINAL[:2], (120.0, 2 * MIN)))  # a wash going on after the spin
    feed.hold(0.5, 10 * MIN)
    assert feed.finished() == []  # no sign: the 30-minute hold, not 90 s
