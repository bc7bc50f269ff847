"""Proactive care for one appliance: the care rules, their repairs and the maintenance log.

Takes the appliance's readings and its engine's events from the coordinator, runs the care
rules (engine.care.CareMonitor), keeps the findings and maintenance history in Home
Assistant storage, and turns findings the user must act on into Repairs issues.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
import re
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from .care_kinds import MAINTENANCE, OF_THE_MOMENT, finding_kinds, issue_key
from .const import DOMAIN
from .describe import shown_values
from .engine import CompressorEvent, CompressorMonitor, CycleEvent, CycleEventKind, ProgramInfo
from .engine.care import (
    CareChange,
    CareMonitor,
    Due,
    Finding,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    Severity,
    reminder_kinds,
)
from .engine.signals import Reading, SignalKind
from .saved_watch import NotAStoreDocumentError, SavedWatch
from .sources.base import ApplianceProfile, SourceClock

SAVE_AFTER_CHANGE_S = 10.0
MIDDAY_S = 12 * 3600.0

type ProgramLookup = Callable[[int | None], ProgramInfo | None]


def care_storage_key(key: str) -> str:
    """Return the storage key of one appliance's care history."""
    return f"{DOMAIN}.care_{key}"


def _care_state(stored: object) -> dict[str, Any]:
    """Return the care state of a saved document; raise for any other document."""
    care = stored.get("care") if isinstance(stored, dict) else None
    if not isinstance(care, dict):
        raise NotAStoreDocumentError(f"a {type(stored).__name__}, not a saved care history")
    return care


# The health trend keeps twenty years of months.
MAX_HEALTH_MONTHS = 240
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_INDEX_RANGE = range(101)


def _health_trend(stored: object) -> dict[str, int]:
    """Return the saved monthly health indexes, leaving out what no index can be."""
    saved = stored.get("health") if isinstance(stored, dict) else None
    if not isinstance(saved, dict):
        return {}
    trend = {
        month: index
        for month, index in saved.items()
        if isinstance(month, str)
        and _MONTH.match(month)
        and isinstance(index, int)
        and not isinstance(index, bool)
        and index in _INDEX_RANGE
    }
    return dict(sorted(trend.items())[-MAX_HEALTH_MONTHS:])


def _number(value: float | bool | str | None) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _flag(value: float | bool | str | None) -> bool | None:
    return value if isinstance(value, bool) else None


class CareWatch(SavedWatch):
    """The care rules of one appliance, shown as findings, repairs and a maintenance log."""

    def __init__(self, hass: HomeAssistant, profile: ApplianceProfile, clock: SourceClock) -> None:
        """Prepare the care rules; async_load reads the history."""
        super().__init__(hass, care_storage_key(profile.key))
        self.subject = profile.subject
        self.unique_prefix = profile.key
        self.name = profile.name
        self._signals = profile.signals
        self._settings = profile.care_settings
        self._unheated_place = profile.unheated
        self._purchased = profile.purchased
        self._clock = clock
        self.monitor: CareMonitor | None = None
        self.health_by_month: dict[str, int] = {}
        """The health index of each month (its latest value), for the passport's trend."""

    async def async_load(self) -> None:
        """Read the saved care history; keep it aside with a repair if it cannot be read."""
        issue_id = f"unreadable_history_{self.unique_prefix}_care"
        stored = await self._async_read(name=self.name, issue_id=issue_id)
        self.health_by_month = _health_trend(stored)
        try:
            self.monitor = self._new_monitor(None if stored is None else _care_state(stored))
        except (ValueError, TypeError, KeyError) as err:
            await self._async_keep_unreadable(stored, err, issue_id=issue_id, name=self.name)
            self.monitor = self._new_monitor(None)
        self._loaded = True
        self._sync_repairs()

    def _new_monitor(self, state: dict[str, Any] | None) -> CareMonitor:
        wall_now = dt_util.utcnow().timestamp()
        now = self.engine_time(wall_now)
        monitor = CareMonitor(
            self.subject,
            self._settings,
            state=state,
            unheated_place=self._unheated_place,
            restored_at=now,
            next_day_start=self.next_day_start,
        )
        monitor.purchased_at = self.purchased_at(now, wall_now)
        return monitor

    def purchased_at(self, now: float, wall_now: float) -> float | None:
        """Return the purchase's midday (no DST shift moves a date from it) in engine time."""
        if self._purchased is None:
            return None
        bought = dt_util.start_of_local_day(self._purchased).timestamp() + MIDDAY_S
        return now - max(0.0, wall_now - bought)

    def _document(self) -> dict[str, Any]:
        return {
            "subject": str(self.subject),
            "care": self.monitor.to_state() if self.monitor is not None else None,
            "health": dict(self.health_by_month),
        }

    @callback
    def note_health(self, index: int) -> None:
        """Keep the health index as this month's (saved soon when it changed)."""
        moment = datetime.fromtimestamp(self.engine_time(dt_util.utcnow().timestamp()), UTC)
        month = moment.strftime("%Y-%m")
        if self.health_by_month.get(month) == index:
            return
        self.health_by_month[month] = index
        while len(self.health_by_month) > MAX_HEALTH_MONTHS:
            del self.health_by_month[min(self.health_by_month)]
        self._save_later(SAVE_AFTER_CHANGE_S)

    # ------------------------------------------------------------------- inputs

    @callback
    def feed(self, reading: Reading) -> tuple[CareChange, ...]:
        """Hand one reading of the appliance's sensors to the care rules."""
        monitor = self.monitor
        if monitor is None:
            return ()
        at, value = reading.at, reading.value
        match reading.kind:
            case SignalKind.DOOR:
                changes = monitor.door(at, _flag(value))
            case SignalKind.COMPARTMENT_TEMPERATURE:
                changes = monitor.temperature(at, _number(value))
            case SignalKind.AMBIENT_TEMPERATURE:
                changes = monitor.ambient(at, _number(value))
            case SignalKind.VIBRATION:
                changes = monitor.vibration(at, _flag(value))
            case SignalKind.FILTER_USED:
                changes = monitor.filter_usage(at, _number(value))
            case SignalKind.ERROR:
                changes = monitor.machine_error(at, value)
            case SignalKind.TUB_CLEAN_COUNT:
                changes = monitor.tub_clean_count(at, _number(value))
            case _:
                return ()
        return self._after(changes)

    @callback
    def engine_event(
        self, event: CycleEvent | CompressorEvent, program_of: ProgramLookup
    ) -> tuple[CareChange, ...]:
        """Hand one event of the appliance's engine to the care rules."""
        monitor = self.monitor
        if monitor is None:
            return ()
        changes: tuple[CareChange, ...] = ()
        if isinstance(event, CompressorEvent):
            changes = monitor.compressor(event)
        elif event.kind is CycleEventKind.CYCLE_STARTED:
            changes = monitor.cycle_started(event.at)
        elif event.kind is CycleEventKind.CYCLE_FINISHED and event.cycle is not None:
            changes = monitor.cycle_finished(event.cycle, program_of(event.cycle.program_id))
        elif event.kind is CycleEventKind.APPLIANCE_UNLOADED:
            changes = monitor.unloaded(event.at)
        return self._after(changes)

    @callback
    def outdoor(
        self, wall: float, celsius: float | None, forecast_low_c: float | None
    ) -> tuple[CareChange, ...]:
        """Hand the home's outdoor temperature and the forecast's low to the care rules."""
        if self.monitor is None:
            return ()
        return self._after(self.monitor.outdoor(self.engine_time(wall), celsius, forecast_low_c))

    @callback
    def tick(
        self, now: datetime, compressor: CompressorMonitor | None, power_w: float | None
    ) -> tuple[CareChange, ...]:
        """Let time pass for the care rules, with the compressor's figures if there is one."""
        monitor = self.monitor
        if monitor is None:
            return ()
        at = self.engine_time(now.timestamp())
        changes = monitor.tick(at)
        if compressor is not None:
            changes += monitor.compressor_stats(
                at,
                running=compressor.running,
                duty_cycle_24h=compressor.duty_cycle_24h,
                power_w=power_w,
            )
        return self._after(changes)

    @callback
    def _after(self, changes: tuple[CareChange, ...]) -> tuple[CareChange, ...]:
        if changes:
            self._sync_repairs()
            self._save_later(SAVE_AFTER_CHANGE_S)
        return changes

    def change_event(self, change: CareChange) -> tuple[str, dict[str, Any]]:
        """Return the care event of a finding raised or cleared, with its attributes."""
        event_type = "finding_raised" if change.raised else "finding_cleared"
        return event_type, self.finding_attributes(change.finding)

    def engine_time(self, wall: float) -> float:
        """Return the care rules' time for a wall-clock Unix time (the source's clock)."""
        return self._clock.to_engine(wall)

    def wall_time(self, engine_time: float) -> datetime:
        """Return the wall-clock moment of a time the care rules gave."""
        return dt_util.utc_from_timestamp(self._clock.to_wall(engine_time))

    def finding_attributes(self, finding: Finding) -> dict[str, Any]:
        """Return a finding as entity or event attributes: codes and numbers, no sentences.

        `appliance_care.describe_finding` puts them into words in the user's language.
        """
        return {
            "kind": str(finding.kind),
            "severity": str(finding.severity),
            "since": self.wall_time(finding.since).isoformat(),
            "fix": None if finding.fix is None else str(finding.fix),
            "values": dict(finding.values),
        }

    def finding(self, kind: str) -> Finding | None:
        """Return the active finding of a kind, if any."""
        if self.monitor is None:
            return None
        return next((f for f in self.monitor.findings if f.kind == kind), None)

    def _issue_id(self, kind: str) -> str:
        return f"{self.unique_prefix}_{kind}"

    @callback
    def _sync_repairs(self) -> None:
        """Show a Repairs issue for each finding that needs a decision.

        That is a warning or worse, or a fault a maintenance fixes. Maintenance that falls
        due is the to-do list's (todo.py), and findings of the moment (laundry left in, a
        door left open) are their problem sensors' and events'.
        """
        if self.monitor is None:
            return
        active = {f.kind: f for f in self.monitor.findings if needs_repair(f)}
        for finding in active.values():
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self._issue_id(finding.kind),
                is_fixable=finding.fix is not None,
                is_persistent=False,
                severity=(
                    ir.IssueSeverity.CRITICAL
                    if finding.severity is Severity.CRITICAL
                    else ir.IssueSeverity.WARNING
                ),
                translation_key=issue_key(finding.kind, finding.values),
                translation_placeholders={
                    "name": self.name,
                    **placeholders(finding, self.hass.config.units.temperature_unit),
                },
                data={
                    "prefix": self.unique_prefix,
                    "fix": str(finding.fix) if finding.fix else "",
                    "name": self.name,
                },
            )
        registry = ir.async_get(self.hass)
        for (domain, issue_id), _issue in list(registry.issues.items()):
            if domain != DOMAIN or not issue_id.startswith(f"{self.unique_prefix}_"):
                continue
            kind = issue_id.removeprefix(f"{self.unique_prefix}_")
            if kind in {str(k) for k in active} or kind.startswith("unreadable"):
                continue
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)

    # ---------------------------------------------------------------- commands

    def finding_kinds(self) -> tuple[FindingKind, ...]:
        """Return the findings this appliance can have (one problem sensor each)."""
        return finding_kinds(
            self.subject,
            door=SignalKind.DOOR in self._signals,
            temperature=SignalKind.COMPARTMENT_TEMPERATURE in self._signals,
            vibration=SignalKind.VIBRATION in self._signals,
            unheated=self._unheated_place,
            error=SignalKind.ERROR in self._signals,
            filter_life=SignalKind.FILTER_USED in self._signals,
        )

    def maintenance_buttons(self) -> tuple[MaintenanceKind, ...]:
        """Return the maintenance the user can record with a button."""
        return MAINTENANCE[self.subject]

    @property
    def reports_filter(self) -> bool:
        """Return whether the appliance reports its filter's life (a connected fridge too)."""
        return SignalKind.FILTER_USED in self._signals

    def reminder_kinds(self) -> tuple[MaintenanceKind, ...]:
        """Return the recurring maintenance this appliance is reminded of (the care rules')."""
        return reminder_kinds(self.subject)

    def due(self, kind: MaintenanceKind) -> Due | None:
        """Return where a maintenance stands: due or not, next and last date, in one look."""
        return self.monitor.due(kind) if self.monitor is not None else None

    def local_date(self, at: float | None) -> date | None:
        """Return the local date of a time the care rules gave."""
        return None if at is None else self._local_day(at)

    def _local_day(self, at: float) -> date:
        return dt_util.as_local(self.wall_time(at)).date()

    def next_day_start(self, at: float) -> float:
        """Return when the local day after that of a care time begins, in care time.

        Through the source's clock: the demo's time runs faster than the wall clock.
        """
        day = self._local_day(at) + timedelta(days=1)
        return self.engine_time(dt_util.start_of_local_day(day).timestamp())

    def next_due_date(self, kind: MaintenanceKind) -> date | None:
        """Return the local date a maintenance falls due (a filter: its forecast end)."""
        due = self.due(kind)
        return None if due is None else self.local_date(due.next_due_at)

    def last_done(self, kind: MaintenanceKind) -> datetime | None:
        """Return when a maintenance was last done (a new filter is a cleaned one too)."""
        due = self.due(kind)
        return None if due is None or due.last_at is None else self.wall_time(due.last_at)

    @callback
    def record(self, record: MaintenanceRecord) -> tuple[CareChange, ...]:
        """Record maintenance or a repair; return the findings it raised or cleared."""
        if self.monitor is None:
            raise HomeAssistantError(translation_domain=DOMAIN, translation_key="not_loaded")
        changes = self.monitor.record_maintenance(replace(record, at=self.engine_time(record.at)))
        self._after(changes)
        self._save_later(SAVE_AFTER_CHANGE_S)
        return changes


def needs_repair(finding: Finding) -> bool:
    """Return whether a finding asks for a decision in Repairs (see _sync_repairs)."""
    if finding.kind.is_reminder or finding.kind in OF_THE_MOMENT:
        return False
    return finding.severity is not Severity.INFO or finding.fix is not None


def placeholders(finding: Finding, temperature_unit: str) -> dict[str, str]:
    """Return a finding's numbers as translation placeholders for its repair issue."""
    return shown_values(finding.values, temperature_unit)
