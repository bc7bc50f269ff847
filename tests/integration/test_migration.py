"""Upgrading from one entry per appliance (version 0.1.0) to one home entry with subentries.

The fixture `fixtures/v1_home` is the storage that version 0.1.0 wrote through its own
flows: a washer behind a registered smart plug (with thresholds, a place, care options,
two washes, a tub clean due and a recorded repair), a dryer behind an unregistered power
sensor, the demo home at 60x, and an installed blueprint.
"""

from __future__ import annotations

from datetime import timedelta
import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.bootstrap import DATA_REGISTRIES_LOADED
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    category_registry as cr,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    issue_registry as ir,
    label_registry as lr,
    restore_state as rs,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.appliance_care.const import (
    CONF_CARE,
    CONF_DOOR_SENSOR,
    CONF_OUTDOOR_SENSOR,
    CONF_PLACE,
    CONF_POWER_SENSOR,
    CONF_SIMULATION,
    CONF_SPEED,
    CONF_THRESHOLDS,
    DOMAIN,
    SUBENTRY_APPLIANCE,
    SUBENTRY_DEMO,
)
from custom_components.appliance_care.engine.care import MaintenanceKind
from custom_components.appliance_care.migration import async_migrate_integration

FIXTURE = Path(__file__).parent / "fixtures" / "v1_home"
BUNDLED = (
    Path(__file__).parents[2] / "custom_components" / DOMAIN / "catalog" / "bundled" / "blueprints"
)
WASHER = "01M6DGXJC089SAPV1N8YEAEZK0"
DRYER = "01M6DGXJC0A0YJS1YPTR5M9SRZ"
DEMO = "01M6DGXJC0KPXW5KZKM5TG6PJQ"


def _read_fixture() -> dict[str, Any]:
    return {
        path.name.removesuffix(".json"): json.loads(path.read_text(encoding="utf-8"))
        for path in FIXTURE.glob("*.json")
    }


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A configuration folder of the test's own, holding the blueprint installed in 0.1.0."""
    folder = Path(hass_tmp_config_dir, "blueprints", "automation", DOMAIN)
    folder.mkdir(parents=True)
    (folder / "weekly_report.yaml").write_bytes((BUNDLED / "weekly_report.yaml").read_bytes())
    return hass_tmp_config_dir


@pytest.fixture
def load_registries() -> bool:
    """Let the tests load the registries themselves, from the fixture's storage."""
    return False


@pytest.fixture
def unreadable_dryer() -> bool:
    """Whether the dryer's entry holds data this version cannot read."""
    return False


@pytest.fixture
def disabled_dryer() -> bool:
    """Whether the user had disabled the dryer's entry."""
    return False


@pytest.fixture
def expected_lingering_timers() -> bool:
    """Allow the device registry's delayed cleanup, which follows the migrated blueprint's
    update entity moving from the shared catalog device to its own device."""
    return True


@pytest.fixture
def v1_storage(
    hass_storage: dict[str, Any], unreadable_dryer: bool, disabled_dryer: bool
) -> dict[str, Any]:
    """Storage as version 0.1.0 left it."""
    stored = _read_fixture()
    for entry in stored["core.config_entries"]["data"]["entries"]:
        if entry["entry_id"] == DRYER and unreadable_dryer:
            entry["data"]["appliance_type"] = "toaster"
        if entry["entry_id"] == DRYER and disabled_dryer:
            entry["disabled_by"] = "user"
    if disabled_dryer:
        registries = ("core.entity_registry", "entities"), ("core.device_registry", "devices")
        for key, kind in registries:
            for item in stored[key]["data"][kind]:
                if item.get("config_entry_id") == DRYER:
                    item["disabled_by"] = "config_entry"
    hass_storage.update(json.loads(json.dumps(stored)))
    return stored


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    v1_storage: dict[str, Any], enable_custom_integrations: None
) -> None:
    """Put the storage in place before Home Assistant starts and loads its registries."""


def _config_entry(stored: dict[str, Any]) -> ConfigEntry:
    return ConfigEntry(
        data=stored["data"],
        discovery_keys=MappingProxyType({}),
        domain=stored["domain"],
        entry_id=stored["entry_id"],
        minor_version=stored["minor_version"],
        options=stored["options"],
        source=stored["source"],
        subentries_data=None,
        title=stored["title"],
        unique_id=stored["unique_id"],
        version=stored["version"],
    )


def _sensors(hass: HomeAssistant) -> None:
    for entity_id, watts in (("sensor.washer_plug_power", "0.8"), ("sensor.dryer_power", "0.5")):
        hass.states.async_set(entity_id, watts, {"unit_of_measurement": "W"})
    hass.states.async_set("binary_sensor.washer_door", "off", {"device_class": "door"})
    hass.states.async_set("sensor.outdoor", "4.0", {"unit_of_measurement": "°C"})


async def _start(hass: HomeAssistant) -> None:
    # Read the registries and config entries from the stored fixture, as Home Assistant
    # does when it starts (the test harness would start them empty).
    dr.async_setup(hass)
    for registry in (ar, cr, dr, er, fr, ir, lr, rs):
        await registry.async_load(hass)
    hass.data[DATA_REGISTRIES_LOADED] = None
    await hass.config_entries.async_initialize()
    _sensors(hass)
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done()


def _old_registry(stored: dict[str, Any], key: str, kind: str) -> list[dict[str, Any]]:
    return [item for item in stored[key]["data"][kind] if item.get("platform", DOMAIN) == DOMAIN]


async def test_three_entries_become_one_home_with_three_subentries(
    v1_storage: dict[str, Any], hass: HomeAssistant
) -> None:
    await _start(hass)
    (home,) = hass.config_entries.async_entries(DOMAIN)
    assert home.version == 2
    assert home.title == "Appliance Care"
    assert home.entry_id == WASHER, "the oldest entry became the home"
    assert home.state is ConfigEntryState.LOADED
    assert {s.subentry_id: s.subentry_type for s in home.subentries.values()} == {
        WASHER: SUBENTRY_APPLIANCE,
        DRYER: SUBENTRY_APPLIANCE,
        DEMO: SUBENTRY_DEMO,
    }
    washer = home.subentries[WASHER].data
    plug = er.async_get(hass).async_get("sensor.washer_plug_power")
    assert plug is not None
    # A registered sensor is now kept by its registry id; an unregistered one by entity id.
    assert washer[CONF_POWER_SENSOR] == plug.id
    assert home.subentries[WASHER].unique_id == plug.id
    assert home.subentries[DRYER].data[CONF_POWER_SENSOR] == "sensor.dryer_power"
    assert washer[CONF_DOOR_SENSOR] == "binary_sensor.washer_door"
    assert washer[CONF_THRESHOLDS]["finish_hold_min"] == 7
    assert washer[CONF_PLACE] == {"unheated_place": True}
    assert washer[CONF_CARE]["tub_clean_due_cycles"] == 2
    assert home.options == {CONF_OUTDOOR_SENSOR: "sensor.outdoor"}, "home-wide now"
    assert home.subentries[DEMO].data[CONF_SIMULATION][CONF_SPEED] == 60.0


async def test_entities_and_devices_keep_their_ids_under_their_subentry(
    v1_storage: dict[str, Any], hass: HomeAssistant
) -> None:
    await _start(hass)
    entities = er.async_get(hass)
    old_entities = _old_registry(v1_storage, "core.entity_registry", "entities")
    assert len(old_entities) > 150
    for old in old_entities:
        new = entities.async_get(old["entity_id"])
        assert new is not None, old["entity_id"]
        assert (new.id, new.unique_id) == (old["id"], old["unique_id"])
        assert new.config_entry_id == WASHER
        expected = None if old["unique_id"].startswith("feature_") else old["config_entry_id"]
        assert new.config_subentry_id == expected, old["entity_id"]
    devices = dr.async_get(hass)
    old_devices = [
        d
        for d in v1_storage["core.device_registry"]["data"]["devices"]
        if any(ident[0] == DOMAIN for ident in d["identifiers"])
    ]
    assert len(old_devices) == 10  # washer, dryer, seven demo appliances, the catalog
    for old in old_devices:
        device = devices.async_get(old["id"])
        if old["identifiers"] == [[DOMAIN, "feature_catalog"]]:
            # The shared catalog device gives way to one device per installed blueprint.
            assert device is None
            continue
        assert device is not None
        assert device.config_entry_id == WASHER
    blueprint = devices.async_get_device_by_identifier((DOMAIN, "feature_weekly_report"), WASHER)
    assert blueprint is not None
    assert blueprint.config_subentry_id is None
    washer = devices.async_get_device_by_identifier((DOMAIN, WASHER), WASHER)
    assert washer is not None
    assert washer.config_subentry_id == WASHER


async def test_what_the_appliances_learned_and_recorded_survives(
    v1_storage: dict[str, Any], hass_storage: dict[str, Any], hass: HomeAssistant
) -> None:
    await _start(hass)
    old_washer = v1_storage[f"{DOMAIN}.appliance_{WASHER}"]["data"]["engine"]
    cycles = hass.states.get("sensor.washer_cycles")
    assert cycles is not None
    assert cycles.state == str(old_washer["cycle_count"])
    tub = hass.states.get("binary_sensor.washer_tub_clean_due")
    assert tub is not None
    assert tub.state == "on"
    (home,) = hass.config_entries.async_loaded_entries(DOMAIN)
    washer = next(c for c in home.runtime_data.coordinators() if c.profile.key == WASHER)
    assert washer.appliance is not None
    assert washer.appliance.tracker is not None
    assert len(washer.appliance.tracker.programs) == len(old_washer["programs"])
    assert washer.care.monitor is not None
    maintenance = washer.care.monitor.maintenance
    repair = next((r for r in reversed(maintenance) if r.kind is MaintenanceKind.REPAIR), None)
    assert repair is not None
    assert repair.note == "New door seal"
    # The installed blueprint's update entity is still there, on the home.
    update = er.async_get(hass).async_get_entity_id("update", DOMAIN, "feature_weekly_report")
    assert update is not None
    assert hass.states.get(update) is not None
    # Nothing saved was deleted on the way.
    assert {key for key in v1_storage if key.startswith(DOMAIN)} <= set(hass_storage)


@pytest.mark.parametrize("unreadable_dryer", [True])
async def test_an_entry_that_cannot_be_read_is_kept_aside_and_the_rest_move(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
    frozen_start: FrozenDateTimeFactory,
) -> None:
    await _start(hass)
    entries = {entry.entry_id: entry for entry in hass.config_entries.async_entries(DOMAIN)}
    assert set(entries) == {WASHER, DRYER}
    home, dryer = entries[WASHER], entries[DRYER]
    assert set(home.subentries) == {WASHER, DEMO}
    assert home.state is ConfigEntryState.LOADED
    assert dryer.version == 1
    assert dryer.state is ConfigEntryState.MIGRATION_ERROR
    assert issue_registry.async_get_issue(DOMAIN, f"migration_failed_{DRYER}") is not None
    assert f"{DOMAIN}.appliance_{DRYER}" in hass_storage, "its history is untouched"
    assert er.async_get(hass).async_get("sensor.dryer_status") is not None

    # Deleting the entry, as the repair says, deletes what it saved and the repair.
    assert await hass.config_entries.async_remove(DRYER)
    await hass.async_block_till_done()
    # Let the registries' debounced clean-up after a removed entry run, and cool down.
    for _ in range(3):
        frozen_start.tick(timedelta(minutes=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    assert not [key for key in hass_storage if DRYER in key]
    assert issue_registry.async_get_issue(DOMAIN, f"migration_failed_{DRYER}") is None
    assert home.state is ConfigEntryState.LOADED
    assert f"{DOMAIN}.appliance_{WASHER}" in hass_storage


@pytest.mark.parametrize("disabled_dryer", [True])
async def test_an_appliance_whose_entry_was_disabled_stays_disabled(hass: HomeAssistant) -> None:
    await _start(hass)
    (home,) = hass.config_entries.async_entries(DOMAIN)
    assert DRYER in home.subentries
    status = er.async_get(hass).async_get("sensor.dryer_status")
    assert status is not None
    assert status.disabled_by is er.RegistryEntryDisabler.USER
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, DRYER), WASHER)
    assert device is not None
    assert device.disabled_by is dr.DeviceEntryDisabler.USER
    washer = er.async_get(hass).async_get("sensor.washer_status")
    assert washer is not None
    assert washer.disabled_by is None


async def test_entries_merged_before_are_not_merged_twice(
    v1_storage: dict[str, Any], hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    await _start(hass)
    (home,) = hass.config_entries.async_entries(DOMAIN)
    # A restore brings an entry of version 1 back beside the home that holds it already.
    old = next(
        e for e in v1_storage["core.config_entries"]["data"]["entries"] if e["entry_id"] == DRYER
    )
    hass.config_entries._entries[DRYER] = _config_entry(old)
    await async_migrate_integration(hass)
    await hass.async_block_till_done()
    assert [e.entry_id for e in hass.config_entries.async_entries(DOMAIN)] == [WASHER]
    assert set(home.subentries) == {WASHER, DRYER, DEMO}
    assert f"{DOMAIN}.appliance_{DRYER}" in hass_storage, "its data lives on in the home"
