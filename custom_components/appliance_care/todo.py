"""Maintenance as a to-do list: one list for the home, an item per recurring chore.

One list rather than one per appliance: chores are done by the household, not by
appliance, and Home Assistant's to-do panel shows every list; seven appliances would be
seven lists of one or two items each. Each item is an appliance's recurring maintenance
(tub clean, lint filter, dishwasher filter, air filter, filter replacement) with its
next due date. It is unchecked while due, checked otherwise. Checking it records the
maintenance in the appliance's log, and recording it elsewhere (a button, the action, a
repair) checks it. Items cannot be added, renamed or removed: they follow the care rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from homeassistant.components.todo import (
    TodoItem,
    TodoItemStatus,
    TodoListEntity,
    TodoListEntityFeature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .care_kinds import FILTERING
from .const import DOMAIN
from .coordinator import ApplianceCoordinator
from .engine.care import MaintenanceKind, MaintenanceRecord
from .runtime import ApplianceCareConfigEntry
from .texts import async_option_texts

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ApplianceCareConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the home's maintenance list."""
    names = await async_option_texts(hass, "maintenance_kind")
    async_add_entities([MaintenanceList(entry, names)])


def _chores(coordinator: ApplianceCoordinator) -> Iterator[MaintenanceKind]:
    care = coordinator.care
    yield from care.reminder_kinds()
    if care.subject in FILTERING:
        yield MaintenanceKind.FILTER_REPLACE


class MaintenanceList(TodoListEntity):
    """The recurring maintenance of every appliance of the home."""

    _attr_has_entity_name = True
    _attr_translation_key = "maintenance"
    _attr_should_poll = False
    _attr_supported_features = TodoListEntityFeature.UPDATE_TODO_ITEM

    def __init__(self, entry: ApplianceCareConfigEntry, kind_names: Mapping[str, str]) -> None:
        """Follow every appliance of the home; `kind_names` are the chores' names."""
        self._entry = entry
        self._kind_names = kind_names
        self._attr_unique_id = f"{entry.entry_id}_maintenance"
        self._chore_of: dict[str, tuple[ApplianceCoordinator, MaintenanceKind]] = {}

    async def async_added_to_hass(self) -> None:
        """Follow the appliances' updates (a finding raised or cleared, a record)."""
        await super().async_added_to_hass()
        for coordinator in self._entry.runtime_data.coordinators():
            self.async_on_remove(coordinator.async_add_listener(self._async_changed))
        self._attr_todo_items = self._items()

    @callback
    def _async_changed(self) -> None:
        items = self._items()
        if items != self._attr_todo_items:
            self._attr_todo_items = items
            self.async_write_ha_state()

    def _items(self) -> list[TodoItem]:
        items: list[TodoItem] = []
        self._chore_of = {}
        for coordinator in self._entry.runtime_data.coordinators():
            care = coordinator.care
            for kind in _chores(coordinator):
                # One look at the care rules gives the status and the date together, as
                # the appliance's due and next-date sensors show them.
                if (due := care.due(kind)) is None:
                    continue
                uid = f"{coordinator.profile.key}_{kind}"
                self._chore_of[uid] = (coordinator, kind)
                name = self._kind_names.get(str(kind), str(kind))
                items.append(
                    TodoItem(
                        uid=uid,
                        summary=f"{care.name}: {name[:1].upper()}{name[1:]}",
                        status=(
                            TodoItemStatus.NEEDS_ACTION if due.due_now else TodoItemStatus.COMPLETED
                        ),
                        due=care.local_date(due.next_due_at),
                    )
                )
        return items

    async def async_update_todo_item(self, item: TodoItem) -> None:
        """Check an item: record its maintenance now. Nothing else can be changed."""
        chore = self._chore_of.get(item.uid or "")
        current = next((i for i in self._attr_todo_items or () if i.uid == item.uid), None)
        if chore is None or current is None:
            raise ServiceValidationError(translation_domain=DOMAIN, translation_key="unknown_chore")
        if item.summary != current.summary or item.due != current.due:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="chore_follows_care_rules"
            )
        if item.status == current.status:
            return
        if item.status != TodoItemStatus.COMPLETED:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="maintenance_cannot_be_undone"
            )
        coordinator, kind = chore
        coordinator.async_record(MaintenanceRecord(kind=kind, at=dt_util.utcnow().timestamp()))
