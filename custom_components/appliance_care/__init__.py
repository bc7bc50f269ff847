"""Appliance Care: appliances as devices, cycle intelligence and proactive care."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.storage import Store

from .appliance import ENGINE_TICK, ApplianceSources, WatchedAppliance
from .const import (
    CONF_APPLIANCE_TYPE,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_POWER_SENSOR,
    CONF_SOURCE,
    CONF_VIBRATION_SENSOR,
    DOMAIN,
    LOGGER,
    SOURCE_DEMO,
    SOURCE_POWER_SENSOR,
    STORAGE_VERSION,
)
from .demo_home import DemoHome
from .engine import ApplianceType
from .engine_options import defaults_for, settings_from_options
from .entity import demo_device_info
from .simulator import ApplianceKind

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.TEXT,
]

# Home Assistant's timers do not run usefully faster than this.
MIN_DEMO_TICK = timedelta(seconds=1)

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
            # The engine's timers should see simulated time pass in steps of about 30 s.
            tick_interval=max(MIN_DEMO_TICK, ENGINE_TICK / demo_home.speed),
        )
        for kind, appliance_type in DEMO_WATCHED.items()
    ]


def _demo_sources(hass: HomeAssistant, entry_id: str, kind: str) -> ApplianceSources:
    registry = er.async_get(hass)
    return ApplianceSources(
        power=registry.async_get_entity_id("sensor", DOMAIN, f"{entry_id}_{kind}_power") or "",
        door=registry.async_get_entity_id("binary_sensor", DOMAIN, f"{entry_id}_{kind}_door"),
    )


async def async_setup_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> bool:
    """Set up Appliance Care from a config entry."""
    runtime = ApplianceCareRuntimeData()
    source = entry.data.get(CONF_SOURCE)
    if source == SOURCE_DEMO:
        demo_home = DemoHome(hass, entry.entry_id, entry.options)
        await demo_home.async_start()
        runtime.demo_home = demo_home
        runtime.appliances = _demo_appliances(hass, entry, demo_home)
    elif source == SOURCE_POWER_SENSOR:
        runtime.appliances = [_power_sensor_appliance(hass, entry)]
    entry.runtime_data = runtime
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    if source == SOURCE_DEMO:
        for kind, appliance in zip(DEMO_WATCHED, runtime.appliances, strict=True):
            await appliance.async_start(_demo_sources(hass, entry.entry_id, kind))
    else:
        for appliance in runtime.appliances:
            await appliance.async_start()
    for appliance in runtime.appliances:
        appliance.async_publish()
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> bool:
    """Unload a config entry, saving what it learned."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        for appliance in entry.runtime_data.appliances:
            await appliance.async_stop()
        if entry.runtime_data.demo_home is not None:
            await entry.runtime_data.demo_home.async_stop()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> None:
    """Delete what the entry saved when it is removed."""
    keys = [appliance_storage_key(entry.entry_id)]
    keys += [appliance_storage_key(entry.entry_id, kind) for kind in DEMO_WATCHED]
    for key in keys:
        await Store[dict[str, object]](hass, STORAGE_VERSION, key).async_remove()
    if entry.data.get(CONF_SOURCE) == SOURCE_DEMO:
        await DemoHome(hass, entry.entry_id, entry.options).async_remove_storage()
