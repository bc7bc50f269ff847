"""Sensor descriptions of watched appliances: cycle status, times, energies; compressor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfEnergy, UnitOfTime
from homeassistant.util import dt as dt_util

from .appliance import WatchedAppliance
from .engine import CycleStatus
from .engine.connected import ConnectedTracker
from .engine.phase import CyclePhase

# Cycle energies are shown in kWh with watt-hour resolution.
ENERGY_DECIMALS = 3

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
        return appliance.program_label(program.program_id, program.name)
    if tracker.cycle_start is None and (last := tracker.last_cycle) is not None:
        if last.program_id is None:
            return None
        info = tracker.program_info(last.program_id)
        name = info.name if info is not None else last.program_name
        return appliance.program_label(last.program_id, name)
    return None


def _remaining_minutes(appliance: WatchedAppliance) -> float | None:
    """Return the minutes to wait until the expected finish, as "Finishes at" says.

    For a real appliance that is the engine's estimate. In the demo home simulated time
    runs faster, and what the user waits is wall-clock time, so both sensors agree.
    """
    tracker = appliance.tracker
    if tracker is None or (remaining := tracker.remaining_s) is None:
        return None
    end = appliance.wall_time(appliance.engine_now() + remaining)
    return max(0, round((end - dt_util.utcnow()).total_seconds() / SECONDS_PER_MINUTE))


def _remaining_source(appliance: WatchedAppliance) -> dict[str, Any] | None:
    """Tell how far the remaining time can be trusted, and where it comes from.

    `confidence`: "high" when the programs that could be running agree (or from a
    connected machine), "low" when they do not, or from the appliance's habits or kind's
    typical cycle. For a connected machine also `source`: "machine" (its own countdown) or
    "learned" (the
    course's learned length, in place of a countdown that disagrees with it);
    `machine_minutes`: the machine's own figure; `plausible`: whether that agrees with
    the learned length (None: unknown).
    """
    tracker = appliance.tracker
    if tracker is None or tracker.cycle_start is None:
        return None
    confident = tracker.remaining_confident
    confidence = None if confident is None else "high" if confident else "low"
    if not isinstance(tracker, ConnectedTracker):
        return {"confidence": confidence}
    machine = tracker.machine_remaining_s
    plausible = tracker.remaining_plausible
    learned = plausible is False or (machine is None and tracker.remaining_s is not None)
    return {
        "confidence": confidence,
        "source": "learned" if learned else "machine" if machine is not None else None,
        "machine_minutes": None if machine is None else round(machine / SECONDS_PER_MINUTE),
        "plausible": plausible,
    }


def _finishes_at(appliance: WatchedAppliance) -> datetime | None:
    tracker = appliance.tracker
    if tracker is None or (remaining := tracker.remaining_s) is None:
        return None
    # Whole minutes, so the state does not change with every report; rounded up, so it
    # never lies in the past while the cycle runs.
    end = appliance.wall_time(appliance.engine_now() + remaining)
    whole = end.replace(second=0, microsecond=0)
    return whole if whole == end else whole + timedelta(minutes=1)


@dataclass(frozen=True, kw_only=True)
class ApplianceSensorDescription(SensorEntityDescription):
    """Describes one sensor of a watched appliance."""

    cycles: bool = True
    """True: shown for cycle appliances; False: for fridges and freezers."""
    live: bool = False
    """Shows the present: unavailable while the appliance's source gives no readings."""
    energy: bool = False
    """Measures energy: only where a power or energy sensor reports (not a connected
    machine that tells no power)."""
    currency: bool = False
    """In the home's currency (its unit is Home Assistant's currency setting)."""
    from_power: bool = False
    """Told from the power alone: not for a connected machine, which tells its own state."""
    shows_status: bool = False
    """It shows the cycle status: it alone hears a change between off and idle."""
    value_fn: Callable[[WatchedAppliance], float | str | datetime | None]
    attributes_fn: Callable[[WatchedAppliance], dict[str, Any] | None] | None = None


APPLIANCE_DESCRIPTIONS: tuple[ApplianceSensorDescription, ...] = (
    ApplianceSensorDescription(
        key="status",
        live=True,
        translation_key="status",
        device_class=SensorDeviceClass.ENUM,
        options=[str(status) for status in CycleStatus],
        shows_status=True,
        value_fn=lambda a: str(a.tracker.status) if a.tracker else None,
    ),
    ApplianceSensorDescription(
        key="program",
        live=True,
        translation_key="program",
        value_fn=_program_name,
    ),
    ApplianceSensorDescription(
        key="elapsed",
        live=True,
        translation_key="elapsed",
        entity_category=EntityCategory.DIAGNOSTIC,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        value_fn=lambda a: _minutes(a.tracker.elapsed_s) if a.tracker else None,
    ),
    ApplianceSensorDescription(
        key="remaining",
        live=True,
        translation_key="remaining",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        value_fn=_remaining_minutes,
        attributes_fn=_remaining_source,
    ),
    ApplianceSensorDescription(
        key="finishes_at",
        live=True,
        translation_key="finishes_at",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_finishes_at,
    ),
    ApplianceSensorDescription(
        key="cycle_energy",
        live=True,
        energy=True,
        translation_key="cycle_energy",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=lambda a: _kwh(a.tracker.cycle_energy_wh) if a.tracker else None,
    ),
    ApplianceSensorDescription(
        key="last_cycle_energy",
        energy=True,
        translation_key="last_cycle_energy",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=lambda a: (
            _kwh(a.tracker.last_cycle.energy_wh) if a.tracker and a.tracker.last_cycle else None
        ),
    ),
    ApplianceSensorDescription(
        key="phase",
        energy=True,
        from_power=True,
        live=True,
        translation_key="phase",
        device_class=SensorDeviceClass.ENUM,
        options=[str(phase) for phase in CyclePhase],
        value_fn=lambda a: str(phase) if a.tracker and (phase := a.tracker.phase) else None,
    ),
    ApplianceSensorDescription(
        key="last_cycle_cost",
        energy=True,
        currency=True,
        translation_key="last_cycle_cost",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        value_fn=lambda a: None if a.cost.last_cost is None else round(a.cost.last_cost, 4),
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
        live=True,
        translation_key="duty_cycle",
        entity_category=EntityCategory.DIAGNOSTIC,
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
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
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
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
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
        entity_category=EntityCategory.DIAGNOSTIC,
        cycles=False,
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda a: (
            a.wall_time(at)
            if a.compressor and (at := a.compressor.last_defrost_at) is not None
            else None
        ),
    ),
)
