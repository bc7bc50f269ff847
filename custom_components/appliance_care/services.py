"""Actions of Appliance Care: record maintenance and repairs."""

from __future__ import annotations

from datetime import datetime
import math
from typing import Any

from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import DOMAIN
from .coordinator import ApplianceCoordinator
from .describe import async_setup_describe
from .diagnosis import async_run_diagnosis
from .engine.care import CareChange, MaintenanceKind, MaintenanceRecord
from .passport_files import async_export
from .runtime import loaded_coordinators

SERVICE_RECORD_MAINTENANCE = "record_maintenance"
SERVICE_RECORD_REPAIR = "record_repair"
SERVICE_EXPORT_PASSPORT = "export_passport"
SERVICE_RUN_DIAGNOSIS = "run_diagnosis"
ATTR_INCLUDE_HOME = "include_home"
ATTR_KIND = "kind"
ATTR_WHEN = "when"
ATTR_COST = "cost"
ATTR_NOTE = "note"
ATTR_WHAT = "what"
# Notes and repair descriptions are kept for the appliance's life: keep them short.
MAX_NOTE_LENGTH = 500


def _finite(value: float) -> float:
    """Refuse infinity and NaN, which no cost can be (and which would poison every sum)."""
    if not math.isfinite(value):
        raise vol.Invalid("not a finite number")
    return value


_COMMON = {
    vol.Required(ATTR_DEVICE_ID): cv.string,
    vol.Optional(ATTR_WHEN): cv.datetime,
    vol.Optional(ATTR_COST): vol.All(vol.Coerce(float), _finite, vol.Range(min=0)),
    vol.Optional(ATTR_NOTE): vol.All(cv.string, vol.Length(max=MAX_NOTE_LENGTH)),
}
# Repairs have their own action, with what was repaired.
MAINTENANCE_KINDS = [str(kind) for kind in MaintenanceKind if kind is not MaintenanceKind.REPAIR]
MAINTENANCE_SCHEMA = vol.Schema({**_COMMON, vol.Required(ATTR_KIND): vol.In(MAINTENANCE_KINDS)})
REPAIR_SCHEMA = vol.Schema(
    {**_COMMON, vol.Required(ATTR_WHAT): vol.All(cv.string, vol.Length(min=1, max=MAX_NOTE_LENGTH))}
)


def _appliance_of_device(hass: HomeAssistant, device_id: str) -> ApplianceCoordinator:
    device = dr.async_get(hass).async_get(device_id)
    if device is not None:
        for coordinator in loaded_coordinators(hass):
            if coordinator.profile.is_device(device.id, set(device.identifiers)):
                return coordinator
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_appliance",
        translation_placeholders={"device_id": device_id},
    )


def _when(call: ServiceCall) -> float:
    when: datetime | None = call.data.get(ATTR_WHEN)
    if when is None:
        return dt_util.utcnow().timestamp()
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt_util.get_default_time_zone())
    if when > dt_util.utcnow():
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="date_in_future",
            translation_placeholders={"when": when.isoformat()},
        )
    return when.timestamp()


def _response(
    appliance: ApplianceCoordinator, record: MaintenanceRecord, changes: tuple[CareChange, ...]
) -> dict[str, Any]:
    cleared = [str(change.finding.kind) for change in changes if not change.raised]
    return {
        "appliance": appliance.profile.name,
        "kind": str(record.kind),
        "when": dt_util.utc_from_timestamp(record.at).isoformat(),
        "cost": record.cost,
        "note": record.note,
        "findings_cleared": cleared,
    }


async def _async_record_maintenance(call: ServiceCall) -> ServiceResponse:
    appliance = _appliance_of_device(call.hass, call.data[ATTR_DEVICE_ID])
    kind_text = call.data[ATTR_KIND]
    if kind_text not in {str(kind) for kind in appliance.care.maintenance_buttons()}:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_maintenance",
            translation_placeholders={"kind": kind_text, "appliance": appliance.profile.name},
        )
    record = MaintenanceRecord(
        kind=MaintenanceKind(kind_text),
        at=_when(call),
        cost=call.data.get(ATTR_COST),
        note=call.data.get(ATTR_NOTE),
    )
    return _response(appliance, record, appliance.async_record(record))


async def _async_record_repair(call: ServiceCall) -> ServiceResponse:
    appliance = _appliance_of_device(call.hass, call.data[ATTR_DEVICE_ID])
    note = call.data[ATTR_WHAT]
    if extra := call.data.get(ATTR_NOTE):
        note = f"{note}: {extra}"
    record = MaintenanceRecord(
        kind=MaintenanceKind.REPAIR, at=_when(call), cost=call.data.get(ATTR_COST), note=note
    )
    return _response(appliance, record, appliance.async_record(record))


PASSPORT_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_INCLUDE_HOME, default=False): cv.boolean,
    }
)


DIAGNOSIS_SCHEMA = vol.Schema({vol.Required(ATTR_DEVICE_ID): cv.string})


async def _async_run_diagnosis(call: ServiceCall) -> ServiceResponse:
    appliance = _appliance_of_device(call.hass, call.data[ATTR_DEVICE_ID])
    return await async_run_diagnosis(call.hass, appliance)


async def _async_export_passport(call: ServiceCall) -> ServiceResponse:
    appliance = _appliance_of_device(call.hass, call.data[ATTR_DEVICE_ID])
    return await async_export(call.hass, appliance, include_home=call.data[ATTR_INCLUDE_HOME])


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions."""
    async_setup_describe(hass)
    hass.services.async_register(
        DOMAIN,
        SERVICE_RECORD_MAINTENANCE,
        _async_record_maintenance,
        schema=MAINTENANCE_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_RECORD_REPAIR,
        _async_record_repair,
        schema=REPAIR_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_RUN_DIAGNOSIS,
        _async_run_diagnosis,
        schema=DIAGNOSIS_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_EXPORT_PASSPORT,
        _async_export_passport,
        schema=PASSPORT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
