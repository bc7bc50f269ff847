"""Sensors of Appliance Care.

Demo appliances: power, energy, temperatures, filter use, firmware. Watched appliances:
cycle status, program, times, energies and counts; compressor duty cycle and runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfEnergy,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfVolume,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import ApplianceCareConfigEntry
from .care_sensors import CareSensorDescription, care_descriptions
from .cycle_sensors import APPLIANCE_DESCRIPTIONS, ApplianceSensorDescription
from .entity import CareEntity, DemoApplianceEntity, WatchedApplianceEntity
from .simulator import ApplianceSnapshot

PARALLEL_UPDATES = 0

# Energy is published in whole watt-hours, as real meters do, so that standby draw
# does not write a new state every second.
ENERGY_DECIMALS = 3
TEMPERATURE_DECIMALS = 1
FILTER_DECIMALS = 1
WATER_DECIMALS = 2


@dataclass(frozen=True, kw_only=True)
class DemoSensorDescription(SensorEntityDescription):
    """Describes one sensor of a simulated appliance."""

    exists_fn: Callable[[ApplianceSnapshot], bool] = lambda _: True
    value_fn: Callable[[ApplianceSnapshot], float | str | None]


def _rounded(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals)


DESCRIPTIONS: tuple[DemoSensorDescription, ...] = (
    DemoSensorDescription(
        key="power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=1,
        value_fn=lambda s: s.power_w,
    ),
    DemoSensorDescription(
        key="energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=lambda s: round(s.energy_kwh, ENERGY_DECIMALS),
    ),
    DemoSensorDescription(
        key="compartment_temperature",
        translation_key="compartment_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        exists_fn=lambda s: s.freezer_temperature_c is not None,
        value_fn=lambda s: _rounded(s.interior_temperature_c, TEMPERATURE_DECIMALS),
    ),
    DemoSensorDescription(
        key="room_temperature",
        translation_key="room_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        exists_fn=lambda s: (
            s.interior_temperature_c is not None and s.freezer_temperature_c is None
        ),
        value_fn=lambda s: _rounded(s.interior_temperature_c, TEMPERATURE_DECIMALS),
    ),
    DemoSensorDescription(
        key="freezer_temperature",
        translation_key="freezer_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        exists_fn=lambda s: s.freezer_temperature_c is not None,
        value_fn=lambda s: _rounded(s.freezer_temperature_c, TEMPERATURE_DECIMALS),
    ),
    DemoSensorDescription(
        key="ambient_temperature",
        translation_key="ambient_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        exists_fn=lambda s: s.ambient_temperature_c is not None,
        value_fn=lambda s: _rounded(s.ambient_temperature_c, TEMPERATURE_DECIMALS),
    ),
    DemoSensorDescription(
        key="filter_used",
        translation_key="filter_used",
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        exists_fn=lambda s: s.filter_used_pct is not None,
        value_fn=lambda s: _rounded(s.filter_used_pct, FILTER_DECIMALS),
    ),
    DemoSensorDescription(
        key="water_dispensed",
        translation_key="water_dispensed",
        device_class=SensorDeviceClass.WATER,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfVolume.LITERS,
        suggested_display_precision=1,
        exists_fn=lambda s: s.water_dispensed_l is not None,
        value_fn=lambda s: _rounded(s.water_dispensed_l, WATER_DECIMALS),
    ),
    DemoSensorDescription(
        key="firmware",
        translation_key="firmware",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda s: s.firmware_version,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of every appliance of the entry."""
    runtime = entry.runtime_data
    if (demo_home := runtime.demo_home) is not None:
        async_add_entities(
            DemoSensor(demo_home, entry.entry_id, kind, description)
            for kind in demo_home.home.kinds
            for description in DESCRIPTIONS
            if description.exists_fn(demo_home.snapshot(kind))
        )
    async_add_entities(
        ApplianceSensor(appliance, description)
        for appliance in runtime.appliances
        for description in APPLIANCE_DESCRIPTIONS
        if description.cycles == appliance.has_cycles
    )
    async_add_entities(
        CareSensor(care, description)
        for care in runtime.cares
        for description in care_descriptions(care)
    )


class DemoSensor(DemoApplianceEntity, SensorEntity):
    """A sensor of a simulated appliance."""

    entity_description: DemoSensorDescription

    @property
    def native_value(self) -> float | str | None:
        """Return the sensor's value from the appliance's latest state."""
        return self.entity_description.value_fn(self.snapshot)


class ApplianceSensor(WatchedApplianceEntity, SensorEntity):
    """A sensor showing what the care engine knows about an appliance."""

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        return self.native_value

    entity_description: ApplianceSensorDescription

    @property
    def native_value(self) -> float | str | datetime | None:
        """Return the value from the engine."""
        return self.entity_description.value_fn(self.appliance)


class CareSensor(CareEntity, SensorEntity):
    """A maintenance date, count or filter figure of an appliance."""

    entity_description: CareSensorDescription

    @property
    def native_value(self) -> float | datetime | date | None:
        """Return the value from the care rules."""
        return self.entity_description.value_fn(self.care)
