"""Fridge and freezer rules: compressor never stopping or starting, door, temperature, defrost.

The duty-cycle drift lives in fridge_duty; this module owns it and feeds it.
"""

from __future__ import annotations

from collections.abc import Mapping
import math

from .book import FindingBook
from .compartment import CompartmentWatch
from .engine_types import CompressorEvent, CompressorEventKind
from .fridge_duty import DutyDrift
from .plausible import finite
from .settings import DAY_S, HOUR_S, MINUTE_S, CareSettings
from .state import CareStateError, as_numbers, get_int, get_list, get_mapping
from .stats import Stopwatch, median
from .types import CareChange, Finding, FindingKind, Severity
from .wording import ADVICE, FIX, duration_text

# A run (or pause) must have ended this long ago to clear never-stops (never-starts).
RUN_CLEAR_S = 5.0 * MINUTE_S
# Run-length limits are judged once this many days of normal runs were seen.
RUN_LEARN_DAYS = 2
# The longest run and pause of a day are followed with this weight per day.
RUN_DAY_WEIGHT = 0.2
# Never-stops and never-starts become critical at this multiple of their limit.
CRITICAL_FACTOR = 2.0
# Power unknown (the plug lost power with the fridge) or updates stopped this long is a
# cut; the cabinet warmed meanwhile and the compressor pulls it down again, for up to this
# many times the cut (a five-hour run after a 50-minute cut has been seen) and at most
# half a day, until its first pause. That run is allowed beyond the never-stops limit,
# and it is left out of the duty cycle; a sensor that was only silent costs nothing, as
# its compressor pauses as usual.
OUTAGE_MIN_S = 10.0 * MINUTE_S
PULL_DOWN_FACTOR = 6.0
MAX_PULL_DOWN_S = 12.0 * HOUR_S


class FridgeCare:
    """Rules of one refrigerator or freezer."""

    __slots__ = (
        "abnormal",
        "allowance",
        "compartment",
        "defrost_heaters",
        "defrost_intervals",
        "duty",
        "idle",
        "last_at",
        "pull_down_until",
        "run",
        "run_day",
        "run_days",
        "since_defrost",
        "today_max_idle",
        "today_max_run",
        "typical_idle",
        "typical_run",
        "unknown_since",
    )

    def __init__(self) -> None:
        """Start with nothing learned."""
        self.duty = DutyDrift()
        self.run = Stopwatch()
        self.idle = Stopwatch()
        self.run_day: int | None = None
        self.run_days = 0
        self.today_max_run = 0.0
        self.today_max_idle = 0.0
        self.typical_run = 0.0
        self.typical_idle = 0.0
        self.compartment = CompartmentWatch()
        self.since_defrost = Stopwatch()
        self.defrost_intervals: list[float] = []
        self.defrost_heaters: list[float] = []
        self.abnormal = 0
        self.last_at: float | None = None
        self.unknown_since: float | None = None
        self.pull_down_until: float | None = None
        """After a power cut the compressor pulls the cabinet down until about then ..."""
        self.allowance = 0.0
        """... and its run may last this much longer than a normal day's limit."""

    # ------------------------------------------------------------ compressor

    def stats(
        self,
        at: float,
        running: bool | None,
        s: CareSettings,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        """Take the compressor state (None: power unknown) at a regular update."""
        outage_s = self._outage(at, running, s)
        if outage_s >= OUTAGE_MIN_S:
            self.allowance = min(PULL_DOWN_FACTOR * outage_s, MAX_PULL_DOWN_S)
            self.pull_down_until = at + self.allowance
        elif running is False and self.run.running:
            self.pull_down_until = None  # the first pause after a cut ends its pull-down
        pulling = self.pull_down_until is not None and at < self.pull_down_until
        # The pull-down after a cut is the cut's doing, not the fridge's: not in its duty.
        self.duty.stats(at, None if pulling else running, s, book=book, out=out)
        self.since_defrost.advance(at, s.max_step_s)
        self._check_defrost_missing(at, s, book, out)
        self._roll_day(at)
        if running is None:
            self.run.stop()
            self.idle.stop()
            return
        ran = self.run.advance(at, s.max_step_s)
        waited = self.idle.advance(at, s.max_step_s)
        if running:
            if self.idle.running:
                self.today_max_idle = max(self.today_max_idle, waited)
                self.idle.stop()
            self.run.start(at)
        else:
            if self.run.running:
                self.today_max_run = max(self.today_max_run, ran)
                self.run.stop()
            self.idle.start(at)
        self._check_runs(at, s, book, out)

    def clamp_times(self, t: float) -> None:
        """Bring the cut's times back to `t` when the clock was set back."""
        if self.last_at is not None and self.last_at > t:
            self.last_at = t
        if self.unknown_since is not None and self.unknown_since > t:
            self.unknown_since = t
        if self.pull_down_until is not None and self.pull_down_until > t + self.allowance:
            self.pull_down_until = t + self.allowance

    def _outage(self, at: float, running: bool | None, s: CareSettings) -> float:
        """Return how long power was unknown (or updates stopped) when it comes back."""
        last, self.last_at = self.last_at, at
        if running is None:
            if self.unknown_since is None:
                self.unknown_since = at if last is None else last
            return 0.0
        if self.unknown_since is not None:
            since, self.unknown_since = self.unknown_since, None
            return max(0.0, at - since)
        return at - last if last is not None and at - last > s.max_step_s else 0.0

    def _roll_day(self, at: float) -> None:
        day = math.floor(at / DAY_S)
        if self.run_day is None or day < self.run_day:
            self.run_day = day
            return
        if day == self.run_day:
            return
        self.run_day = day
        if self.today_max_run <= 0 or self.today_max_idle <= 0:
            return
        if self.run_days == 0:
            self.typical_run, self.typical_idle = self.today_max_run, self.today_max_idle
        else:
            self.typical_run += RUN_DAY_WEIGHT * (self.today_max_run - self.typical_run)
            self.typical_idle += RUN_DAY_WEIGHT * (self.today_max_idle - self.typical_idle)
        self.run_days += 1
        self.today_max_run = self.today_max_idle = 0.0

    def _check_runs(
        self, at: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        if self.run_days < RUN_LEARN_DAYS:
            return
        for kind, watch, other, minimum, factor, typical, what in (
            (
                FindingKind.COMPRESSOR_NEVER_STOPS,
                self.run,
                self.idle,
                s.never_stops_min_s,
                s.never_stops_factor,
                self.typical_run,
                "has been running without a pause for",
            ),
            (
                FindingKind.COMPRESSOR_NEVER_STARTS,
                self.idle,
                self.run,
                s.never_starts_min_s,
                s.never_starts_factor,
                self.typical_idle,
                "has not run for",
            ),
        ):
            limit = max(minimum, factor * typical)
            until = self.pull_down_until
            if kind is FindingKind.COMPRESSOR_NEVER_STOPS and (
                until is not None and at - watch.elapsed <= until
            ):
                limit += self.allowance  # a run that began as a pull-down after a cut
            if watch.running and watch.elapsed >= limit:
                usual = "run" if kind is FindingKind.COMPRESSOR_NEVER_STOPS else "pause"
                book.raise_(
                    Finding(
                        kind=kind,
                        severity=Severity.CRITICAL
                        if watch.elapsed >= CRITICAL_FACTOR * limit
                        else Severity.WARNING,
                        since=at,
                        values={
                            "hours": round(watch.elapsed / HOUR_S, 1),
                            "limit_hours": round(limit / HOUR_S, 1),
                            "usual_longest_minutes": round(typical / MINUTE_S),
                        },
                        evidence=(
                            f"The compressor {what} {duration_text(watch.elapsed)}; its "
                            f"longest {usual} on a normal day is about {duration_text(typical)}."
                        ),
                        advice=ADVICE[kind],
                    ),
                    at,
                    out,
                )
            elif other.running and other.elapsed >= RUN_CLEAR_S:
                book.clear(kind, at, s.min_hold_s, out)

    # --------------------------------------------------------------- defrost

    def defrost(
        self, at: float, heater_s: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        """Take a detected defrost with its heater time."""
        kind = FindingKind.DEFROST_ANOMALY
        self.duty.defrost(heater_s)
        interval = self.since_defrost.elapsed if self.since_defrost.running else None
        self.since_defrost.stop()
        self.since_defrost.start(at)
        learned = len(self.defrost_intervals) >= max(1, s.defrost_learn_count)
        if not learned:
            if interval is not None:
                self.defrost_intervals.append(interval)
            self.defrost_heaters.append(heater_s)
            return
        usual_interval = median(self.defrost_intervals)
        usual_heater = median(self.defrost_heaters)
        frequent = interval is not None and interval < s.defrost_frequent_factor * usual_interval
        long = heater_s > s.defrost_long_factor * usual_heater
        if not (frequent or long):
            self.abnormal = 0
            book.clear(kind, at, s.min_hold_s, out)
            return
        self.abnormal += 1
        if self.abnormal < s.defrost_abnormal_count:
            return
        reason = "frequent" if frequent else "long"
        detail = (
            f"came {duration_text(interval or 0.0)} after the previous one, usually "
            f"{duration_text(usual_interval)}"
            if frequent
            else f"heated for {duration_text(heater_s)}, usually {duration_text(usual_heater)}"
        )
        self._raise_defrost(
            at,
            reason,
            f"The last {self.abnormal} defrosts were abnormal: the last one {detail}.",
            usual_interval,
            book=book,
            out=out,
        )

    def _check_defrost_missing(
        self, at: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        if len(self.defrost_intervals) < max(1, s.defrost_learn_count):
            return
        usual = median(self.defrost_intervals)
        waited = self.since_defrost.elapsed
        if waited >= max(s.defrost_missing_factor * usual, s.defrost_missing_min_s):
            self._raise_defrost(
                at,
                "missing",
                f"No defrost for {duration_text(waited)}; it usually comes every "
                f"{duration_text(usual)}.",
                usual,
                book=book,
                out=out,
            )

    def _raise_defrost(
        self,
        at: float,
        reason: str,
        evidence: str,
        usual_interval: float,
        *,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        kind = FindingKind.DEFROST_ANOMALY
        book.raise_(
            Finding(
                kind=kind,
                severity=Severity.WARNING,
                since=at,
                values={
                    "reason": reason,
                    "hours_since": round(self.since_defrost.elapsed / HOUR_S, 1),
                    "usual_interval_hours": round(usual_interval / HOUR_S, 1),
                    "abnormal_count": self.abnormal,
                },
                evidence=evidence,
                advice=ADVICE[kind],
                fix=FIX[kind],
            ),
            at,
            out,
        )

    def repaired(self, now: float | None) -> None:
        """Start the defrost test over after a repair."""
        self.abnormal = 0
        if self.since_defrost.running and now is not None:
            self.since_defrost.stop()
            self.since_defrost.start(now)

    # ------------------------------------------------------------------ state

    _WATCHES = ("run", "idle", "since_defrost")

    def to_state(self) -> dict[str, object]:
        """Return the rules' state as JSON-compatible data."""
        return {
            "duty": self.duty.to_state(),
            "watches": {name: getattr(self, name).to_state() for name in self._WATCHES},
            "run_day": self.run_day,
            "run_days": self.run_days,
            "runs": [self.today_max_run, self.today_max_idle, self.typical_run, self.typical_idle],
            "compartment": self.compartment.to_state(),
            "defrost_intervals": self.defrost_intervals,
            "defrost_heaters": self.defrost_heaters,
            "abnormal": self.abnormal,
            "outage": [self.last_at, self.unknown_since, self.pull_down_until, self.allowance],
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> FridgeCare:
        """Return the rules saved by to_state."""
        care = cls()
        duty = get_mapping(data, "duty")
        if duty is not None:
            care.duty = DutyDrift.from_state(duty)
        watches = get_mapping(data, "watches") or {}
        for name in cls._WATCHES:
            if name in watches:
                setattr(care, name, Stopwatch.from_state(watches[name]))
        if data.get("run_day") is not None:
            care.run_day = get_int(data, "run_day")
        care.run_days = max(0, get_int(data, "run_days"))
        runs = as_numbers(data.get("runs", [0.0, 0.0, 0.0, 0.0]), "runs")
        if len(runs) != len(("run", "idle", "typical_run", "typical_idle")):
            raise CareStateError("runs need four numbers")
        care.today_max_run, care.today_max_idle, care.typical_run, care.typical_idle = (
            max(0.0, v) for v in runs
        )
        compartment = get_mapping(data, "compartment")
        if compartment is not None:
            care.compartment = CompartmentWatch.from_state(compartment)
        care.defrost_intervals = as_numbers(get_list(data, "defrost_intervals"), "intervals")
        care.defrost_heaters = as_numbers(get_list(data, "defrost_heaters"), "heaters")
        care.abnormal = max(0, get_int(data, "abnormal"))
        outage = data.get("outage")
        if isinstance(outage, list) and len(outage) == len(("last", "unknown", "until", "s")):
            last, unknown, until, allowance = outage
            care.last_at, care.unknown_since, care.pull_down_until = (
                float(v) if finite(v) else None for v in (last, unknown, until)
            )
            allowed = float(allowance) if finite(allowance) else 0.0
            care.allowance = min(max(allowed, 0.0), MAX_PULL_DOWN_S)
        return care


def compressor_heater_s(event: CompressorEvent) -> float | None:
    """Return the heater time of a defrost event, or None for other or garbage events."""
    if event.kind is not CompressorEventKind.DEFROST:
        return None
    run_s = event.run_s
    if run_s is None or not isinstance(run_s, int | float) or not 0.0 < run_s <= DAY_S:
        return None
    return float(run_s)
