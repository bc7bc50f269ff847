"""Start buttons of simulated appliances."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import ApplianceCareConfigEntry
from .const import DOMAIN
from .entity import DemoApplianceEntity
from .simulator import SimulationError

PARALLEL_UPDATES = 0

START = ButtonEntityDescription(key="start", translation_key="start")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a start button to every appliance that runs programs."""
    demo_home = entry.runtime_data.demo_home
    if demo_home is None:
        return
    async_add_entities(
        DemoStartButton(demo_home, entry.entry_id, kind, START)
        for kind in demo_home.home.kinds
        if demo_home.snapshot(kind).programs
    )


class DemoStartButton(DemoApplianceEntity, ButtonEntity):
    """Starts the selected program, after the set start delay."""

    async def async_press(self) -> None:
        """Start the program."""
        try:
            self._demo_home.async_start_program(self._kind)
        except SimulationError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key=err.key,
                translation_placeholders={"program": self.snapshot.program or ""},
            ) from err
