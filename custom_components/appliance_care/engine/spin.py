"""A washer's final drain and spin, timed from its power reports.

A washer ends its program by pumping the water out and spinning the drum. A clogged drain
pump filter makes the pump run longer before the spin can begin; an unbalanced load or
water left in the drum cuts the spin short. Both show in the power a plug measures:

- heating elements draw 1 kW and more, spinning drums 150 to 800 W, drums tumbling the wash
  50 to 250 W, drain pumps 20 to 60 W (appliance knowledge; REFIT House 2's washer spins at
  150 to 270 W, tumbles at 60 to 140 W and pumps at 20 to 60 W in one-minute means);
- a spin is a run of at least a minute at spin power, holding through short dips to
  tumbling power (a motor ramping up in steps), broken by a pause or a pump;
- its drain is the run at pump power that ended just before the spin began.

The meter looks at each new power value once and keeps only the latest spin, so its work
per report is a few comparisons. The figures compare an appliance with itself (the
diagnosis judges the latest cycles against the earlier ones of the same program), so
the fixed levels need not fit every washer exactly.
"""

from __future__ import annotations

from ._state import StateError, get_opt_float
from .types import ApplianceType

PUMP_MAX_W = 100.0
SPIN_MIN_W = 140.0
HEAT_MIN_W = 1000.0
MIN_SPIN_S = 60.0
# A spin holds through dips to tumbling power this short (the motor ramping in steps).
SPIN_DIP_S = 20.0
# Tumbling this long right after a spin is a wash going on, not the drum coasting down.
TUMBLE_WASH_S = 120.0
# A drain feeds the spin that begins at most this long after it (a ramp at tumbling power).
DRAIN_TO_SPIN_S = 90.0
# The final spin ends at most this long before the cycle's end (the laundry is loosened
# with a few tumbles after it).
FINAL_SPIN_WITHIN_S = 360.0

# The appliances whose final spin and drain are timed.
SPINNING = frozenset({ApplianceType.WASHER, ApplianceType.WASHER_DRYER})

_QUIET, _PUMP, _TUMBLE, _SPIN, _HEAT = range(5)


def _level(watts: float, active_w: float) -> int:
    if watts < active_w:
        return _QUIET
    if watts < PUMP_MAX_W:
        return _PUMP
    if watts < SPIN_MIN_W:
        return _TUMBLE
    return _SPIN if watts < HEAT_MIN_W else _HEAT


class SpinMeter:
    """The latest spin of a cycle and the drain before it."""

    __slots__ = (
        "_level",
        "_since",
        "after_spin",
        "drain_end",
        "drain_s",
        "last_drain_s",
        "last_spin_end",
        "last_spin_s",
        "spin_end",
        "spin_start",
    )

    def __init__(self) -> None:
        """Start with nothing seen."""
        self._level = _QUIET
        self._since = 0.0
        self.drain_end: float | None = None
        """End of the latest run at pump power."""
        self.drain_s = 0.0
        """Its length."""
        self.spin_start: float | None = None
        """Start of the spin under way (or of the last run at spin power)."""
        self.spin_end = 0.0
        """When power last left spin power."""
        self.last_spin_s: float | None = None
        self.last_drain_s: float | None = None
        self.last_spin_end: float | None = None
        self.after_spin = _QUIET
        """The highest power level since the latest spin (pump level or lower: only the
        loosening tumbles and the pump that end a washer's cycle)."""

    @property
    def calm_since_spin(self) -> bool:
        """Whether nothing above pump power ran since the latest spin."""
        return self.after_spin <= _PUMP

    def take(self, at: float, watts: float, active_w: float) -> None:
        """Take the power held from `at` on (None-free: unknown power counts as quiet)."""
        level = _level(watts, active_w)
        previous = self._level
        if level == previous:
            return
        since = self._since
        self._level = level
        self._since = at
        if previous == _PUMP:
            self.drain_end = at
            self.drain_s = at - since
        elif previous == _SPIN:
            self.spin_end = at
        if level == _SPIN:
            start = self.spin_start
            if start is None or previous != _TUMBLE or at - self.spin_end > SPIN_DIP_S:
                self._close_spin()
                self.spin_start = at
        elif level != _TUMBLE:
            # Two minutes and more of tumbling after the spin: the wash went on (a minute
            # is the drum coasting down, in one-minute means).
            tumbled = (
                previous == _TUMBLE
                and self.spin_start is not None
                and at - self.spin_end >= TUMBLE_WASH_S
            )
            self._close_spin()
            if tumbled:
                self.after_spin = _TUMBLE
        self.after_spin = max(self.after_spin, level)

    def _close_spin(self) -> None:
        start = self.spin_start
        if start is None:
            return
        self.spin_start = None
        if self.spin_end - start < MIN_SPIN_S:
            return
        self.last_spin_s = self.spin_end - start
        self.last_spin_end = self.spin_end
        self.after_spin = _QUIET
        drain_end = self.drain_end
        fed = drain_end is not None and 0.0 <= start - drain_end <= DRAIN_TO_SPIN_S
        self.last_drain_s = self.drain_s if fed else 0.0

    def final(self, end: float, *, timed: bool = True) -> tuple[float | None, float | None]:
        """Return (spin_s, drain_s) of the cycle that ended at `end` (its last activity).

        A spin still under way counts up to `end`. (0.0, None) when no spin ended shortly
        before the end: the cycle had no final spin; (None, None) when not `timed`.
        """
        if not timed:
            return None, None
        if self.spin_start is not None:
            if self._level == _SPIN:
                self.spin_end = end
            self._close_spin()
        last_end = self.last_spin_end
        if last_end is None or not 0.0 <= end - last_end <= FINAL_SPIN_WITHIN_S:
            return 0.0, None
        return self.last_spin_s, self.last_drain_s

    def shift(self, delta_s: float) -> None:
        """Move all times by `delta_s` (the clock jumped)."""
        self._since += delta_s
        self.spin_end += delta_s
        if self.drain_end is not None:
            self.drain_end += delta_s
        if self.spin_start is not None:
            self.spin_start += delta_s
        if self.last_spin_end is not None:
            self.last_spin_end += delta_s

    def to_state(self) -> list[float | None]:
        """Return the meter as JSON-compatible data."""
        return [
            float(self._level),
            self._since,
            self.drain_end,
            self.drain_s,
            self.spin_start,
            self.spin_end,
            self.last_spin_s,
            self.last_drain_s,
            self.last_spin_end,
            float(self.after_spin),
        ]

    @classmethod
    def from_state(cls, data: object) -> SpinMeter:
        """Rebuild a meter from to_state output; anything unreadable starts it afresh."""
        meter = cls()
        if not isinstance(data, list) or len(data) != len(_FIELDS):
            return meter
        values = dict(zip(_FIELDS, data, strict=True))
        try:
            level = get_opt_float(values, "level")
            if level is None or int(level) not in range(5):
                return meter
            meter._since = get_opt_float(values, "since") or 0.0
            meter.drain_end = get_opt_float(values, "drain_end")
            meter.drain_s = max(0.0, get_opt_float(values, "drain_s") or 0.0)
            meter.spin_start = get_opt_float(values, "spin_start")
            meter.spin_end = get_opt_float(values, "spin_end") or 0.0
            meter.last_spin_s = get_opt_float(values, "last_spin_s")
            meter.last_drain_s = get_opt_float(values, "last_drain_s")
            meter.last_spin_end = get_opt_float(values, "last_spin_end")
            after = get_opt_float(values, "after_spin")
            meter.after_spin = int(after) if after is not None and 0 <= after < 5 else _HEAT  # noqa: PLR2004
        except StateError:
            return cls()
        meter._level = int(level)
        return meter


_FIELDS = (
    "level",
    "since",
    "drain_end",
    "drain_s",
    "spin_start",
    "spin_end",
    "last_spin_s",
    "last_drain_s",
    "last_spin_end",
    "after_spin",
)
