"""Shared setup of the connected-appliance tests: Appliance Care on another integration's device."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care.const import (
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_DEVICE_ID,
    CONF_INTEGRATION,
    CONF_PLACE,
    CONF_THRESHOLDS,
    DOMAIN,
    SUBENTRY_APPLIANCE,
)
from tests.integration.conftest import home_entry

CONNECTED_ID = "connected_washer_01"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load Appliance Care from this checkout."""


def connected_subentry(
    device_id: str,
    integration: str,
    appliance_type: str = "washer",
    *,
    title: str = "Washer",
    subentry_id: str = CONNECTED_ID,
    **extra: Any,
) -> dict[str, Any]:
    """Return a connected appliance's subentry as the flow stores it."""
    return {
        "data": {
            CONF_DEVICE_ID: device_id,
            CONF_INTEGRATION: integration,
            CONF_APPLIANCE_TYPE: appliance_type,
            CONF_THRESHOLDS: {},
            CONF_PLACE: {},
            CONF_CARE: {},
            **extra,
        },
        "subentry_id": subentry_id,
        "subentry_type": SUBENTRY_APPLIANCE,
        "title": title,
        "unique_id": f"device_{device_id}",
    }


async def async_watch(hass: HomeAssistant, *subentries: dict[str, Any]) -> MockConfigEntry:
    """Set up Appliance Care with the given connected appliances."""
    entry = home_entry(*subentries)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def our_entity(hass: HomeAssistant, key: str, subentry_id: str = CONNECTED_ID) -> str:
    """Return the entity id of one of Appliance Care's entities of an appliance."""
    registry = er.async_get(hass)
    for platform in ("sensor", "binary_sensor", "event", "button", "select", "todo"):
        entity_id = registry.async_get_entity_id(platform, DOMAIN, f"{subentry_id}_{key}")
        if entity_id is not None:
            return entity_id
    raise AssertionError(f"no entity {key} of {subentry_id}")


def record_events(
    hass: HomeAssistant, entity_id: str
) -> tuple[list[dict[str, Any]], Callable[[], None]]:
    """Record each event an event entity fires (its type and attributes)."""
    fired: list[dict[str, Any]] = []

    @callback
    def _changed(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None and new.attributes.get("event_type"):
            fired.append(dict(new.attributes))

    return fired, async_track_state_change_event(hass, [entity_id], _changed)
