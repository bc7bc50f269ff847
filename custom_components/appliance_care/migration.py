"""From one entry per appliance (version 1) to one home entry with subentries (version 2).

Each entry of version 1 (an appliance behind a power sensor, or the demo home) becomes a
subentry of the home entry whose id is the old entry's id, so the unique ids, device
identifiers and storage keys made from it stay as they were: entity ids, device ids,
learned programs, cycle history, findings and maintenance logs carry over untouched.
An entry that cannot be read is left as it was, with a repair issue; the rest move.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import AbortFlow
from homeassistant.helpers import device_registry as dr, entity_registry as er, issue_registry as ir
from homeassistant.helpers.typing import UNDEFINED

from .const import (
    CONF_AMBIENT_SENSOR,
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_FAULTS,
    CONF_OUTDOOR_SENSOR,
    CONF_PLACE,
    CONF_POWER_SENSOR,
    CONF_PURCHASE_DATE,
    CONF_SCHEDULES,
    CONF_SIMULATION,
    CONF_SOURCE,
    CONF_TEMPERATURE_SENSOR,
    CONF_THRESHOLDS,
    CONF_UNHEATED,
    CONF_VIBRATION_SENSOR,
    CONF_WEATHER,
    DEMO_SUBENTRY_UNIQUE_ID,
    DOMAIN,
    ENTRY_VERSION,
    FEATURE_CATALOG_DEVICE,
    HOME_TITLE,
    LOGGER,
    SOURCE_DEMO,
    SOURCE_POWER_SENSOR,
    SUBENTRY_APPLIANCE,
    SUBENTRY_DEMO,
)
from .engine import ApplianceType
from .sources.tracked import stored_reference

_SENSORS = (CONF_POWER_SENSOR, CONF_ENERGY_SENSOR, CONF_DOOR_SENSOR, CONF_VIBRATION_SENSOR)
# Home-wide now; version 1 kept them with each appliance's place.
_HOME_WIDE = (CONF_OUTDOOR_SENSOR, CONF_WEATHER)
# Entities of no appliance: the installed blueprints' updates on the feature catalog device.
_HOME_ENTITY_PREFIX = "feature_"


class UnreadableEntryError(ValueError):
    """An entry of version 1 whose data this version cannot read."""


def _power_sensor_data(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, Any]:
    data, options = entry.data, entry.options
    if not isinstance(data.get(CONF_POWER_SENSOR), str):
        raise UnreadableEntryError("no power sensor")
    try:
        ApplianceType(str(data.get(CONF_APPLIANCE_TYPE)))
    except ValueError as err:
        raise UnreadableEntryError(f"appliance type {data.get(CONF_APPLIANCE_TYPE)!r}") from err
    new: dict[str, Any] = {CONF_APPLIANCE_TYPE: data[CONF_APPLIANCE_TYPE]}
    for key in _SENSORS:
        if isinstance(data.get(key), str) and data[key]:
            new[key] = stored_reference(hass, data[key])
    if data.get(CONF_PURCHASE_DATE):
        new[CONF_PURCHASE_DATE] = data[CONF_PURCHASE_DATE]
    place = options.get(CONF_PLACE, {})
    place = place if isinstance(place, Mapping) else {}
    new[CONF_THRESHOLDS] = {k: v for k, v in options.items() if k not in (CONF_PLACE, CONF_CARE)}
    new[CONF_PLACE] = {
        key: stored_reference(hass, place[key]) if key != CONF_UNHEATED else place[key]
        for key in (CONF_UNHEATED, CONF_TEMPERATURE_SENSOR, CONF_AMBIENT_SENSOR)
        if place.get(key) not in (None, "")
    }
    care = options.get(CONF_CARE, {})
    new[CONF_CARE] = dict(care) if isinstance(care, Mapping) else {}
    return new


def subentry_of(hass: HomeAssistant, entry: ConfigEntry) -> ConfigSubentry:
    """Return the subentry an entry of version 1 becomes; raise UnreadableEntryError."""
    source = entry.data.get(CONF_SOURCE)
    if source == SOURCE_DEMO:
        options = entry.options
        data = {
            key: dict(options[key]) if isinstance(options.get(key), Mapping) else {}
            for key in (CONF_SIMULATION, CONF_FAULTS, CONF_SCHEDULES)
        }
        return ConfigSubentry(
            data=MappingProxyType(data),
            subentry_id=entry.entry_id,
            subentry_type=SUBENTRY_DEMO,
            title=entry.title,
            unique_id=DEMO_SUBENTRY_UNIQUE_ID,
        )
    if source == SOURCE_POWER_SENSOR:
        sensors = _power_sensor_data(hass, entry)
        return ConfigSubentry(
            data=MappingProxyType(sensors),
            subentry_id=entry.entry_id,
            subentry_type=SUBENTRY_APPLIANCE,
            title=entry.title,
            unique_id=str(sensors[CONF_POWER_SENSOR]),
        )
    raise UnreadableEntryError(f"source {source!r}")


def _home_wide(entry: ConfigEntry, options: dict[str, Any]) -> None:
    place = entry.options.get(CONF_PLACE, {})
    if not isinstance(place, Mapping):
        return
    for key in _HOME_WIDE:
        value = place.get(key)
        if value and key not in options:
            options[key] = value
        elif value and options[key] != value:
            LOGGER.warning(
                "%s used %s as its %s; the home keeps %s", entry.title, value, key, options[key]
            )


def _move_registry_entries(
    hass: HomeAssistant, entry: ConfigEntry, home: ConfigEntry, subentry_id: str
) -> None:
    # Moving to an enabled entry enables what its old entry's disabling disabled: a user who
    # had disabled the appliance's entry keeps it disabled, now by their own hand.
    disabled = entry.disabled_by is not None
    entities = er.async_get(hass)
    for entity in er.async_entries_for_config_entry(entities, entry.entry_id):
        appliance = not entity.unique_id.startswith(_HOME_ENTITY_PREFIX)
        by_entry = entity.disabled_by is er.RegistryEntryDisabler.CONFIG_ENTRY
        entities.async_update_entity(
            entity.entity_id,
            config_entry_id=home.entry_id,
            config_subentry_id=subentry_id if appliance else None,
            disabled_by=er.RegistryEntryDisabler.USER if disabled and by_entry else UNDEFINED,
        )
    devices = dr.async_get(hass)
    for device in dr.async_entries_for_config_entry(devices, entry.entry_id):
        appliance = (DOMAIN, FEATURE_CATALOG_DEVICE) not in device.identifiers
        by_entry = device.disabled_by is dr.DeviceEntryDisabler.CONFIG_ENTRY
        devices.async_update_device(
            device.id,
            new_config_entry_id=home.entry_id,
            new_config_subentry_id=subentry_id if appliance else None,
            disabled_by=dr.DeviceEntryDisabler.USER if disabled and by_entry else UNDEFINED,
        )


async def async_migrate_integration(hass: HomeAssistant) -> None:
    """Merge the entries of version 1 into one home entry, as subentries."""
    entries = sorted(
        hass.config_entries.async_entries(DOMAIN),
        key=lambda e: (e.disabled_by is not None, e.created_at),
    )
    readable: list[tuple[ConfigEntry, ConfigSubentry]] = []
    for entry in (e for e in entries if e.version < ENTRY_VERSION):
        try:
            readable.append((entry, subentry_of(hass, entry)))
        except UnreadableEntryError as err:
            _keep_aside(hass, entry, str(err))
    if not readable:
        return
    # An existing home entry, or else the oldest enabled entry that can be moved.
    home = next((e for e in entries if e.version >= ENTRY_VERSION), readable[0][0])
    options: dict[str, Any] = dict(home.options) if home.version >= ENTRY_VERSION else {}
    for entry, subentry in readable:
        if subentry.subentry_id in home.subentries:
            continue  # moved before (a restore of older entries): its data is in the home
        if home is entry:
            # The home takes over this entry's id; its appliance lives on as a subentry.
            hass.config_entries.async_update_entry(entry, unique_id=None)
        try:
            hass.config_entries.async_add_subentry(home, subentry)
        except AbortFlow:  # another appliance of the home has its sensor
            _keep_aside(hass, entry, "already in the home")
            continue
        _move_registry_entries(hass, entry, home, subentry.subentry_id)
        _home_wide(entry, options)
    if home.version < ENTRY_VERSION:
        hass.config_entries.async_update_entry(
            home, title=HOME_TITLE, data={}, options=options, version=ENTRY_VERSION
        )
    else:
        hass.config_entries.async_update_entry(home, options=options)
    for entry, subentry in readable:
        if entry is not home and subentry.subentry_id in home.subentries:
            await hass.config_entries.async_remove(entry.entry_id)
    LOGGER.info("Moved %d appliance entries into the Appliance Care home entry", len(readable))


def _keep_aside(hass: HomeAssistant, entry: ConfigEntry, reason: str) -> None:
    LOGGER.warning("%s cannot be moved into the home entry (%s); it is kept", entry.title, reason)
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"migration_failed_{entry.entry_id}",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="migration_failed",
        translation_placeholders={"title": entry.title},
    )
