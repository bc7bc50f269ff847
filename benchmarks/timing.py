"""Timing engine calls the way the speed benchmarks do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
import gc
import time

import cycles as cyc

REPEATS = 3

Call = tuple[float, float | None, bool]
"""(time, watts, is_report): a report, or a tick when is_report is False."""


def with_ticks(trace: Sequence[tuple[float, float | None]]) -> list[Call]:
    """Interleave ticks every 30 s between reports, as Home Assistant's timer would."""
    calls: list[Call] = []
    last: float | None = None
    for t, w in trace:
        if last is not None:
            tick = last + cyc.TICK_S
            while tick < t:
                calls.append((tick, None, False))
                tick += cyc.TICK_S
        calls.append((t, w, True))
        last = t
    return calls


def time_calls(make: Callable[[], object], calls: Sequence[Call]) -> float:
    """Return the best time of REPEATS runs of all calls through a fresh engine object."""
    best = float("inf")
    for _ in range(REPEATS):
        target = make()
        power = target.power  # type: ignore[attr-defined]
        tick = target.tick  # type: ignore[attr-defined]
        gc.collect()
        gc.disable()
        began = time.perf_counter()
        for t, w, is_report in calls:
            if is_report:
                power(t, w)
            else:
                tick(t)
        best = min(best, time.perf_counter() - began)
        gc.enable()
    return best
