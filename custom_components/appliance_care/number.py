"""Delayed-start setting of simulated appliances."""

from __future__ import annotations

from homeassistant.components.number import NumberEntity, NumberEntityDescription, NumberMode
from homeassistant.const import EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import ApplianceCareConfigEntry
from .entity import DemoApplianceEntity

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
    """Add a start delay to every appliance that runs programs."""
    demo_home = entry.runtime_data.demo_home
    if demo_home is None:
        return
    async_add_entities(
        DemoStartDelay(demo_home, entry.entry_id, kind, START_DELAY)
        for kind in demo_home.home.kinds
        if demo_home.snapshot(kind).programs
    )


class DemoStartDelay(DemoApplianceEntity, NumberEntity):
    """How long the start button waits before the program begins."""

    @property
    def native_value(self) -> float:
        """Return the delay in minutes."""
        return self._demo_home.start_delay_minutes(self._kind)

    async def async_set_native_value(self, value: float) -> None:
        """Set the delay."""
        self._demo_home.async_set_start_delay(self._kind, value)
        self.async_write_ha_state()
