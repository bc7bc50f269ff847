"""Fixtures for tests that run the integration inside a real Home Assistant."""

from __future__ import annotations

from collections.abc import Generator
from types import MappingProxyType
from typing import Any
from unittest.mock import PropertyMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.appliance_care.appliance import WatchedAppliance
from custom_components.appliance_care.care_watch import CareWatch
from custom_components.appliance_care.const import (
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_FAULTS,
    CONF_OUTDOOR_SENSOR,
    CONF_PLACE,
    CONF_POWER_SENSOR,
    CONF_SCHEDULES,
    CONF_SEED,
    CONF_SIMULATION,
    CONF_SPEED,
    CONF_THRESHOLDS,
    CONF_WEATHER,
    DOMAIN,
    ENTRY_VERSION,
    HOME_TITLE,
    SUBENTRY_APPLIANCE,
    SUBENTRY_DEMO,
)
from custom_components.appliance_care.coordinator import ApplianceCoordinator
from custom_components.appliance_care.sources.demo_home import DemoHome

# A fixed moment, so snapshots and simulated households are the same on every run.
START = "2026-11-02T07:00:00+00:00"
DEMO_ENTRY_ID = "01JDEMOHOME0000000000000000"
"""The demo home's subentry id (the id of its entry before appliances became subentries)."""
HOME_ENTRY_ID = "01JHOME00000000000000000000"
# Home-wide settings: the home entry's options rather than an appliance's place.
HOME_WIDE = (CONF_OUTDOOR_SENSOR, CONF_WEATHER)


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
    """Register every entity enabled, including those disabled by default (as core does)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


def demo_options(speed: float = 1.0, faults: list[str] | None = None) -> dict[str, Any]:
    """Return demo home options as the config flow stores them."""
    return {
        CONF_SIMULATION: {CONF_SPEED: speed, CONF_SEED: 1},
        CONF_FAULTS: {CONF_FAULTS: faults or []},
        CONF_SCHEDULES: {},
    }


def home_entry(
    *subentries: dict[str, Any], options: dict[str, Any] | None = None
) -> MockConfigEntry:
    """Return the home entry with the given subentries (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=HOME_TITLE,
        data={},
        options=options or {},
        entry_id=HOME_ENTRY_ID,
        version=ENTRY_VERSION,
        minor_version=1,
        subentries_data=list(subentries),
    )


def demo_subentry(options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the demo home's subentry as the flow stores it."""
    return {
        "data": options or demo_options(),
        "subentry_id": DEMO_ENTRY_ID,
        "subentry_type": SUBENTRY_DEMO,
        "title": "Demo home",
        "unique_id": "demo_home",
    }


@pytest.fixture
def demo_entry() -> MockConfigEntry:
    """Return the home entry with the demo home (not yet added)."""
    return home_entry(demo_subentry())


@pytest.fixture
async def demo_home(hass: HomeAssistant, demo_entry: MockConfigEntry) -> MockConfigEntry:
    """Set up the demo home (in the home already set up, if any) and return the home."""
    if hass.config_entries.async_entries(DOMAIN):
        return await async_add_appliance(hass, demo_subentry())
    demo_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    return demo_entry


def coordinators(entry: MockConfigEntry) -> list[ApplianceCoordinator]:
    """Return every loaded appliance of a home entry."""
    return list(entry.runtime_data.coordinators())


def simulation_of(entry: MockConfigEntry) -> DemoHome:
    """Return the simulation of a loaded home's demo home."""
    for coordinator in coordinators(entry):
        if (demo := coordinator.source.demo) is not None:
            return demo.demo_home
    raise AssertionError("no demo home loaded")


def appliance_of(entry: MockConfigEntry, index: int = 0) -> WatchedAppliance:
    """Return the engine of a loaded home's first (or index-th) appliance."""
    appliance = coordinators(entry)[index].appliance
    assert appliance is not None
    return appliance


def care_of(entry: MockConfigEntry, index: int = 0) -> CareWatch:
    """Return the care rules of a loaded home's first (or index-th) appliance."""
    return coordinators(entry)[index].care


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


def appliance_subentry(
    appliance_type: str,
    title: str,
    *,
    options: dict[str, Any] | None = None,
    power: str = "sensor.plug_power",
    **sensors: Any,
) -> dict[str, Any]:
    """Return an appliance subentry behind a power sensor, as the flow stores it.

    `options` are thresholds with a `place` and a `care` section, as the reconfigure steps
    store them.
    """
    options = dict(options or {})
    place = {k: v for k, v in options.pop(CONF_PLACE, {}).items() if k not in HOME_WIDE}
    care = options.pop(CONF_CARE, {})
    return {
        "data": {
            CONF_APPLIANCE_TYPE: appliance_type,
            CONF_POWER_SENSOR: power,
            CONF_THRESHOLDS: options,
            CONF_PLACE: place,
            CONF_CARE: care,
            **sensors,
        },
        "subentry_id": f"01J{appliance_type.upper()}0000000000000000000"[:26],
        "subentry_type": SUBENTRY_APPLIANCE,
        "title": title,
        "unique_id": power,
    }


def home_options(*option_sets: dict[str, Any] | None) -> dict[str, Any]:
    """Return the home-wide settings found in appliances' place options."""
    found: dict[str, Any] = {}
    for options in option_sets:
        place = (options or {}).get(CONF_PLACE, {})
        found |= {key: place[key] for key in HOME_WIDE if place.get(key)}
    return found


def power_sensor_entry(
    appliance_type: str, title: str, *, options: dict[str, Any] | None = None, **sensors: Any
) -> MockConfigEntry:
    """Return the home entry with one appliance behind sensor.plug_power."""
    return home_entry(
        appliance_subentry(appliance_type, title, options=options, **sensors),
        options=home_options(options),
    )


@pytest.fixture
async def washer_entry(hass: HomeAssistant) -> MockConfigEntry:
    """Set up a washer behind a plug with a door contact (in the home already set up)."""
    add_plug_sensors(hass)
    return await async_add_appliance(
        hass,
        appliance_subentry("washer", "Washer", door_sensor="binary_sensor.washer_door_contact"),
    )


@pytest.fixture
async def fridge_entry(hass: HomeAssistant) -> MockConfigEntry:
    """Set up a fridge behind a plug."""
    add_plug_sensors(hass, power="2.0")
    entry = power_sensor_entry("refrigerator", "Fridge")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def async_add_appliance(
    hass: HomeAssistant, subentry: dict[str, Any], *, options: dict[str, Any] | None = None
) -> MockConfigEntry:
    """Add an appliance subentry to the home (set up first if there is none yet).

    `options` are the appliance's old-style options, of which home-wide settings go to
    the home entry. The loaded home reloads with the new appliance.
    """
    entries = hass.config_entries.async_entries(DOMAIN)
    if not entries:
        entry = home_entry(subentry, options=home_options(options))
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        return entry
    entry = entries[0]
    assert isinstance(entry, MockConfigEntry)
    hass.config_entries.async_add_subentry(
        entry,
        ConfigSubentry(
            data=MappingProxyType(subentry["data"]),
            subentry_id=subentry["subentry_id"],
            subentry_type=subentry["subentry_type"],
            title=subentry["title"],
            unique_id=subentry["unique_id"],
        ),
    )
    if found := home_options(options):
        hass.config_entries.async_update_entry(entry, options={**entry.options, **found})
    await hass.async_block_till_done()
    return entry


def appliance_id(entry: MockConfigEntry, index: int = 0) -> str:
    """Return the id of a home's first (or index-th) appliance subentry."""
    return list(entry.subentries)[index]


def set_demo_options(hass: HomeAssistant, entry: MockConfigEntry, options: dict[str, Any]) -> None:
    """Give the demo home of a home entry (added, not yet set up) other settings."""
    subentry = next(s for s in entry.subentries.values() if s.subentry_type == SUBENTRY_DEMO)
    hass.config_entries.async_update_subentry(entry, subentry, data=options)
