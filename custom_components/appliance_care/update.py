"""Update entities: installed features, and the firmware of the demo appliances.

Where they live:
- a course is part of the appliance that runs it: its update entity is on that
  appliance's device, next to the appliance's firmware update;
- a blueprint belongs to the whole home, not to an appliance: its update entity is on
  the home entry's "Feature catalog" service device, outside every subentry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, override

from homeassistant.components.update import (
    UpdateEntity,
    UpdateEntityDescription,
    UpdateEntityFeature,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .catalog import CatalogEntry, CatalogError, FeatureKind, FirmwareRelease, Problem, is_newer
from .const import BLUEPRINT_DEVICE_PREFIX, DOMAIN, FEATURE_CATALOG_DEVICE
from .coordinator import ApplianceCoordinator
from .entity import DemoApplianceEntity, async_add_per_appliance
from .feature_courses import async_install_firmware
from .feature_fetch import feature_error
from .features import FeatureCatalog
from .runtime import ApplianceCareConfigEntry, SubentryRuntime
from .simulator import CYCLE_KINDS
from .sources.demo import DEMO_MANUFACTURER

PARALLEL_UPDATES = 0

SUPPORTED = (
    UpdateEntityFeature.INSTALL | UpdateEntityFeature.PROGRESS | UpdateEntityFeature.RELEASE_NOTES
)
FIRMWARE = UpdateEntityDescription(
    key="firmware", translation_key="firmware", entity_category=EntityCategory.CONFIG
)
# A simulated firmware update: a progress step every second for a few seconds. Real
# appliances take minutes; a demo should show the progress without making anyone wait.
FIRMWARE_STEPS = 5
FIRMWARE_STEP_S = 1.0
PERCENT = 100.0


def blueprint_device(catalog: FeatureCatalog, feature_id: str) -> DeviceInfo:
    """Return the service device of one installed blueprint, named by its title.

    Its update entity is the device's main entity, so both read as the blueprint's title
    (as HACS shows each repository), not as "Feature catalog <title>".
    """
    entry = catalog.installed[feature_id].entry
    return DeviceInfo(
        identifiers={(DOMAIN, f"{BLUEPRINT_DEVICE_PREFIX}{feature_id}")},
        entry_type=DeviceEntryType.SERVICE,
        manufacturer=DEMO_MANUFACTURER,
        name=entry.title.in_language(catalog.language),
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add firmware updates to demo appliances, and updates of the installed features."""
    runtime = entry.runtime_data
    catalog = runtime.catalog
    async_add_per_appliance(
        entry,
        async_add_entities,
        lambda c: [FirmwareUpdate(c, FIRMWARE, catalog)] if c.source.demo is not None else [],
        prune=False,  # the installed courses join these subentries below
    )
    for subentry_id, subentry in runtime.subentries.items():
        demo_homes = {
            id(demo.demo_home): demo.demo_home
            for c in subentry.coordinators
            if (demo := c.source.demo) is not None
        }
        for demo_home in demo_homes.values():
            entry.async_on_unload(await catalog.async_add_course_target(subentry_id, demo_home))
    # Installed blueprints had one shared "Feature catalog" device before each had its own;
    # a blueprint deleted while Home Assistant was stopped leaves its device behind.
    devices = dr.async_get(hass)
    kept = {f"{BLUEPRINT_DEVICE_PREFIX}{feature_id}" for feature_id in catalog.installed}
    for device in dr.async_entries_for_config_entry(devices, entry.entry_id):
        for domain, ident in device.identifiers:
            if domain == DOMAIN and (
                ident == FEATURE_CATALOG_DEVICE
                or (ident.startswith(BLUEPRINT_DEVICE_PREFIX) and ident not in kept)
            ):
                devices.async_remove_device(device.id)
                break
    shown: set[str] = set()

    def new(entities: list[FeatureUpdate]) -> list[FeatureUpdate]:
        entities = [entity for entity in entities if entity.unique_id not in shown]
        shown.update(str(entity.unique_id) for entity in entities)
        return entities

    @callback
    def add_features() -> None:
        async_add_entities(new(_blueprint_entities(catalog, shown.discard)))
        for subentry_id, subentry in runtime.subentries.items():
            async_add_entities(
                new(_course_entities(catalog, subentry, shown.discard)),
                config_subentry_id=subentry_id,
            )

    entry.async_on_unload(catalog.async_add_listener(add_features))
    add_features()


def _blueprint_entities(
    catalog: FeatureCatalog, on_remove: Callable[[str], None]
) -> list[FeatureUpdate]:
    """Return an entity for every installed blueprint, on the feature catalog device."""
    return [
        FeatureUpdate(
            catalog,
            feature_id,
            unique_id=f"feature_{feature_id}",
            device_info=blueprint_device(catalog, feature_id),
            on_remove=on_remove,
        )
        for feature_id, feature in catalog.installed.items()
        if feature.entry.kind is FeatureKind.BLUEPRINT
    ]


def _course_entities(
    catalog: FeatureCatalog, subentry: SubentryRuntime, on_remove: Callable[[str], None]
) -> list[FeatureUpdate]:
    """Return an entity for every installed course, on each appliance that runs it."""
    entities: list[FeatureUpdate] = []
    for feature_id, feature in catalog.installed.items():
        if feature.entry.kind is not FeatureKind.COURSE:
            continue
        for coordinator in subentry.coordinators:
            demo = coordinator.source.demo
            if demo is None or demo.kind not in CYCLE_KINDS:
                continue
            if feature_id not in demo.demo_home.home.installed_programs(demo.kind):
                continue
            entities.append(
                FeatureUpdate(
                    catalog,
                    feature_id,
                    unique_id=f"{coordinator.profile.key}_course_{feature_id}",
                    device_info=coordinator.profile.device_info,
                    on_remove=on_remove,
                )
            )
    return entities


class FeatureUpdate(UpdateEntity):
    """An installed feature: its version, the catalog's newest, and installing that one."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _attr_entity_category = EntityCategory.CONFIG
    _attr_supported_features = SUPPORTED

    def __init__(
        self,
        catalog: FeatureCatalog,
        feature_id: str,
        *,
        unique_id: str,
        device_info: DeviceInfo,
        on_remove: Callable[[str], None],
    ) -> None:
        """Show one installed feature on one device."""
        self._catalog = catalog
        self._feature_id = feature_id
        self._forget = on_remove
        self._attr_unique_id = unique_id
        self._attr_device_info = device_info
        feature = catalog.installed[feature_id]
        self._own_device = feature.entry.kind is FeatureKind.BLUEPRINT
        if self._own_device:
            self._attr_name = None  # the device's main entity: named as its device
        else:
            self._attr_translation_key = str(feature.entry.kind)
        self._refresh()

    def _offered(self) -> tuple[CatalogEntry, CatalogEntry]:
        """Return the installed entry and the one to show as latest (never older)."""
        installed = self._catalog.installed[self._feature_id].entry
        offer = self._catalog.catalog.offer(self._feature_id)
        latest = offer.latest if offer is not None else None
        if latest is None or not is_newer(latest.version, installed.version):
            return installed, installed
        return installed, latest

    def _refresh(self) -> None:
        installed, latest = self._offered()
        title = latest.title.in_language(self._catalog.language)
        self._attr_installed_version = installed.version
        self._attr_latest_version = latest.version
        self._attr_title = title
        self._attr_translation_placeholders = {"title": title}

    async def async_added_to_hass(self) -> None:
        """Follow the catalog: new versions, and the feature being uninstalled."""
        await super().async_added_to_hass()
        self.async_on_remove(self._catalog.async_add_listener(self._handle_catalog))

    async def async_will_remove_from_hass(self) -> None:
        """Let the platform show the feature again if it is installed again."""
        await super().async_will_remove_from_hass()
        self._forget(str(self.unique_id))

    @callback
    def _handle_catalog(self) -> None:
        if self._feature_id in self._catalog.installed:
            self._refresh()
            self.async_write_ha_state()
            return
        # Uninstalled: the entity goes for good (it has a unique id, so it is registered),
        # and a blueprint's own device with it.
        device_id = self.registry_entry.device_id if self.registry_entry else None
        er.async_get(self.hass).async_remove(self.entity_id)
        if device_id is not None and self._own_device:
            dr.async_get(self.hass).async_remove_device(device_id)

    async def async_release_notes(self) -> str | None:
        """Return the release notes of the version on offer."""
        return self._offered()[1].notes.in_language(self._catalog.language)

    async def async_update(self) -> None:
        """Check the remote catalog for newer versions (homeassistant.update_entity)."""
        await self._catalog.remote.async_refresh()

    async def async_install(self, version: str | None, backup: bool, **kwargs: Any) -> None:
        """Install the version shown as latest, showing how far it got."""
        self._attr_in_progress = True
        self._attr_update_percentage = 0
        self.async_write_ha_state()
        await self._catalog.async_install(
            self._feature_id, version=self.latest_version, progress=self._show_progress
        )

    @callback
    def _show_progress(self, percent: float) -> None:
        self._attr_update_percentage = round(percent)
        self.async_write_ha_state()


class FirmwareUpdate(DemoApplianceEntity, UpdateEntity):
    """The firmware of a demo appliance, and the newest one announced in the catalog."""

    _attr_supported_features = SUPPORTED

    def __init__(
        self,
        coordinator: ApplianceCoordinator,
        description: UpdateEntityDescription,
        catalog: FeatureCatalog,
    ) -> None:
        """Show the firmware of one simulated appliance."""
        super().__init__(coordinator, description)
        self._catalog = catalog
        self._refresh()

    def _running(self) -> str:
        return self.demo.demo_home.home.appliance(self.demo.kind).firmware_version

    def _release(self) -> FirmwareRelease | None:
        """Return the announced firmware if it is newer than what the appliance runs."""
        release = self._catalog.firmware(self.demo.kind)
        running = self._running()
        if release is None or not is_newer(release.version, running):
            return None
        return release

    def _refresh(self) -> None:
        running = self._running()
        release = self._release()
        self._attr_installed_version = running
        self._attr_latest_version = running if release is None else release.version

    async def async_added_to_hass(self) -> None:
        """Follow the catalog's announcements as well as the appliance."""
        await super().async_added_to_hass()
        self.async_on_remove(self._catalog.async_add_listener(self._handle_change))

    @callback
    def _handle_change(self) -> None:
        # Snapshots change with every power report; the versions seldom do.
        shown = (self._attr_installed_version, self._attr_latest_version)
        self._refresh()
        if (self._attr_installed_version, self._attr_latest_version) != shown:
            self.async_write_ha_state()

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        self._handle_change()

    async def async_release_notes(self) -> str | None:
        """Return the notes of the announced firmware."""
        release = self._release()
        return (
            None if release is None else release.release_notes.in_language(self._catalog.language)
        )

    async def async_install(self, version: str | None, backup: bool, **kwargs: Any) -> None:
        """Run a simulated update for a few seconds, then run the new firmware."""
        release = self._release()
        if release is None:  # Home Assistant checks this first; the catalog may change
            raise feature_error(
                CatalogError(Problem.NO_FIRMWARE_UPDATE, version=str(self.installed_version))
            )
        if self.demo.demo_home.home.busy(self.demo.kind):
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="already_running"
            )
        self._attr_in_progress = True
        for step in range(FIRMWARE_STEPS):
            self._attr_update_percentage = round(step * PERCENT / FIRMWARE_STEPS)
            self.async_write_ha_state()
            await asyncio.sleep(FIRMWARE_STEP_S)
        if self.demo.demo_home.stopped:
            return  # the home unloaded meanwhile: the simulation it would update is gone
        await async_install_firmware(self.demo.demo_home, self.demo.kind, release)
        if self.device_entry is not None:
            dr.async_get(self.hass).async_update_device(
                self.device_entry.id, sw_version=release.version
            )
        self._refresh()
