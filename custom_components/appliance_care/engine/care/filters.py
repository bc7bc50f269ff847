"""Filter life: a forecast of the date a filter reaches its end, from the usage trend.

Usage readings (percent of the filter's rated life used, as air conditioners, purifiers
and water purifiers report it) are sampled a few times a day; a least-squares line through
the samples of the last weeks gives the rate of use, and the date the filter reaches its end
follows. Seasonal use (an air conditioner in summer) moves the forecast as the trend moves.
A reading that falls by many points is a new filter: it is recorded as maintenance.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from .book import FindingBook
from .settings import DAY_S, HOUR_S, CareSettings
from .state import CareStateError, get_opt_float, opt_numbers
from .stats import linear_fit
from .types import CareChange, Finding, FindingKind, Severity
from .wording import ADVICE, FIX, date_text

# One trend sample per this interval (the last reading of each).
SAMPLE_EVERY_S = 6.0 * HOUR_S
# Samples kept: enough for the longest trend window a user would set (120 days).
MAX_SAMPLES = 480
# Usage readings above this are garbage (a filter used ten times over its life).
MAX_USED_PCT = 1_000.0
# The rate must be at least this (percentage points a day) to forecast (below: unused).
MIN_RATE_PCT_PER_DAY = 0.01
# The reminder raised at the notice level clears only this far below it (usage readings
# can wobble; only a replacement brings usage down that far).
CLEAR_MARGIN_PCT = 10.0


class FilterLife:
    """Filter usage, its trend and the replace-soon rule."""

    __slots__ = ("awaiting_reset", "last_pct", "samples", "seen")

    def __init__(self) -> None:
        """Start with no readings."""
        self.last_pct: float | None = None
        self.samples: deque[tuple[float, float]] = deque(maxlen=MAX_SAMPLES)
        self.seen = False
        self.awaiting_reset = False
        """A replacement was recorded by hand while the appliance still counts the old
        filter: no reminder until its counter is reset."""

    def remaining_pct(self, s: CareSettings) -> float | None:
        """Return the filter life left (percentage points of its rated life), if known."""
        if self.last_pct is None:
            return None
        return max(0.0, s.filter_end_pct - self.last_pct)

    def rate_per_s(self, now: float, s: CareSettings) -> float | None:
        """Return the usage trend (points per second) over the trend window, if known."""
        window = [(t, p) for t, p in self.samples if now - t <= s.filter_trend_days * DAY_S]
        if len(window) < len(("two", "samples")):
            return None
        if window[-1][0] - window[0][0] < s.filter_trend_min_days * DAY_S:
            return None
        fit = linear_fit([(t - window[0][0], p) for t, p in window])
        if fit is None or fit[0] * DAY_S < MIN_RATE_PCT_PER_DAY:
            return None
        return fit[0]

    def replace_by(self, now: float, s: CareSettings) -> float | None:
        """Return when the filter is forecast to reach its end (Unix s), if known."""
        remaining = self.remaining_pct(s)
        if remaining is None:
            return None
        if remaining <= 0:
            return now
        rate = self.rate_per_s(now, s)
        return None if rate is None else now + remaining / rate

    def usage(
        self,
        at: float,
        used_pct: float,
        s: CareSettings,
        book: FindingBook,
        out: list[CareChange],
    ) -> float:
        """Take a valid usage reading; return the points used since the last one.

        Returns a negative number when the filter was replaced (the caller records it).
        """
        self.seen = True
        last = self.last_pct
        self.last_pct = used_pct
        if last is not None and used_pct <= last - s.filter_reset_drop_pct:
            self.samples.clear()
            self.samples.append((at, used_pct))
            if self.awaiting_reset:
                self.awaiting_reset = False
                return 0.0  # the replacement recorded by hand
            return -1.0
        samples = self.samples
        if not samples or at - samples[-1][0] >= SAMPLE_EVERY_S:
            samples.append((at, used_pct))
        elif at < samples[-1][0]:
            samples.clear()  # the clock went back: the trend starts over
            samples.append((at, used_pct))
        self.evaluate(at, s, book, out)
        return max(0.0, used_pct - last) if last is not None else 0.0

    def evaluate(
        self, now: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        """Raise or clear filter_replace_soon."""
        kind = FindingKind.FILTER_REPLACE_SOON
        used = self.last_pct
        if used is None:
            return
        if self.awaiting_reset:
            if used >= s.filter_notice_pct:
                return
            self.awaiting_reset = False
        end = self.replace_by(now, s)
        days_left = (end - now) / DAY_S if end is not None else None
        soon = days_left is not None and days_left <= s.filter_notice_days
        if used >= s.filter_notice_pct or soon:
            rate = self.rate_per_s(now, s)
            when = f" around {date_text(end)}" if end is not None else ""
            book.raise_(
                Finding(
                    kind=kind,
                    severity=Severity.WARNING if used >= s.filter_end_pct else Severity.INFO,
                    since=now,
                    values={
                        "used_pct": round(used, 1),
                        "days_left": round(days_left) if days_left is not None else "unknown",
                        "replace_by": date_text(end) if end is not None else "unknown",
                        "pct_per_day": round(rate * DAY_S, 2) if rate is not None else "unknown",
                    },
                    evidence=(
                        f"The filter has used {used:.0f} % of its life"
                        + (
                            f" at {rate * DAY_S:.1f} points a day; it reaches its end{when}."
                            if rate is not None
                            else "."
                        )
                    ),
                    advice=ADVICE[kind],
                    fix=FIX[kind],
                ),
                now,
                out,
            )
        elif used < s.filter_notice_pct - CLEAR_MARGIN_PCT and (
            days_left is None or days_left >= s.filter_notice_clear_days
        ):
            book.clear(kind, now, s.min_hold_s, out)

    def replaced(self) -> None:
        """Start a fresh trend: a filter replacement was recorded by hand."""
        self.samples.clear()
        self.awaiting_reset = self.last_pct is not None

    def to_state(self) -> dict[str, object]:
        """Return the readings as JSON-compatible data."""
        return {
            "last_pct": self.last_pct,
            "seen": self.seen,
            "awaiting_reset": self.awaiting_reset,
            "samples": [[t, round(p, 2)] for t, p in self.samples],
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> FilterLife:
        """Return the readings saved by to_state."""
        life = cls()
        life.last_pct = get_opt_float(data, "last_pct")
        seen = data.get("seen", False)
        if not isinstance(seen, bool):
            raise CareStateError("seen is not a boolean")
        life.seen = seen
        awaiting = data.get("awaiting_reset", False)
        if not isinstance(awaiting, bool):
            raise CareStateError("awaiting_reset is not a boolean")
        life.awaiting_reset = awaiting
        raw = data.get("samples") or []
        if not isinstance(raw, list):
            raise CareStateError("samples is not a list")
        for item in raw[-MAX_SAMPLES:]:
            pair = opt_numbers(item, "filter sample")
            if len(pair) != len(("at", "pct")) or pair[0] is None or pair[1] is None:
                raise CareStateError("filter sample needs two numbers")
            life.samples.append((pair[0], pair[1]))
        return life


def valid_used_pct(value: object) -> float | None:
    """Return a plausible usage reading, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not 0.0 <= number <= MAX_USED_PCT:  # also False for NaN
        return None
    return number
