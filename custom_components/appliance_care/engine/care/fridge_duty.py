"""Duty-cycle drift of a fridge or freezer compressor against its learned baseline.

The share of each UTC day the compressor ran (defrost heater time taken out) is one value
a day; days with too little data are skipped. The first days give the baseline (median and
MAD), with the room temperature taken into account when an ambient sensor reports: fitted
when the learning days saw enough spread of room temperature, else from physics (the heat
leaking in is proportional to the difference between room and compartment). Each later day
is a z value against the expected duty; a CUSUM decides, and only days well inside the
baseline clear the finding.
"""

from __future__ import annotations

from collections.abc import Mapping
import math

from .book import FindingBook
from .settings import DAY_S, HOUR_S, CareSettings
from .state import CareStateError, get_int, get_list, get_opt_float, opt_numbers
from .stats import MAD_TO_SIGMA, Cusum, adapt_weight, linear_fit, median
from .types import CareChange, Finding, FindingKind, Severity
from .wording import ADVICE, FIX, PERCENT, signed_pct

# An ambient reading older than this no longer describes the room.
AMBIENT_MAX_AGE_S = 6.0 * HOUR_S
# A day's mean room temperature needs readings over at least this share of its data.
AMBIENT_MIN_SHARE = 0.5
# The physics correction needs the room at least this much warmer than the compartment.
MIN_TEMPERATURE_DIFFERENCE_K = 2.0
# A fitted slope may be at most this multiple of the physics one (few days, noisy fit).
MAX_SLOPE_FACTOR = 3.0
# The expected duty never goes below this (a fridge in a cold room still runs a little).
MIN_EXPECTED_DUTY = 0.01
# Baseline moves are clipped to this many spreads.
ADAPT_CLIP_SPREADS = 2.0
# Days further below the baseline than the CUSUM's allowance (k spreads) move it at this
# share of the rate: a holiday (nobody opens the door) or a cold spell lowers the duty for
# a while, and the usual duty coming back after it is no drift. Day-to-day noise within
# the allowance moves it both ways alike, so the baseline stays centred.
FALL_ADAPT_SHARE = 0.25


class DutyDrift:
    """Daily duty cycle, its baseline and the drift test."""

    __slots__ = (
        "advice",
        "ambient_at",
        "ambient_c",
        "ambient_s",
        "ambient_sum",
        "center",
        "cusum",
        "day",
        "days_above",
        "last_at",
        "last_running",
        "learning",
        "observed_s",
        "on_s",
        "ref_ambient",
        "slope",
        "spread",
    )

    def __init__(self) -> None:
        """Start learning."""
        self.advice = ADVICE[FindingKind.DUTY_CYCLE_DRIFT]
        """What the finding advises (an air conditioner's differs from a fridge's)."""
        self.day: int | None = None
        self.on_s = 0.0
        self.observed_s = 0.0
        self.ambient_sum = 0.0
        self.ambient_s = 0.0
        self.last_at: float | None = None
        self.last_running: bool | None = None
        self.ambient_c: float | None = None
        self.ambient_at: float | None = None
        self.learning: list[tuple[float, float | None]] = []
        self.center: float | None = None
        self.spread = 0.0
        self.ref_ambient: float | None = None
        self.slope: float | None = None
        self.cusum = Cusum()
        self.days_above = 0

    @property
    def ready(self) -> bool:
        """Return whether the baseline is learned."""
        return self.center is not None

    def ambient(self, at: float, celsius: float | None) -> None:
        """Take a room temperature (None: unknown)."""
        self.ambient_c = celsius
        self.ambient_at = at if celsius is not None else None

    def defrost(self, heater_s: float) -> None:
        """Take a defrost's heater time out of the day's compressor time."""
        self.on_s = max(0.0, self.on_s - heater_s)

    def stats(
        self,
        at: float,
        running: bool | None,
        s: CareSettings,
        *,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        """Account the time since the last call; judge a day when it is over."""
        last = self.last_at
        if last is not None and self.last_running is not None and 0.0 < at - last <= s.max_step_s:
            step = at - last
            self.observed_s += step
            if self.last_running:
                self.on_s += step
            if (
                self.ambient_c is not None
                and self.ambient_at is not None
                and at - self.ambient_at <= AMBIENT_MAX_AGE_S
            ):
                self.ambient_sum += self.ambient_c * step
                self.ambient_s += step
        self.last_at = at
        self.last_running = running
        day = math.floor(at / DAY_S)
        if self.day is None:
            self.day = day
        elif day > self.day:
            self._close_day(at, s, book, out)
            self.day = day
        elif day < self.day:
            self.day = day  # the clock went back: start the day afresh
            self._new_day()

    def _new_day(self) -> None:
        self.on_s = self.observed_s = self.ambient_sum = self.ambient_s = 0.0

    def _close_day(
        self, at: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        observed = self.observed_s
        duty = self.on_s / observed if observed > 0 else 0.0
        ambient = (
            self.ambient_sum / self.ambient_s
            if self.ambient_s >= AMBIENT_MIN_SHARE * observed and self.ambient_s > 0
            else None
        )
        self._new_day()
        if observed < s.duty_min_observed_s:
            return
        if self.center is None:
            self.learning.append((duty, ambient))
            if len(self.learning) >= max(1, s.duty_learn_days):
                self._learn(s, s.inside_temperature_c)
            return
        self._judge(at, duty, ambient, s, book=book, out=out)

    def _learn(self, s: CareSettings, inside_c: float) -> None:
        duties = [d for d, _ in self.learning]
        center = median(duties)
        self.spread = MAD_TO_SIGMA * median([abs(d - center) for d in duties])
        ambients = [a for _, a in self.learning if a is not None]
        self.slope = None
        self.ref_ambient = None
        if len(ambients) == len(duties):
            ref = median(ambients)
            physics = (
                center / (ref - inside_c)
                if ref - inside_c >= MIN_TEMPERATURE_DIFFERENCE_K
                else None
            )
            slope = physics
            if max(ambients) - min(ambients) >= s.ambient_fit_min_spread_k:
                fit = linear_fit([(a, d) for d, a in self.learning if a is not None])
                if fit is not None:
                    limit = MAX_SLOPE_FACTOR * physics if physics is not None else fit[0]
                    slope = min(max(fit[0], 0.0), max(limit, 0.0))
                    center = fit[1] + slope * ref
            if slope is not None:
                self.slope = slope
                self.ref_ambient = ref
        self.center = center
        self.learning = []

    def expected(self, ambient: float | None) -> float:
        """Return the duty the baseline expects at a room temperature (None: unknown)."""
        center = self.center if self.center is not None else 0.0
        if ambient is not None and self.slope is not None and self.ref_ambient is not None:
            center += self.slope * (ambient - self.ref_ambient)
        return max(center, MIN_EXPECTED_DUTY)

    def _judge(
        self,
        at: float,
        duty: float,
        ambient: float | None,
        s: CareSettings,
        *,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        kind = FindingKind.DUTY_CYCLE_DRIFT
        raised = book.get(kind) is not None
        expected = self.expected(ambient)
        scale = max(self.spread, s.duty_floor_ratio * expected)
        z = (duty - expected) / scale
        self.days_above = self.days_above + 1 if z > s.duty_cusum_k else 0
        self.cusum.update(
            z,
            k=s.duty_cusum_k,
            h=s.duty_cusum_h,
            cap=s.duty_z_cap,
            clear_k=s.duty_clear_k,
            raised=raised,
        )
        if self.center is not None:
            limit = ADAPT_CLIP_SPREADS * scale
            weight = adapt_weight(s.duty_adapt_weight, raised=raised)
            if z < -s.duty_cusum_k:
                weight *= FALL_ADAPT_SHARE
            self.center += weight * max(-limit, min(limit, duty - expected))
        if self.cusum.total >= s.duty_cusum_h:
            ratio = duty / expected
            book.raise_(
                Finding(
                    kind=kind,
                    severity=Severity.CRITICAL
                    if ratio >= s.duty_critical_ratio
                    else Severity.WARNING,
                    since=at,
                    values={
                        "duty_pct": round(duty * PERCENT, 1),
                        "expected_pct": round(expected * PERCENT, 1),
                        "change_pct": signed_pct(ratio),
                        "days": self.days_above,
                        "ambient_c": round(ambient, 1) if ambient is not None else "unknown",
                    },
                    evidence=(
                        f"The compressor ran {duty * PERCENT:.0f} % of the time the last day "
                        f"against {expected * PERCENT:.0f} % usual for this appliance"
                        + (f" at {ambient:.0f} degrees around it" if ambient is not None else "")
                        + f" ({signed_pct(ratio):+d} %, {self.days_above} days in a row above)."
                    ),
                    advice=self.advice,
                    fix=FIX[kind],
                ),
                at,
                out,
            )
        elif raised and self.cusum.normal >= s.duty_clear_h:
            book.clear(kind, at, s.min_hold_s, out)
            self.cusum.reset()

    # ------------------------------------------------------------------ state

    def to_state(self) -> dict[str, object]:
        """Return the detector's state as JSON-compatible data."""
        return {
            "day": self.day,
            "day_sums": [
                round(self.on_s, 1),
                round(self.observed_s, 1),
                round(self.ambient_sum, 1),
                round(self.ambient_s, 1),
            ],
            "last_at": self.last_at,
            "last_running": self.last_running,
            "ambient": [self.ambient_c, self.ambient_at],
            "learning": [[d, a] for d, a in self.learning],
            "model": [self.center, self.spread, self.ref_ambient, self.slope],
            "cusum": self.cusum.to_state(),
            "days_above": self.days_above,
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> DutyDrift:
        """Return a detector saved by to_state."""
        drift = cls()
        day = data.get("day")
        if day is not None:
            drift.day = get_int(data, "day")
        sums = opt_numbers(data.get("day_sums", [0, 0, 0, 0]), "day sums")
        if len(sums) != len(("on", "observed", "ambient", "ambient_s")) or None in sums:
            raise CareStateError("day sums need four numbers")
        drift.on_s, drift.observed_s, drift.ambient_sum, drift.ambient_s = (
            max(0.0, v or 0.0) for v in sums
        )
        drift.last_at = get_opt_float(data, "last_at")
        running = data.get("last_running")
        if running is not None and not isinstance(running, bool):
            raise CareStateError("last_running is not a boolean")
        drift.last_running = running
        ambient = opt_numbers(data.get("ambient", [None, None]), "ambient")
        if len(ambient) != len(("celsius", "at")):
            raise CareStateError("ambient needs two items")
        drift.ambient_c, drift.ambient_at = ambient
        for item in get_list(data, "learning"):
            pair = opt_numbers(item, "learning day")
            if len(pair) != len(("duty", "ambient")) or pair[0] is None:
                raise CareStateError("learning day needs a duty and an ambient")
            drift.learning.append((pair[0], pair[1]))
        model = opt_numbers(data.get("model", [None, 0.0, None, None]), "model")
        if len(model) != len(("center", "spread", "ref", "slope")):
            raise CareStateError("model needs four items")
        drift.center, spread, drift.ref_ambient, drift.slope = model
        drift.spread = max(0.0, spread or 0.0)
        drift.cusum = Cusum.from_state(data.get("cusum", [0.0, 0.0]))
        drift.days_above = max(0, get_int(data, "days_above"))
        return drift
