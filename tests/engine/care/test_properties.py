"""Properties: garbage never raises anything, values hovering at a threshold never flap."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings, strategies as st

from custom_components.appliance_care.engine import (
    CompressorEvent,
    CompressorEventKind,
    CycleRecord,
)
from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSubject,
    FindingKind,
)

from .helpers import DAY, MIN, T0, Log, fridge_days, record, run_cycles

K = FindingKind

GARBAGE_NUMBERS: st.SearchStrategy[Any] = st.sampled_from(
    [None, float("nan"), float("inf"), -float("inf"), -1.0, -500.0, 1e9, "12", "", True, [], {}]
)
TIMES = st.one_of(
    st.floats(min_value=T0, max_value=T0 + 90 * DAY, allow_nan=False),
    st.sampled_from([None, float("nan"), float("inf"), "now", True]),
)


def _garbage_record(value: Any, t: float) -> Any:
    if not isinstance(value, float):
        return value
    return CycleRecord(
        number=1,
        start=t,
        end=t + value if value == value else t,  # noqa: PLR0124 - NaN check
        finished_at=t,
        energy_wh=value,
        peak_w=value,
    )


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "cycle_finished",
                "cycle_started",
                "unloaded",
                "compressor",
                "compressor_stats",
                "door",
                "temperature",
                "ambient",
                "outdoor",
                "vibration",
                "filter_usage",
                "tick",
            ]
        ),
        TIMES,
        GARBAGE_NUMBERS,
    ),
    max_size=60,
)


def _apply(monitor: CareMonitor, name: str, at: Any, value: Any) -> tuple[Any, ...]:
    if name == "cycle_finished":
        return monitor.cycle_finished(_garbage_record(value, T0), value)
    if name in ("cycle_started", "unloaded", "tick"):
        return getattr(monitor, name)(at)  # type: ignore[no-any-return]
    if name == "compressor":
        event = CompressorEvent(kind=CompressorEventKind.DEFROST, at=at, run_s=value)
        return monitor.compressor(event)
    if name == "compressor_stats":
        return monitor.compressor_stats(at, running=value, duty_cycle_24h=value, power_w=value)
    if name == "outdoor":
        return monitor.outdoor(at, value, value)
    return getattr(monitor, name)(at, value)  # type: ignore[no-any-return]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(list(CareSubject)), st.booleans(), OPERATIONS)
def test_garbage_never_raises_and_never_raises_a_finding(
    subject: CareSubject, unheated: bool, operations: list[tuple[str, Any, Any]]
) -> None:
    monitor = CareMonitor(subject, unheated_place=unheated)
    for name, at, value in operations:
        assert _apply(monitor, name, at, value) == ()
    assert monitor.findings == ()
    CareMonitor(subject, state=monitor.to_state())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=7.2, max_value=8.8), min_size=60, max_size=400))
def test_temperature_hovering_at_the_limit_never_flaps(values: list[float]) -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    for k, celsius in enumerate(values):
        log(monitor.temperature(T0 + k * MIN, celsius))
    assert log.cleared(K.TEMPERATURE_OUT_OF_RANGE) == []
    assert len(log.raised(K.TEMPERATURE_OUT_OF_RANGE)) <= len(("warning", "critical"))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=-6.0, max_value=-2.5), st.floats(min_value=-6.0, max_value=-2.5)
        ),
        min_size=1,
        max_size=100,
    )
)
def test_freeze_risk_hovering_at_the_threshold_never_flaps(
    values: list[tuple[float, float]],
) -> None:
    monitor = CareMonitor(CareSubject.WASHER, unheated_place=True)
    log = Log()
    for k, (outdoor, forecast) in enumerate(values):
        log(monitor.outdoor(T0 + k * 600, outdoor, forecast))
    assert log.cleared(K.FREEZE_RISK) == []
    assert len(log.raised(K.FREEZE_RISK)) <= len(("warning", "critical"))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=86.0, max_value=94.0), min_size=1, max_size=200))
def test_filter_usage_hovering_at_the_notice_level_never_flaps(values: list[float]) -> None:
    monitor = CareMonitor(CareSubject.AIR_PURIFIER)
    log = Log()
    for k, used in enumerate(values):
        log(monitor.filter_usage(T0 + k * 3600, used))
        log(monitor.tick(T0 + k * 3600 + 1800))
    assert log.cleared(K.FILTER_REPLACE_SOON) == []
    assert len(log.raised(K.FILTER_REPLACE_SOON)) <= 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=1.0, max_value=29.0), min_size=2, max_size=40))
def test_door_closed_briefly_between_openings_never_flaps(closed_s: list[float]) -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    t = T0
    for gap in closed_s:
        log(monitor.door(t, True))
        t += 200.0
        log(monitor.tick(t))
        log(monitor.door(t, False))
        t += gap
    assert len(log.raised(K.DOOR_OPEN_TOO_LONG)) <= len(("warning", "critical"))
    assert log.cleared(K.DOOR_OPEN_TOO_LONG) == []


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(min_value=-0.3, max_value=0.3), min_size=20, max_size=60))
def test_program_duration_hovering_at_the_cusum_reference_never_flaps(
    wobble: list[float],
) -> None:
    monitor = CareMonitor(CareSubject.DISHWASHER)
    log = Log()
    end = run_cycles(
        monitor, log, 6, start=T0, make=lambda t, i: record(t, minutes=(120, 121, 119)[i % 3])
    )
    # One spread is 3 % of 120 minutes; hover at the CUSUM reference, z = 1 +- 0.3.
    spread = 0.03 * 120.0
    run_cycles(
        monitor,
        log,
        len(wobble),
        start=end,
        make=lambda t, i: record(t, minutes=120.0 + spread * (1.0 + wobble[i])),
    )
    drift = [c for c in log.changes if c.finding.kind is K.PROGRAM_DRIFT]
    assert len(drift) <= 1
    assert all(c.raised for c in drift)


def _constant(value: float):  # type: ignore[no-untyped-def]
    return lambda _t: value


@settings(max_examples=10, deadline=None)
@given(st.lists(st.floats(min_value=-0.25, max_value=0.25), min_size=30, max_size=30))
def test_duty_hovering_at_the_cusum_reference_never_flaps(wobble: list[float]) -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    t = fridge_days(monitor, log, 8, start=T0, duty=lambda _t: 0.3)
    # One spread is 5 % of the duty; hover at z = 1 +- 0.25.
    for w in wobble:
        duty = 0.3 * (1.0 + 0.05 * (1.0 + w))
        t = fridge_days(monitor, log, 1, start=t, duty=_constant(duty))
    drift = [c for c in log.changes if c.finding.kind is K.DUTY_CYCLE_DRIFT]
    assert len(drift) <= 1
    assert all(c.raised for c in drift)
