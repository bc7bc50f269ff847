"""Appliance Care: appliances as devices, cycle intelligence and proactive care."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant

from .const import CONF_SOURCE, SOURCE_DEMO
from .demo_home import DemoHome

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
]


@dataclass(kw_only=True)
class ApplianceCareRuntimeData:
    """What a loaded config entry holds while it runs."""

    demo_home: DemoHome | None = None


type ApplianceCareConfigEntry = ConfigEntry[ApplianceCareRuntimeData]


async def async_setup_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> bool:
    """Set up Appliance Care from a config entry."""
    runtime = ApplianceCareRuntimeData()
    if entry.data.get(CONF_SOURCE) == SOURCE_DEMO:
        demo_home = DemoHome(hass, entry.entry_id, entry.options)
        await demo_home.async_start()
        runtime.demo_home = demo_home
    entry.runtime_data = runtime
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> bool:
    """Unload a config entry."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded and entry.runtime_data.demo_home is not None:
        await entry.runtime_data.demo_home.async_stop()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> None:
    """Delete what the entry saved when it is removed."""
    if entry.data.get(CONF_SOURCE) == SOURCE_DEMO:
        await DemoHome(hass, entry.entry_id, entry.options).async_remove_storage()
