"""Base entities: every entity of an appliance follows that appliance's coordinator."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, override

from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr, entity_platform, entity_registry as er
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .appliance import WatchedAppliance
from .care_watch import CareWatch
from .const import DOMAIN
from .coordinator import ApplianceCoordinator
from .runtime import ApplianceCareConfigEntry

if TYPE_CHECKING:
    from .simulator import ApplianceSnapshot
    from .sources.demo import DemoAppliance


class ApplianceEntity(CoordinatorEntity[ApplianceCoordinator]):
    """An entity of one appliance, on the appliance's device.

    It is unavailable while the appliance's source gives no readings, unless it shows
    something that stays true meanwhile (counts, the last cycle, the care history): see
    `live`.
    """

    _attr_has_entity_name = True
    live = False
    """Shows the present (a status, a running cycle): unavailable with the source."""
    _last_shown: object = None

    def __init__(self, coordinator: ApplianceCoordinator, description: EntityDescription) -> None:
        """Initialise the entity for one appliance and one description."""
        super().__init__(coordinator)
        self.entity_description = description
        profile = coordinator.profile
        self._attr_unique_id = f"{profile.key}_{description.key}"
        if profile.device_id is not None:
            # A connected appliance: its entities join the device of the integration it
            # comes from, as core's helpers link to their source's device.
            self.device_entry = dr.async_get(coordinator.hass).async_get(profile.device_id)
        else:
            self._attr_device_info = profile.device_info

    @property
    def care(self) -> CareWatch:
        """Return the appliance's care rules and maintenance log."""
        return self.coordinator.care

    @property
    @override
    def available(self) -> bool:
        """Return False while a live entity's source gives no readings."""
        return super().available and (not self.live or self.coordinator.source.available)

    def shown_value(self) -> object:
        """Return what the entity shows; a write is skipped while it stays the same."""
        return object()  # by default every update is written

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        # Most updates leave this entity as it was, and a state write costs far more
        # than this comparison.
        value = (self.shown_value(), self.available)
        if value == self._last_shown:
            return
        self._last_shown = value
        self.async_write_ha_state()


class EngineEntity(ApplianceEntity):
    """An entity showing what the cycle or compressor engine knows."""

    @property
    def appliance(self) -> WatchedAppliance:
        """Return the appliance's engine (platforms create these only where there is one)."""
        appliance = self.coordinator.appliance
        if appliance is None:
            raise RuntimeError("an engine entity of an appliance without an engine")
        return appliance


class DemoApplianceEntity(ApplianceEntity):
    """An entity of a simulated appliance's own: its plug, door, controls, firmware."""

    @property
    def demo(self) -> DemoAppliance:
        """Return the simulated appliance (platforms create these only for the demo)."""
        demo = self.coordinator.source.demo
        if demo is None:
            raise RuntimeError("a demo entity of an appliance that is not simulated")
        return demo

    @property
    def snapshot(self) -> ApplianceSnapshot:
        """Return the appliance's latest state."""
        return self.demo.snapshot


type EntityFactory = Callable[[ApplianceCoordinator], Iterable[Entity]]


def async_add_per_appliance(
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    make: EntityFactory,
    *,
    prune: bool = True,
) -> None:
    """Add each appliance's entities under the subentry the appliance belongs to.

    Entities of this platform that an appliance no longer has (a finding whose option or
    sensor was removed, a maintenance kind that no longer applies) leave the registry, so
    none stays behind as "unavailable". A platform that adds more entities to the same
    subentries later (the update platform's courses) passes `prune=False`.
    """
    platform = entity_platform.async_get_current_platform()
    registry = er.async_get(platform.hass)
    for subentry_id, subentry in entry.runtime_data.subentries.items():
        entities = [entity for coordinator in subentry.coordinators for entity in make(coordinator)]
        async_add_entities(entities, config_subentry_id=subentry_id)
        if not prune:
            continue
        wanted = {entity.unique_id for entity in entities}
        for stale in [
            registered
            for registered in er.async_entries_for_config_entry(registry, entry.entry_id)
            if registered.domain == platform.domain
            and registered.platform == DOMAIN
            and registered.config_subentry_id == subentry_id
            and registered.unique_id not in wanted
        ]:
            registry.async_remove(stale.entity_id)
