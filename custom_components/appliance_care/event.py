"""Cycle events of watched appliances, as event entities to automate on."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import ApplianceCareConfigEntry
from .appliance import EngineEvent, WatchedAppliance
from .engine import CycleEvent, CycleEventKind
from .entity import CareEntity, WatchedApplianceEntity

PARALLEL_UPDATES = 0

SECONDS_PER_MINUTE = 60.0
WH_PER_KWH = 1000.0

CYCLE_EVENTS = EventEntityDescription(
    key="cycle",
    translation_key="cycle",
    event_types=[str(kind) for kind in CycleEventKind],
)
CARE_EVENTS = EventEntityDescription(
    key="care",
    translation_key="care",
    event_types=["finding_raised", "finding_cleared", "maintenance_recorded"],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a cycle event entity to every cycle appliance."""
    async_add_entities(
        ApplianceCycleEvent(appliance, CYCLE_EVENTS)
        for appliance in entry.runtime_data.appliances
        if appliance.has_cycles
    )
    async_add_entities(CareEvent(care, CARE_EVENTS) for care in entry.runtime_data.cares)


def event_attributes(event: CycleEvent) -> dict[str, Any]:
    """Return what an automation may want to know about a cycle event."""
    attributes: dict[str, Any] = {}
    if (cycle := event.cycle) is not None:
        attributes["duration_min"] = round(cycle.duration_s / SECONDS_PER_MINUTE, 1)
        attributes["energy_kwh"] = round(cycle.energy_wh / WH_PER_KWH, 3)
        attributes["program"] = cycle.program_name or (
            f"Program {cycle.program_id}" if cycle.program_id is not None else None
        )
        attributes["cycle_number"] = cycle.number
    if event.unload_reason is not None:
        attributes["unload_reason"] = str(event.unload_reason)
    return attributes


class ApplianceCycleEvent(WatchedApplianceEntity, EventEntity):
    """Fires cycle_started, cycle_paused, cycle_resumed, cycle_finished, appliance_unloaded."""

    def __init__(self, appliance: WatchedAppliance, description: EventEntityDescription) -> None:
        """Initialise the event entity."""
        super().__init__(appliance, description)

    async def async_added_to_hass(self) -> None:
        """Follow the appliance's cycle events (state is written only on events)."""
        self.async_on_remove(self.appliance.async_add_event_listener(self._handle_event))

    @callback
    def _handle_event(self, event: EngineEvent) -> None:
        if not isinstance(event, CycleEvent):
            return
        self._trigger_event(str(event.kind), event_attributes(event))
        self.async_write_ha_state()


class CareEvent(CareEntity, EventEntity):
    """Fires finding_raised, finding_cleared and maintenance_recorded."""

    async def async_added_to_hass(self) -> None:
        """Follow the appliance's care events (state is written only on events)."""
        self.async_on_remove(self.care.async_add_event_listener(self._handle_event))

    @callback
    def _handle_event(self, event_type: str, attributes: dict[str, Any]) -> None:
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()
