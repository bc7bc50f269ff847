"""Sensor descriptions of simulated appliances: plug, temperatures, filter, air, firmware."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfDensity,
    UnitOfEnergy,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfVolume,
)

if TYPE_CHECKING:
    from .simulator import ApplianceSnapshot

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


DEMO_DESCRIPTIONS: tuple[DemoSensorDescription, ...] = (
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
        key="pm25",
        device_class=SensorDeviceClass.PM25,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfDensity.MICROGRAMS_PER_CUBIC_METER,
        suggested_display_precision=0,
        exists_fn=lambda s: s.pm25_ugm3 is not None,
        value_fn=lambda s: None if s.pm25_ugm3 is None else round(s.pm25_ugm3),
    ),
    DemoSensorDescription(
        key="firmware",
        translation_key="firmware",
        entity_registry_enabled_default=False,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda s: s.firmware_version,
    ),
)
