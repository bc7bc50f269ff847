"""Binary sensors of Appliance Care: appliance doors."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import ApplianceCareConfigEntry
from .entity import DemoApplianceEntity

PARALLEL_UPDATES = 0

DOOR = BinarySensorEntityDescription(key="door", device_class=BinarySensorDeviceClass.DOOR)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a door sensor to every appliance that has a door."""
    demo_home = entry.runtime_data.demo_home
    if demo_home is None:
        return
    async_add_entities(
        DemoDoorSensor(demo_home, entry.entry_id, kind, DOOR)
        for kind in demo_home.home.kinds
        if demo_home.snapshot(kind).door_open is not None
    )


class DemoDoorSensor(DemoApplianceEntity, BinarySensorEntity):
    """The door of a simulated appliance."""

    @property
    def is_on(self) -> bool | None:
        """Return whether the door is open."""
        return self.snapshot.door_open
