"""Diagnostics of the demo home."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props


async def test_diagnostics_describe_the_home_without_private_data(
    hass: HomeAssistant,
    demo_home: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, demo_home)
    assert diagnostics["entry"]["title"] == "**REDACTED**"
    assert {subentry["title"] for subentry in diagnostics["entry"]["subentries"]} == {
        "**REDACTED**"
    }
    assert [appliance["subject"] for appliance in diagnostics["appliances"]] == [
        "washer",
        "dryer",
        "dishwasher",
        "refrigerator",
        "air_conditioner",
        "water_purifier",
        "air_purifier",
    ]
    assert all(appliance["demo"]["speed"] == 1.0 for appliance in diagnostics["appliances"])
    assert diagnostics == snapshot(exclude=props("created_at", "modified_at"))


async def test_diagnostics_of_a_watched_washer(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, washer_entry)
    (washer,) = diagnostics["appliances"]
    assert washer["appliance_type"] == "washer"
    assert washer["entities"] == {
        "power": "sensor.plug_power",
        "door": "binary_sensor.washer_door_contact",
    }
    assert washer["available"] is True
    assert washer["cycle_count"] == 0
    assert washer["settings"]["finish_hold_s"] > 0


async def test_diagnostics_of_a_watched_fridge(
    hass: HomeAssistant,
    fridge_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, fridge_entry)
    (fridge,) = diagnostics["appliances"]
    assert fridge["appliance_type"] == "refrigerator"
    assert fridge["running"] is False
