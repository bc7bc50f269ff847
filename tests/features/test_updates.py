"""Update entities of installed features and of the demo appliances' firmware; courses."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import json
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.update import DOMAIN as UPDATE_DOMAIN, SERVICE_INSTALL
from homeassistant.components.update.const import DATA_COMPONENT
from homeassistant.const import ATTR_ENTITY_ID, EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.appliance_care.catalog import CatalogDocument, InstalledFeature, parse_entry
from custom_components.appliance_care.const import DOMAIN, LOGGER
from custom_components.appliance_care.simulator import FIRMWARE_VERSIONS, PROGRAMS, ApplianceKind
from tests.integration.conftest import (
    DEMO_ENTRY_ID,
    simulation_of,
)

from .common import (
    STORAGE_KEY,
    async_use_remote,
    blueprint_data,
    blueprint_path,
    bundled,
    catalog_of,
    entry,
    index,
    serve,
)

WASHER = ApplianceKind.WASHER
WASHER_PROGRAM = "select.washer_program_to_run"
WASHER_POWER = "sensor.washer_power"
WASHER_START = "button.washer_start"
DOOR = bundled("blueprint", "door_left_open")
DOOR_1_1 = DOOR + b"\n# 1.1.0: calmer escalations\n"


def _entity_id(hass: HomeAssistant, unique_id: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(UPDATE_DOMAIN, DOMAIN, unique_id)
    assert entity_id is not None, unique_id
    return entity_id


def _attributes(hass: HomeAssistant, entity_id: str) -> dict[str, Any]:
    state = hass.states.get(entity_id)
    assert state is not None
    return {"state": state.state, **state.attributes}


async def _call(hass: HomeAssistant, action: str, **data: Any) -> Any:
    return await hass.services.async_call(DOMAIN, action, data, blocking=True, return_response=True)


async def _release_notes(hass_ws_client: WebSocketGenerator, entity_id: str) -> Any:
    client = await hass_ws_client()
    await client.send_json_auto_id({"type": "update/release_notes", "entity_id": entity_id})
    result = await client.receive_json()
    assert result["success"], result
    return result["result"]


def _progress_of(hass: HomeAssistant, entity_id: str) -> list[tuple[Any, Any]]:
    seen: list[tuple[Any, Any]] = []

    @callback
    def record(event: Event) -> None:
        state = event.data["new_state"]
        if (
            event.data["entity_id"] == entity_id
            and state is not None
            and state.state != "unavailable"
        ):
            seen.append((state.attributes["in_progress"], state.attributes["update_percentage"]))

    hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    return seen


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def _tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float = 1) -> None:
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await _settle()


@pytest.mark.usefixtures("washer_entry")
async def test_feature_update_offers_the_remote_version_with_its_notes_and_installs_it(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    hass_ws_client: WebSocketGenerator,
) -> None:
    await _call(hass, "install_feature", id="door_left_open")
    await hass.async_block_till_done()
    entity_id = _entity_id(hass, "feature_door_left_open")
    newer = entry("door_left_open", DOOR_1_1, version="1.1.0")
    serve(aioclient_mock, index(newer))
    aioclient_mock.get(newer["url"], content=DOOR_1_1)
    await async_use_remote(hass)
    await hass.async_block_till_done()
    attributes = _attributes(hass, entity_id)
    assert (attributes["state"], attributes["installed_version"]) == ("on", "1.0.0")
    assert attributes["latest_version"] == "1.1.0"
    assert attributes["title"] == "door_left_open title", "the title of the version on offer"
    assert await _release_notes(hass_ws_client, entity_id) == "Notes of 1.1.0"

    progress = _progress_of(hass, entity_id)
    await hass.services.async_call(
        UPDATE_DOMAIN, SERVICE_INSTALL, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert progress[0] == (True, 0)
    assert (True, 90) in progress, "the download's share of the progress"
    assert progress[-1] == (False, None)
    attributes = _attributes(hass, entity_id)
    assert (attributes["state"], attributes["installed_version"]) == ("off", "1.1.0")
    assert blueprint_data(blueprint_path(hass, "door_left_open")) == blueprint_data(DOOR_1_1)

    # Without the remote catalog, the bundled 1.0.0 is older: no update, no downgrade.
    await _call(hass, "set_catalog", enabled=False)
    await hass.async_block_till_done()
    attributes = _attributes(hass, entity_id)
    assert (attributes["state"], attributes["latest_version"]) == ("off", "1.1.0")
    assert await _release_notes(hass_ws_client, entity_id) == "Notes of 1.1.0"


@pytest.mark.usefixtures("washer_entry")
async def test_checking_feature_updates_fetches_the_remote_catalog(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    serve(aioclient_mock, index())
    await async_use_remote(hass)
    await _call(hass, "install_feature", id="door_left_open")
    await hass.async_block_till_done()
    assert await async_setup_component(hass, "homeassistant", {})
    await hass.services.async_call(
        "homeassistant",
        "update_entity",
        {ATTR_ENTITY_ID: _entity_id(hass, "feature_door_left_open")},
        blocking=True,
    )
    assert aioclient_mock.call_count == 2


@pytest.mark.usefixtures("washer_entry")
async def test_feature_version_that_left_the_catalog_meanwhile_is_not_installed(
    hass: HomeAssistant,
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await catalog_of(hass).async_install("door_left_open", version="0.9.0")
    assert err.value.translation_key == "feature_version_unavailable"
    assert err.value.translation_placeholders == {"id": "door_left_open", "version": "0.9.0"}


async def test_blueprint_updates_stay_on_the_home_through_reloads_and_appliance_removal(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    await _call(hass, "install_feature", id="weekly_report")
    await hass.async_block_till_done()
    entity_id = _entity_id(hass, "feature_weekly_report")
    registry = er.async_get(hass)

    def owner() -> tuple[str | None, str | None]:
        registry_entry = registry.async_get(entity_id)
        assert registry_entry is not None
        return registry_entry.config_entry_id, registry_entry.config_subentry_id

    assert owner() == (washer_entry.entry_id, None), "on the home, outside every appliance"
    assert await hass.config_entries.async_reload(washer_entry.entry_id)
    await hass.async_block_till_done()
    assert owner() == (washer_entry.entry_id, None), "a reload does not move them"

    (washer,) = washer_entry.subentries
    hass.config_entries.async_remove_subentry(washer_entry, washer)
    await hass.async_block_till_done()
    assert owner() == (washer_entry.entry_id, None), "removing an appliance keeps them"
    assert _attributes(hass, entity_id)["installed_version"] == "1.0.0"
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, "feature_weekly_report"), washer_entry.entry_id
    )
    assert device is not None
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    assert (device.config_entry_id, device.config_subentry_id) == (washer_entry.entry_id, None)


async def test_firmware_update_runs_with_progress_and_adds_a_program(
    hass: HomeAssistant,
    demo_home: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
    device_registry: dr.DeviceRegistry,
) -> None:
    entity_id = _entity_id(hass, f"{DEMO_ENTRY_ID}_washer_firmware")
    attributes = _attributes(hass, entity_id)
    assert attributes["state"] == "on"
    assert attributes["installed_version"] == FIRMWARE_VERSIONS[WASHER]
    assert attributes["latest_version"] == "2.5.0"
    registry_entry = er.async_get(hass).async_get(entity_id)
    assert registry_entry is not None
    assert registry_entry.entity_category == "config"
    assert "**Tub clean**" in await _release_notes(hass_ws_client, entity_id)

    progress = _progress_of(hass, entity_id)
    install = hass.async_create_task(
        hass.services.async_call(
            UPDATE_DOMAIN, SERVICE_INSTALL, {ATTR_ENTITY_ID: entity_id}, blocking=True
        )
    )
    await _settle()
    for _ in range(5):
        await _tick(hass, frozen_start)
    await install
    await hass.async_block_till_done()
    steps = [percentage for in_progress, percentage in progress if in_progress]
    assert steps == [0, 20, 40, 60, 80]
    assert progress[-1] == (False, None)
    attributes = _attributes(hass, entity_id)
    assert (attributes["state"], attributes["installed_version"]) == ("off", "2.5.0")
    assert attributes["latest_version"] == "2.5.0"
    device = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{DEMO_ENTRY_ID}_washer"), demo_home.entry_id
    )
    assert device is not None
    assert device.sw_version == "2.5.0"
    await _tick(hass, frozen_start)
    await hass.async_block_till_done()
    select = hass.states.get(WASHER_PROGRAM)
    assert select is not None
    assert select.attributes["options"] == [*PROGRAMS[WASHER], "tub_clean"]
    published = simulation_of(demo_home).snapshot(WASHER)
    assert published.firmware_version == "2.5.0", "what the firmware sensor shows"

    assert await hass.config_entries.async_reload(demo_home.entry_id)
    await hass.async_block_till_done()
    attributes = _attributes(hass, entity_id)
    assert (attributes["state"], attributes["installed_version"]) == ("off", "2.5.0")
    select = hass.states.get(WASHER_PROGRAM)
    assert select is not None
    assert "tub_clean" in select.attributes["options"], "kept across a reload"
    assert await _release_notes(hass_ws_client, entity_id) is None

    entity = hass.data[DATA_COMPONENT].get_entity(entity_id)
    assert entity is not None
    with pytest.raises(ServiceValidationError) as err:
        await entity.async_install(None, backup=False)
    assert err.value.translation_key == "no_firmware_update"


async def _start_washer(hass: HomeAssistant, program: str) -> None:
    await hass.services.async_call(
        "select",
        "select_option",
        {ATTR_ENTITY_ID: WASHER_PROGRAM, "option": program},
        blocking=True,
    )
    await hass.services.async_call("button", "press", {ATTR_ENTITY_ID: WASHER_START}, blocking=True)


@pytest.mark.usefixtures("demo_home")
async def test_firmware_does_not_update_while_the_appliance_runs(hass: HomeAssistant) -> None:
    await _start_washer(hass, PROGRAMS[WASHER][0])
    entity_id = _entity_id(hass, f"{DEMO_ENTRY_ID}_washer_firmware")
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            UPDATE_DOMAIN, SERVICE_INSTALL, {ATTR_ENTITY_ID: entity_id}, blocking=True
        )
    assert err.value.translation_key == "already_running"
    assert _attributes(hass, entity_id)["installed_version"] == FIRMWARE_VERSIONS[WASHER]


async def test_course_install_adds_a_program_the_washer_runs(
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    response = await _call(hass, "install_feature", id="allergy_care_60")
    assert response == {"id": "allergy_care_60", "kind": "course", "version": "1.0.0"}
    await _tick(hass, frozen_start)
    await hass.async_block_till_done()
    select = hass.states.get(WASHER_PROGRAM)
    assert select is not None
    assert select.attributes["options"] == [*PROGRAMS[WASHER], "allergy_care_60"]
    course_entity = _entity_id(hass, f"{DEMO_ENTRY_ID}_washer_course_allergy_care_60")
    attributes = _attributes(hass, course_entity)
    assert (attributes["state"], attributes["installed_version"]) == ("off", "1.0.0")
    assert attributes["title"] == "Allergy care 60 °C"
    registry_entry = er.async_get(hass).async_get(course_entity)
    assert registry_entry is not None
    device = dr.async_get(hass).async_get(registry_entry.device_id or "")
    assert device is not None
    assert device.identifiers == {(DOMAIN, f"{DEMO_ENTRY_ID}_washer")}

    await _start_washer(hass, "allergy_care_60")
    for _ in range(48):
        await _tick(hass, frozen_start, seconds=10)
    await hass.async_block_till_done()
    power = hass.states.get(WASHER_POWER)
    assert power is not None
    assert float(power.state) > 1_000, "heating the water to 60 degrees"

    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "uninstall_feature", id="allergy_care_60")
    assert err.value.translation_key == "already_running"
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "install_feature", id="allergy_care_60")
    assert err.value.translation_key == "already_running"


async def test_course_uninstall_removes_the_program_and_its_update(
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    await _call(hass, "install_feature", id="glass_care_40")
    await _tick(hass, frozen_start)
    await hass.async_block_till_done()
    course_unique_id = f"{DEMO_ENTRY_ID}_dishwasher_course_glass_care_40"
    _entity_id(hass, course_unique_id)
    await _call(hass, "uninstall_feature", id="glass_care_40")
    await _tick(hass, frozen_start)
    await hass.async_block_till_done()
    select = hass.states.get("select.dishwasher_program_to_run")
    assert select is not None
    assert "glass_care_40" not in select.attributes["options"]
    registry = er.async_get(hass)
    assert registry.async_get_entity_id(UPDATE_DOMAIN, DOMAIN, course_unique_id) is None


async def test_courses_follow_what_is_installed_when_the_demo_home_starts(
    hass: HomeAssistant, demo_home: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    await _call(hass, "install_feature", id="allergy_care_60")
    await _call(hass, "install_feature", id="glass_care_40")
    assert await hass.config_entries.async_unload(demo_home.entry_id)
    await hass.async_block_till_done()
    # While the demo home is away: its saved washer forgets the course, the glass care
    # course is uninstalled.
    home = hass_storage[f"{DOMAIN}.demo_{DEMO_ENTRY_ID}"]["data"]["simulation"]
    del home["appliances"]["washer"]["details"]["installed"]
    _forget_installed(hass_storage, "glass_care_40")
    assert await hass.config_entries.async_setup(demo_home.entry_id)
    await hass.async_block_till_done()
    runtime = simulation_of(demo_home)
    assert runtime.home.installed_programs(WASHER) == ("allergy_care_60",)
    assert runtime.home.installed_programs(ApplianceKind.DISHWASHER) == ()


def _forget_installed(hass_storage: dict[str, Any], feature_id: str) -> None:
    """Take a feature out of the saved catalog, as an uninstall of another home would."""
    data = hass_storage[STORAGE_KEY]["data"]
    data["installed"] = [f for f in data["installed"] if f["entry"]["id"] != feature_id]


async def test_a_course_running_when_the_home_starts_stays_until_it_has_run(
    hass: HomeAssistant,
    demo_home: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    await _call(hass, "install_feature", id="glass_care_40")
    await _tick(hass, frozen_start)
    await hass.services.async_call(
        "select",
        "select_option",
        {ATTR_ENTITY_ID: "select.dishwasher_program_to_run", "option": "glass_care_40"},
        blocking=True,
    )
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.dishwasher_start"}, blocking=True
    )
    await _tick(hass, frozen_start, seconds=5)
    assert await hass.config_entries.async_unload(demo_home.entry_id)
    await hass.async_block_till_done()
    _forget_installed(hass_storage, "glass_care_40")
    with patch.object(LOGGER, "warning") as warning:
        assert await hass.config_entries.async_setup(demo_home.entry_id)
        await hass.async_block_till_done()
    assert warning.call_args.args[0] == "Course %s stays until it has run: %s"
    home = simulation_of(demo_home).home
    assert home.installed_programs(ApplianceKind.DISHWASHER) == ("glass_care_40",)


async def test_a_remembered_course_that_cannot_be_installed_again_is_logged(
    hass: HomeAssistant, demo_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    course = entry("glass_care_40", b"{}", kind="course", appliance="dishwasher")
    broken = InstalledFeature(entry=parse_entry(course), program={"main": "inlet"})
    hass_storage[STORAGE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORAGE_KEY,
        "data": CatalogDocument().with_installed(broken).to_json(),
    }
    demo_entry.add_to_hass(hass)
    with patch.object(LOGGER, "warning") as warning:
        assert await hass.config_entries.async_setup(demo_entry.entry_id)
        await hass.async_block_till_done()
    assert warning.call_args_list[0].args[0] == "Cannot install course %s again: %s"
    home = simulation_of(demo_entry).home
    assert home.installed_programs(ApplianceKind.DISHWASHER) == ()
    await _call(hass, "uninstall_feature", id="glass_care_40")
    assert catalog_of(hass).installed == {}


WASHER_COURSE = {"main": [{"phase": "fill", "seconds": 120}, {"phase": "drain", "seconds": 60}]}


@pytest.mark.parametrize(
    ("content", "appliance", "key"),
    [
        pytest.param(b"not json", "washer", "invalid_course", id="not-json"),
        pytest.param(
            json.dumps({"id": "other", "appliance": "washer", "program": WASHER_COURSE}).encode(),
            "washer",
            "invalid_course",
            id="another-course",
        ),
        pytest.param(
            json.dumps({"id": "rinse", "appliance": "washer", "program": {"main": "x"}}).encode(),
            "washer",
            "invalid_course",
            id="broken-program",
        ),
        pytest.param(
            json.dumps({"id": "rinse", "appliance": "oven", "program": WASHER_COURSE}).encode(),
            "oven",
            "no_appliance_for_course",
            id="unknown-appliance",
        ),
    ],
)
@pytest.mark.usefixtures("demo_home")
async def test_broken_courses_are_refused_and_change_no_appliance(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    content: bytes,
    appliance: str,
    key: str,
) -> None:
    listed = entry("rinse", content, kind="course", appliance=appliance)
    serve(aioclient_mock, index(listed))
    aioclient_mock.get(listed["url"], content=content)
    await async_use_remote(hass)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "install_feature", id="rinse")
    assert err.value.translation_key == key
    home = simulation_of(hass.config_entries.async_entries(DOMAIN)[0]).home
    assert home.installed_programs(WASHER) == ()
    assert catalog_of(hass).installed == {}


@pytest.mark.parametrize(
    ("programs", "key"),
    [
        ({"tub_clean": {"main": "fill"}}, "invalid_course"),
        ({"cotton_40": WASHER_COURSE}, "program_exists"),
    ],
)
async def test_firmware_that_brings_a_bad_program_is_not_installed(
    hass: HomeAssistant,
    demo_home: MockConfigEntry,
    aioclient_mock: AiohttpClientMocker,
    frozen_start: FrozenDateTimeFactory,
    *,
    programs: dict[str, Any],
    key: str,
) -> None:
    notes = {"en": "Broken", "ko": "고장"}
    announced = {"appliance": "washer", "version": "2.6.0", "release_notes": notes}
    serve(aioclient_mock, index(firmware=[{**announced, "programs": programs}]))
    await async_use_remote(hass)
    await hass.async_block_till_done()
    entity_id = _entity_id(hass, f"{DEMO_ENTRY_ID}_washer_firmware")
    assert _attributes(hass, entity_id)["latest_version"] == "2.6.0"
    install = hass.async_create_task(
        hass.services.async_call(
            UPDATE_DOMAIN, SERVICE_INSTALL, {ATTR_ENTITY_ID: entity_id}, blocking=True
        )
    )
    await _settle()
    for _ in range(5):
        await _tick(hass, frozen_start)
    with pytest.raises(HomeAssistantError) as err:
        await install
    assert err.value.translation_key == key
    attributes = _attributes(hass, entity_id)
    assert (attributes["installed_version"], attributes["in_progress"]) == ("2.4.1", False)
    home = simulation_of(demo_home).home
    assert home.installed_programs(WASHER) == ()


@pytest.mark.usefixtures("washer_entry")
async def test_checking_for_updates_with_the_remote_catalog_off_fetches_nothing(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    await _call(hass, "install_feature", id="door_left_open")
    await hass.async_block_till_done()
    assert await async_setup_component(hass, "homeassistant", {})
    await hass.services.async_call(
        "homeassistant",
        "update_entity",
        {ATTR_ENTITY_ID: _entity_id(hass, "feature_door_left_open")},
        blocking=True,
    )
    assert aioclient_mock.call_count == 0


async def test_a_course_update_entity_keeps_its_registry_entry_through_reloads(
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    """Pruning entities an appliance no longer has must not take the installed courses."""
    await _call(hass, "install_feature", id="allergy_care_60")
    await _tick(hass, frozen_start)
    await hass.async_block_till_done()
    registry = er.async_get(hass)
    course_entity = _entity_id(hass, f"{DEMO_ENTRY_ID}_washer_course_allergy_care_60")
    before = registry.async_get(course_entity)
    assert before is not None
    registry.async_update_entity(course_entity, name="My allergy course")
    removed: list[str] = []
    hass.bus.async_listen(
        er.EVENT_ENTITY_REGISTRY_UPDATED,
        lambda event: (
            removed.append(event.data["entity_id"]) if event.data["action"] == "remove" else None
        ),
    )
    assert await hass.config_entries.async_reload(demo_home.entry_id)
    await hass.async_block_till_done()
    assert course_entity not in removed, "never removed and re-created"
    after = registry.async_get(course_entity)
    assert after is not None
    assert after.id == before.id, "the same registry entry, not a new one"
    assert after.name == "My allergy course"
