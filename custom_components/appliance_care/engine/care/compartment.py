"""The compartment of a fridge or freezer: door left open, temperature out of range."""

from __future__ import annotations

from collections.abc import Mapping

from .book import FindingBook
from .settings import HOUR_S, MINUTE_S, CareSettings
from .state import get_mapping, get_opt_float
from .stats import Stopwatch
from .types import CareChange, Finding, FindingKind, Severity
from .wording import ADVICE, COLD_ADVICE, duration_text

# A temperature reading holds for this long when no new one comes.
TEMPERATURE_MAX_AGE_S = 3.0 * HOUR_S


class CompartmentWatch:
    """Door and temperature timers of one compartment, and their rules."""

    __slots__ = ("closed", "door_open", "high", "inside", "last_c", "last_c_at", "low")

    def __init__(self) -> None:
        """Start with nothing known."""
        self.door_open = Stopwatch()
        self.closed = Stopwatch()
        self.high = Stopwatch()
        """Time the temperature has been above the range without a break."""
        self.low = Stopwatch()
        self.inside = Stopwatch()
        """Time well inside the range (the clearing margin away from both limits)."""
        self.last_c: float | None = None
        self.last_c_at: float | None = None

    def door(
        self,
        at: float,
        is_open: bool | None,
        s: CareSettings,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        """Take a door state (None: unknown, the timers stop)."""
        self.tick(at, s, book, out)
        if is_open is None:
            self.door_open.stop()
            self.closed.stop()
        elif is_open:
            self.closed.stop()
            self.door_open.start(at)
        else:
            self.door_open.stop()
            self.closed.start(at)
        self._check_door(at, s, book, out)

    def _check_door(
        self, at: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        kind = FindingKind.DOOR_OPEN_TOO_LONG
        opened = self.door_open.elapsed
        if self.door_open.running and opened >= s.door_open_warning_s:
            book.raise_(
                Finding(
                    kind=kind,
                    severity=Severity.CRITICAL
                    if opened >= s.door_open_critical_s
                    else Severity.WARNING,
                    since=at,
                    values={
                        "minutes": round(opened / MINUTE_S, 1),
                        "limit_minutes": round(s.door_open_warning_s / MINUTE_S, 1),
                    },
                    evidence=f"The door has been open for {duration_text(opened)}.",
                    advice=ADVICE[kind],
                ),
                at,
                out,
            )
        elif self.closed.running and self.closed.elapsed >= s.door_closed_clear_s:
            book.clear(kind, at, 0.0, out)

    # ----------------------------------------------------------- temperature

    def temperature(
        self, at: float, celsius: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        """Take a valid compartment temperature."""
        self.tick(at, s, book, out)
        self.last_c, self.last_c_at = celsius, at
        margin = s.temperature_clear_margin_k
        # Raising needs the limit crossed without a break for the hold time (a defrost or
        # a door opening warms the air for minutes); clearing needs the temperature well
        # inside, by the margin, for as long.
        if celsius > s.temperature_high_c:
            self.high.start(at)
        else:
            self.high.stop()
        if celsius < s.temperature_low_c:
            self.low.start(at)
        else:
            self.low.stop()
        if s.temperature_low_c + margin <= celsius <= s.temperature_high_c - margin:
            self.inside.start(at)
        else:
            self.inside.stop()
        self._check_temperature(at, s, book, out)

    def _check_temperature(
        self, at: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        kind = FindingKind.TEMPERATURE_OUT_OF_RANGE
        warm = self.high.running and self.high.elapsed >= s.temperature_hold_s
        cold = self.low.running and self.low.elapsed >= s.temperature_hold_s
        if (warm or cold) and self.last_c is not None:
            watch = self.high if warm else self.low
            limit = s.temperature_high_c if warm else s.temperature_low_c
            word = "above" if warm else "below"
            book.raise_(
                Finding(
                    kind=kind,
                    severity=Severity.CRITICAL
                    if warm and watch.elapsed >= s.temperature_critical_s
                    else Severity.WARNING,
                    since=at,
                    values={
                        "celsius": round(self.last_c, 1),
                        "limit_c": limit,
                        "minutes": round(watch.elapsed / MINUTE_S),
                        "direction": "high" if warm else "low",
                    },
                    evidence=(
                        f"The compartment has been {word} {limit:g} degrees for "
                        f"{duration_text(watch.elapsed)} (now {self.last_c:.1f} degrees)."
                    ),
                    advice=ADVICE[kind] if warm else COLD_ADVICE,
                ),
                at,
                out,
            )
        elif self.inside.running and self.inside.elapsed >= s.temperature_hold_s:
            book.clear(kind, at, s.min_hold_s, out)

    def tick(self, at: float, s: CareSettings, book: FindingBook, out: list[CareChange]) -> None:
        """Let time pass for the door and temperature timers (the last values hold)."""
        for watch in (self.door_open, self.closed):
            watch.advance(at, s.max_step_s)
        self._check_door(at, s, book, out)
        fresh = self.last_c_at is not None and 0.0 <= at - self.last_c_at <= TEMPERATURE_MAX_AGE_S
        for watch in (self.high, self.low, self.inside):
            if fresh:
                watch.advance(at, s.max_step_s)
            elif watch.running:
                watch.last = at  # stale reading: the time does not count
        self._check_temperature(at, s, book, out)

    # ------------------------------------------------------------------ state

    _WATCHES = ("door_open", "closed", "high", "low", "inside")

    def to_state(self) -> dict[str, object]:
        """Return the timers as JSON-compatible data."""
        return {
            "watches": {name: getattr(self, name).to_state() for name in self._WATCHES},
            "last_c": self.last_c,
            "last_c_at": self.last_c_at,
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> CompartmentWatch:
        """Return timers saved by to_state."""
        watch = cls()
        watches = get_mapping(data, "watches") or {}
        for name in cls._WATCHES:
            if name in watches:
                setattr(watch, name, Stopwatch.from_state(watches[name]))
        watch.last_c = get_opt_float(data, "last_c")
        watch.last_c_at = get_opt_float(data, "last_c_at")
        return watch
