"""Drift statistics: robust baselines (median and MAD), CUSUM, timers that skip data gaps.

Everything here is O(1) per update with bounded memory (a baseline keeps only its first
few learning values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .state import CareStateError, as_numbers, get_float, get_list, get_opt_float

# The MAD of a normal distribution times this is its standard deviation.
MAD_TO_SIGMA = 1.4826
# The mean absolute deviation of a normal distribution times this is its standard deviation.
MEAN_ABS_TO_SIGMA = 1.2533
# A baseline moves by at most this many spreads per update (one wild value cannot drag it).
ADAPT_CLIP_SPREADS = 2.0
# CUSUM sums stop growing at this multiple of the decision level, so that a long fault
# does not take ages to clear once it is fixed.
CUSUM_MAX_FACTOR = 2.0
# While a drift finding is raised its baseline adapts this much slower: a fault stays
# visible for weeks, yet a lasting change that is no fault becomes the new normal.
RAISED_ADAPT_SHARE = 0.1


def adapt_weight(weight: float, *, raised: bool) -> float:
    """Return the adaptation weight to use, slower while a finding is raised."""
    return weight * RAISED_ADAPT_SHARE if raised else weight


def median(values: Sequence[float]) -> float:
    """Return the median of a non-empty sequence."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2.0


class Baseline:
    """A robust baseline of one quantity: learned from its first values, then adapting slowly.

    Learning keeps the first `n` values; then the centre is their median and the spread
    1.4826 times their median absolute deviation (a standard deviation that one odd value
    does not inflate). Afterwards `adapt` moves both a little towards normal-looking values.
    """

    __slots__ = ("center", "learning", "spread")

    def __init__(self) -> None:
        """Start learning."""
        self.learning: list[float] = []
        self.center: float | None = None
        self.spread: float = 0.0

    @property
    def ready(self) -> bool:
        """Return whether the baseline is learned."""
        return self.center is not None

    def learn(self, value: float, n: int) -> bool:
        """Add a learning value; return True when this one completed the baseline."""
        if self.center is not None:
            return False
        self.learning.append(value)
        if len(self.learning) < max(1, n):
            return False
        center = median(self.learning)
        self.center = center
        self.spread = MAD_TO_SIGMA * median([abs(v - center) for v in self.learning])
        self.learning = []
        return True

    def scale(self, floor: float) -> float:
        """Return the spread, at least `floor` (which must be > 0)."""
        return max(self.spread, floor)

    def z(self, value: float, floor: float) -> float:
        """Return how many spreads `value` lies above the centre (negative below)."""
        center = self.center if self.center is not None else value
        return (value - center) / self.scale(floor)

    def adapt(self, value: float, weight: float, floor: float) -> None:
        """Move the centre and the spread towards a normal-looking value."""
        center = self.center
        if center is None:
            return
        limit = ADAPT_CLIP_SPREADS * self.scale(floor)
        deviation = max(-limit, min(limit, value - center))
        self.center = center + weight * deviation
        self.spread += weight * (MEAN_ABS_TO_SIGMA * abs(deviation) - self.spread)

    def to_state(self) -> dict[str, object]:
        """Return the baseline as JSON-compatible data."""
        return {"center": self.center, "spread": self.spread, "learning": list(self.learning)}

    @classmethod
    def from_state(cls, data: object) -> Baseline:
        """Return a baseline saved by to_state (CareStateError when unreadable)."""
        if not isinstance(data, Mapping):
            raise CareStateError("baseline is not a mapping")
        baseline = cls()
        baseline.center = get_opt_float(data, "center")
        baseline.spread = get_float(data, "spread", 0.0)
        baseline.learning = as_numbers(get_list(data, "learning"), "baseline learning")
        return baseline


class Cusum:
    """One-sided (upward) CUSUM of standardised values, with evidence for clearing.

    `total` grows by z - k per value (never below 0, capped); a drift is decided when it
    reaches h. While a finding is raised, `normal` grows by clear_k - z per value: only
    values well inside the baseline clear it, so a value hovering at the threshold never
    flaps.
    """

    __slots__ = ("normal", "total")

    def __init__(self, total: float = 0.0, normal: float = 0.0) -> None:
        """Start from saved sums (0 for a fresh detector)."""
        self.total = total
        self.normal = normal

    def update(
        self, z: float, *, k: float, h: float, cap: float, clear_k: float, raised: bool
    ) -> None:
        """Add one standardised value."""
        z = min(z, cap)
        self.total = min(max(0.0, self.total + z - k), CUSUM_MAX_FACTOR * h)
        self.normal = max(0.0, self.normal + clear_k - z) if raised else 0.0

    def doubt(self, h: float) -> float:
        """Return the share of normal adaptation while evidence of a drift builds up.

        1 with no evidence, falling to 0 at the decision level h: a baseline must not
        adapt to the very change its test is collecting evidence of (h <= 0: always 1).
        """
        if h <= 0.0:
            return 1.0
        return max(0.0, 1.0 - self.total / h)

    def reset(self) -> None:
        """Forget all evidence (after a fix or a clear)."""
        self.total = 0.0
        self.normal = 0.0

    def to_state(self) -> list[float]:
        """Return [total, normal]."""
        return [round(self.total, 4), round(self.normal, 4)]

    @classmethod
    def from_state(cls, data: object) -> Cusum:
        """Return a CUSUM saved by to_state."""
        numbers = as_numbers(data, "cusum")
        if len(numbers) != len(("total", "normal")):
            raise CareStateError("cusum needs two numbers")
        return cls(max(0.0, numbers[0]), max(0.0, numbers[1]))


class Stopwatch:
    """Time spent in a condition, counting only steps no longer than the data-gap limit.

    A step longer than the limit (Home Assistant stopped, the clock jumped forward) or
    backwards (the clock jumped back) is not counted: the watch resumes from there.
    """

    __slots__ = ("elapsed", "last")

    def __init__(self, elapsed: float = 0.0, last: float | None = None) -> None:
        """Start stopped at zero, or from saved values."""
        self.elapsed = elapsed
        self.last = last

    @property
    def running(self) -> bool:
        """Return whether the condition holds."""
        return self.last is not None

    def start(self, at: float) -> None:
        """Start counting from zero unless already running."""
        if self.last is None:
            self.elapsed = 0.0
            self.last = at

    def stop(self) -> None:
        """Stop and reset."""
        self.elapsed = 0.0
        self.last = None

    def advance(self, at: float, max_step_s: float) -> float:
        """Count the time up to `at` if the step is plausible; return the elapsed time."""
        last = self.last
        if last is None:
            return 0.0
        step = at - last
        if 0.0 < step <= max_step_s:
            self.elapsed += step
        self.last = at
        return self.elapsed

    def to_state(self) -> list[float | None]:
        """Return [elapsed, last]."""
        return [round(self.elapsed, 1), self.last]

    @classmethod
    def from_state(cls, data: object) -> Stopwatch:
        """Return a stopwatch saved by to_state."""
        if not isinstance(data, list) or len(data) != len(("elapsed", "last")):
            raise CareStateError("stopwatch needs two items")
        elapsed, last = data
        numbers = as_numbers([elapsed], "stopwatch")
        if last is not None:
            last = as_numbers([last], "stopwatch")[0]
        return cls(max(0.0, numbers[0]), last)


def linear_fit(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Return (slope, intercept) of the least-squares line through points, or None."""
    n = len(points)
    if n < len(("two", "points")):
        return None
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx <= 0.0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    return slope, mean_y - slope * mean_x
