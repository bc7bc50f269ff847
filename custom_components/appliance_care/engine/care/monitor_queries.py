"""The read-only side of CareMonitor: its settings, findings, records and forecasts."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from .book import FindingBook
from .filters import FilterLife
from .ledger import MaintenanceLedger
from .monitor_state import drift_levels
from .plausible import finite
from .reminders import Reminders
from .settings import CareSettings
from .types import Due, Finding, MaintenanceKind, MaintenanceRecord

if TYPE_CHECKING:
    from .monitor import CareMonitor


class MonitorQueries:
    """What a CareMonitor tells, and its purchase date (monitor.py holds the rules)."""

    __slots__ = ()

    _s: CareSettings
    _book: FindingBook
    _ledger: MaintenanceLedger
    _reminders: Reminders
    _filter: FilterLife
    _now: float | None

    @property
    def settings(self) -> CareSettings:
        """Return the settings in use."""
        return self._s

    @property
    def drift_levels(self) -> dict[str, float]:
        """Return each drift test's evidence as a share of its decision level (1 raises).

        For diagnostics: how close the appliance is to a drift finding. Keys: "duration"
        and "energy" (cycle appliances; energy only where judged), "duty" (fridges,
        freezers and air conditioners).
        """
        return drift_levels(cast("CareMonitor", self))

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Return the active findings."""
        return self._book.active

    @property
    def finding_log(self) -> tuple[tuple[str, str, float, float | None], ...]:
        """Return the findings raised, oldest first: kind, severity, raised and cleared at."""
        return self._book.log

    @property
    def maintenance(self) -> tuple[MaintenanceRecord, ...]:
        """Return every maintenance record, oldest first."""
        return tuple(self._ledger.records)

    def due(self, kind: MaintenanceKind) -> Due:
        """Return where a kind of maintenance stands."""
        replace_by, now = self.filter_replace_by, self._now
        kind = MaintenanceKind(kind)
        return self._reminders.due(
            kind, self._s, self._ledger, self._book, replace_by=replace_by, now=now
        )

    @property
    def purchased_at(self) -> float | None:
        """Return the purchase date (Unix s), if known."""
        return self._reminders.purchased_at

    @purchased_at.setter
    def purchased_at(self, at: float | None) -> None:
        """Take the purchase date: with no maintenance on record, reminders count from it."""
        self._reminders.purchased_at = at if at is None or finite(at) else None

    @property
    def filter_remaining_pct(self) -> float | None:
        """Return the filter life left in percent of its rated life, if a sensor reports."""
        return self._filter.remaining_pct(self._s)

    @property
    def filter_replace_by(self) -> float | None:
        """Return when the filter is forecast to reach its end (Unix s), if known."""
        if self._now is None:
            return None
        return self._filter.replace_by(self._now, self._s)
