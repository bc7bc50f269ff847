"""Adding a connected appliance in the UI: a mapped device, or any device (generic path)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.appliance_care.const import (
    CONF_APPLIANCE_TYPE,
    CONF_DEVICE_ID,
    CONF_INTEGRATION,
    CONF_REMAINING_ENTITY,
    CONF_RUN_STATE_ENTITY,
    CONF_STATE_MAP,
    DOMAIN,
    SUBENTRY_APPLIANCE,
)
from tests.integration.conftest import home_entry

from .conftest import our_entity, record_events
from .lg_thinq_harness import LgThinqHarness, async_setup_lg_thinq

START = "2026-11-02T07:00:00+00:00"


@pytest.fixture
async def lg(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, freezer: FrozenDateTimeFactory
) -> AsyncIterator[LgThinqHarness]:
    """Set up the real LG ThinQ integration on its made-up devices."""
    freezer.move_to(START)
    harness = await async_setup_lg_thinq(hass, aioclient_mock)
    yield harness
    await hass.async_block_till_done()
    for entry in hass.config_entries.async_entries(DOMAIN):
        await hass.config_entries.async_unload(entry.entry_id)
    await harness.async_unload()


async def _home(hass: HomeAssistant) -> MockConfigEntry:
    entry = home_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def _start(hass: HomeAssistant, entry: MockConfigEntry, path: str) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_APPLIANCE), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert "connected" in result["menu_options"]
    return dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {"next_step_id": path}
        )
    )


async def test_an_lg_washer_is_added_with_its_type_proposed(
    hass: HomeAssistant, lg: LgThinqHarness
) -> None:
    entry = await _home(hass)
    result = await _start(hass, entry, "connected")
    assert result["step_id"] == "connected"
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {CONF_DEVICE_ID: lg.device_ids["washer"]}
        )
    )
    assert result["step_id"] == "connected_details"
    schema = result["data_schema"].schema
    suggested = {str(k): k.description["suggested_value"] for k in schema if k.description}
    assert suggested[CONF_NAME] == "Washer"
    assert suggested[CONF_APPLIANCE_TYPE] == "washer"
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {CONF_NAME: "Washer", CONF_APPLIANCE_TYPE: "washer"}
        )
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    (subentry,) = entry.subentries.values()
    assert subentry.data[CONF_INTEGRATION] == "lg_thinq"
    assert subentry.unique_id == f"device_{lg.device_ids['washer']}"
    status = our_entity(hass, "status", subentry.subentry_id)
    assert er.async_get(hass).async_get(status).device_id == lg.device_ids["washer"]  # type: ignore[union-attr]

    # The same device again is refused.
    again = await _start(hass, entry, "connected")
    again = dict(
        await hass.config_entries.subentries.async_configure(
            again["flow_id"], {CONF_DEVICE_ID: lg.device_ids["washer"]}
        )
    )
    assert again["errors"] == {CONF_DEVICE_ID: "device_already_watched"}

    # Reconfigure offers the name, a power sensor and the purchase date; the rest is kept.
    result = dict(
        await hass.config_entries.subentries.async_init(
            (entry.entry_id, SUBENTRY_APPLIANCE),
            context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry.subentry_id},
        )
    )
    assert result["menu_options"] == ["connected_sensors", "thresholds"]
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {"next_step_id": "connected_sensors"}
        )
    )
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {CONF_NAME: "Laundry", "purchase_date": "2024-03-01"}
        )
    )
    assert result["reason"] == "reconfigure_successful"
    subentry = entry.subentries[subentry.subentry_id]
    assert subentry.title == "Laundry"
    assert subentry.data[CONF_DEVICE_ID] == lg.device_ids["washer"]


async def test_a_device_without_a_run_state_is_no_cycle_appliance(
    hass: HomeAssistant, lg: LgThinqHarness
) -> None:
    entry = await _home(hass)
    result = await _start(hass, entry, "connected")
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {CONF_DEVICE_ID: lg.device_ids["refrigerator"]}
        )
    )
    # A fridge it may be (its door and water filter are read) ...
    schema = result["data_schema"].schema
    suggested = {str(k): k.description["suggested_value"] for k in schema if k.description}
    assert suggested[CONF_APPLIANCE_TYPE] == "refrigerator"
    # ... but not a washer: LG tells no run state of it.
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {CONF_NAME: "Fridge", CONF_APPLIANCE_TYPE: "washer"}
        )
    )
    assert result["errors"] == {"base": "no_run_state"}
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {CONF_NAME: "Fridge", CONF_APPLIANCE_TYPE: "refrigerator"}
        )
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_any_device_by_its_chosen_entities(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, caplog: pytest.LogCaptureFixture
) -> None:
    freezer.move_to(START)
    # A machine of an integration no table knows: a template-like device with a status
    # sensor in its own words and a remaining-time sensor in minutes.
    other = MockConfigEntry(domain="miele_like")
    other.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("miele_like", "w1")}, name="Miele washer"
    )
    registry = er.async_get(hass)
    status = registry.async_get_or_create(
        "sensor", "miele_like", "w1_status", device_id=device.id, suggested_object_id="w1_status"
    )
    left = registry.async_get_or_create(
        "sensor", "miele_like", "w1_left", device_id=device.id, suggested_object_id="w1_left"
    )
    hass.states.async_set(
        status.entity_id, "Ready", {"options": ["Ready", "Washing", "Rinse hold", "End", "Off"]}
    )
    hass.states.async_set(left.entity_id, "0", {"unit_of_measurement": "min"})
    entry = await _home(hass)
    result = await _start(hass, entry, "generic")
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {CONF_DEVICE_ID: device.id}
        )
    )
    assert result["step_id"] == "generic_entities"
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"],
            {
                CONF_NAME: "Miele washer",
                CONF_APPLIANCE_TYPE: "washer",
                CONF_RUN_STATE_ENTITY: status.entity_id,
                CONF_REMAINING_ENTITY: left.entity_id,
            },
        )
    )
    assert result["step_id"] == "generic_states"
    bad = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {"paused": ["Rinse hold"]}
        )
    )
    assert bad["errors"] == {"running": "running_state_required"}
    result = dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"],
            {
                "running": ["Washing"],
                "paused": ["Rinse hold"],
                "finished": ["End"],
                "idle": ["Ready"],
                "off": ["Off"],
            },
        )
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    (subentry,) = entry.subentries.values()
    assert subentry.data[CONF_STATE_MAP]["Rinse hold"] == "paused"
    assert subentry.data[CONF_RUN_STATE_ENTITY] == status.id  # the registry id, renames kept
    key = subentry.subentry_id
    fired, stop = record_events(hass, our_entity(hass, "cycle", key))

    hass.states.async_set(left.entity_id, "45", {"unit_of_measurement": "min"})
    hass.states.async_set(status.entity_id, "Washing")
    await hass.async_block_till_done()
    assert hass.states.get(our_entity(hass, "status", key)).state == "running"  # type: ignore[union-attr]
    assert hass.states.get(our_entity(hass, "remaining", key)).state == "45"  # type: ignore[union-attr]
    hass.states.async_set(status.entity_id, "Rinse hold")
    await hass.async_block_till_done()
    assert hass.states.get(our_entity(hass, "status", key)).state == "paused"  # type: ignore[union-attr]
    # A state nobody mapped is unknown: logged once, it decides nothing.
    for _ in range(2):
        hass.states.async_set(status.entity_id, "Something new")
        await hass.async_block_till_done()
        hass.states.async_set(status.entity_id, "Rinse hold")
        await hass.async_block_till_done()
    assert hass.states.get(our_entity(hass, "status", key)).state == "paused"  # type: ignore[union-attr]
    assert caplog.text.count("'Something new'") == 1
    hass.states.async_set(status.entity_id, "Washing")
    freezer.tick(timedelta(minutes=44))
    async_fire_time_changed(hass)
    hass.states.async_set(status.entity_id, "End")
    await hass.async_block_till_done()
    kinds = [e["event_type"] for e in fired]
    assert kinds.count("cycle_started") == 1
    assert kinds.count("cycle_finished") == 1
    assert hass.states.get(our_entity(hass, "status", key)).state == "finished"  # type: ignore[union-attr]
    stop()
