"""The demo home's connected washer: the connected path without an account."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.select import DOMAIN as SELECT_DOMAIN, SERVICE_SELECT_OPTION
from homeassistant.const import ATTR_ENTITY_ID, ATTR_OPTION
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care.const import DOMAIN
from custom_components.appliance_care.simulator.connected_washer import (
    CLOUD_END_DELAY,
    COURSES,
    FIRST_TUB_COUNT,
)

from .conftest import DEMO_ENTRY_ID, demo_options, set_demo_options
from .test_demo_home import _run_for

KEY = f"{DEMO_ENTRY_ID}_connected_washer"


def _entity(hass: HomeAssistant, platform: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{KEY}_{key}")
    assert entity_id is not None, key
    return entity_id


def _state(hass: HomeAssistant, platform: str, key: str) -> str:
    state = hass.states.get(_entity(hass, platform, key))
    assert state is not None
    return state.state


async def _start(hass: HomeAssistant, course: str) -> None:
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: _entity(hass, "select", "machine_course_select"), ATTR_OPTION: course},
        blocking=True,
    )
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: _entity(hass, "button", "machine_start")},
        blocking=True,
    )
    await hass.async_block_till_done()


async def test_the_connected_washer_is_told_by_its_cloud_and_finishes_before_it(
    hass: HomeAssistant, demo_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    demo_entry.add_to_hass(hass)
    set_demo_options(hass, demo_entry, demo_options(speed=60))
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    # No plug: no power or energy entities, the machine's own figures instead.
    registry = er.async_get(hass)
    keys = {
        e.unique_id.removeprefix(f"{KEY}_")
        for e in registry.entities.values()
        if e.unique_id.startswith(KEY)
    }
    assert {"machine_state", "machine_remaining", "status", "remaining", "cycle"} <= keys
    assert not {"power", "cycle_energy", "last_cycle_energy"} & keys
    assert _state(hass, "sensor", "machine_tub_count") == str(FIRST_TUB_COUNT)

    await _start(hass, "quick_30")
    assert _state(hass, "sensor", "machine_state") == "running"
    assert _state(hass, "sensor", "status") == "running"
    assert _state(hass, "sensor", "program") == "Quick 30"
    remaining = hass.states.get(_entity(hass, "sensor", "remaining"))
    assert remaining is not None
    # At 60x, thirty simulated minutes are half a wall-clock minute.
    assert remaining.state == "0"
    assert remaining.attributes["machine_minutes"] == 30
    assert remaining.attributes["source"] == "machine"
    # Thirty simulated minutes later its countdown is at 0 and the cloud still says running.
    await _run_for(hass, frozen_start, timedelta(seconds=31), timedelta(seconds=1))
    assert _state(hass, "sensor", "machine_state") == "running"
    assert _state(hass, "sensor", "machine_remaining") == "0"
    # Appliance Care tells the end within two simulated minutes, before the cloud's "end".
    await _run_for(hass, frozen_start, timedelta(seconds=2), timedelta(seconds=1))
    assert _state(hass, "sensor", "status") == "finished"
    assert _state(hass, "sensor", "machine_state") == "running"
    assert _state(hass, "sensor", "cycle_count") == "1"
    assert _state(hass, "sensor", "last_cycle_duration") == str(round(COURSES["quick_30"]))
    wait = CLOUD_END_DELAY.total_seconds() / 60
    await _run_for(hass, frozen_start, timedelta(seconds=wait), timedelta(seconds=1))
    assert _state(hass, "sensor", "machine_state") == "end"
    assert _state(hass, "sensor", "cycle_count") == "1"  # told once
    # Its counter of cycles since the tub clean moved on, and the care count follows it.
    assert _state(hass, "sensor", "machine_tub_count") == str(FIRST_TUB_COUNT + 1)
    assert _state(hass, "sensor", "cycles_since_tub_clean") == str(FIRST_TUB_COUNT + 1)


async def test_an_injected_drain_fault_is_the_machines_error_code(
    hass: HomeAssistant, demo_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    demo_entry.add_to_hass(hass)
    set_demo_options(hass, demo_entry, demo_options(speed=60, faults=["washer_clogged_drain"]))
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    await _start(hass, "quick_30")
    # Two thirds through, the machine stops with its drain error: a finding at once.
    await _run_for(hass, frozen_start, timedelta(seconds=21), timedelta(seconds=1))
    assert _state(hass, "sensor", "machine_state") == "error"
    assert _state(hass, "sensor", "machine_error") == "OE"
    error = hass.states.get(_entity(hass, "binary_sensor", "finding_appliance_error"))
    assert error is not None
    assert error.state == "on"
    assert error.attributes["values"] == {"code": "OE", "cause": "drain"}
    assert _state(hass, "sensor", "status") == "paused"
