"""Entities a source reads: stored by registry id, followed through renames and removals.

Like core's helpers (derivative, trend, mold_indicator), a source keeps the entity
registry's id of each sensor where it has one, so a renamed sensor keeps working; an
entity without a registry entry is kept by its entity id. A sensor that does not exist
yet at start-up (its integration still loading) is waited for, and said so once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_registry import EVENT_ENTITY_REGISTRY_UPDATED
from homeassistant.helpers.event import (
    async_track_entity_registry_updated_event,
    async_track_state_change_event,
)
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN, LOGGER
from ..engine.signals import SignalKind

# Entities waited for: said once per absence, not again at every reload meanwhile.
_WAITING: HassKey[set[str]] = HassKey(f"{DOMAIN}_waiting_for")

type StateCallback[K: str] = Callable[[K, State | None, float], None]
type PresenceCallback[K: str] = Callable[[K, str], None]


def stored_reference(hass: HomeAssistant, entity_id: str) -> str:
    """Return what to store for a chosen entity: its registry id, or else its entity id."""
    entry = er.async_get(hass).async_get(entity_id)
    return entry.id if entry is not None else entity_id


def shown_entity_id(hass: HomeAssistant, reference: str | None) -> str | None:
    """Return the entity id a stored reference stands for now (None if it is gone)."""
    if not reference:
        return None
    return er.async_resolve_entity_id(er.async_get(hass), reference)


def last_entity_id(hass: HomeAssistant, reference: str) -> str:
    """Return the entity id a reference stands or last stood for (a deleted one too)."""
    registry = er.async_get(hass)
    if (entity_id := er.async_resolve_entity_id(registry, reference)) is not None:
        return entity_id
    deleted = (e for e in registry.deleted_entities.values() if e.id == reference)
    return next((e.entity_id for e in deleted), reference)


@callback
def _is_creation(data: er.EventEntityRegistryUpdatedData) -> bool:
    return data["action"] == "create"


class TrackedEntities[K: str = SignalKind]:
    """Follows the states of a source's entities and what happens to them in the registry."""

    def __init__(
        self,
        hass: HomeAssistant,
        references: Mapping[K, str],
        *,
        on_state: StateCallback[K],
        on_removed: PresenceCallback[K],
        on_returned: PresenceCallback[K],
    ) -> None:
        """Prepare to follow `references` (registry ids or entity ids) by signal kind."""
        self._hass = hass
        self._references = dict(references)
        self._on_state = on_state
        self._on_removed = on_removed
        self._on_returned = on_returned
        self._kinds: dict[K, str] = {}
        """The entity id each followed signal is read from now."""
        self._by_entity: dict[str, tuple[K, ...]] = {}
        """The same the other way round (rebuilt whenever the followed entities change)."""
        self._missing: set[K] = set()
        """Signals whose entity was deleted: followed again if it comes back."""
        self._unsubscribers: list[CALLBACK_TYPE] = []
        self._waiting = hass.data.setdefault(_WAITING, set())

    def entity_id(self, kind: K) -> str | None:
        """Return the entity id a signal is read from now."""
        return self._kinds.get(kind)

    @callback
    def async_start(self) -> None:
        """Resolve the references, follow them, and hand over their current states."""
        registry = er.async_get(self._hass)
        self._kinds = {}
        self._missing = set()
        for kind, reference in self._references.items():
            entity_id = er.async_resolve_entity_id(registry, reference)
            if entity_id is None:
                # A registry id that no longer resolves: the entity was deleted meanwhile.
                self._missing.add(kind)
                self._on_removed(kind, last_entity_id(self._hass, reference))
                continue
            self._kinds[kind] = entity_id
            self._on_returned(kind, entity_id)
        self._subscribe()
        # The current states count from now: what happened before is not known.
        now = dt_util.utcnow().timestamp()
        for kind, entity_id in self._kinds.items():
            state = self._hass.states.get(entity_id)
            if state is None and entity_id not in self._waiting:
                self._waiting.add(entity_id)
                LOGGER.info(
                    "Waiting for %s to appear (its integration may still be loading)", entity_id
                )
            self._on_state(kind, state, now)

    @callback
    def async_stop(self) -> None:
        """Stop following."""
        while self._unsubscribers:
            self._unsubscribers.pop()()

    @callback
    def _subscribe(self) -> None:
        self.async_stop()
        by_entity: dict[str, list[K]] = {}
        for kind, followed in self._kinds.items():
            by_entity.setdefault(followed, []).append(kind)
        self._by_entity = {entity_id: tuple(kinds) for entity_id, kinds in by_entity.items()}
        watched = sorted(by_entity)
        self._unsubscribers = [
            async_track_state_change_event(self._hass, watched, self._async_state_changed),
            async_track_entity_registry_updated_event(
                self._hass, watched, self._async_registry_updated
            ),
        ]
        if self._missing:
            self._unsubscribers.append(
                self._hass.bus.async_listen(
                    EVENT_ENTITY_REGISTRY_UPDATED,
                    self._async_created,
                    event_filter=_is_creation,
                )
            )

    def _kinds_of(self, entity_id: str) -> tuple[K, ...]:
        return self._by_entity.get(entity_id, ())

    @callback
    def _async_state_changed(self, event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        new_state = event.data["new_state"]
        if new_state is not None and entity_id in self._waiting:
            self._waiting.discard(entity_id)
            LOGGER.info("%s is there now", entity_id)
        at = new_state.last_updated_timestamp if new_state else event.time_fired_timestamp
        for kind in self._by_entity.get(entity_id, ()):  # _kinds_of, inline: every report
            self._on_state(kind, new_state, at)

    @callback
    def _async_registry_updated(self, event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        data = event.data
        now = dt_util.utcnow().timestamp()
        if data["action"] == "remove":
            for kind in self._kinds_of(data["entity_id"]):
                del self._kinds[kind]
                self._missing.add(kind)
                self._on_removed(kind, data["entity_id"])
            self._subscribe()
        elif data["action"] == "update" and "old_entity_id" in data:
            # Renamed: follow it under its new id (the stored registry id still holds).
            kinds = self._kinds_of(data["old_entity_id"])
            for kind in kinds:
                self._kinds[kind] = data["entity_id"]
            self._subscribe()
            state = self._hass.states.get(data["entity_id"])
            for kind in kinds:
                self._on_state(kind, state, now)

    @callback
    def _async_created(self, event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        """Follow a deleted entity again when it comes back under its registry id."""
        registry = er.async_get(self._hass)
        returned = [
            (kind, entity_id)
            for kind in self._missing
            if (entity_id := er.async_resolve_entity_id(registry, self._references[kind]))
            is not None
        ]
        if not returned:
            return
        now = dt_util.utcnow().timestamp()
        for kind, entity_id in returned:
            self._missing.discard(kind)
            self._kinds[kind] = entity_id
            self._on_returned(kind, entity_id)
        self._subscribe()
        for kind, entity_id in returned:
            self._on_state(kind, self._hass.states.get(entity_id), now)
