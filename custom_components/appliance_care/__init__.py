"""Appliance Care: appliances as devices, cycle intelligence and proactive care."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.storage import Store
from homeassistant.helpers.typing import ConfigType

from .appliance import ENGINE_TICK, ApplianceSources, WatchedAppliance
from .care_options import care_settings_from_options
from .care_watch import CareSources, CareWatch
from .const import (
    CONF_AMBIENT_SENSOR,
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_OUTDOOR_SENSOR,
    CONF_PLACE,
    CONF_POWER_SENSOR,
    CONF_SOURCE,
    CONF_TEMPERATURE_SENSOR,
    CONF_UNHEATED,
    CONF_VIBRATION_SENSOR,
    CONF_WEATHER,
    DOMAIN,
    LOGGER,
    SOURCE_DEMO,
    SOURCE_POWER_SENSOR,
    STORAGE_VERSION,
)
from .demo_home import DemoHome
from .engine import ApplianceType
from .engine.care import CareSettings, CareSubject, default_care_settings
from .engine_options import defaults_for, settings_from_options
from .entity import demo_device_info
from .feature_services import async_setup_feature_services
from .features import async_setup_feature_catalog
from .services import async_setup_services
from .simulator import ApplianceKind

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.TEXT,
    Platform.UPDATE,
]

# Home Assistant's timers do not run usefully faster than this.
MIN_DEMO_TICK = timedelta(seconds=1)

# Demo appliances whose care is watched: the cycle and cold appliances, and the filters.
DEMO_CARED: tuple[ApplianceKind, ...] = (
    ApplianceKind.WASHER,
    ApplianceKind.DRYER,
    ApplianceKind.DISHWASHER,
    ApplianceKind.REFRIGERATOR,
    ApplianceKind.AIR_CONDITIONER,
    ApplianceKind.WATER_PURIFIER,
    ApplianceKind.AIR_PURIFIER,
)

# Demo appliances whose simulated plugs feed the care engine, as ordinary power sensors.
DEMO_WATCHED: dict[ApplianceKind, ApplianceType] = {
    ApplianceKind.WASHER: ApplianceType.WASHER,
    ApplianceKind.DRYER: ApplianceType.DRYER,
    ApplianceKind.DISHWASHER: ApplianceType.DISHWASHER,
    ApplianceKind.REFRIGERATOR: ApplianceType.REFRIGERATOR,
}


@dataclass(kw_only=True)
class ApplianceCareRuntimeData:
    """What a loaded config entry holds while it runs."""

    demo_home: DemoHome | None = None
    appliances: list[WatchedAppliance] = field(default_factory=list)
    cares: list[CareWatch] = field(default_factory=list)


type ApplianceCareConfigEntry = ConfigEntry[ApplianceCareRuntimeData]


def appliance_storage_key(entry_id: str, kind: str | None = None) -> str:
    """Return the storage key of one watched appliance's memory."""
    return f"{DOMAIN}.appliance_{entry_id}" + (f"_{kind}" if kind else "")


def _power_sensor_appliance(
    hass: HomeAssistant, entry: ApplianceCareConfigEntry
) -> WatchedAppliance:
    appliance_type = ApplianceType(entry.data[CONF_APPLIANCE_TYPE])
    try:
        settings = settings_from_options(appliance_type, entry.options)
    except (TypeError, ValueError) as err:
        LOGGER.warning("Ignoring invalid options of %s: %s", entry.title, err)
        settings = defaults_for(appliance_type)
    power = entry.data[CONF_POWER_SENSOR]
    # Show the appliance as connected through the smart plug's device, where there is one.
    entity = er.async_get(hass).async_get(power)
    plug = dr.async_get(hass).async_get(entity.device_id) if entity and entity.device_id else None
    device_info = DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        name=entry.title,
        model_id=str(appliance_type),
    )
    if plug is not None:
        device_info["via_device_id"] = plug.id
    return WatchedAppliance(
        hass,
        storage_key=appliance_storage_key(entry.entry_id),
        unique_prefix=entry.entry_id,
        appliance_type=appliance_type,
        sources=ApplianceSources(
            power=power,
            energy=entry.data.get(CONF_ENERGY_SENSOR),
            door=entry.data.get(CONF_DOOR_SENSOR),
            vibration=entry.data.get(CONF_VIBRATION_SENSOR),
        ),
        settings=settings,
        device_info=device_info,
    )


def _demo_appliances(
    hass: HomeAssistant, entry: ApplianceCareConfigEntry, demo_home: DemoHome
) -> list[WatchedAppliance]:
    return [
        WatchedAppliance(
            hass,
            storage_key=appliance_storage_key(entry.entry_id, kind),
            unique_prefix=f"{entry.entry_id}_{kind}",
            appliance_type=appliance_type,
            # Known once the demo's own sensors are registered; see _demo_sources.
            sources=ApplianceSources(power=""),
            settings=defaults_for(appliance_type),
            device_info=demo_device_info(entry.entry_id, kind, demo_home.snapshot(kind)),
            clock=demo_home.simulated_timestamp,
            wall_clock=demo_home.wall_timestamp,
            # The engine's timers should see simulated time pass in steps of about 30 s.
            tick_interval=max(MIN_DEMO_TICK, ENGINE_TICK / demo_home.speed),
        )
        for kind, appliance_type in DEMO_WATCHED.items()
    ]


def care_storage_key(entry_id: str, kind: str | None = None) -> str:
    """Return the storage key of one appliance's care history."""
    return f"{DOMAIN}.care_{entry_id}" + (f"_{kind}" if kind else "")


def _care_settings(subject: CareSubject, options: Mapping[str, Any], title: str) -> CareSettings:
    try:
        return care_settings_from_options(subject, options.get(CONF_CARE, {}))
    except (TypeError, ValueError) as err:
        LOGGER.warning("Ignoring invalid care options of %s: %s", title, err)
        return default_care_settings(subject)


def _power_sensor_care(
    hass: HomeAssistant, entry: ApplianceCareConfigEntry, appliance: WatchedAppliance
) -> CareWatch:
    subject = CareSubject(str(appliance.appliance_type))
    places = entry.options.get(CONF_PLACE, {})
    return CareWatch(
        hass,
        storage_key=care_storage_key(entry.entry_id),
        unique_prefix=entry.entry_id,
        name=entry.title,
        subject=subject,
        settings=_care_settings(subject, entry.options, entry.title),
        sources=CareSources(
            door=entry.data.get(CONF_DOOR_SENSOR),
            vibration=entry.data.get(CONF_VIBRATION_SENSOR),
            temperature=places.get(CONF_TEMPERATURE_SENSOR),
            ambient=places.get(CONF_AMBIENT_SENSOR),
            outdoor=places.get(CONF_OUTDOOR_SENSOR),
            weather=places.get(CONF_WEATHER),
        ),
        device_info=appliance.device_info,
        unheated_place=bool(places.get(CONF_UNHEATED)),
        appliance=appliance,
    )


def _demo_cares(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    demo_home: DemoHome,
    appliances: list[WatchedAppliance],
) -> list[CareWatch]:
    watched = dict(zip(DEMO_WATCHED, appliances, strict=True))
    return [
        CareWatch(
            hass,
            storage_key=care_storage_key(entry.entry_id, kind),
            unique_prefix=f"{entry.entry_id}_{kind}",
            name=str(kind).replace("_", " ").capitalize(),
            subject=CareSubject(str(kind)),
            settings=default_care_settings(CareSubject(str(kind))),
            # Known once the demo's own sensors are registered; see _demo_care_sources.
            sources=CareSources(),
            device_info=demo_device_info(entry.entry_id, kind, demo_home.snapshot(kind)),
            appliance=watched.get(kind),
        )
        for kind in DEMO_CARED
    ]


def _demo_entity(hass: HomeAssistant, entry_id: str, kind: str, key: str) -> str | None:
    """Return the entity id of one of the demo home's own entities, by its description key."""
    platform = "binary_sensor" if key == "door" else "sensor"
    return er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{entry_id}_{kind}_{key}")


def _demo_care_sources(hass: HomeAssistant, entry_id: str, kind: str) -> CareSources:
    return CareSources(
        door=_demo_entity(hass, entry_id, kind, "door"),
        temperature=_demo_entity(hass, entry_id, kind, "compartment_temperature"),
        ambient=_demo_entity(hass, entry_id, kind, "ambient_temperature"),
        filter_usage=_demo_entity(hass, entry_id, kind, "filter_used"),
    )


def _demo_sources(hass: HomeAssistant, entry_id: str, kind: str) -> ApplianceSources:
    return ApplianceSources(
        power=_demo_entity(hass, entry_id, kind, "power") or "",
        door=_demo_entity(hass, entry_id, kind, "door"),
    )


CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions and load its feature catalog."""
    async_setup_services(hass)
    await async_setup_feature_catalog(hass)
    async_setup_feature_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> bool:
    """Set up Appliance Care from a config entry."""
    runtime = ApplianceCareRuntimeData()
    source = entry.data.get(CONF_SOURCE)
    if source == SOURCE_DEMO:
        demo_home = DemoHome(hass, entry.entry_id, entry.options)
        await demo_home.async_start()
        runtime.demo_home = demo_home
        runtime.appliances = _demo_appliances(hass, entry, demo_home)
        runtime.cares = _demo_cares(hass, entry, demo_home, runtime.appliances)
    elif source == SOURCE_POWER_SENSOR:
        appliance = _power_sensor_appliance(hass, entry)
        runtime.appliances = [appliance]
        runtime.cares = [_power_sensor_care(hass, entry, appliance)]
    entry.runtime_data = runtime
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    if source == SOURCE_DEMO:
        for kind, appliance in zip(DEMO_WATCHED, runtime.appliances, strict=True):
            await appliance.async_start(_demo_sources(hass, entry.entry_id, kind))
    else:
        for appliance in runtime.appliances:
            await appliance.async_start()
    if source == SOURCE_DEMO:
        for kind, care in zip(DEMO_CARED, runtime.cares, strict=True):
            await care.async_start(_demo_care_sources(hass, entry.entry_id, kind))
    else:
        for care in runtime.cares:
            await care.async_start()
    for appliance in runtime.appliances:
        appliance.async_publish()
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> bool:
    """Unload a config entry, saving what it learned."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        for care in entry.runtime_data.cares:
            await care.async_stop()
        for appliance in entry.runtime_data.appliances:
            await appliance.async_stop()
        if entry.runtime_data.demo_home is not None:
            await entry.runtime_data.demo_home.async_stop()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> None:
    """Delete what the entry saved when it is removed."""
    keys = [appliance_storage_key(entry.entry_id), care_storage_key(entry.entry_id)]
    keys += [appliance_storage_key(entry.entry_id, kind) for kind in DEMO_WATCHED]
    keys += [care_storage_key(entry.entry_id, kind) for kind in DEMO_CARED]
    for key in keys:
        await Store[dict[str, object]](hass, STORAGE_VERSION, key).async_remove()
    if entry.data.get(CONF_SOURCE) == SOURCE_DEMO:
        await DemoHome(hass, entry.entry_id, entry.options).async_remove_storage()
