"""Fixtures for tests that run the integration inside a real Home Assistant."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.appliance_care.const import (
    CONF_APPLIANCE_TYPE,
    CONF_FAULTS,
    CONF_POWER_SENSOR,
    CONF_SCHEDULES,
    CONF_SEED,
    CONF_SIMULATION,
    CONF_SOURCE,
    CONF_SPEED,
    DOMAIN,
    SOURCE_DEMO,
    SOURCE_POWER_SENSOR,
)

# A fixed moment, so snapshots and simulated households are the same on every run.
START = "2026-11-02T07:00:00+00:00"
DEMO_ENTRY_ID = "01JDEMOHOME0000000000000000"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from this checkout in every test."""


@pytest.fixture(autouse=True)
def frozen_start(freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    """Start every test at the same moment; tests move time on explicitly."""
    freezer.move_to(START)
    return freezer


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Enable every entity, including those disabled by default."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            er.RegistryEntry,
            "disabled",
            property(lambda _: False),
        )
        yield


def demo_options(speed: float = 1.0, faults: list[str] | None = None) -> dict[str, Any]:
    """Return demo home options as the config flow stores them."""
    return {
        CONF_SIMULATION: {CONF_SPEED: speed, CONF_SEED: 1},
        CONF_FAULTS: {CONF_FAULTS: faults or []},
        CONF_SCHEDULES: {},
    }


@pytest.fixture
def demo_entry() -> MockConfigEntry:
    """Return a demo home config entry (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Demo home",
        data={CONF_SOURCE: SOURCE_DEMO},
        options=demo_options(),
        unique_id="demo_home",
        entry_id=DEMO_ENTRY_ID,
        version=1,
        minor_version=1,
    )


@pytest.fixture
async def demo_home(hass: HomeAssistant, demo_entry: MockConfigEntry) -> MockConfigEntry:
    """Set up the demo home and return its entry."""
    demo_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    return demo_entry


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Serialise snapshots the Home Assistant way (random registry ids masked)."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


def add_plug_sensors(hass: HomeAssistant, power: str = "0.8") -> None:
    """Create the states of a smart plug and a door contact, as other integrations would."""
    hass.states.async_set(
        "sensor.plug_power", power, {"unit_of_measurement": "W", "device_class": "power"}
    )
    hass.states.async_set(
        "sensor.plug_energy", "12.5", {"unit_of_measurement": "kWh", "device_class": "energy"}
    )
    hass.states.async_set("binary_sensor.washer_door_contact", "off", {"device_class": "door"})


def power_sensor_entry(appliance_type: str, title: str, **extra: str) -> MockConfigEntry:
    """Return a config entry of an appliance behind sensor.plug_power."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=title,
        unique_id="sensor.plug_power",
        data={
            CONF_SOURCE: SOURCE_POWER_SENSOR,
            CONF_APPLIANCE_TYPE: appliance_type,
            CONF_POWER_SENSOR: "sensor.plug_power",
            **extra,
        },
        entry_id=f"01J{appliance_type.upper()}0000000000000000000"[:26],
    )


@pytest.fixture
async def washer_entry(hass: HomeAssistant) -> MockConfigEntry:
    """Set up a washer behind a plug with a door contact."""
    add_plug_sensors(hass)
    entry = power_sensor_entry("washer", "Washer", door_sensor="binary_sensor.washer_door_contact")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


@pytest.fixture
async def fridge_entry(hass: HomeAssistant) -> MockConfigEntry:
    """Set up a fridge behind a plug."""
    add_plug_sensors(hass, power="2.0")
    entry = power_sensor_entry("refrigerator", "Fridge")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry
