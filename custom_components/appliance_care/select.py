"""Program selection on simulated appliances."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ApplianceCoordinator
from .demo_machine import machine_entities
from .entity import DemoApplianceEntity, async_add_per_appliance
from .runtime import ApplianceCareConfigEntry

PARALLEL_UPDATES = 0

PROGRAM = SelectEntityDescription(key="program", translation_key="program")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a program select to every demo appliance that has programs."""
    async_add_per_appliance(entry, async_add_entities, _selects)


def _selects(coordinator: ApplianceCoordinator) -> list[Entity]:
    demo = coordinator.source.demo
    if demo is None or not demo.snapshot.programs:
        return machine_entities(coordinator, "select")
    return [DemoProgramSelect(coordinator, PROGRAM)]


class DemoProgramSelect(DemoApplianceEntity, SelectEntity):
    """The program selector of a simulated appliance."""

    def shown_value(self) -> object:
        """Return the value and the choices, so unchanged updates skip the state write."""
        return self.current_option, self.snapshot.programs

    @property
    def options(self) -> list[str]:
        """Return the programs the appliance offers."""
        return list(self.snapshot.programs)

    @property
    def current_option(self) -> str | None:
        """Return the selected program."""
        return self.snapshot.program

    async def async_select_option(self, option: str) -> None:
        """Select a program."""
        self.demo.async_select_program(option)
