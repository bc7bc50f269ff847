"""Signs that a cycle has ended, known for each kind of appliance before anything is learned.

Without them a quiet spell can only be waited out: a washer soaks, a dishwasher dries for
half an hour in silence, so a finish needs a long hold (30 and 65 minutes) until the
program is learned. But the way a cycle ends is much the same on every machine of a kind:

- a washer's last act is its final spin (engine/spin.py), at most a few loosening tumbles
  after it; power falling quiet within five minutes of a spin of one to fifteen minutes
  that a drain fed (a washer always pumps out before it spins), with nothing above pump
  power since (loosening tumbles), in a cycle of a quarter of an hour or more, is its
  end. Mid-cycle spins are followed by a fill, whose valve keeps the power up, and a wash
  whose tumbles rise above pump power: a plug that samples a tumble's pauses (one that
  reports every minute) cannot make them look like the end;
- a dishwasher ends with a pump-out after its drying pause: a short run (at most five
  minutes, below 150 W: a pump, not a heater) after ten minutes or more of silence, in a
  cycle that heated;
- a dryer cools down with its drum turning and the heater off before it stops: power
  falling quiet after three minutes or more without heating, in a run that heated.

A sign shortens the hold to END_SIGN_HOLD_S. A learned program that still expects
activity overrides it (finishing.finish_hold), so a program with a soak after its spin
waits on. Levels are appliance knowledge; the hold and the windows were chosen on REFIT
House 2's tuning months (2013-10 to 2014-06) and the simulator.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from .live import LiveCycle
from .spin import HEAT_MIN_W, MIN_SPIN_S
from .types import ApplianceType, FinishReason

if TYPE_CHECKING:
    from .history import CycleHistory
    from .types import CycleRecord

END_SIGN_HOLD_S = 90.0
"""Quiet this long after an end sign finishes the cycle."""
# A learned program that ends at most this long after the quiet began does not hold a
# signed end back (programs vary by minutes from run to run).
SIGN_TRUST_S = 5 * 60.0
SIGN_MIN_CYCLE_S = 15 * 60.0
"""A cycle shorter than this ends by no sign (a rinse or a spin run alone)."""
# A cycle with this many quiet spells of 50 s up to the hold is watched through a
# sensor that samples the drum's rhythm (instantaneous power polled every minute or so):
# its pauses can look like an end, so the signs are not trusted for it. A drum's own
# pauses last seconds; minute means (REFIT) show such spells about once in four cycles.
SHORT_QUIET_S = 50.0
MAX_SHORT_QUIETS = 3
# Washer: the spin ended at most this long before the quiet (loosening tumbles).
SPIN_TO_QUIET_S = 300.0
# A spin lasts minutes; a quarter of an hour at spin power is a wash (a top-loader's
# agitator, a heavy tumble in one-minute means).
MAX_SPIN_S = 15 * 60.0
# Dishwasher: the final pump-out.
DRYING_MIN_S = 10 * 60.0
PUMP_OUT_MAX_S = 5 * 60.0
PUMP_OUT_MAX_W = 150.0
# A dishwasher that ended at least half of its last ten cycles with a pump-out after
# drying waits this long through a quiet spell even when a learned program says the cycle
# is over (a variant of its program without the drying is rarer than a match gone wrong),
# unless each program that could be running has ended its own cycles without one.
PUMP_OUT_HABIT = 0.5
HABIT_CYCLES = 10
DRYING_WAIT_S = 45 * 60.0
# A program with this many cycles on record shows its own habit.
OWN_HABIT_CYCLES = 3
# Dryer: the cool-down.
COOL_DOWN_MIN_S = 180.0
# Power at or above this share of the cycle's peak counts as heating (a heat-pump dryer's
# compressor as well as an element).
HEATING_SHARE = 0.5


def end_sign(kind: ApplianceType, live: LiveCycle, quiet_since: float) -> bool:
    """Return whether the quiet that began at `quiet_since` looks like the cycle's end."""
    if quiet_since - live.start < SIGN_MIN_CYCLE_S or live.short_quiets >= MAX_SHORT_QUIETS:
        return False
    if kind is ApplianceType.WASHER or kind is ApplianceType.WASHER_DRYER:
        spin = live.spin
        spin_end = spin.last_spin_end
        return (
            spin_end is not None
            and spin.last_spin_s is not None
            and MIN_SPIN_S <= spin.last_spin_s <= MAX_SPIN_S
            and bool(spin.last_drain_s)
            and spin.calm_since_spin
            and 0.0 <= quiet_since - spin_end <= SPIN_TO_QUIET_S
        )
    if kind is ApplianceType.DISHWASHER:
        return (
            live.peak_w >= HEAT_MIN_W
            and live.quiet_before_s >= DRYING_MIN_S
            and quiet_since - live.run_start <= PUMP_OUT_MAX_S
            and live.run_peak_w < PUMP_OUT_MAX_W
        )
    if kind is ApplianceType.DRYER:
        high = live.last_high_at
        return high is not None and live.run_start < high and quiet_since - high >= COOL_DOWN_MIN_S
    return False


def late_pump_out(kind: ApplianceType, live: LiveCycle, end: float) -> bool:
    """Return whether a run that came after an early finish was a dishwasher's pump-out."""
    return (
        kind is ApplianceType.DISHWASHER
        and end - live.start <= PUMP_OUT_MAX_S
        and live.peak_w < PUMP_OUT_MAX_W
    )


def drying_wait(
    kind: ApplianceType, history: CycleHistory, programs: Collection[int] = ()
) -> float:
    """Return the least quiet before a finish without an end sign (0: no such habit).

    `programs`: the learned programs that could be running. When every one of them has
    OWN_HABIT_CYCLES cycles or more on record and fewer than PUMP_OUT_HABIT of its last
    ones ended with a pump-out (a quick program that does not dry), the appliance's habit
    does not hold them back.
    """
    if kind is not ApplianceType.DISHWASHER or not _pumps_out(history.latest(HABIT_CYCLES)):
        return 0.0
    if programs:
        records = history.recent
        for program_id in programs:
            own = [r for r in reversed(records) if r.program_id == program_id][:HABIT_CYCLES]
            if len(own) < OWN_HABIT_CYCLES or _pumps_out(own):
                return DRYING_WAIT_S
        return 0.0
    return DRYING_WAIT_S


def _pumps_out(records: Sequence[CycleRecord]) -> bool:
    """Return whether at least PUMP_OUT_HABIT of `records` ended with a pump-out."""
    signed = sum(1 for r in records if r.finish_reason is FinishReason.END_SIGN)
    return bool(records) and signed >= PUMP_OUT_HABIT * len(records)
