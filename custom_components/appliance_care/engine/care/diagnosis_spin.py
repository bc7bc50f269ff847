"""The drain and spin checks of the smart diagnosis: a washer's latest cycles against its own.

Each finished washer cycle keeps its final spin and the drain before it (engine/spin.py).
The latest three cycles are compared with the earlier ones of the same program, so a
washer is judged by its own habits, whatever its pump and motor draw:

- drain: a clogged pump filter makes the pump run two to four times longer. A warning
  needs the latest drains at least twice their programs' usual (median) and every one
  longer than any earlier drain of its program; a problem three times.
- spin: an unbalanced load or water left in the drum cuts the final spin short or skips
  it. A problem when none of the latest cycles spun at the end; a warning when they spun
  at most half as long as usual, every one shorter than any earlier spin of its program.

Measured by tests/engine/test_spin.py: on REFIT House 2's washer (one-minute means, March
to October 2014, judged after each of its cycles) neither check ever warns; on the
simulator's washer the clogged-drain fault makes every drain longer than any healthy one
(twice as long in the median), and the drain check names it after three cycles. The
levels (twice, three times, half) were chosen on those same months and on the simulator;
no months were held out for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import median
from typing import TypeAlias

from .diagnosis_types import DiagnosisFacts, Outcome, Result
from .types import CareSubject

LATEST = 3
MIN_BASELINE = 3
# Drains and spins are judged against at least this many seconds (a minute's resolution).
FLOOR_S = 60.0
DRAIN_WARN, DRAIN_PROBLEM = 2.0, 3.0
SPIN_WARN = 0.5
SPINNING = frozenset({CareSubject.WASHER, CareSubject.WASHER_DRYER})

SpinRow: TypeAlias = tuple[int | None, float | None, float | None]  # noqa: UP040 - 3.11
"""(program id, final spin s, drain s) of one cycle, as in CycleRecord."""


def _baselines(
    rows: Sequence[SpinRow], pick: Callable[[SpinRow], float | None]
) -> dict[int | None, list[float]]:
    base: dict[int | None, list[float]] = {}
    for row in rows:
        value = pick(row)
        if value is not None:
            base.setdefault(row[0], []).append(value)
    return base


def _compare(
    rows: Sequence[SpinRow], pick: Callable[[SpinRow], float | None]
) -> list[tuple[float, float, list[float]]] | None:
    """Return (latest, usual, baseline) of each judged latest cycle; None: too few."""
    base = _baselines(rows[:-LATEST], pick)
    judged = []
    for row in rows[-LATEST:]:
        value, earlier = pick(row), base.get(row[0], [])
        if value is not None and len(earlier) >= MIN_BASELINE:
            judged.append((value, max(median(earlier), FLOOR_S), earlier))
    return judged if len(judged) >= LATEST - 1 else None


def _applies(f: DiagnosisFacts) -> Outcome | None:
    if f.subject not in SPINNING or not f.cycles_engine or not f.metered:
        return Result.NOT_APPLICABLE, {}
    if len(f.spin_rows) < LATEST + MIN_BASELINE:
        return Result.NOT_ENOUGH_DATA, {"cycles": len(f.spin_rows)}
    return None


def drain_time(f: DiagnosisFacts) -> Outcome:
    """Check how long the washer pumps out before its final spin, against its usual."""
    if (early := _applies(f)) is not None:
        return early
    judged = _compare(f.spin_rows, lambda row: row[2])
    if judged is None:
        return Result.NOT_ENOUGH_DATA, {"cycles": len(f.spin_rows)}
    ratio = median(value / usual for value, usual, _ in judged)
    evidence = {
        "drain_s": round(median(value for value, _, _ in judged)),
        "usual_drain_s": round(median(usual for _, usual, _ in judged)),
    }
    longest = all(value > max(earlier) for value, _, earlier in judged)
    if longest and ratio >= DRAIN_PROBLEM:
        return Result.PROBLEM, evidence
    return (Result.WARNING if longest and ratio >= DRAIN_WARN else Result.OK), evidence


def spin_time(f: DiagnosisFacts) -> Outcome:
    """Check the washer's final spin, against its usual."""
    if (early := _applies(f)) is not None:
        return early
    judged = _compare(f.spin_rows, lambda row: row[1])
    if judged is None:
        return Result.NOT_ENOUGH_DATA, {"cycles": len(f.spin_rows)}
    evidence = {
        "spin_s": round(median(value for value, _, _ in judged)),
        "usual_spin_s": round(median(usual for _, usual, _ in judged)),
    }
    if all(value == 0.0 and median(earlier) > 0.0 for value, _, earlier in judged):
        # It used to spin at the end of these programs, and now does not.
        return Result.PROBLEM, evidence
    ratio = median(value / usual for value, usual, _ in judged)
    shortest = all(value < min(earlier) for value, _, earlier in judged)
    return (Result.WARNING if shortest and ratio <= SPIN_WARN else Result.OK), evidence
