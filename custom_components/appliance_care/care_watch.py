"""Proactive care for one appliance: the care rules, their repairs and the maintenance log.

Follows the cycle engine's events (through WatchedAppliance) and the appliance's extra
sensors (temperatures, vibration, filter use, a weather forecast), runs the care rules
(engine.care.CareMonitor), keeps the findings and maintenance history in Home Assistant
storage, and turns findings the user must act on into Repairs issues.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.event import (
    async_track_state_change_event,
    async_track_time_interval,
)
from homeassistant.util import dt as dt_util

from .appliance import EngineEvent, WatchedAppliance, door_open, state_number
from .care_kinds import MAINTENANCE, REMINDED, finding_kinds
from .const import DOMAIN, LOGGER
from .engine import CompressorEvent, CycleEvent, CycleEventKind, ProgramInfo
from .engine.care import (
    CareChange,
    CareMonitor,
    CareSettings,
    CareSubject,
    Finding,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    Severity,
)
from .saved_watch import SavedWatch

# Care rules look at slow things (days of duty cycle, hours of wet laundry): a minute is
# fine-grained enough and costs nothing.
CARE_TICK = timedelta(minutes=1)
# A weather forecast changes a few times a day; asking every half hour is plenty.
FORECAST_INTERVAL = timedelta(minutes=30)
FORECAST_HORIZON = timedelta(hours=48)
SAVE_AFTER_CHANGE_S = 10.0

type CareListener = Callable[[], None]
type CareEventListener = Callable[[str, dict[str, Any]], None]


@dataclass(frozen=True, kw_only=True)
class CareSources:
    """Extra sensors the care rules read."""

    door: str | None = None
    temperature: str | None = None
    ambient: str | None = None
    outdoor: str | None = None
    weather: str | None = None
    vibration: str | None = None
    filter_usage: str | None = None


class CareWatch(SavedWatch):
    """The care rules of one appliance, shown as findings, repairs and a maintenance log."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        storage_key: str,
        unique_prefix: str,
        name: str,
        subject: CareSubject,
        settings: CareSettings,
        sources: CareSources,
        device_info: DeviceInfo,
        unheated_place: bool = False,
        appliance: WatchedAppliance | None = None,
    ) -> None:
        """Prepare the care rules; async_start loads the history and starts following."""
        super().__init__(hass, storage_key)
        self.subject = subject
        self.unique_prefix = unique_prefix
        self.name = name
        self.device_info = device_info
        self.sources = sources
        self.appliance = appliance
        self._settings = settings
        self._unheated_place = unheated_place
        self.monitor: CareMonitor | None = None
        self._listeners: list[CareListener] = []
        self._event_listeners: list[CareEventListener] = []
        self._forecast_min: float | None = None

    # ------------------------------------------------------------------ lifecycle

    async def async_start(self, sources: CareSources | None = None) -> None:
        """Load the saved care history, then follow the appliance and its sensors."""
        if sources is not None:
            self.sources = sources
        stored = await self._store.async_load()
        state = stored.get("care") if isinstance(stored, dict) else None
        try:
            self.monitor = self._new_monitor(state if isinstance(state, dict) else None)
        except ValueError as err:
            await self._async_keep_unreadable(
                stored,
                err,
                issue_id=f"unreadable_history_{self.unique_prefix}_care",
                name=self.name,
            )
            self.monitor = self._new_monitor(None)
        self._loaded = True
        watched = [
            entity_id
            for entity_id in (
                self.sources.door,
                self.sources.temperature,
                self.sources.ambient,
                self.sources.outdoor,
                self.sources.vibration,
                self.sources.filter_usage,
            )
            if entity_id
        ]
        if watched:
            self._unsubscribers.append(
                async_track_state_change_event(self.hass, watched, self._async_sensor_changed)
            )
        if self.appliance is not None:
            self._unsubscribers.append(
                self.appliance.async_add_event_listener(self._handle_engine_event)
            )
        self._unsubscribers.append(
            async_track_time_interval(
                self.hass, self._async_tick, CARE_TICK, name=f"{DOMAIN} care tick"
            )
        )
        if self.sources.weather and self._unheated_place:
            self._unsubscribers.append(
                async_track_time_interval(
                    self.hass,
                    self._async_refresh_forecast,
                    FORECAST_INTERVAL,
                    name=f"{DOMAIN} forecast",
                )
            )
            self.hass.async_create_background_task(
                self._async_refresh_forecast(), name=f"{DOMAIN} first forecast"
            )
        self._unsubscribers.append(
            self.hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._async_on_stop)
        )
        now = self.engine_time(dt_util.utcnow().timestamp())
        for entity_id in watched:
            self._feed(entity_id, self.hass.states.get(entity_id), now)
        self._sync_repairs()
        self.async_publish()

    def _new_monitor(self, state: dict[str, Any] | None) -> CareMonitor:
        return CareMonitor(
            self.subject, self._settings, state=state, unheated_place=self._unheated_place
        )

    def _document(self) -> dict[str, Any]:
        return {
            "subject": str(self.subject),
            "care": self.monitor.to_state() if self.monitor is not None else None,
        }

    # ---------------------------------------------------------------- listeners

    @callback
    def async_add_listener(self, listener: CareListener) -> CALLBACK_TYPE:
        """Call listener whenever findings or the maintenance log changed."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def async_add_event_listener(self, listener: CareEventListener) -> CALLBACK_TYPE:
        """Call listener(event_type, attributes) for every finding raised or cleared."""
        self._event_listeners.append(listener)
        return lambda: self._event_listeners.remove(listener)

    # ------------------------------------------------------------------- inputs

    @callback
    def _handle_engine_event(self, event: EngineEvent) -> None:
        monitor = self.monitor
        if monitor is None:
            return
        changes: tuple[CareChange, ...] = ()
        if isinstance(event, CompressorEvent):
            changes = monitor.compressor(event)
        elif event.kind is CycleEventKind.CYCLE_STARTED:
            changes = monitor.cycle_started(event.at)
        elif event.kind is CycleEventKind.CYCLE_FINISHED and event.cycle is not None:
            changes = monitor.cycle_finished(event.cycle, self._program_of(event))
        elif event.kind is CycleEventKind.APPLIANCE_UNLOADED:
            changes = monitor.unloaded(event.at)
        self._after(changes, publish=isinstance(event, CycleEvent))

    def _program_of(self, event: CycleEvent) -> ProgramInfo | None:
        tracker = self.appliance.tracker if self.appliance is not None else None
        if tracker is None or event.cycle is None:
            return None
        return tracker.program_info(event.cycle.program_id)

    @callback
    def _async_sensor_changed(self, event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        at = (
            new_state.last_updated_timestamp
            if new_state is not None
            else event.time_fired_timestamp
        )
        self._feed(event.data["entity_id"], new_state, self.engine_time(at))

    @callback
    def _feed(self, entity_id: str, state: State | None, at: float) -> None:
        monitor = self.monitor
        if monitor is None:
            return
        sources = self.sources
        changes: tuple[CareChange, ...] = ()
        if entity_id == sources.door:
            changes = monitor.door(at, door_open(state))
        elif entity_id == sources.temperature:
            changes = monitor.temperature(at, state_number(state))
        elif entity_id == sources.ambient:
            changes = monitor.ambient(at, state_number(state))
        elif entity_id == sources.outdoor:
            changes = monitor.outdoor(at, state_number(state), self._forecast_min)
        elif entity_id == sources.vibration:
            changes = monitor.vibration(at, None if state is None else state.state == "on")
        elif entity_id == sources.filter_usage:
            changes = monitor.filter_usage(at, state_number(state))
        self._after(changes, publish=entity_id == sources.filter_usage)

    async def _async_refresh_forecast(self, _now: datetime | None = None) -> None:
        """Read the lowest forecast temperature of the next 48 hours."""
        weather = self.sources.weather
        if weather is None or self.monitor is None:
            return
        try:
            response = await self.hass.services.async_call(
                "weather",
                "get_forecasts",
                {"entity_id": weather, "type": "hourly"},
                blocking=True,
                return_response=True,
            )
        except HomeAssistantError as err:
            LOGGER.debug("No forecast from %s: %s", weather, err)
            return
        horizon = dt_util.utcnow() + FORECAST_HORIZON
        self._forecast_min = forecast_low(response, weather, horizon)
        outdoor = (
            state_number(self.hass.states.get(self.sources.outdoor))
            if self.sources.outdoor
            else None
        )
        now = self.engine_time(dt_util.utcnow().timestamp())
        changes = self.monitor.outdoor(now, outdoor, self._forecast_min)
        self._after(changes, publish=False)

    @callback
    def _async_tick(self, now: datetime) -> None:
        monitor = self.monitor
        if monitor is None:
            return
        at = self.engine_time(now.timestamp())
        changes = monitor.tick(at)
        compressor = self.appliance.compressor if self.appliance is not None else None
        if compressor is not None:
            changes += monitor.compressor_stats(
                at,
                running=compressor.running,
                duty_cycle_24h=compressor.duty_cycle_24h,
                power_w=self.appliance.power_w if self.appliance is not None else None,
            )
        self._after(changes, publish=True)

    # ------------------------------------------------------------------ outputs

    @callback
    def _after(self, changes: tuple[CareChange, ...], *, publish: bool) -> None:
        for change in changes:
            event_type = "finding_raised" if change.raised else "finding_cleared"
            for event_listener in tuple(self._event_listeners):
                event_listener(event_type, self.finding_attributes(change.finding))
        if changes:
            self._sync_repairs()
            self._store.async_delay_save(self._document, SAVE_AFTER_CHANGE_S)
            publish = True
        if publish:
            self.async_publish()

    @callback
    def async_publish(self) -> None:
        """Let every entity refresh what it shows."""
        for listener in tuple(self._listeners):
            listener()

    def engine_time(self, wall: float) -> float:
        """Return the care rules' time for a wall-clock Unix time (the appliance's engine time)."""
        return self.appliance.engine_time(wall) if self.appliance is not None else wall

    def wall_time(self, engine_time: float) -> datetime:
        """Return the wall-clock moment of a time the care rules gave."""
        if self.appliance is not None:
            return self.appliance.wall_time(engine_time)
        return dt_util.utc_from_timestamp(engine_time)

    def finding_attributes(self, finding: Finding) -> dict[str, Any]:
        """Return a finding as entity or event attributes."""
        return {
            "kind": str(finding.kind),
            "severity": str(finding.severity),
            "since": self.wall_time(finding.since).isoformat(),
            "evidence": finding.evidence,
            "advice": finding.advice,
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
        """Show a Repairs issue for each warning or worse, and for each fixable finding."""
        if self.monitor is None:
            return
        active = {f.kind: f for f in self.monitor.findings}
        for finding in active.values():
            if finding.severity is Severity.INFO and finding.fix is None:
                continue
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
                translation_key=str(finding.kind),
                translation_placeholders={"name": self.name, **placeholders(finding)},
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
            door=bool(self.sources.door),
            temperature=bool(self.sources.temperature),
            vibration=bool(self.sources.vibration),
            unheated=self._unheated_place,
        )

    def maintenance_buttons(self) -> tuple[MaintenanceKind, ...]:
        """Return the maintenance the user can record with a button."""
        return MAINTENANCE[self.subject]

    def reminder_kinds(self) -> tuple[MaintenanceKind, ...]:
        """Return the recurring maintenance this appliance is reminded of."""
        return REMINDED.get(self.subject, ())

    def last_maintenance(self, kind: MaintenanceKind) -> MaintenanceRecord | None:
        """Return the last recorded maintenance of a kind."""
        if self.monitor is None:
            return None
        return next((r for r in reversed(self.monitor.maintenance) if r.kind == kind), None)

    @callback
    def async_record(self, record: MaintenanceRecord) -> tuple[CareChange, ...]:
        """Record maintenance or a repair; findings it resolves clear."""
        if self.monitor is None:
            raise HomeAssistantError("care rules not started")
        changes = self.monitor.record_maintenance(replace(record, at=self.engine_time(record.at)))
        for listener in tuple(self._event_listeners):
            listener(
                "maintenance_recorded",
                {"maintenance": str(record.kind), "note": record.note, "cost": record.cost},
            )
        self._after(changes, publish=True)
        self._store.async_delay_save(self._document, SAVE_AFTER_CHANGE_S)
        return changes


def loaded_cares(hass: HomeAssistant) -> Iterator[CareWatch]:
    """Yield the care rules of every loaded Appliance Care entry."""
    for entry in hass.config_entries.async_loaded_entries(DOMAIN):
        for care in entry.runtime_data.cares:
            if isinstance(care, CareWatch):
                yield care


def forecast_low(response: object, weather: str, horizon: datetime) -> float | None:
    """Return the lowest temperature a weather.get_forecasts response gives before horizon."""
    if not isinstance(response, dict) or not isinstance(found := response.get(weather), dict):
        return None
    forecast = found.get("forecast")
    lows: list[float] = []
    for item in forecast if isinstance(forecast, list) else []:
        if not isinstance(item, dict):
            continue
        when = dt_util.parse_datetime(str(item.get("datetime", "")))
        low = item.get("templow", item.get("temperature"))
        if when is None or when > horizon or isinstance(low, bool):
            continue
        if isinstance(low, int | float) and low == low:  # noqa: PLR0124 - skip NaN
            lows.append(float(low))
    return min(lows) if lows else None


# Numbers in repair texts: whole numbers as they are, others to one decimal.
PLACEHOLDER_DECIMALS = 1


def placeholders(finding: Finding) -> dict[str, str]:
    """Return a finding's numbers as translation placeholders for its repair issue."""
    shown: dict[str, str] = {}
    for key, value in finding.values.items():
        if isinstance(value, float) and not value.is_integer():
            shown[key] = f"{value:.{PLACEHOLDER_DECIMALS}f}"
        elif isinstance(value, float):
            shown[key] = str(int(value))
        else:
            shown[key] = str(value)
    return shown
