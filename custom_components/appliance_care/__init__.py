"""Appliance Care: appliances as devices, cycle intelligence and proactive care.

One entry per home holds the home-wide settings, the feature catalog and the outdoor
climate; each appliance (or the demo home) is a subentry whose sources feed one
coordinator per appliance.
"""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .const import (
    CONF_ADD_BLUEPRINTS,
    CONF_OUTDOOR_SENSOR,
    CONF_PRICE_ENTITY,
    CONF_WEATHER,
    DOMAIN,
    ENTRY_VERSION,
)
from .coordinator import ApplianceCoordinator
from .feature_services import async_setup_feature_services
from .features import async_setup_feature_catalog
from .home_climate import HomeClimate
from .leftovers import async_forget_home, async_forget_removed, async_forget_unmerged
from .migration import async_migrate_integration
from .price import ElectricityPrice
from .runtime import ApplianceCareConfigEntry, ApplianceCareRuntime, SubentryRuntime
from .services import async_setup_services
from .sources.kinds import async_open_sources

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.TEXT,
    Platform.TODO,
    Platform.UPDATE,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions; bring entries of earlier versions into one home entry."""
    async_setup_services(hass)
    async_setup_feature_services(hass)
    await async_migrate_integration(hass)
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> bool:
    """Refuse an entry of version 1 that could not be merged (a repair says so)."""
    return entry.version >= ENTRY_VERSION


async def async_setup_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> bool:
    """Set up the home: its catalog, its climate, and every appliance of its subentries."""
    await async_forget_removed(hass, entry)
    catalog = await async_setup_feature_catalog(hass, entry)
    climate = HomeClimate(
        hass, entry, entry.options.get(CONF_OUTDOOR_SENSOR), entry.options.get(CONF_WEATHER)
    )
    price = ElectricityPrice(hass, entry.options.get(CONF_PRICE_ENTITY))
    await price.async_prepare()
    runtime = ApplianceCareRuntime(catalog=catalog, climate=climate, price=price)
    entry.runtime_data = runtime
    for subentry in entry.subentries.values():
        sources = await async_open_sources(hass, entry.entry_id, subentry)
        entry.async_on_unload(sources.async_stop)
        runtime.subentries[subentry.subentry_id] = SubentryRuntime(
            sources=sources,
            coordinators=[ApplianceCoordinator(hass, entry, s) for s in sources.sources],
        )
    for coordinator in runtime.coordinators():
        await coordinator.async_load()
        entry.async_on_unload(coordinator.async_stop)
        if coordinator.appliance is not None:
            coordinator.appliance.price = price.per_kwh
    for subentry_runtime in runtime.subentries.values():
        await subentry_runtime.sources.async_catch_up(subentry_runtime.coordinators)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    # Readings begin once every entity listens: events they cause reach the event entities.
    for coordinator in runtime.coordinators():
        coordinator.async_start()
    climate.async_start([c.async_outdoor for c in runtime.coordinators() if c.profile.unheated])
    if entry.data.get(CONF_ADD_BLUEPRINTS):
        await catalog.async_add_bundled_blueprints()
    entry.async_on_unload(entry.add_update_listener(_async_entry_updated))
    return True


async def _async_entry_updated(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> None:
    """Reload with the new settings (the setup forgets removed subentries)."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> bool:
    """Unload the home; every appliance saves what it learned as its coordinator stops."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: ApplianceCareConfigEntry) -> None:
    """Delete what the home's appliances saved when the home entry is removed."""
    if entry.version < ENTRY_VERSION:
        await async_forget_unmerged(hass, entry)
    else:
        await async_forget_home(hass, entry)
