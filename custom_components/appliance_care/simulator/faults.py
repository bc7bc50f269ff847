"""How injected faults develop: sudden ones step in, gradual ones ramp in over days."""

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from .clock import SECONDS_PER_DAY
from .model import ApplianceKind, Fault

RAMP_S: Mapping[Fault, int] = MappingProxyType(
    {
        # A sock or a coin blocks the drain pump from one wash to the next.
        Fault.CLOGGED_DRAIN: 0,
        # A torn or folded door gasket leaks from the moment it happens.
        Fault.DOOR_SEAL: 0,
        # Limescale on the element builds up; modelled over a few days, not months, so
        # that a demo shows its effect.
        Fault.HEATER_SCALE: 5 * SECONDS_PER_DAY,
        # Lint collects in the exhaust duct load by load.
        Fault.CLOGGED_VENT: 4 * SECONDS_PER_DAY,
        # Dust mats on the condenser coil over weeks; compressed to a week.
        Fault.DUSTY_CONDENSER: 7 * SECONDS_PER_DAY,
        # Detergent residue in the tub makes oversudsing ever more likely.
        Fault.DIRTY_TUB: 3 * SECONDS_PER_DAY,
    }
)
"""Seconds from a fault's onset until it is fully developed (0: it steps in at once)."""

HEALTHY_BEFORE_FAULT_S = 14 * SECONDS_PER_DAY
"""Healthy running a demo appliance needs before a fault is injected for FAULT_FOUND_WITHIN_S.

The care rules judge an appliance against what they learned of it (a program's first five
cycles, a fridge's first week): a fault present while they learn becomes its normal.
"""

FAULT_FOUND_WITHIN_S: Mapping[ApplianceKind, Mapping[Fault, int]] = MappingProxyType(
    {
        ApplianceKind.WASHER: MappingProxyType(
            {Fault.CLOGGED_DRAIN: 4 * SECONDS_PER_DAY, Fault.DIRTY_TUB: 6 * SECONDS_PER_DAY}
        ),
        ApplianceKind.DRYER: MappingProxyType({Fault.CLOGGED_VENT: 5 * SECONDS_PER_DAY}),
        ApplianceKind.DISHWASHER: MappingProxyType(
            {
                Fault.CLOGGED_DRAIN: 20 * SECONDS_PER_DAY,
                Fault.HEATER_SCALE: 18 * SECONDS_PER_DAY,
            }
        ),
        ApplianceKind.REFRIGERATOR: MappingProxyType(
            {
                Fault.DOOR_SEAL: 3 * SECONDS_PER_DAY,
                Fault.DUSTY_CONDENSER: 9 * SECONDS_PER_DAY,
            }
        ),
    }
)
"""Simulated seconds from injecting a fault into a demo appliance until its finding comes.

At the demo's default speed (1x), the cycle appliances running their selected program
daily, after HEALTHY_BEFORE_FAULT_S of healthy running: the slowest of the seeds that
benchmarks/demo_faults.py measures (docs/demo-faults.md), plus a quarter and at least a
day (a fault injected just after a cycle began waits a day for the next), in whole days.
A fault missing here is not found reliably from what the demo feeds: the air
conditioner's condenser dust (its plug feeds no engine, so the care rules never learn when
its compressor runs) and the washer's heater scale (its cycles lengthen by 4 to 7 % and a
washer's energy is not judged, so one household in three goes unfound).
"""


class FaultClock:
    """When each active fault of one appliance began, and how developed it is by now."""

    __slots__ = ("_applicable", "_onsets")

    def __init__(self, applicable: Iterable[Fault]) -> None:
        """Track the faults that can affect this appliance; none is active yet."""
        self._applicable = frozenset(applicable)
        self._onsets: dict[Fault, int] = {}

    @property
    def active(self) -> frozenset[Fault]:
        """Return the active faults."""
        return frozenset(self._onsets)

    def set_active(self, faults: Iterable[Fault], t: int) -> None:
        """Make exactly these faults active; new ones begin at t, removed ones are repaired."""
        wanted = sorted({Fault(fault) for fault in faults if fault in self._applicable})
        self._onsets = {fault: self._onsets.get(fault, t) for fault in wanted}

    def severity(self, fault: Fault, t: int) -> float:
        """Return 0 (absent) to 1 (fully developed) for a fault at time t."""
        onset = self._onsets.get(fault)
        if onset is None:
            return 0.0
        ramp = RAMP_S[fault]
        if ramp <= 0:
            return 1.0
        return min(1.0, max(0.0, (t - onset) / ramp))

    def to_state(self) -> dict[str, int]:
        """Return the onsets, JSON-serialisable."""
        return {str(fault): onset for fault, onset in self._onsets.items()}

    def restore(self, state: Any, clock: int) -> None:
        """Take saved onsets for faults that are active now; unreadable entries are skipped."""
        if not isinstance(state, dict):
            return
        for fault in self._onsets:
            onset = state.get(str(fault))
            if isinstance(onset, int) and not isinstance(onset, bool) and onset <= clock:
                self._onsets[fault] = onset
