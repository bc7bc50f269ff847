"""Diagnostics of the demo home."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.appliance_care.const import DOMAIN, FEATURE_CATALOG_DEVICE

from .conftest import add_plug_sensors, appliance_id, appliance_subentry, async_add_appliance


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
        "washer",  # the connected washer
    ]
    assert diagnostics["appliances"][-1]["source"] == "DemoConnectedWasher"
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


async def test_a_devices_diagnostics_give_its_appliance_with_care_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
) -> None:
    add_plug_sensors(hass)
    washer = appliance_subentry("washer", "Washer", options={"care": {"tub_clean_due_cycles": 1}})
    entry = await async_add_appliance(hass, washer)
    hass.states.async_set("sensor.plug_b", "0.5", {"unit_of_measurement": "W"})
    await async_add_appliance(hass, appliance_subentry("dryer", "Dryer", power="sensor.plug_b"))
    await hass.services.async_call(
        DOMAIN,
        "record_maintenance",
        {"device_id": _device(hass, entry, 0).id, "kind": "tub_clean", "note": "at Grandma's"},
        blocking=True,
    )
    diagnostics = await get_diagnostics_for_device(
        hass, hass_client, entry, _device(hass, entry, 0)
    )
    washer = diagnostics["appliances"]
    assert len(washer) == 1, "only that device's appliance"
    care = washer[0]["care"]
    assert care["maintenance"][0]["kind"] == "tub_clean"
    assert care["maintenance"][0]["note"] == "**REDACTED**"
    assert care["settings"]["tub_clean_due_cycles"] == 1
    assert "tub_clean" in care["due"]
    assert "feature_catalog" not in diagnostics
    whole = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert whole["feature_catalog"]["remote"]["url"] == "**REDACTED**"
    assert len(whole["appliances"]) == 2
    catalog = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, FEATURE_CATALOG_DEVICE)}
    )
    of_catalog = await get_diagnostics_for_device(hass, hass_client, entry, catalog)
    assert set(of_catalog) == {"feature_catalog"}
    assert of_catalog["feature_catalog"]["remote"]["enabled"] is False


def _device(hass: HomeAssistant, entry: MockConfigEntry, index: int) -> dr.DeviceEntry:
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, appliance_id(entry, index)), entry.entry_id
    )
    assert device is not None
    return device
