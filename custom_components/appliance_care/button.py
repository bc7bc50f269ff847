"""Buttons: start simulated appliances; record maintenance of any appliance."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from . import ApplianceCareConfigEntry
from .care_watch import CareWatch
from .const import DOMAIN
from .engine.care import MaintenanceKind, MaintenanceRecord
from .entity import CareEntity, DemoApplianceEntity
from .simulator import SimulationError

PARALLEL_UPDATES = 0

START = ButtonEntityDescription(key="start", translation_key="start")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add start buttons to demo appliances and maintenance buttons to every appliance."""
    runtime = entry.runtime_data
    if (demo_home := runtime.demo_home) is not None:
        async_add_entities(
            DemoStartButton(demo_home, entry.entry_id, kind, START)
            for kind in demo_home.home.kinds
            if demo_home.snapshot(kind).programs
        )
    async_add_entities(
        MaintenanceButton(
            care,
            ButtonEntityDescription(key=f"record_{kind}", translation_key=f"record_{kind}"),
            kind,
        )
        for care in runtime.cares
        for kind in care.maintenance_buttons()
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


class MaintenanceButton(CareEntity, ButtonEntity):
    """Records that a maintenance was done now (a tub clean, a filter change, ...)."""

    def __init__(
        self, care: CareWatch, description: ButtonEntityDescription, kind: MaintenanceKind
    ) -> None:
        """Initialise the button of one maintenance kind."""
        super().__init__(care, description)
        self._kind = kind

    async def async_press(self) -> None:
        """Record the maintenance."""
        self.care.async_record(MaintenanceRecord(kind=self._kind, at=dt_util.utcnow().timestamp()))
