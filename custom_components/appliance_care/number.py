"""Delayed-start setting of simulated appliances."""

from __future__ import annotations

from homeassistant.components.number import NumberEntity, NumberEntityDescription, NumberMode
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ApplianceCoordinator
from .entity import DemoApplianceEntity, async_add_per_appliance
from .runtime import ApplianceCareConfigEntry

PARALLEL_UPDATES = 0

# Real washers and dishwashers offer delays of up to a day, in steps of minutes to hours.
MAX_START_DELAY_MIN = 24 * 60
START_DELAY_STEP_MIN = 15

START_DELAY = NumberEntityDescription(
    key="start_delay",
    translation_key="start_delay",
    entity_category=EntityCategory.CONFIG,
    native_min_value=0,
    native_max_value=MAX_START_DELAY_MIN,
    native_step=START_DELAY_STEP_MIN,
    native_unit_of_measurement=UnitOfTime.MINUTES,
    mode=NumberMode.BOX,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a start delay to every demo appliance that runs programs."""
    async_add_per_appliance(entry, async_add_entities, _numbers)


def _numbers(coordinator: ApplianceCoordinator) -> list[DemoStartDelay]:
    demo = coordinator.source.demo
    if demo is None or not demo.snapshot.programs:
        return []
    return [DemoStartDelay(coordinator, START_DELAY)]


class DemoStartDelay(DemoApplianceEntity, NumberEntity):
    """How long the start button waits before the program begins."""

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        return self.native_value

    @property
    def native_value(self) -> float:
        """Return the delay in minutes."""
        return self.demo.start_delay_minutes

    async def async_set_native_value(self, value: float) -> None:
        """Set the delay."""
        self.demo.async_set_start_delay(value)
        self.async_write_ha_state()
