"""Sensors of Appliance Care.

Every appliance: care dates, counts and filter figures. Appliances with an engine: cycle
status, program, times, energies and counts, or compressor duty cycle and runs. Demo
appliances also show their simulated plug, temperatures, filter use and firmware.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from homeassistant.components.sensor import SensorEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .care_sensors import CareSensorDescription, care_descriptions
from .coordinator import ApplianceCoordinator
from .coordinator_push import STATUS_CONTEXT
from .cycle_sensors import APPLIANCE_DESCRIPTIONS, ApplianceSensorDescription
from .demo_machine import machine_entities
from .demo_sensors import DEMO_DESCRIPTIONS, DemoSensorDescription
from .engine.signals import SignalKind
from .entity import ApplianceEntity, DemoApplianceEntity, EngineEntity, async_add_per_appliance
from .health_sensor import HEALTH, HealthSensor
from .runtime import ApplianceCareConfigEntry

PARALLEL_UPDATES = 0


ON_ANOTHER_DEVICE = {"remaining": "remaining_checked", "cycle_count": "cycles_counted"}
"""Names taken on a connected appliance's device, where its integration's own entities
already show a remaining time and a cycle count."""


def metered(signals: frozenset[SignalKind]) -> bool:
    """Return whether an appliance's power or energy is measured."""
    return SignalKind.POWER in signals or SignalKind.ENERGY in signals


def _sensors(coordinator: ApplianceCoordinator) -> list[Entity]:
    entities: list[Entity] = []
    if (demo := coordinator.source.demo) is not None:
        snapshot = demo.snapshot
        entities += [
            DemoSensor(coordinator, description)
            for description in DEMO_DESCRIPTIONS
            if description.exists_fn(snapshot)
        ]
    if (appliance := coordinator.appliance) is not None:
        entities += [
            ApplianceSensor(coordinator, description)
            for description in APPLIANCE_DESCRIPTIONS
            if description.cycles == appliance.has_cycles
            and (not description.energy or metered(coordinator.profile.signals))
            and not (description.from_power and coordinator.profile.connected)
        ]
    entities += [
        CareSensor(coordinator, description) for description in care_descriptions(coordinator.care)
    ]
    entities.append(HealthSensor(coordinator, HEALTH))
    return entities + machine_entities(coordinator, "sensor")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of every appliance."""
    async_add_per_appliance(entry, async_add_entities, _sensors)


class DemoSensor(DemoApplianceEntity, SensorEntity):
    """A sensor of a simulated appliance."""

    entity_description: DemoSensorDescription

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        return self.native_value

    @property
    def native_value(self) -> float | str | None:
        """Return the sensor's value from the appliance's latest state."""
        return self.entity_description.value_fn(self.snapshot)


class ApplianceSensor(EngineEntity, SensorEntity):
    """A sensor showing what the care engine knows about an appliance."""

    entity_description: ApplianceSensorDescription

    def __init__(
        self, coordinator: ApplianceCoordinator, description: ApplianceSensorDescription
    ) -> None:
        """Initialise the sensor; live ones go unavailable with the source."""
        super().__init__(coordinator, description)
        self.live = description.live
        if description.shows_status:
            self.coordinator_context = STATUS_CONTEXT
        if coordinator.profile.device_id is not None and (
            own := ON_ANOTHER_DEVICE.get(description.key)
        ):
            # Beside the integration's own entities of the same name on its device.
            self._attr_translation_key = own

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        attributes = self.extra_state_attributes
        return (self.native_value, tuple(attributes.items()) if attributes else None)

    @property
    def native_value(self) -> float | str | datetime | None:
        """Return the value from the engine."""
        return self.entity_description.value_fn(self.appliance)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """Return the unit: the home's currency for a cost."""
        if self.entity_description.currency:
            return self.hass.config.currency
        return super().native_unit_of_measurement

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the figures behind the value, where the description gives some."""
        attributes_fn = self.entity_description.attributes_fn
        return attributes_fn(self.appliance) if attributes_fn is not None else None


class CareSensor(ApplianceEntity, SensorEntity):
    """A maintenance date, count or filter figure of an appliance."""

    entity_description: CareSensorDescription

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        return self.native_value

    @property
    def native_value(self) -> float | datetime | date | None:
        """Return the value from the care rules."""
        return self.entity_description.value_fn(self.care)
