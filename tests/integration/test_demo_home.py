"""The demo home inside Home Assistant: setup, time, controls, storage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.appliance_care.const import DOMAIN
from custom_components.appliance_care.simulator import ApplianceKind, Fault

from .conftest import (
    DEMO_ENTRY_ID,
    demo_options,
    set_demo_options,
    simulation_of,
)

WASHER_POWER = "sensor.washer_power"
WASHER_ENERGY = "sensor.washer_energy"
WASHER_START = "button.washer_start"
WASHER_PROGRAM = "select.washer_program_to_run"
WASHER_DELAY = "number.washer_start_delay"
STORAGE_KEY = f"{DOMAIN}.demo_{DEMO_ENTRY_ID}"


async def _run_for(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, duration: timedelta, step: timedelta
) -> None:
    """Let wall-clock time pass in steps, firing Home Assistant's timers."""
    elapsed = timedelta(0)
    while elapsed < duration:
        freezer.tick(step)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        elapsed += step


def _power(hass: HomeAssistant, entity_id: str = WASHER_POWER) -> float:
    state = hass.states.get(entity_id)
    assert state is not None
    return float(state.state)


async def _press_start(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: WASHER_START}, blocking=True
    )


async def test_every_appliance_is_a_device(
    hass: HomeAssistant, demo_home: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    devices = dr.async_entries_for_config_entry(device_registry, demo_home.entry_id)
    assert sorted(device.name or "" for device in devices) == [
        "Air conditioner",
        "Air purifier",
        "Connected washer",
        "Dishwasher",
        "Dryer",
        "Refrigerator",
        "Washer",
        "Water purifier",
    ]
    assert all(device.sw_version for device in devices)


async def test_idle_washer_draws_standby_power(
    hass: HomeAssistant, demo_home: MockConfigEntry
) -> None:
    assert 0 <= _power(hass) < 5


async def test_start_button_runs_the_selected_program(
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    await _press_start(hass)
    await _run_for(hass, frozen_start, timedelta(minutes=20), timedelta(seconds=10))
    energy_before = float(hass.states.get(WASHER_ENERGY).state)  # type: ignore[union-attr]
    peak = 0.0
    for _ in range(60):
        await _run_for(hass, frozen_start, timedelta(seconds=30), timedelta(seconds=10))
        peak = max(peak, _power(hass))
    assert peak > 100, "a running washer draws motor or heater power"
    assert float(hass.states.get(WASHER_ENERGY).state) > energy_before  # type: ignore[union-attr]


async def test_starting_twice_is_refused_with_a_translated_error(
    hass: HomeAssistant, demo_home: MockConfigEntry
) -> None:
    await _press_start(hass)
    with pytest.raises(ServiceValidationError) as raised:
        await _press_start(hass)
    assert raised.value.translation_key == "already_running"
    assert raised.value.translation_domain == DOMAIN


async def test_selecting_a_program_changes_the_select(
    hass: HomeAssistant, demo_home: MockConfigEntry
) -> None:
    state = hass.states.get(WASHER_PROGRAM)
    assert state is not None
    options = state.attributes["options"]
    assert len(options) >= 3
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: WASHER_PROGRAM, ATTR_OPTION: options[-1]},
        blocking=True,
    )
    assert hass.states.get(WASHER_PROGRAM).state == options[-1]  # type: ignore[union-attr]


async def test_start_delay_holds_the_program_back(
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: WASHER_DELAY, ATTR_VALUE: 60},
        blocking=True,
    )
    assert float(hass.states.get(WASHER_DELAY).state) == 60  # type: ignore[union-attr]
    await _press_start(hass)
    peak = 0.0
    for _ in range(50):
        await _run_for(hass, frozen_start, timedelta(minutes=1), timedelta(seconds=20))
        peak = max(peak, _power(hass))
    assert peak < 5, "nothing runs during the delay"
    for _ in range(30):
        await _run_for(hass, frozen_start, timedelta(minutes=1), timedelta(seconds=20))
        peak = max(peak, _power(hass))
    assert peak > 5, "the program starts once the delay is over"


async def test_speed_factor_compresses_time(
    hass: HomeAssistant, demo_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    demo_entry.add_to_hass(hass)
    set_demo_options(hass, demo_entry, demo_options(speed=60))
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    demo = simulation_of(demo_entry)
    assert demo is not None
    before = demo.home.now
    await _run_for(hass, frozen_start, timedelta(seconds=10), timedelta(seconds=1))
    assert demo.home.now - before == timedelta(minutes=10)


async def test_unload_stops_the_simulation_and_saves_it(
    hass: HomeAssistant,
    demo_home: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    await _press_start(hass)
    await _run_for(hass, frozen_start, timedelta(minutes=30), timedelta(seconds=30))
    simulation = simulation_of(demo_home)
    assert hass.states.get("sensor.washer_status").state == "running"  # type: ignore[union-attr]
    assert await hass.config_entries.async_unload(demo_home.entry_id)
    await hass.async_block_till_done()
    assert demo_home.state is ConfigEntryState.NOT_LOADED
    saved = hass_storage[STORAGE_KEY]["data"]
    assert saved["simulation"]["clock"] == simulation.home.now.isoformat()
    assert "saved_at" in saved
    # The washer's engine saved the running wash, to resume it at the next start.
    washer = hass_storage[f"{DOMAIN}.appliance_{DEMO_ENTRY_ID}_washer"]["data"]
    assert washer["engine"]["status"] == "running"
    assert washer["engine"]["live"]["confirmed"] is True
    # Nothing ticks any more: time passing changes neither the simulation nor the files.
    stopped_at = simulation.home.now
    files = {key: value["data"] for key, value in hass_storage.items() if key.startswith(DOMAIN)}
    await _run_for(hass, frozen_start, timedelta(minutes=30), timedelta(minutes=1))
    assert simulation.home.now == stopped_at
    assert {k: v["data"] for k, v in hass_storage.items() if k.startswith(DOMAIN)} == files


async def test_energy_survives_a_reload(
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    await _press_start(hass)
    await _run_for(hass, frozen_start, timedelta(minutes=40), timedelta(seconds=30))
    energy = float(hass.states.get(WASHER_ENERGY).state)  # type: ignore[union-attr]
    assert energy > 0
    assert await hass.config_entries.async_reload(demo_home.entry_id)
    await hass.async_block_till_done()
    assert float(hass.states.get(WASHER_ENERGY).state) >= energy  # type: ignore[union-attr]


async def test_garbage_in_storage_starts_a_fresh_home(
    hass: HomeAssistant, demo_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    hass_storage[STORAGE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORAGE_KEY,
        "data": {
            "simulation": {"appliances": "garbage", "clock": 12},
            "saved_at": "not a time",
            "start_delays": {"washer": "soon", "toaster": 5},
        },
    }
    demo_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    assert demo_entry.state is ConfigEntryState.LOADED
    assert _power(hass) >= 0


async def test_saved_start_delay_is_restored(
    hass: HomeAssistant, demo_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    hass_storage[STORAGE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORAGE_KEY,
        "data": {"simulation": {}, "start_delays": {"washer": 45}},
    }
    demo_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    assert float(hass.states.get(WASHER_DELAY).state) == 45  # type: ignore[union-attr]


async def test_removing_the_entry_deletes_its_storage(
    hass: HomeAssistant, demo_home: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    assert await hass.config_entries.async_unload(demo_home.entry_id)
    assert STORAGE_KEY in hass_storage
    await hass.config_entries.async_remove(demo_home.entry_id)
    await hass.async_block_till_done()
    assert STORAGE_KEY not in hass_storage


async def test_injected_fault_reaches_the_simulation(
    hass: HomeAssistant, demo_entry: MockConfigEntry
) -> None:
    demo_entry.add_to_hass(hass)
    set_demo_options(hass, demo_entry, demo_options(faults=["washer_clogged_drain", "bogus_fault"]))
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    demo = simulation_of(demo_entry)
    assert demo is not None
    assert dict(demo.settings.faults) == {ApplianceKind.WASHER: frozenset({Fault.CLOGGED_DRAIN})}
