"""Cycle and care events of every appliance, as event entities to automate on."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .appliance import WatchedAppliance
from .coordinator import ApplianceCoordinator
from .coordinator_push import EVENTS_CONTEXT
from .engine import CycleEvent, CycleEventKind
from .entity import ApplianceEntity, async_add_per_appliance
from .runtime import ApplianceCareConfigEntry

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


def _events(coordinator: ApplianceCoordinator) -> list[Entity]:
    entities: list[Entity] = []
    if (appliance := coordinator.appliance) is not None and appliance.has_cycles:
        entities.append(ApplianceCycleEvent(coordinator, CYCLE_EVENTS))
    entities.append(CareEvent(coordinator, CARE_EVENTS))
    return entities


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a cycle event entity to every cycle appliance, a care event entity to all."""
    async_add_per_appliance(entry, async_add_entities, _events)


def event_attributes(event: CycleEvent, appliance: WatchedAppliance) -> dict[str, Any]:
    """Return what an automation may want to know about a cycle event.

    `program` is the program's name, or its numbered label in the user's language;
    `program_id` is the number to test in automations (None when no program matched).
    """
    attributes: dict[str, Any] = {}
    if (cycle := event.cycle) is not None:
        attributes["duration_min"] = round(cycle.duration_s / SECONDS_PER_MINUTE, 1)
        # A connected machine without a power sensor tells no energy.
        attributes["energy_kwh"] = round(cycle.energy_wh / WH_PER_KWH, 3) if cycle.metered else None
        attributes["program"] = appliance.program_label(cycle.program_id, cycle.program_name)
        attributes["program_id"] = cycle.program_id
        attributes["cycle_number"] = cycle.number
        # Priced as it was drawn, in the home's currency (None without a price).
        cost = appliance.cost.cost_of(cycle.number) if cycle.metered else None
        attributes["cost"] = None if cost is None else round(cost, 4)
        attributes["currency"] = appliance.hass.config.currency if cost is not None else None
    if event.unload_reason is not None:
        attributes["unload_reason"] = str(event.unload_reason)
    return attributes


class ApplianceEventEntity(ApplianceEntity, EventEntity):
    """An event entity: it hears each update of its appliance before the other entities."""

    def __init__(
        self, coordinator: ApplianceCoordinator, description: EventEntityDescription
    ) -> None:
        """Initialise the event entity of one appliance."""
        super().__init__(coordinator, description)
        self.coordinator_context = EVENTS_CONTEXT


class ApplianceCycleEvent(ApplianceEventEntity):
    """Fires cycle_started, cycle_paused, cycle_resumed, cycle_finished, appliance_unloaded."""

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        # One state write per event: automations see each of them.
        appliance = self.coordinator.appliance
        for event in self.coordinator.data.cycle_events:
            if isinstance(event, CycleEvent) and appliance is not None:
                attributes = event_attributes(event, appliance)
                self._trigger_event(str(event.kind), attributes)
                self.async_write_ha_state()


class CareEvent(ApplianceEventEntity):
    """Fires finding_raised, finding_cleared and maintenance_recorded."""

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        for event_type, attributes in self.coordinator.data.care_events:
            self._trigger_event(event_type, attributes)
            self.async_write_ha_state()
