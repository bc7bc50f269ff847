"""Base entities: simulated appliances of the demo home, and watched appliances."""

from __future__ import annotations

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription

from .appliance import WatchedAppliance
from .care_watch import CareWatch
from .const import DOMAIN
from .demo_home import DemoHome
from .simulator import ApplianceKind, ApplianceSnapshot

# Shown as the model of each simulated appliance's device.
DEMO_MANUFACTURER = "Appliance Care"


def demo_device_info(entry_id: str, kind: ApplianceKind, snapshot: ApplianceSnapshot) -> DeviceInfo:
    """Return the device of one simulated appliance."""
    return DeviceInfo(
        identifiers={(DOMAIN, f"{entry_id}_{kind}")},
        manufacturer=DEMO_MANUFACTURER,
        model=f"Simulated {kind.replace('_', ' ')}",
        model_id=f"sim-{kind}",
        translation_key=str(kind),
        sw_version=snapshot.firmware_version,
    )


class DemoApplianceEntity(Entity):
    """An entity of one simulated appliance; updated when its snapshot changes."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self,
        demo_home: DemoHome,
        entry_id: str,
        kind: ApplianceKind,
        description: EntityDescription,
    ) -> None:
        """Initialise the entity for one appliance and one description."""
        self.entity_description = description
        self._demo_home = demo_home
        self._kind = kind
        self._attr_unique_id = f"{entry_id}_{kind}_{description.key}"
        self._attr_device_info = demo_device_info(entry_id, kind, demo_home.snapshot(kind))

    @property
    def snapshot(self) -> ApplianceSnapshot:
        """Return the appliance's latest state."""
        return self._demo_home.snapshot(self._kind)

    async def async_added_to_hass(self) -> None:
        """Follow the appliance's changes."""
        await super().async_added_to_hass()
        self.async_on_remove(self._demo_home.async_add_listener(self._kind, self._handle_snapshot))

    @callback
    def _handle_snapshot(self, _snapshot: ApplianceSnapshot) -> None:
        self.async_write_ha_state()


class WatchedApplianceEntity(Entity):
    """An entity showing what the care engine knows about one appliance."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _last_shown: object = None

    def __init__(self, appliance: WatchedAppliance, description: EntityDescription) -> None:
        """Initialise the entity for one appliance and one description."""
        self.entity_description = description
        self.appliance = appliance
        self._attr_unique_id = f"{appliance.unique_prefix}_{description.key}"
        self._attr_device_info = appliance.device_info

    async def async_added_to_hass(self) -> None:
        """Follow the appliance's changes."""
        await super().async_added_to_hass()
        self.async_on_remove(self.appliance.async_add_listener(self._handle_appliance_update))

    def shown_value(self) -> object:
        """Return what the entity shows; a write is skipped while it stays the same."""
        return object()  # by default every update is written

    @callback
    def _handle_appliance_update(self) -> None:
        # The appliance publishes on every tick and event; most leave this entity as it
        # was, and a state write costs far more than this comparison.
        value = self.shown_value()
        if value == self._last_shown:
            return
        self._last_shown = value
        self.async_write_ha_state()


class CareEntity(Entity):
    """An entity showing an appliance's care findings or maintenance log."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, care: CareWatch, description: EntityDescription) -> None:
        """Initialise the entity for one appliance's care and one description."""
        self.entity_description = description
        self.care = care
        self._attr_unique_id = f"{care.unique_prefix}_{description.key}"
        self._attr_device_info = care.device_info

    async def async_added_to_hass(self) -> None:
        """Follow changes of the findings and the maintenance log."""
        await super().async_added_to_hass()
        self.async_on_remove(self.care.async_add_listener(self._handle_care_update))

    @callback
    def _handle_care_update(self) -> None:
        self.async_write_ha_state()
