"""Program selection on simulated appliances."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import ApplianceCareConfigEntry
from .const import DOMAIN
from .entity import DemoApplianceEntity
from .simulator import SimulationError

PARALLEL_UPDATES = 0

PROGRAM = SelectEntityDescription(key="program", translation_key="program")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a program select to every appliance that has programs."""
    demo_home = entry.runtime_data.demo_home
    if demo_home is None:
        return
    async_add_entities(
        DemoProgramSelect(demo_home, entry.entry_id, kind, PROGRAM)
        for kind in demo_home.home.kinds
        if demo_home.snapshot(kind).programs
    )


class DemoProgramSelect(DemoApplianceEntity, SelectEntity):
    """The program selector of a simulated appliance."""

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
        try:
            self._demo_home.async_select_program(self._kind, option)
        except SimulationError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key=err.key,
                translation_placeholders={"program": option},
            ) from err
