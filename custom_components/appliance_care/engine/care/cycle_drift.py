"""Drift of cycles against their own program's baseline, and heating that went missing.

Each learned program gets a robust baseline (median and MAD of its first cycles' duration
and energy, then adapting slowly to normal cycles). Every later cycle becomes a z value
against its own program; one CUSUM per quantity accumulates the z values of all programs,
so a drain that slows every program is found after a few cycles whatever program ran.
A dryer adds a program-free statistic: its average power over the cycle. A blocked vent
makes the high-limit thermostat cycle the heater, so the same drying energy takes much
longer; a vent clog also moves cycles out of their learned programs, which the average
power does not depend on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from .book import FindingBook
from .engine_types import CycleRecord, FinishReason
from .heating import HeatingWatch
from .settings import HOUR_S, MINUTE_S, CareSettings
from .state import CareStateError, get_float, get_list, get_mapping
from .stats import Baseline, Cusum, adapt_weight, median
from .types import CareChange, CareSubject, Finding, FindingKind, MaintenanceKind, Severity
from .wording import (
    ADVICE,
    DISHWASHER_DRIFT_ADVICE,
    FIX,
    HEATER_DRIFT_ADVICE,
    signed_pct,
)

# At most this many program baselines are kept (the engine keeps 24 programs).
MAX_PROGRAMS = 24
# Cycles longer than this, or with more data gaps than this share, are not judged.
MAX_CYCLE_S = 24.0 * HOUR_S
MAX_GAP_SHARE = 0.1
# The evidence describes at most this many recent cycles.
RECENT_CYCLES = 5
# The energy drift counts as the cause (limescale slowing the heater) from this change on.
ENERGY_CAUSE_RATIO = 1.2


class ProgramBaseline:
    """Duration and energy baselines of one program."""

    __slots__ = ("duration", "energy", "last_seen", "name")

    def __init__(self, name: str, last_seen: float) -> None:
        """Start learning a program."""
        self.name = name
        self.last_seen = last_seen
        self.duration = Baseline()
        self.energy = Baseline()

    def to_state(self) -> dict[str, object]:
        """Return the baselines as JSON-compatible data."""
        return {
            "name": self.name,
            "last_seen": self.last_seen,
            "duration": self.duration.to_state(),
            "energy": self.energy.to_state(),
        }

    @classmethod
    def from_state(cls, data: object) -> ProgramBaseline:
        """Return baselines saved by to_state."""
        if not isinstance(data, Mapping):
            raise CareStateError("program baseline is not a mapping")
        name = data.get("name")
        program = cls(name if isinstance(name, str) else "", get_float(data, "last_seen", 0.0))
        program.duration = Baseline.from_state(data.get("duration"))
        program.energy = Baseline.from_state(data.get("energy"))
        return program


class CycleDrift:
    """Program drift (washer, dishwasher) or drying-time drift (dryer), and heating loss."""

    __slots__ = (
        "duration_cusum",
        "energy_cusum",
        "heating",
        "power",
        "programs",
        "recent",
        "subject",
    )

    def __init__(self, subject: CareSubject) -> None:
        """Start learning."""
        self.subject = subject
        self.programs: dict[int, ProgramBaseline] = {}
        self.power = Baseline()
        """A dryer's average power over a cycle (W), whatever the program."""
        self.duration_cusum = Cusum()
        self.energy_cusum = Cusum()
        self.recent: deque[tuple[float, float | None]] = deque(maxlen=RECENT_CYCLES)
        """(duration ratio, energy ratio) of the latest judged cycles."""
        self.heating = HeatingWatch()

    @property
    def drift_kind(self) -> FindingKind:
        """Return the finding kind this subject's drift is reported as."""
        if self.subject is CareSubject.DRYER:
            return FindingKind.DRYING_TIME_DRIFT
        return FindingKind.PROGRAM_DRIFT

    @property
    def heating_kind(self) -> FindingKind | None:
        """Return the heating finding of this subject, if any."""
        if self.subject is CareSubject.DISHWASHER:
            return FindingKind.HEATING_MISSING
        if self.subject is CareSubject.DRYER:
            return FindingKind.HEATER_FAILURE
        return None

    def reset(self) -> None:
        """Start the drift tests over (a fix was recorded); the baselines stay."""
        self.duration_cusum.reset()
        self.energy_cusum.reset()
        self.recent.clear()

    # ----------------------------------------------------------------- cycles

    def cycle(
        self,
        now: float,
        record: CycleRecord,
        s: CareSettings,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        """Judge one finished cycle."""
        duration = record.duration_s
        energy = record.energy_wh
        if (
            not 0.0 < duration <= MAX_CYCLE_S
            or not 0.0 <= energy < float("inf")
            or record.gap_s > MAX_GAP_SHARE * duration
            or record.finish_reason is FinishReason.OUTAGE
        ):
            return
        kind = self.heating_kind
        if kind is not None:
            self.heating.cycle(now, record, kind, s, book=book, out=out)
        self._drift(now, record, s, book, out)

    def _program(self, record: CycleRecord, now: float) -> ProgramBaseline | None:
        pid = record.program_id
        if pid is None:
            return None
        program = self.programs.get(pid)
        if program is None:
            if len(self.programs) >= MAX_PROGRAMS:
                oldest = min(self.programs, key=lambda k: self.programs[k].last_seen)
                del self.programs[oldest]
            program = self.programs[pid] = ProgramBaseline("", now)
        # The owner's name for it, or its number: texts say "Program {program}".
        program.name = record.program_name or str(pid)
        program.last_seen = now
        return program

    def _drift(
        self,
        now: float,
        record: CycleRecord,
        s: CareSettings,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        kind = self.drift_kind
        raised = book.get(kind) is not None
        suspected = raised or self.duration_cusum.total >= s.drift_cusum_h / 2
        duration, energy = record.duration_s, record.energy_wh
        z_duration: float | None = None
        z_energy: float | None = None
        ratio_duration: float | None = None
        ratio_energy: float | None = None
        program = self._program(record, now)
        if program is not None:
            base_d, base_e = program.duration, program.energy
            if base_d.ready and base_e.ready:
                center_d = base_d.center or duration
                center_e = base_e.center or energy
                floor_d = s.drift_duration_floor_ratio * center_d
                z_duration = base_d.z(duration, floor_d)
                ratio_duration = duration / center_d
                if center_e >= s.drift_energy_min_wh:
                    floor_e = s.drift_energy_floor_ratio * center_e
                    z_energy = base_e.z(energy, floor_e)
                    ratio_energy = energy / center_e
                weight = adapt_weight(s.drift_adapt_weight, raised=raised)
                # While evidence builds up, the baseline adapts less, so a lasting change
                # is not absorbed before it is found; once raised, a drift left unfixed
                # slowly becomes the new normal and clears.
                doubt_d = 1.0 if raised else self.duration_cusum.doubt(s.drift_cusum_h)
                doubt_e = 1.0 if raised else self.energy_cusum.doubt(s.drift_energy_cusum_h)
                base_d.adapt(duration, weight * doubt_d, floor_d)
                base_e.adapt(energy, weight * doubt_e, s.drift_energy_floor_ratio * center_e)
            elif not suspected:
                base_d.learn(duration, s.drift_learn_cycles)
                base_e.learn(energy, s.drift_learn_cycles)
        if self.subject is CareSubject.DRYER:
            z_power, ratio_power = self._dryer_power(record, s, raised=raised, suspected=suspected)
            if z_power is not None and (z_duration is None or z_power > z_duration):
                z_duration, ratio_duration = z_power, ratio_power
        if z_duration is None or ratio_duration is None:
            return
        self.recent.append((ratio_duration, ratio_energy))
        k, cap, clear_k = s.drift_cusum_k, s.drift_z_cap, s.drift_clear_k
        self.duration_cusum.update(
            z_duration, k=k, h=s.drift_cusum_h, cap=cap, clear_k=clear_k, raised=raised
        )
        if z_energy is not None and s.drift_energy_cusum_h > 0:
            self.energy_cusum.update(
                z_energy, k=k, h=s.drift_energy_cusum_h, cap=cap, clear_k=clear_k, raised=raised
            )
        by_energy = 0 < s.drift_energy_cusum_h <= self.energy_cusum.total
        if self.duration_cusum.total >= s.drift_cusum_h or by_energy:
            book.raise_(self._finding(now, program, s, by_energy=by_energy), now, out)
        elif (
            raised
            and self.duration_cusum.normal >= s.drift_clear_h
            and (
                z_energy is None
                or s.drift_energy_cusum_h <= 0
                or self.energy_cusum.normal >= s.drift_clear_h
            )
        ):
            book.clear(kind, now, s.min_hold_s, out)
            self.reset()

    def _dryer_power(
        self, record: CycleRecord, s: CareSettings, *, raised: bool, suspected: bool
    ) -> tuple[float | None, float | None]:
        """Return (z, ratio) of the time this cycle took for its energy, against the usual."""
        if record.energy_wh < s.drift_energy_min_wh:
            return None, None
        mean_w = record.energy_wh * HOUR_S / record.duration_s
        power = self.power
        if not power.ready:
            if not suspected:
                power.learn(mean_w, s.drift_learn_cycles)
            return None, None
        usual_w = power.center or mean_w
        floor_w = s.drift_duration_floor_ratio * usual_w
        z = -power.z(mean_w, floor_w)
        weight = adapt_weight(s.drift_adapt_weight, raised=raised)
        doubt = 1.0 if raised else self.duration_cusum.doubt(s.drift_cusum_h)
        power.adapt(mean_w, weight * doubt, floor_w)
        return z, usual_w / mean_w if mean_w > 0 else None

    def _finding(
        self, now: float, program: ProgramBaseline | None, s: CareSettings, *, by_energy: bool
    ) -> Finding:
        recent = list(self.recent)
        ratio_d = median([r for r, _ in recent])
        energies = [e for _, e in recent if e is not None]
        ratio_e = median(energies) if energies else 1.0
        longer = sum(1 for r, _ in recent if r > 1.0)
        # Drift over all programs names none: "unknown", as numbers not known are.
        name = program.name if program is not None else "unknown"
        center = program.duration.center if program is not None else None
        values: dict[str, float | int | str] = {
            "program": name,
            "duration_change_pct": signed_pct(ratio_d),
            "energy_change_pct": signed_pct(ratio_e),
            "cycles": longer,
            "window_cycles": len(recent),
            "baseline_minutes": round(center / MINUTE_S) if center else 0,
        }
        kind = self.drift_kind
        severity = Severity.WARNING
        if kind is FindingKind.DRYING_TIME_DRIFT:
            evidence = (
                f"{longer} of the last {len(recent)} loads took {signed_pct(ratio_d)} % longer "
                "to dry than this dryer used to need for the same energy."
            )
            if ratio_d >= s.drift_critical_ratio:
                severity = Severity.CRITICAL
            return Finding(
                kind=kind,
                severity=severity,
                since=now,
                values=values,
                evidence=evidence,
                advice=ADVICE[kind],
                fix=FIX[kind],
            )
        heater = by_energy or ratio_e >= ENERGY_CAUSE_RATIO
        evidence = (
            f"{longer} of the last {len(recent)} cycles ran longer than their program's usual "
            f"(median {signed_pct(ratio_d):+d} % in duration, {signed_pct(ratio_e):+d} % in "
            f"energy; last program: {name})."
        )
        if heater:
            advice = HEATER_DRIFT_ADVICE
        elif self.subject is CareSubject.DISHWASHER:
            advice = DISHWASHER_DRIFT_ADVICE
        else:
            advice = ADVICE[kind]
        return Finding(
            kind=kind,
            severity=severity,
            since=now,
            values=values,
            evidence=evidence,
            advice=advice,
            fix=MaintenanceKind.DESCALE if heater else FIX[kind],
        )

    # ------------------------------------------------------------------ state

    def to_state(self) -> dict[str, object]:
        """Return the detectors' state as JSON-compatible data."""
        return {
            "programs": {str(k): p.to_state() for k, p in self.programs.items()},
            "power": self.power.to_state(),
            "duration_cusum": self.duration_cusum.to_state(),
            "energy_cusum": self.energy_cusum.to_state(),
            "recent": [[d, e] for d, e in self.recent],
            "heating": self.heating.to_state(),
        }

    @classmethod
    def from_state(cls, subject: CareSubject, data: Mapping[str, object]) -> CycleDrift:
        """Return detectors saved by to_state."""
        drift = cls(subject)
        programs = get_mapping(data, "programs") or {}
        for key, value in programs.items():
            try:
                pid = int(key)
            except ValueError:
                raise CareStateError(f"program key {key!r}") from None
            drift.programs[pid] = ProgramBaseline.from_state(value)
        power = get_mapping(data, "power")
        if power is not None:
            drift.power = Baseline.from_state(power)
        drift.duration_cusum = Cusum.from_state(data.get("duration_cusum", [0.0, 0.0]))
        drift.energy_cusum = Cusum.from_state(data.get("energy_cusum", [0.0, 0.0]))
        for item in get_list(data, "recent"):
            if not isinstance(item, list) or len(item) != len(("duration", "energy")):
                raise CareStateError("recent cycle needs two items")
            d, e = item
            if isinstance(d, bool) or not isinstance(d, int | float):
                raise CareStateError("recent duration ratio")
            if e is not None and (isinstance(e, bool) or not isinstance(e, int | float)):
                raise CareStateError("recent energy ratio")
            drift.recent.append((float(d), None if e is None else float(e)))
        heating = get_mapping(data, "heating")
        if heating is not None:
            drift.heating = HeatingWatch.from_state(heating)
        return drift
