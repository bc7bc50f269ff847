"""Helpers shared by the blueprint tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.components.trace.const import DATA_TRACE
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import selector
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from tests.integration.conftest import add_plug_sensors, power_sensor_entry

from .conftest import BLUEPRINTS

NOTIFY = "notify.phone"
STEP = timedelta(seconds=30)
SETTLE_LIMIT = 1000


def load_blueprint(file: str) -> Blueprint:
    """Load a blueprint of this repository the way Home Assistant does."""
    return Blueprint(
        load_yaml(BLUEPRINTS / file),
        path=f"appliance_care/{file}",
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )


def check_inputs(blueprint: Blueprint, inputs: dict[str, Any]) -> None:
    """Validate inputs with their selectors, as the blueprint editor would."""
    for key, value in inputs.items():
        assert key in blueprint.inputs, f"{key} is not an input of {blueprint.name}"
        config = blueprint.inputs[key]["selector"]
        selector.selector(config)(value)


async def setup_automation(hass: HomeAssistant, file: str, inputs: dict[str, Any]) -> str:
    """Create an automation from a blueprint; return its entity id."""
    check_inputs(load_blueprint(file), inputs)
    item_id = Path(file).stem
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "id": item_id,
                "alias": item_id,
                "use_blueprint": {"path": f"appliance_care/{file}", "input": inputs},
            }
        },
    )
    await hass.async_block_till_done()
    entity_id = f"automation.{item_id}"
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == "on", "the blueprint made an invalid automation"
    return entity_id


def run_errors(hass: HomeAssistant, file: str) -> list[str]:
    """Return the errors of the automation's runs (stored in its traces)."""
    buckets = hass.data[DATA_TRACE].get(f"automation.{Path(file).stem}")
    if buckets is None:
        return []
    errors = []
    for trace in buckets.runs.values():
        short = trace.as_short_dict()
        if "error" in short:
            errors.append(short["error"])
        errors.extend(
            f"{path}: {element['error']}"
            for path, elements in trace.as_extended_dict()["trace"].items()
            for element in elements
            if "error" in element
        )
    return errors


def messages(calls: list[ServiceCall]) -> list[tuple[str, str]]:
    """Return (title, message) of every notification sent, each to the chosen target.

    Every blueprint test that reads its notifications thereby checks that they went to
    the notify entity it picked (NOTIFY), not only that the input accepts one.
    """
    for call in calls:
        assert call.data["entity_id"] == [NOTIFY], call.data
    return [(call.data.get("title", ""), call.data["message"]) for call in calls]


async def settle(hass: HomeAssistant) -> None:
    """Run everything that is ready to run, until the event loop is idle.

    `hass.async_block_till_done()` would wait for the automation runs themselves, which
    wait for timers that only move on when the test moves time.
    """
    for _ in range(SETTLE_LIMIT):
        await asyncio.sleep(0)
        if not hass.loop._ready:  # type: ignore[attr-defined]
            return
    raise AssertionError("the event loop did not settle")


async def wait(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float) -> None:
    """Let time pass in steps, as Home Assistant's timers would see it."""
    elapsed = timedelta(0)
    while elapsed < timedelta(minutes=minutes):
        freezer.tick(STEP)
        async_fire_time_changed(hass)
        await settle(hass)
        elapsed += STEP


async def wait_until(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    predicate: Callable[[], bool],
    minutes: float,
) -> None:
    """Let time pass in steps until predicate holds; fail after minutes."""
    elapsed = timedelta(0)
    while not predicate():
        assert elapsed < timedelta(minutes=minutes), "waited in vain"
        freezer.tick(STEP)
        async_fire_time_changed(hass)
        await settle(hass)
        elapsed += STEP


POWER = "sensor.plug_power"
WASHER_DOOR = "binary_sensor.washer_door_contact"

# A washer's cotton 40 shape behind sensor.plug_power, in (watts, minutes): heat, wash, a
# soak at near-zero power, rinses and spin, then standby. The care engine finishes the
# cycle after 30 quiet minutes.
WASH = [(20, 3), (2000, 15), (180, 25), (2, 12), (220, 20), (45, 3), (400, 8), (1, 0)]
FINISH_HOLD_MIN = 30


def set_power(hass: HomeAssistant, watts: float, entity_id: str = POWER) -> None:
    """Report a smart plug's power, as its integration would."""
    hass.states.async_set(
        entity_id, str(watts), {"unit_of_measurement": "W", "device_class": "power"}
    )


async def run_profile(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    profile: list[tuple[float, float]],
    entity_id: str = POWER,
) -> None:
    """Drive a plug through a power profile."""
    for watts, minutes in profile:
        set_power(hass, watts, entity_id)
        await settle(hass)
        await wait(hass, freezer, minutes)


async def setup_washer(hass: HomeAssistant, options: dict[str, Any]) -> MockConfigEntry:
    """Set up the washer behind sensor.plug_power, with its door contact and these options.

    For example {"care": {"tub_clean_due_cycles": 1}} makes a tub clean due after one wash.
    """
    add_plug_sensors(hass)
    entry = power_sensor_entry("washer", "Washer", door_sensor=WASHER_DOOR, options=options)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry
