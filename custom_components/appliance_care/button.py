"""Buttons: start simulated appliances; record maintenance of any appliance."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import ApplianceCoordinator
from .demo_machine import machine_entities
from .diagnosis import async_run_diagnosis
from .engine.care import MaintenanceKind, MaintenanceRecord
from .entity import ApplianceEntity, DemoApplianceEntity, async_add_per_appliance
from .passport_files import async_export
from .runtime import ApplianceCareConfigEntry

PARALLEL_UPDATES = 0

START = ButtonEntityDescription(key="start", translation_key="start")
DIAGNOSIS = ButtonEntityDescription(
    key="run_diagnosis",
    translation_key="run_diagnosis",
    entity_category=EntityCategory.DIAGNOSTIC,
)
PASSPORT = ButtonEntityDescription(
    key="export_passport",
    translation_key="export_passport",
    entity_category=EntityCategory.DIAGNOSTIC,
)


def _buttons(coordinator: ApplianceCoordinator) -> list[Entity]:
    entities: list[Entity] = []
    if (demo := coordinator.source.demo) is not None and demo.snapshot.programs:
        entities.append(DemoStartButton(coordinator, START))
    entities += [
        MaintenanceButton(
            coordinator,
            ButtonEntityDescription(key=f"record_{kind}", translation_key=f"record_{kind}"),
            kind,
        )
        for kind in coordinator.care.maintenance_buttons()
    ]
    entities.append(PassportButton(coordinator, PASSPORT))
    entities.append(DiagnosisButton(coordinator, DIAGNOSIS))
    return entities + machine_entities(coordinator, "button")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add start buttons to demo appliances and maintenance buttons to every appliance."""
    async_add_per_appliance(entry, async_add_entities, _buttons)


class DemoStartButton(DemoApplianceEntity, ButtonEntity):
    """Starts the selected program, after the set start delay."""

    def shown_value(self) -> object:
        """Return nothing that changes: a button's state is its last press."""
        return None

    async def async_press(self) -> None:
        """Start the program."""
        self.demo.async_start_program()


class MaintenanceButton(ApplianceEntity, ButtonEntity):
    """Records that a maintenance was done now (a tub clean, a filter change, ...)."""

    def __init__(
        self,
        coordinator: ApplianceCoordinator,
        description: ButtonEntityDescription,
        kind: MaintenanceKind,
    ) -> None:
        """Initialise the button of one maintenance kind."""
        super().__init__(coordinator, description)
        self._kind = kind

    def shown_value(self) -> object:
        """Return nothing that changes: a button's state is its last press."""
        return None

    async def async_press(self) -> None:
        """Record the maintenance."""
        self.coordinator.async_record(
            MaintenanceRecord(kind=self._kind, at=dt_util.utcnow().timestamp())
        )


class PassportButton(ApplianceEntity, ButtonEntity):
    """Writes the appliance's passport to the media folder (as the action does)."""

    def shown_value(self) -> object:
        """Return nothing that changes: a button's state is its last press."""
        return None

    async def async_press(self) -> None:
        """Write the passport (nothing about the home goes in)."""
        await async_export(self.hass, self.coordinator)


class DiagnosisButton(ApplianceEntity, ButtonEntity):
    """Runs the appliance's diagnosis; the report comes as a notification."""

    def shown_value(self) -> object:
        """Return nothing that changes: a button's state is its last press."""
        return None

    async def async_press(self) -> None:
        """Run the diagnosis."""
        await async_run_diagnosis(self.hass, self.coordinator)
