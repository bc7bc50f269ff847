"""The read-only side of CareMonitor: its settings, findings, records and forecasts."""

from __future__ import annotations

from .book import FindingBook
from .filters import FilterLife
from .ledger import MaintenanceLedger
from .reminders import Reminders
from .settings import CareSettings
from .types import Due, Finding, MaintenanceKind, MaintenanceRecord


class MonitorQueries:
    """What a CareMonitor tells (monitor.py holds the rules that change it)."""

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
        return self._reminders.due(kind, self._s, self._ledger, replace_by=replace_by, now=now)

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
