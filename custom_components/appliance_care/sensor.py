"""Sensors of Appliance Care.

Demo appliances: power, energy, temperatures, filter use, firmware. Watched appliances:
cycle status, program, times, energies and counts; compressor duty cycle and runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
    UnitOfTime,
    UnitOfVolume,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from . import ApplianceCareConfigEntry
from .appliance import WatchedAppliance
from .care_kinds import FILTERING
from .care_watch import CareWatch
from .engine import CycleStatus
from .engine.care import MaintenanceKind
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


SECONDS_PER_MINUTE = 60.0
WH_PER_KWH = 1000.0
PERCENT = 100.0


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / SECONDS_PER_MINUTE)


def _kwh(watt_hours: float | None) -> float | None:
    return None if watt_hours is None else round(watt_hours / WH_PER_KWH, ENERGY_DECIMALS)


def _program_name(appliance: WatchedAppliance) -> str | None:
    """Name the running cycle's program, or the last cycle's when none runs."""
    tracker = appliance.tracker
    if tracker is None:
        return None
    if (program := tracker.program) is not None:
        return program.display_name
    if tracker.cycle_start is None and (last := tracker.last_cycle) is not None:
        if last.program_id is None:
            return None
        known = {info.program_id: info for info in tracker.programs}
        if (info := known.get(last.program_id)) is not None:
            return info.display_name
        return last.program_name
    return None


def _finishes_at(appliance: WatchedAppliance) -> datetime | None:
    tracker = appliance.tracker
    if tracker is None or (remaining := tracker.remaining_s) is None:
        return None
    # Whole minutes, so the state does not change with every report.
    return (dt_util.utcnow() + timedelta(seconds=remaining)).replace(second=0, microsecond=0)


@dataclass(frozen=True, kw_only=True)
class ApplianceSensorDescription(SensorEntityDescription):
    """Describes one sensor of a watched appliance."""

    cycles: bool = True
    """True: shown for cycle appliances; False: for fridges and freezers."""
    value_fn: Callable[[WatchedAppliance], float | str | datetime | None]


APPLIANCE_DESCRIPTIONS: tuple[ApplianceSensorDescription, ...] = (
    ApplianceSensorDescription(
        key="status",
        translation_key="status",
        device_class=SensorDeviceClass.ENUM,
        options=[str(status) for status in CycleStatus],
        value_fn=lambda a: str(a.tracker.status) if a.tracker else None,
    ),
    ApplianceSensorDescription(
        key="program",
        translation_key="program",
        value_fn=_program_name,
    ),
    ApplianceSensorDescription(
        key="elapsed",
        translation_key="elapsed",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        value_fn=lambda a: _minutes(a.tracker.elapsed_s) if a.tracker else None,
    ),
    ApplianceSensorDescription(
        key="remaining",
        translation_key="remaining",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        value_fn=lambda a: _minutes(a.tracker.remaining_s) if a.tracker else None,
    ),
    ApplianceSensorDescription(
        key="finishes_at",
        translation_key="finishes_at",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_finishes_at,
    ),
    ApplianceSensorDescription(
        key="cycle_energy",
        translation_key="cycle_energy",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=lambda a: _kwh(a.tracker.cycle_energy_wh) if a.tracker else None,
    ),
    ApplianceSensorDescription(
        key="last_cycle_energy",
        translation_key="last_cycle_energy",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=lambda a: (
            _kwh(a.tracker.last_cycle.energy_wh) if a.tracker and a.tracker.last_cycle else None
        ),
    ),
    ApplianceSensorDescription(
        key="last_cycle_duration",
        translation_key="last_cycle_duration",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        value_fn=lambda a: (
            _minutes(a.tracker.last_cycle.duration_s)
            if a.tracker and a.tracker.last_cycle
            else None
        ),
    ),
    ApplianceSensorDescription(
        key="cycle_count",
        translation_key="cycle_count",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda a: a.tracker.cycle_count if a.tracker else None,
    ),
    ApplianceSensorDescription(
        key="duty_cycle",
        translation_key="duty_cycle",
        cycles=False,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda a: (
            round(duty * PERCENT, 1)
            if a.compressor and (duty := a.compressor.duty_cycle_24h) is not None
            else None
        ),
    ),
    ApplianceSensorDescription(
        key="compressor_cycles",
        translation_key="compressor_cycles",
        cycles=False,
        native_unit_of_measurement="cycles/d",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda a: (
            round(per_day, 1)
            if a.compressor and (per_day := a.compressor.cycles_per_day) is not None
            else None
        ),
    ),
    ApplianceSensorDescription(
        key="average_run",
        translation_key="average_run",
        cycles=False,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda a: (
            round(run_s / SECONDS_PER_MINUTE, 1)
            if a.compressor and (run_s := a.compressor.average_run_s) is not None
            else None
        ),
    ),
    ApplianceSensorDescription(
        key="last_defrost",
        translation_key="last_defrost",
        cycles=False,
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda a: (
            dt_util.utc_from_timestamp(at)
            if a.compressor and (at := a.compressor.last_defrost_at) is not None
            else None
        ),
    ),
)


@dataclass(frozen=True, kw_only=True)
class CareSensorDescription(SensorEntityDescription):
    """Describes one maintenance sensor of an appliance."""

    value_fn: Callable[[CareWatch], float | datetime | date | None]


def _last_done(kind: MaintenanceKind) -> Callable[[CareWatch], datetime | None]:
    def value(care: CareWatch) -> datetime | None:
        record = care.last_maintenance(kind)
        return dt_util.utc_from_timestamp(record.at) if record is not None else None

    return value


def _next_due(kind: MaintenanceKind) -> Callable[[CareWatch], date | None]:
    def value(care: CareWatch) -> date | None:
        if care.monitor is None or (due := care.monitor.due(kind).next_due_at) is None:
            return None
        return dt_util.as_local(dt_util.utc_from_timestamp(due)).date()

    return value


def _cycles_since(kind: MaintenanceKind) -> Callable[[CareWatch], float | None]:
    def value(care: CareWatch) -> float | None:
        return care.monitor.due(kind).cycles_since if care.monitor is not None else None

    return value


def _filter_replace_by(care: CareWatch) -> date | None:
    if care.monitor is None or (when := care.monitor.filter_replace_by) is None:
        return None
    return dt_util.as_local(dt_util.utc_from_timestamp(when)).date()


def care_descriptions(care: CareWatch) -> list[CareSensorDescription]:
    """Return the maintenance sensors of one appliance."""
    descriptions = [
        CareSensorDescription(
            key=f"last_{kind}",
            translation_key=f"last_{kind}",
            device_class=SensorDeviceClass.TIMESTAMP,
            value_fn=_last_done(kind),
        )
        for kind in care.maintenance_buttons()
    ]
    for kind in care.reminder_kinds():
        descriptions.append(
            CareSensorDescription(
                key=f"next_{kind}",
                translation_key=f"next_{kind}",
                device_class=SensorDeviceClass.DATE,
                value_fn=_next_due(kind),
            )
        )
        descriptions.append(
            CareSensorDescription(
                key=f"cycles_since_{kind}",
                translation_key=f"cycles_since_{kind}",
                state_class=SensorStateClass.MEASUREMENT,
                value_fn=_cycles_since(kind),
            )
        )
    if care.subject in FILTERING:
        descriptions.append(
            CareSensorDescription(
                key="filter_remaining",
                translation_key="filter_remaining",
                native_unit_of_measurement=PERCENTAGE,
                state_class=SensorStateClass.MEASUREMENT,
                suggested_display_precision=0,
                value_fn=lambda c: (
                    round(left, 1)
                    if c.monitor is not None
                    and (left := c.monitor.filter_remaining_pct) is not None
                    else None
                ),
            )
        )
        descriptions.append(
            CareSensorDescription(
                key="filter_replace_by",
                translation_key="filter_replace_by",
                device_class=SensorDeviceClass.DATE,
                value_fn=_filter_replace_by,
            )
        )
    return descriptions


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
