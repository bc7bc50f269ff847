"""What a power sensor under a connected machine does: it measures, the machine decides.

The base of ConnectedTracker: the cycle's energy, peak and signature come from the power
(and energy) readings as for any appliance, but neither starts, pauses nor finishes a
cycle, and programs are the machine's courses, never matched by their power envelope.
"""

from __future__ import annotations

from collections.abc import Mapping

from .detector import CycleTracker
from .history import RECENT_CYCLES
from .settings import CycleSettings
from .types import ApplianceType


class PowerBesideTheMachine(CycleTracker):
    """A CycleTracker whose power readings only measure."""

    __slots__ = ("_metered",)

    def __init__(
        self,
        appliance_type: ApplianceType,
        settings: CycleSettings | None = None,
        *,
        state: Mapping[str, object] | None = None,
        restored_at: float | None = None,
        history_size: int = RECENT_CYCLES,
    ) -> None:
        """Create the tracker (see CycleTracker)."""
        self._metered = False
        """A power or energy sensor reports (its cycles have an energy)."""
        self._init_machine()
        super().__init__(
            appliance_type,
            settings,
            state=state,
            restored_at=restored_at,
            history_size=history_size,
        )

    def _init_machine(self) -> None:
        """Set the fields of what the machine says (the subclass has them)."""

    def _new_matcher(self) -> None:
        """Programs are the machine's courses here, never matched by their power envelope."""
        self._matcher = None
        self._match = None

    def _apply(self, t: float, p: float | None) -> None:
        """Hold a power reading: energy and peak of the cycle; the machine decides the rest."""
        if p is None:
            self._mark_unknown(t)
            return
        self._power = p
        self._unknown_since = None
        self._metered = True
        live = self._live
        if live is not None and live.confirmed:
            live.peak_w = max(live.peak_w, p)

    def _data_returned(self, t: float, p: float) -> None:
        """Decide nothing from a gap in the power readings: the machine says what happened."""
        del t, p
        self._unknown_since = None
