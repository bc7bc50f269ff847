"""Name learned programs: the program of the running or last cycle, as a text entity."""

from __future__ import annotations

from homeassistant.components.text import TextEntity, TextEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .appliance import WatchedAppliance
from .const import DOMAIN
from .coordinator import ApplianceCoordinator
from .entity import EngineEntity, async_add_per_appliance
from .runtime import ApplianceCareConfigEntry

PARALLEL_UPDATES = 0

# Long enough for "Cotton 40 with pre-wash and extra rinse".
MAX_PROGRAM_NAME_LENGTH = 48

PROGRAM_NAME = TextEntityDescription(
    key="program_name",
    translation_key="program_name",
    entity_category=EntityCategory.CONFIG,
    native_max=MAX_PROGRAM_NAME_LENGTH,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a program name to every cycle appliance."""
    async_add_per_appliance(entry, async_add_entities, _texts)


def _texts(coordinator: ApplianceCoordinator) -> list[ProgramName]:
    appliance = coordinator.appliance
    if appliance is None or not appliance.has_cycles:
        return []
    return [ProgramName(coordinator, PROGRAM_NAME)]


def current_program_id(appliance: WatchedAppliance) -> int | None:
    """Return the learned program of the running cycle, or of the last one when none runs.

    A running cycle that matches no learned program has none to name: falling back to the
    last cycle's would rename another program.
    """
    tracker = appliance.tracker
    if tracker is None:
        return None
    if tracker.cycle_start is not None:
        program = tracker.program
        return None if program is None else program.program_id
    last = tracker.last_cycle
    return None if last is None else last.program_id


class ProgramName(EngineEntity, TextEntity):
    """The user's name for the program of the running or last cycle."""

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        return self.native_value

    @property
    def native_value(self) -> str:
        """Return the program's name (empty while unnamed or while there is none to name)."""
        tracker = self.appliance.tracker
        program_id = current_program_id(self.appliance)
        info = None if tracker is None else tracker.program_info(program_id)
        return "" if info is None else info.name or ""

    async def async_set_value(self, value: str) -> None:
        """Name the program (an empty text clears the name)."""
        tracker = self.appliance.tracker
        program_id = current_program_id(self.appliance)
        if tracker is None or program_id is None:
            running = tracker is not None and tracker.cycle_start is not None
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="program_not_known_yet" if running else "no_program_yet",
            )
        try:
            tracker.rename_program(program_id, value.strip() or None)
        except KeyError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="no_program_yet"
            ) from err
        self.appliance.async_request_save()
        self.coordinator.async_refresh_entities()
