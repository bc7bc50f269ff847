"""Property-based tests: any input sequence keeps the engine's invariants."""

from __future__ import annotations

import itertools
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.appliance_care.engine import (
    ApplianceType,
    CompressorMonitor,
    CycleEventKind,
    CycleRecord,
    CycleTracker,
)

from .helpers import T0

K = CycleEventKind
CYCLE_TYPES = [t for t in ApplianceType if t.has_cycles]

values = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-10.0, max_value=3000.0),
    st.sampled_from([0.0, 0.3, 2.0, 8.0, 25.0, 150.0, 2200.0, 1e12, -1e12]),
    st.sampled_from(["unavailable", "unknown", "", "12.5", "abc", "nan", "inf"]),
)
# Forward steps from a second to days; backward jumps from seconds to a day.
forward = st.one_of(
    st.floats(min_value=0.0, max_value=120.0),
    st.floats(min_value=0.0, max_value=3 * 3600.0),
    st.sampled_from([0.0, 30.0, 86400.0 * 3]),
)
anywhere = st.one_of(forward, st.floats(min_value=-86400.0, max_value=0.0))
actions = st.sampled_from(["power", "power", "power", "tick", "tick", "door", "energy"])


def check_records(records: list[CycleRecord], monotonic: bool) -> None:
    for r in records:
        assert r.start <= r.end <= r.finished_at
        assert r.energy_wh >= 0
        assert r.duration_s >= 0
    numbers = [r.number for r in records]
    assert numbers == sorted(numbers)
    if monotonic:
        for a, b in itertools.pairwise(records):
            assert a.end <= b.start  # cycles never overlap


def drive(
    appliance_type: ApplianceType,
    steps: list[tuple[float, str, object]],
    *,
    restart_at: int | None = None,
) -> tuple[list[CycleRecord], CycleTracker]:
    tracker = CycleTracker(appliance_type)
    t = T0
    count = 0
    records: list[CycleRecord] = []
    started = 0
    for i, (dt, action, value) in enumerate(steps):
        if i == restart_at:
            state = json.loads(json.dumps(tracker.to_state()))
            tracker = CycleTracker(appliance_type, state=state, restored_at=t)
        t += dt
        if action == "power":
            events = tracker.power(t, value)
        elif action == "tick":
            events = tracker.tick(t)
        elif action == "door":
            events = tracker.door(t, None if value is None else bool(value))
        else:
            events = tracker.energy(t, value)
        for event in events:
            if event.kind is K.CYCLE_STARTED:
                started += 1
            if event.kind is K.CYCLE_FINISHED:
                assert event.cycle is not None
                records.append(event.cycle)
                assert started >= len(records) - 0  # a finish never comes before its start
        assert tracker.cycle_count >= count  # never decreases
        count = tracker.cycle_count
        remaining = tracker.remaining_s
        assert remaining is None or remaining >= 0
        elapsed = tracker.elapsed_s
        assert elapsed is None or elapsed >= 0
    return records, tracker


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    appliance_type=st.sampled_from(CYCLE_TYPES),
    steps=st.lists(st.tuples(anywhere, actions, values), max_size=120),
)
def test_no_exception_for_any_sequence(
    appliance_type: ApplianceType, steps: list[tuple[float, str, object]]
) -> None:
    records, tracker = drive(appliance_type, steps)
    check_records(records, monotonic=False)
    json.dumps(tracker.to_state())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    appliance_type=st.sampled_from(CYCLE_TYPES),
    steps=st.lists(st.tuples(forward, actions, values), max_size=150),
    restart=st.one_of(st.none(), st.integers(min_value=0, max_value=150)),
)
def test_cycles_never_overlap_and_finish_after_start(
    appliance_type: ApplianceType,
    steps: list[tuple[float, str, object]],
    restart: int | None,
) -> None:
    records, tracker = drive(appliance_type, steps, restart_at=restart)
    check_records(records, monotonic=True)
    assert tracker.cycle_count >= len(records)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cycles=st.lists(
        st.tuples(
            st.floats(min_value=20 * 60, max_value=4 * 3600),  # active time
            st.sampled_from([100.0, 700.0, 2000.0]),
            st.floats(min_value=30 * 60, max_value=10 * 3600),  # time off after
        ),
        min_size=1,
        max_size=6,
    )
)
def test_every_clear_cycle_is_counted_once(cycles: list[tuple[float, float, float]]) -> None:
    steps: list[tuple[float, str, object]] = []
    for active, watts, rest in cycles:
        steps.append((0.0, "power", watts))
        steps.extend((30.0, "tick", None) for _ in range(int(active // 30)))
        steps.append((30.0, "power", 0.0))
        steps.extend((30.0, "tick", None) for _ in range(int(rest // 30)))
    steps.extend((30.0, "tick", None) for _ in range(3 * 3600 // 30))
    records, _ = drive(ApplianceType.OTHER, steps)
    assert len(records) == len(cycles)
    check_records(records, monotonic=True)


@settings(max_examples=100, deadline=None)
@given(steps=st.lists(st.tuples(anywhere, st.booleans(), values), max_size=150))
def test_compressor_survives_any_sequence(steps: list[tuple[float, bool, object]]) -> None:
    monitor = CompressorMonitor()
    t = T0
    for dt, is_tick, value in steps:
        t += dt
        events = monitor.tick(t) if is_tick else monitor.power(t, value)
        for event in events:
            assert event.run_s is None or event.run_s >= 0
        duty = monitor.duty_cycle_24h
        assert duty is None or 0.0 <= duty <= 1.0
    CompressorMonitor(state=json.loads(json.dumps(monitor.to_state())))
