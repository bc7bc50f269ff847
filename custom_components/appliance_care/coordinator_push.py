"""The update a coordinator pushes, and to whom: event entities first, the status alone.

Each appliance's coordinator (coordinator.py) pushes an ApplianceUpdate to its entities
whenever something shown may have changed. Two kinds of listener are set apart by their
context: the event entities hear every update first, and the entities that show the
status are the only ones to hear a change between off and idle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, override

from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .appliance import EngineEvent

type CareEvent = tuple[str, dict[str, Any]]

EVENTS_CONTEXT = "events"
"""Listener context of the event entities, which hear every update first."""
STATUS_CONTEXT = "status"
"""Listener context of the entities that show the status: they alone hear an appliance
go between off and idle, which a plug's standby about the off level can do at every
report, and which changes nothing else."""


@dataclass(frozen=True)
class ApplianceUpdate:
    """What one update brought: the events to fire (most updates bring none)."""

    cycle_events: tuple[EngineEvent, ...] = ()
    care_events: tuple[CareEvent, ...] = ()


class PushCoordinator(DataUpdateCoordinator[ApplianceUpdate]):
    """A coordinator updated by pushes, handing each update to the right listeners."""

    _ordered: tuple[CALLBACK_TYPE, ...] | None = None
    _showing_status: tuple[CALLBACK_TYPE, ...] | None = None

    @callback
    @override
    def async_update_listeners(self) -> None:
        """Update the event entities first, then the rest.

        An automation woken by a problem sensor or a status then finds that the event
        of the same change has fired already (the blueprints that take both skip the
        second). One woken by the event runs before the states are written.
        """
        if self._ordered is None:
            ordered = sorted(self._listeners.values(), key=lambda item: item[1] != EVENTS_CONTEXT)
            self._ordered = tuple(update_callback for update_callback, _context in ordered)
        self._call(self._ordered)

    @callback
    def async_update_status_listeners(self) -> None:
        """Hand a change between off and idle to the entities that show the status."""
        if self._showing_status is None:
            self._showing_status = tuple(
                update_callback
                for update_callback, context in self._listeners.values()
                if context == STATUS_CONTEXT
            )
        self.data = ApplianceUpdate()
        self._call(self._showing_status)

    @callback
    def _call(self, listeners: tuple[CALLBACK_TYPE, ...]) -> None:
        for update_callback in listeners:
            try:
                update_callback()
            except Exception:
                self.logger.exception("Unexpected error updating an entity of %s", self.name)

    @callback
    @override
    def async_add_listener(
        self, update_callback: CALLBACK_TYPE, context: Any = None
    ) -> Callable[[], None]:
        """Listen for updates; who hears what is worked out again when listeners change."""
        remove = super().async_add_listener(update_callback, context)
        self._ordered = self._showing_status = None

        @callback
        def remove_listener() -> None:
            remove()
            self._ordered = self._showing_status = None

        return remove_listener
