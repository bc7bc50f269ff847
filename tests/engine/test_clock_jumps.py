"""A wall-clock jump forward told by the caller: holds and durations do not count it."""

from __future__ import annotations

from custom_components.appliance_care.engine import (
    ApplianceType,
    CompressorEventKind,
    CompressorMonitor,
    CycleEventKind,
    CycleTracker,
)

from .helpers import MIN, WASHER, WASHER_S, Feed

JUMP_S = 2 * 3600.0


def test_a_told_jump_mid_wash_moves_the_cycle_with_the_clock() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.run(WASHER[:3])
    start = feed.tracker.cycle_start
    assert start is not None
    feed.tracker.clock_jumped(JUMP_S)
    feed.t += JUMP_S
    feed.run(WASHER[3:])
    feed.hold(0.5, 60 * MIN)
    finishes = [e for e in feed.events if e.kind is CycleEventKind.CYCLE_FINISHED]
    assert len(finishes) == 1
    record = feed.tracker.history.recent[-1]
    assert record.start == start + JUMP_S, "the start moves to the corrected clock"
    assert abs(record.duration_s - WASHER_S) < 5 * MIN


def test_a_jump_is_not_told_by_a_silence() -> None:
    """Without the call, two hours without reports mid-wash are an outage."""
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.run(WASHER[:3])
    feed.tracker.clock_jumped(-5.0)  # ignored: backward jumps are the engine's own
    feed.tracker.clock_jumped(float("nan"))
    feed.t += JUMP_S
    feed.run(WASHER[3:])
    feed.hold(0.5, 60 * MIN)
    finishes = [e for e in feed.events if e.kind is CycleEventKind.CYCLE_FINISHED]
    assert len(finishes) == 2, "the outage ended the first part"


def test_a_told_jump_mid_run_is_not_counted_in_the_run() -> None:
    monitor = CompressorMonitor(ApplianceType.REFRIGERATOR)
    t = 1_700_000_000.0
    for minute in range(0, 10, 1):
        monitor.power(t + minute * MIN, 100.0)
    monitor.clock_jumped(JUMP_S)
    t += JUMP_S
    events = []
    for minute in range(10, 16, 1):
        events += monitor.power(t + minute * MIN, 100.0 if minute < 15 else 1.0)
    (stopped,) = [e for e in events if e.kind is CompressorEventKind.COMPRESSOR_STOPPED]
    assert stopped.run_s == 15 * MIN
