"""Binary sensors of Appliance Care: doors of demo appliances; compressor state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import ApplianceCareConfigEntry
from .appliance import WatchedAppliance
from .care_watch import CareWatch
from .entity import CareEntity, DemoApplianceEntity, WatchedApplianceEntity

PARALLEL_UPDATES = 0

DOOR = BinarySensorEntityDescription(key="door", device_class=BinarySensorDeviceClass.DOOR)


@dataclass(frozen=True, kw_only=True)
class ApplianceBinarySensorDescription(BinarySensorEntityDescription):
    """Describes one binary sensor of a fridge or freezer."""

    is_on_fn: Callable[[WatchedAppliance], bool | None]


COMPRESSOR_DESCRIPTIONS: tuple[ApplianceBinarySensorDescription, ...] = (
    ApplianceBinarySensorDescription(
        key="compressor",
        translation_key="compressor",
        device_class=BinarySensorDeviceClass.RUNNING,
        is_on_fn=lambda a: a.compressor.running if a.compressor else None,
    ),
    ApplianceBinarySensorDescription(
        key="defrost",
        translation_key="defrost",
        is_on_fn=lambda a: a.compressor.defrost_detected if a.compressor else None,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add door sensors of demo appliances and compressor sensors of fridges."""
    runtime = entry.runtime_data
    if (demo_home := runtime.demo_home) is not None:
        async_add_entities(
            DemoDoorSensor(demo_home, entry.entry_id, kind, DOOR)
            for kind in demo_home.home.kinds
            if demo_home.snapshot(kind).door_open is not None
        )
    async_add_entities(
        ApplianceBinarySensor(appliance, description)
        for appliance in runtime.appliances
        if not appliance.has_cycles
        for description in COMPRESSOR_DESCRIPTIONS
    )
    async_add_entities(
        FindingSensor(
            care,
            BinarySensorEntityDescription(
                key=f"finding_{kind}",
                translation_key=str(kind),
                device_class=BinarySensorDeviceClass.PROBLEM,
            ),
            str(kind),
        )
        for care in runtime.cares
        for kind in care.finding_kinds()
    )


class DemoDoorSensor(DemoApplianceEntity, BinarySensorEntity):
    """The door of a simulated appliance."""

    @property
    def is_on(self) -> bool | None:
        """Return whether the door is open."""
        return self.snapshot.door_open


class ApplianceBinarySensor(WatchedApplianceEntity, BinarySensorEntity):
    """A compressor state the care engine found."""

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        return self.is_on

    entity_description: ApplianceBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """Return the state from the engine."""
        return self.entity_description.is_on_fn(self.appliance)


class FindingSensor(CareEntity, BinarySensorEntity):
    """On while a care finding of one kind is active; its evidence and advice as attributes."""

    def __init__(
        self, care: CareWatch, description: BinarySensorEntityDescription, kind: str
    ) -> None:
        """Initialise the problem sensor of one finding kind."""
        super().__init__(care, description)
        self._kind = kind

    @property
    def is_on(self) -> bool:
        """Return whether the finding is active."""
        return self.care.finding(self._kind) is not None

    @property
    def extra_state_attributes(self) -> dict[str, object]:
        """Return the finding's severity, evidence, advice and since."""
        finding = self.care.finding(self._kind)
        return self.care.finding_attributes(finding) if finding is not None else {}
