"""Heating that went missing: a dishwasher that stopped heating, a dryer heater that failed.

A cycle heated when its peak power reached the heater level (elements draw kilowatts,
motors and pumps hundreds of watts). The appliance's usual share of heated cycles is learned
first; when nearly all cycles used to heat, a few unheated long cycles in a row raise the
finding, and the next heated cycle clears it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .book import FindingBook
from .engine_types import CycleRecord
from .settings import CareSettings
from .state import get_float, get_int
from .types import CareChange, Finding, FindingKind, Severity
from .wording import ADVICE, FIX

# The heated peak and energy are followed with this weight per heated cycle.
HEATED_WEIGHT = 0.2


class HeatingWatch:
    """The heated-cycle habit of one appliance and the heating rule."""

    __slots__ = ("heat_cycles", "heat_share", "heated_energy_wh", "heated_peak_w", "unheated")

    def __init__(self) -> None:
        """Start learning."""
        self.heat_cycles = 0
        """Cycles counted while learning (stops at the learning count)."""
        self.heat_share = 0.0
        """Share of long cycles that heated."""
        self.heated_peak_w = 0.0
        self.heated_energy_wh = 0.0
        self.unheated = 0
        """Unheated long cycles in a row."""

    def cycle(
        self,
        now: float,
        record: CycleRecord,
        kind: FindingKind,
        s: CareSettings,
        *,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        """Judge one finished cycle."""
        if record.duration_s < s.heating_min_cycle_s:
            return
        heated = record.peak_w >= s.heater_min_w
        if heated:
            if self.heated_peak_w <= 0:
                self.heated_peak_w, self.heated_energy_wh = record.peak_w, record.energy_wh
            self.heated_peak_w += HEATED_WEIGHT * (record.peak_w - self.heated_peak_w)
            self.heated_energy_wh += HEATED_WEIGHT * (record.energy_wh - self.heated_energy_wh)
        if self.heat_cycles < s.heating_learn_cycles:
            self.heat_cycles += 1
            self.heat_share += (float(heated) - self.heat_share) / self.heat_cycles
            return
        if heated:
            self.unheated = 0
            self.heat_share += HEATED_WEIGHT / s.heating_learn_cycles * (1.0 - self.heat_share)
            book.clear(kind, now, s.min_hold_s, out)
            return
        if self.heat_share < s.heating_share_min_ratio and book.get(kind) is None:
            return
        self.unheated += 1
        if self.unheated < s.heating_missing_cycles:
            return
        what = "dishwasher" if kind is FindingKind.HEATING_MISSING else "dryer"
        book.raise_(
            Finding(
                kind=kind,
                severity=Severity.WARNING,
                since=now,
                values={
                    "cycles": self.unheated,
                    "peak_w": round(record.peak_w),
                    "usual_peak_w": round(self.heated_peak_w),
                    "energy_wh": round(record.energy_wh),
                    "usual_energy_wh": round(self.heated_energy_wh),
                },
                evidence=(
                    f"The last {self.unheated} cycles never reached heating power (last peak "
                    f"{round(record.peak_w)} W, {round(record.energy_wh)} Wh); this {what} "
                    f"used to heat at {round(self.heated_peak_w)} W, using "
                    f"{round(self.heated_energy_wh)} Wh a cycle."
                ),
                advice=ADVICE[kind],
                fix=FIX[kind],
            ),
            now,
            out,
        )

    def to_state(self) -> dict[str, object]:
        """Return the habit as JSON-compatible data."""
        return {
            "heat_cycles": self.heat_cycles,
            "heat_share": self.heat_share,
            "heated_peak_w": self.heated_peak_w,
            "heated_energy_wh": self.heated_energy_wh,
            "unheated": self.unheated,
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> HeatingWatch:
        """Return a habit saved by to_state."""
        watch = cls()
        watch.heat_cycles = max(0, get_int(data, "heat_cycles"))
        watch.heat_share = min(1.0, max(0.0, get_float(data, "heat_share", 0.0)))
        watch.heated_peak_w = max(0.0, get_float(data, "heated_peak_w", 0.0))
        watch.heated_energy_wh = max(0.0, get_float(data, "heated_energy_wh", 0.0))
        watch.unheated = max(0, get_int(data, "unheated"))
        return watch
