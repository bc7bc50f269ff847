"""How injected faults develop: sudden ones step in, gradual ones ramp in over days."""

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from .clock import SECONDS_PER_DAY
from .model import Fault

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
