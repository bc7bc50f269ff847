"""What a running cycle is doing now, told from its power: its phase.

The phase is read from the held power and what the cycle did so far, with the levels of
engine/spin.py (appliance knowledge: heating elements 1 kW and more, spinning drums 150
to 800 W, tumbling 50 to 250 W, pumps 20 to 60 W):

- washer: heating, spinning (a spin of a minute or more under way), soaking (quiet inside
  the cycle), washing (any other work: tumbling, filling, pumping);
- dishwasher: heating, drying (quiet after it heated), washing (circulating, pumping),
  soaking (quiet before it heated);
- dryer: drying (heating, or its element off for less than three minutes on its
  thermostat), cooling (the drum turning after the heat), resting when quiet;
- other appliances: running or resting.

Cheap to ask: a few comparisons, no history kept for it.
"""

from __future__ import annotations

from enum import StrEnum

from .end_signs import COOL_DOWN_MIN_S, HEATING_SHARE, MAX_SPIN_S
from .live import LiveCycle
from .spin import HEAT_MIN_W, MIN_SPIN_S, SPIN_MIN_W
from .types import ApplianceType


class CyclePhase(StrEnum):
    """A running cycle's phase."""

    HEATING = "heating"
    WASHING = "washing"
    SPINNING = "spinning"
    SOAKING = "soaking"
    DRYING = "drying"
    COOLING = "cooling"
    RUNNING = "running"
    RESTING = "resting"


def cycle_phase(  # noqa: PLR0911 - one answer per phase
    kind: ApplianceType, live: LiveCycle, watts: float | None, quiet: bool, now: float
) -> CyclePhase:
    """Return the phase of a running cycle holding `watts` (`quiet`: below the active level)."""
    p = watts or 0.0
    if kind is ApplianceType.DRYER:
        if quiet:
            return CyclePhase.RESTING
        high = live.last_high_at
        # The element cycles on its thermostat: drying until it stayed off a while.
        heating = high is not None and now - high < COOL_DOWN_MIN_S
        heating = heating or p >= HEATING_SHARE * live.peak_w
        return CyclePhase.DRYING if heating else CyclePhase.COOLING
    if kind is ApplianceType.OTHER:
        return CyclePhase.RESTING if quiet else CyclePhase.RUNNING
    if quiet:
        heated = live.last_high_at is not None and live.peak_w >= HEAT_MIN_W
        if kind is ApplianceType.DISHWASHER and heated:
            return CyclePhase.DRYING
        return CyclePhase.SOAKING
    if p >= HEAT_MIN_W:
        return CyclePhase.HEATING
    spin = live.spin.spin_start
    # A spin lasts minutes; a quarter of an hour at spin power is a heavy wash.
    if kind is not ApplianceType.DISHWASHER and (
        spin is not None and p >= SPIN_MIN_W and MIN_SPIN_S <= now - spin <= MAX_SPIN_S
    ):
        return CyclePhase.SPINNING
    return CyclePhase.WASHING
