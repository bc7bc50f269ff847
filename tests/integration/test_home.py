"""The home entry: appliances coming and going, sources followed, unloading mid-work."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from unittest.mock import patch

from homeassistant.components.repairs import DOMAIN as REPAIRS_DOMAIN, repairs_flow_manager
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.helpers import device_registry as dr, entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
    AiohttpClientMockResponse,
)
from yarl import URL

import custom_components.appliance_care as kinds_in_setup
from custom_components.appliance_care.const import CONF_POWER_SENSOR, CONF_WEATHER, DOMAIN
from custom_components.appliance_care.engine.signals import SignalKind
from custom_components.appliance_care.sources import kinds

from .conftest import (
    DEMO_ENTRY_ID,
    add_plug_sensors,
    appliance_subentry,
    async_add_appliance,
    coordinators,
    demo_subentry,
    home_entry,
)

WASHER_ID = "01JWASHER0000000000000000"[:26]
REMOTE = "https://catalog.example.org/index.json"


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _registered_plug(hass: HomeAssistant, object_id: str = "plug_power") -> er.RegistryEntry:
    entry = er.async_get(hass).async_get_or_create(
        "sensor", "test", object_id, suggested_object_id=object_id
    )
    hass.states.async_set(entry.entity_id, "0.8", {"unit_of_measurement": "W"})
    return entry


async def _washer_behind(hass: HomeAssistant, plug: er.RegistryEntry) -> MockConfigEntry:
    """Set up the home with a washer behind a registered plug."""
    entry = home_entry(appliance_subentry("washer", "Washer", power=plug.id))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_adding_and_removing_an_appliance_takes_its_devices_and_storage(
    hass: HomeAssistant, demo_home: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    add_plug_sensors(hass)
    await async_add_appliance(hass, appliance_subentry("washer", "Utility washer"))
    assert demo_home.state is ConfigEntryState.LOADED
    washer_id = next(s for s in demo_home.subentries if s != DEMO_ENTRY_ID)
    devices = dr.async_get(hass)
    device = devices.async_get_device_by_identifier((DOMAIN, washer_id), demo_home.entry_id)
    assert device is not None
    assert device.config_subentry_id == washer_id
    assert _state(hass, "sensor.utility_washer_status") in ("off", "idle")
    # Saved when the home reloads (or stops).
    assert await hass.config_entries.async_reload(demo_home.entry_id)
    await hass.async_block_till_done()
    assert f"{DOMAIN}.appliance_{washer_id}" in hass_storage
    assert f"{DOMAIN}.care_{washer_id}" in hass_storage

    hass.config_entries.async_remove_subentry(demo_home, washer_id)
    await hass.async_block_till_done()
    assert devices.async_get(device.id) is None
    assert er.async_get(hass).async_get("sensor.utility_washer_status") is None
    assert f"{DOMAIN}.appliance_{washer_id}" not in hass_storage
    assert f"{DOMAIN}.care_{washer_id}" not in hass_storage
    # The rest of the home carries on.
    assert demo_home.state is ConfigEntryState.LOADED
    assert f"{DOMAIN}.demo_{DEMO_ENTRY_ID}" in hass_storage
    assert _state(hass, "sensor.washer_status") in ("off", "idle")


async def test_removing_the_demo_home_removes_its_seven_appliances_and_simulation(
    hass: HomeAssistant, demo_home: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    assert await hass.config_entries.async_reload(demo_home.entry_id)
    await hass.async_block_till_done()
    assert f"{DOMAIN}.demo_{DEMO_ENTRY_ID}" in hass_storage
    hass.config_entries.async_remove_subentry(demo_home, DEMO_ENTRY_ID)
    await hass.async_block_till_done()
    assert demo_home.state is ConfigEntryState.LOADED
    assert not [key for key in hass_storage if DEMO_ENTRY_ID in key]
    assert dr.async_entries_for_config_entry(dr.async_get(hass), demo_home.entry_id) == []
    assert hass.states.get("sensor.washer_status") is None


async def test_a_renamed_power_sensor_keeps_working(hass: HomeAssistant) -> None:
    plug = _registered_plug(hass)
    entry = await _washer_behind(hass, plug)
    assert _state(hass, "sensor.washer_status") != STATE_UNAVAILABLE

    er.async_get(hass).async_update_entity(plug.entity_id, new_entity_id="sensor.washer_plug")
    hass.states.async_remove(plug.entity_id)
    await hass.async_block_till_done()
    (washer,) = coordinators(entry)
    assert washer.source.entities() == {"power": "sensor.washer_plug"}
    # Readings of the new entity id reach the appliance; the old id is nothing to it.
    hass.states.async_set("sensor.washer_plug", STATE_UNAVAILABLE)
    await hass.async_block_till_done()
    assert _state(hass, "sensor.washer_status") == STATE_UNAVAILABLE
    hass.states.async_set("sensor.washer_plug", "1.0", {"unit_of_measurement": "W"})
    await hass.async_block_till_done()
    assert _state(hass, "sensor.washer_status") != STATE_UNAVAILABLE
    (subentry,) = entry.subentries.values()
    assert subentry.data[CONF_POWER_SENSOR] == plug.id, "nothing to change in the settings"


async def test_a_removed_power_sensor_raises_a_repair_that_picks_another(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry
) -> None:
    plug = _registered_plug(hass)
    other = _registered_plug(hass, "other_power")
    entry = await _washer_behind(hass, plug)
    washer_id = next(iter(entry.subentries))

    er.async_get(hass).async_remove(plug.entity_id)
    hass.states.async_remove(plug.entity_id)
    await hass.async_block_till_done()
    issue = issue_registry.async_get_issue(DOMAIN, f"source_removed_{washer_id}")
    assert issue is not None
    assert issue.is_fixable
    assert issue.translation_placeholders == {"name": "Washer", "sensor": plug.entity_id}
    assert _state(hass, "sensor.washer_status") == STATE_UNAVAILABLE
    assert _state(hass, "sensor.washer_cycles") == "0", "counts stay"

    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    flow = await manager.async_init(DOMAIN, data={"issue_id": issue.issue_id})
    assert flow["step_id"] == "pick"
    result = await manager.async_configure(flow["flow_id"], {CONF_POWER_SENSOR: other.entity_id})
    await hass.async_block_till_done()
    assert result["type"] == "create_entry"
    assert entry.subentries[washer_id].data[CONF_POWER_SENSOR] == other.id
    assert issue_registry.async_get_issue(DOMAIN, f"source_removed_{washer_id}") is None
    assert entry.state is ConfigEntryState.LOADED
    assert _state(hass, "sensor.washer_status") != STATE_UNAVAILABLE


async def test_a_sensor_not_there_yet_is_waited_for_and_said_once(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="custom_components.appliance_care")
    entry = home_entry(appliance_subentry("washer", "Washer", power="sensor.late_power"))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert _state(hass, "sensor.washer_status") == STATE_UNAVAILABLE
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    waiting = [r for r in caplog.records if r.getMessage().startswith("Waiting for sensor.late")]
    assert len(waiting) == 1, "said once, not at every start"
    hass.states.async_set("sensor.late_power", "0.5", {"unit_of_measurement": "W"})
    await hass.async_block_till_done()
    assert _state(hass, "sensor.washer_status") != STATE_UNAVAILABLE
    assert "sensor.late_power is there now" in caplog.text
    (washer,) = coordinators(entry)
    assert SignalKind.POWER in washer.profile.signals


async def test_unloading_with_work_in_flight_leaves_nothing_behind(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    never = asyncio.Event()
    forecast_asked = asyncio.Event()
    forecast_cancelled = asyncio.Event()

    async def slow_forecast(call: ServiceCall) -> ServiceResponse:
        forecast_asked.set()
        try:
            await never.wait()
        except asyncio.CancelledError:
            forecast_cancelled.set()
            raise
        return {}

    hass.services.async_register(
        "weather", "get_forecasts", slow_forecast, supports_response=SupportsResponse.ONLY
    )
    add_plug_sensors(hass)
    washer = appliance_subentry("washer", "Washer", options={"place": {"unheated_place": True}})
    entry = home_entry(washer, demo_subentry(), options={CONF_WEATHER: "weather.home"})
    entry.add_to_hass(hass)
    aioclient_mock.get(REMOTE, text='{"format": 1, "features": [], "firmware": []}')
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=False)
    await hass.services.async_call(DOMAIN, "set_catalog", {"url": REMOTE}, blocking=True)
    await asyncio.wait_for(forecast_asked.wait(), 1)

    async def slow_index(_method: str, _url: URL, _data: Any) -> AiohttpClientMockResponse:
        await never.wait()
        raise AssertionError("unreachable")

    aioclient_mock.clear_requests()
    aioclient_mock.get(REMOTE, side_effect=slow_index)
    refresh = hass.async_create_task(
        hass.services.async_call(DOMAIN, "refresh_catalog", {}, blocking=True)
    )
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert aioclient_mock.call_count == 1, "the catalog download is under way"

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=False)
    assert entry.state is ConfigEntryState.NOT_LOADED
    with pytest.raises(asyncio.CancelledError):
        await refresh
    assert forecast_cancelled.is_set(), "the forecast request was cancelled with the home"
    # No timer, task or listener of the home is left (the harness fails the test if one
    # lingers); the demo home saved its simulation on the way out.
    assert not hass.config_entries.async_loaded_entries(DOMAIN)


async def test_a_deleted_sensor_that_comes_back_is_followed_again(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry
) -> None:
    plug = _registered_plug(hass)
    entry = await _washer_behind(hass, plug)
    washer_id = next(iter(entry.subentries))
    er.async_get(hass).async_remove(plug.entity_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, f"source_removed_{washer_id}") is not None
    assert _state(hass, "sensor.washer_status") == STATE_UNAVAILABLE
    # Its integration adds it again: the registry gives it back its id.
    back = _registered_plug(hass)
    assert back.id == plug.id
    await hass.async_block_till_done()
    assert _state(hass, "sensor.washer_status") != STATE_UNAVAILABLE
    assert issue_registry.async_get_issue(DOMAIN, f"source_removed_{washer_id}") is None


async def test_the_repair_refuses_a_sensor_another_appliance_uses(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry
) -> None:
    plug = _registered_plug(hass)
    dryer_plug = _registered_plug(hass, "dryer_power")
    washer = appliance_subentry("washer", "Washer", power=plug.id)
    dryer = appliance_subentry("dryer", "Dryer", power=dryer_plug.id)
    entry = home_entry(washer, dryer)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    er.async_get(hass).async_remove(plug.entity_id)
    await hass.async_block_till_done()
    issue_id = f"source_removed_{washer['subentry_id']}"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {"name": "Washer", "sensor": plug.entity_id}
    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    flow = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    result = await manager.async_configure(
        flow["flow_id"], {CONF_POWER_SENSOR: dryer_plug.entity_id}
    )
    assert result["type"] == "form"
    assert result["errors"] == {CONF_POWER_SENSOR: "already_watched"}
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None, "still to be fixed"
    assert entry.subentries[washer["subentry_id"]].data[CONF_POWER_SENSOR] == plug.id


async def test_a_finding_raised_as_the_home_starts_fires_its_event(hass: HomeAssistant) -> None:
    add_plug_sensors(hass)
    hass.states.async_set("sensor.outdoor", "-12.0", {"unit_of_measurement": "°C"})
    washer = appliance_subentry("washer", "Washer", options={"place": {"unheated_place": True}})
    entry = home_entry(washer, options={"outdoor_sensor": "sensor.outdoor"})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, "binary_sensor.washer_freeze_risk") == "on"
    care = hass.states.get("event.washer_care")
    assert care is not None
    assert care.attributes["event_type"] == "finding_raised"
    assert care.attributes["kind"] == "freeze_risk"


async def test_an_appliance_removed_while_the_home_was_unloaded_is_forgotten_at_setup(
    hass: HomeAssistant, hass_storage: dict[str, Any], issue_registry: ir.IssueRegistry
) -> None:
    plug = _registered_plug(hass)
    entry = await _washer_behind(hass, plug)
    washer_id = next(iter(entry.subentries))
    er.async_get(hass).async_remove(plug.entity_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert f"{DOMAIN}.appliance_{washer_id}" in hass_storage
    hass.config_entries.async_remove_subentry(entry, washer_id)
    await hass.async_block_till_done()
    assert f"{DOMAIN}.appliance_{washer_id}" in hass_storage, "nobody listened yet"
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert not [key for key in hass_storage if washer_id in key]
    assert issue_registry.async_get_issue(DOMAIN, f"source_removed_{washer_id}") is None


async def test_a_setup_that_fails_half_way_leaves_nothing_running(hass: HomeAssistant) -> None:
    add_plug_sensors(hass)
    entry = home_entry(demo_subentry(), appliance_subentry("washer", "Washer"))
    entry.add_to_hass(hass)
    opened = kinds.async_open_sources
    calls = 0

    async def failing_second(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("broken source")
        return await opened(*args)

    with patch.object(kinds_in_setup, "async_open_sources", failing_second):
        assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    # The demo home that did start was stopped again: a retry does not stack its ticks.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert len(coordinators(entry)) == 9  # the demo home (eight) and the washer
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    # Nothing of either attempt lingers (the harness fails the test if a timer does).
