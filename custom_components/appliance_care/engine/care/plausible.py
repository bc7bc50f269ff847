"""Plausibility checks of the care rules' inputs: garbage is ignored, never judged."""

from __future__ import annotations

import math

from .engine_types import CycleRecord
from .settings import DAY_S, CareSettings

# Power readings above this are garbage (a 32 A three-phase appliance draws at most 22 kW).
MAX_POWER_W = 25_000.0
# Cycles beyond these are garbage, not cycles: no program runs for two days, and 200 kWh
# is a week of a 22 kW appliance at full power.
MAX_CYCLE_S = 2 * DAY_S
MAX_CYCLE_ENERGY_WH = 200_000.0


def finite(value: object) -> bool:
    """Return whether a value is a finite number (not a bool)."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def valid_celsius(value: object, s: CareSettings) -> float | None:
    """Return a plausible temperature in degrees Celsius, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not s.temperature_min_plausible_c <= number <= s.temperature_max_plausible_c:
        return None  # also for NaN
    return number


def valid_power(value: object) -> bool:
    """Return whether a power reading is a plausible number of watts."""
    return finite(value) and 0.0 <= value <= MAX_POWER_W  # type: ignore[operator]


def plausible_record(record: object) -> bool:
    """Return whether a finished cycle's figures are plausible."""
    if not isinstance(record, CycleRecord):
        return False
    numbers = (record.start, record.end, record.finished_at, record.energy_wh, record.peak_w)
    if not all(finite(v) for v in (*numbers, record.gap_s)):
        return False
    return (
        0 < record.duration_s <= MAX_CYCLE_S
        and 0 <= record.energy_wh <= MAX_CYCLE_ENERGY_WH
        and 0 <= record.peak_w <= MAX_POWER_W
        and record.gap_s >= 0
    )
