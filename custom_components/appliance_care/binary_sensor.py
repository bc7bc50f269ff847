"""Binary sensors: doors of demo appliances, compressor state, and care findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .appliance import WatchedAppliance
from .coordinator import ApplianceCoordinator
from .entity import ApplianceEntity, DemoApplianceEntity, EngineEntity, async_add_per_appliance
from .runtime import ApplianceCareConfigEntry

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
        entity_category=EntityCategory.DIAGNOSTIC,
        is_on_fn=lambda a: a.compressor.defrost_detected if a.compressor else None,
    ),
)


def _binary_sensors(coordinator: ApplianceCoordinator) -> list[Entity]:
    entities: list[Entity] = []
    if (demo := coordinator.source.demo) is not None and demo.snapshot.door_open is not None:
        entities.append(DemoDoorSensor(coordinator, DOOR))
    if (appliance := coordinator.appliance) is not None and not appliance.has_cycles:
        entities += [ApplianceBinarySensor(coordinator, d) for d in COMPRESSOR_DESCRIPTIONS]
    entities += [
        FindingSensor(
            coordinator,
            BinarySensorEntityDescription(
                key=f"finding_{kind}",
                translation_key=str(kind),
                device_class=BinarySensorDeviceClass.PROBLEM,
            ),
            str(kind),
        )
        for kind in coordinator.care.finding_kinds()
    ]
    return entities


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add door sensors of demo appliances, compressor sensors and finding sensors."""
    async_add_per_appliance(entry, async_add_entities, _binary_sensors)


class DemoDoorSensor(DemoApplianceEntity, BinarySensorEntity):
    """The door of a simulated appliance."""

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        return self.is_on

    @property
    def is_on(self) -> bool | None:
        """Return whether the door is open."""
        return self.snapshot.door_open


class ApplianceBinarySensor(EngineEntity, BinarySensorEntity):
    """A compressor state the care engine found."""

    live = True
    entity_description: ApplianceBinarySensorDescription

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        return self.is_on

    @property
    def is_on(self) -> bool | None:
        """Return the state from the engine."""
        return self.entity_description.is_on_fn(self.appliance)


class FindingSensor(ApplianceEntity, BinarySensorEntity):
    """On while a care finding of one kind is active; its evidence and advice as attributes."""

    def __init__(
        self,
        coordinator: ApplianceCoordinator,
        description: BinarySensorEntityDescription,
        kind: str,
    ) -> None:
        """Initialise the problem sensor of one finding kind."""
        super().__init__(coordinator, description)
        self._kind = kind

    def shown_value(self) -> object:
        """Return the finding, so unchanged updates skip the state write."""
        return self.care.finding(self._kind)

    @property
    def is_on(self) -> bool:
        """Return whether the finding is active."""
        return self.care.finding(self._kind) is not None

    @property
    def extra_state_attributes(self) -> dict[str, object]:
        """Return the finding's severity, evidence, advice and since."""
        finding = self.care.finding(self._kind)
        return self.care.finding_attributes(finding) if finding is not None else {}
