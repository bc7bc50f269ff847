"""Entity sets, per platform, as snapshots: the demo home, and a real washer after a wash."""

from __future__ import annotations

from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from .conftest import add_plug_sensors, power_sensor_entry
from .test_watched_appliance import WASH_WITH_SOAK, _run_profile, _wait


@pytest.mark.parametrize(
    "platform",
    [
        Platform.BINARY_SENSOR,
        Platform.BUTTON,
        Platform.EVENT,
        Platform.NUMBER,
        Platform.SELECT,
        Platform.SENSOR,
        Platform.TEXT,
        Platform.TODO,
        Platform.UPDATE,
    ],
)
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_entities(
    hass: HomeAssistant,
    demo_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    demo_entry.add_to_hass(hass)
    with patch("custom_components.appliance_care.PLATFORMS", [platform]):
        assert await hass.config_entries.async_setup(demo_entry.entry_id)
        await hass.async_block_till_done()
    await snapshot_platform(hass, entity_registry, snapshot, demo_entry.entry_id)


@pytest.mark.parametrize("platform", [Platform.BINARY_SENSOR, Platform.EVENT, Platform.SENSOR])
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_a_washer_behind_a_plug_after_a_whole_cycle(
    hass: HomeAssistant,
    frozen_start: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    add_plug_sensors(hass)
    entry = power_sensor_entry("washer", "Washer", door_sensor="binary_sensor.washer_door_contact")
    entry.add_to_hass(hass)
    with patch("custom_components.appliance_care.PLATFORMS", [platform]):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        await _run_profile(hass, frozen_start, WASH_WITH_SOAK)
        await _wait(hass, frozen_start, 60)
    await snapshot_platform(hass, entity_registry, snapshot, entry.entry_id)
