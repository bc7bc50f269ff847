"""Installing, updating and uninstalling blueprints; every bad download writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
from homeassistant.components.automation import EVENT_AUTOMATION_RELOADED
from homeassistant.config import async_hass_config_yaml
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError, Unauthorized
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
    AiohttpClientMockResponse,
)
from yarl import URL

from custom_components.appliance_care.catalog import MAX_FEATURE_BYTES
from custom_components.appliance_care.const import DOMAIN

from .common import (
    MINIMAL_BLUEPRINT,
    STORAGE_KEY,
    async_use_remote,
    blueprint_data,
    blueprint_folder_files,
    blueprint_path,
    bundled,
    entry,
    index,
    serve,
)

pytestmark = pytest.mark.usefixtures("washer_entry")

UPDATED_BLUEPRINT = MINIMAL_BLUEPRINT.replace(b"Morning report", b"Morning report, kinder")
# Same size, other content: only the checksum can tell.
TAMPERED_BLUEPRINT = MINIMAL_BLUEPRINT.replace(b"Morning", b"Evening")
MORNING_AUTOMATION = """automation:
  - alias: Morning
    use_blueprint:
      path: appliance_care/morning_report.yaml
      input:
        message: Good morning
"""


async def _call(hass: HomeAssistant, action: str, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


async def _install(hass: HomeAssistant, feature_id: str) -> dict[str, Any]:
    return await _call(hass, "install_feature", id=feature_id)


async def _features(hass: HomeAssistant) -> dict[str, dict[str, Any]]:
    response = await _call(hass, "list_features")
    return {feature["id"]: feature for feature in response["features"]}


def _feature_entity(hass: HomeAssistant, feature_id: str) -> str | None:
    return er.async_get(hass).async_get_entity_id("update", DOMAIN, f"feature_{feature_id}")


async def test_bundled_blueprint_installs_offline_on_a_device_named_after_it(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    hass_storage: dict[str, Any],
    washer_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    response = await _install(hass, "door_left_open")
    assert response == {"id": "door_left_open", "kind": "blueprint", "version": "1.0.0"}
    assert aioclient_mock.call_count == 0, "the bundled copy needs no download"
    path = blueprint_path(hass, "door_left_open")
    assert blueprint_data(path) == blueprint_data(bundled("blueprint", "door_left_open"))
    assert blueprint_folder_files(hass) == ["door_left_open.yaml"]
    stored = hass_storage[STORAGE_KEY]["data"]
    assert [item["entry"]["id"] for item in stored["installed"]] == ["door_left_open"]
    await hass.async_block_till_done()
    entity_id = _feature_entity(hass, "door_left_open")
    assert entity_id is not None
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == "off"
    assert state.attributes["installed_version"] == "1.0.0"
    assert state.attributes["latest_version"] == "1.0.0"
    assert state.attributes["title"] == "Fridge or freezer door left open"
    registry_entry = er.async_get(hass).async_get(entity_id)
    assert registry_entry is not None
    assert registry_entry.entity_category == "config"
    assert registry_entry.config_entry_id == washer_entry.entry_id
    device = device_registry.async_get(registry_entry.device_id or "")
    assert device is not None
    assert device.identifiers == {(DOMAIN, "feature_door_left_open")}
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    # Named after the feature, as its device's main entity: no "Feature catalog" prefix.
    assert device.name == "Fridge or freezer door left open"
    assert state.attributes["friendly_name"] == "Fridge or freezer door left open"


async def test_list_features_shows_versions_and_titles_in_the_language(
    hass: HomeAssistant,
) -> None:
    features = await _features(hass)
    door = features["door_left_open"]
    assert door == {
        "id": "door_left_open",
        "kind": "blueprint",
        "title": "Fridge or freezer door left open",
        "description": door["description"],
        "appliance": None,
        "installed_version": None,
        "latest_version": "1.0.0",
        "update_available": False,
        "installable": True,
        "min_integration_version": "0.1.0",
    }
    assert features["allergy_care_60"]["appliance"] == "washer"
    assert [f["kind"] for f in features.values()] == sorted(f["kind"] for f in features.values())
    await _install(hass, "door_left_open")
    hass.config.language = "ko"
    features = await _features(hass)
    assert features["door_left_open"]["installed_version"] == "1.0.0"
    assert features["door_left_open"]["title"] == "냉장고·냉동고 문 열림 경고"
    response = await _call(hass, "list_features")
    assert response["catalog"]["remote_enabled"] is False
    assert response["catalog"]["features"] == len(features)


async def test_remote_version_downloads_verifies_and_reloads_automations(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    version_1 = entry("morning_report", MINIMAL_BLUEPRINT)
    serve(aioclient_mock, index(version_1))
    aioclient_mock.get(version_1["url"], content=MINIMAL_BLUEPRINT)
    await async_use_remote(hass)
    await _install(hass, "morning_report")
    path = blueprint_path(hass, "morning_report")
    assert blueprint_data(path) == blueprint_data(MINIMAL_BLUEPRINT)
    configuration = Path(hass.config.path("configuration.yaml"))
    await hass.async_add_executor_job(configuration.write_text, MORNING_AUTOMATION)
    config = await async_hass_config_yaml(hass)
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()
    version_2 = entry("morning_report", UPDATED_BLUEPRINT, version="1.1.0")
    aioclient_mock.clear_requests()
    serve(aioclient_mock, index(version_1, version_2))
    aioclient_mock.get(version_2["url"], content=UPDATED_BLUEPRINT)
    await _call(hass, "refresh_catalog")
    assert (await _features(hass))["morning_report"]["update_available"] is True
    reloads: list[Any] = []
    hass.bus.async_listen(EVENT_AUTOMATION_RELOADED, reloads.append)
    assert (await _install(hass, "morning_report"))["version"] == "1.1.0"
    await hass.async_block_till_done()
    assert blueprint_data(path) == blueprint_data(UPDATED_BLUEPRINT)
    assert len(reloads) == 1, "automations using an overwritten blueprint reload"
    assert hass.states.get("automation.morning") is not None

    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "uninstall_feature", id="morning_report")
    assert err.value.translation_key == "feature_in_use"
    assert err.value.translation_placeholders["users"] == "automation.morning"
    assert path.is_file()


async def test_uninstall_deletes_the_blueprint_and_its_update_entity(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    await _install(hass, "weekly_report")
    await hass.async_block_till_done()
    assert _feature_entity(hass, "weekly_report") is not None
    assert await _call(hass, "uninstall_feature", id="weekly_report") == {"id": "weekly_report"}
    await hass.async_block_till_done()
    assert not blueprint_path(hass, "weekly_report").exists()
    assert _feature_entity(hass, "weekly_report") is None
    assert hass_storage[STORAGE_KEY]["data"]["installed"] == []
    # Installed again, it is shown again.
    await _install(hass, "weekly_report")
    await hass.async_block_till_done()
    assert _feature_entity(hass, "weekly_report") is not None


async def test_a_blueprint_deleted_outside_is_uninstalled_without_complaint(
    hass: HomeAssistant,
) -> None:
    await _install(hass, "weekly_report")
    blueprint_path(hass, "weekly_report").unlink()
    await _call(hass, "uninstall_feature", id="weekly_report")
    assert (await _features(hass))["weekly_report"]["installed_version"] is None


@pytest.mark.parametrize(
    ("feature_id", "key"),
    [
        ("../x", "invalid_feature_id"),
        ("/etc/passwd", "invalid_feature_id"),
        ("Door_Left_Open", "invalid_feature_id"),
        ("door left open", "invalid_feature_id"),
        ("nothing_like_it", "unknown_feature"),
        ("allergy_care_60", "no_appliance_for_course"),
    ],
)
async def test_requests_that_cannot_be_met_are_refused(
    hass: HomeAssistant, feature_id: str, key: str
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _install(hass, feature_id)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    assert err.value.translation_placeholders["id"] == feature_id
    assert blueprint_folder_files(hass) == []


async def test_uninstalling_what_is_not_installed_is_refused(hass: HomeAssistant) -> None:
    for feature_id, key in (
        ("door_left_open", "feature_not_installed"),
        ("..", "invalid_feature_id"),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, "uninstall_feature", id=feature_id)
        assert err.value.translation_key == key


def _served(aioclient_mock: AiohttpClientMocker, data: dict[str, Any], content: bytes) -> None:
    aioclient_mock.get(data["url"], content=content)


def _redirected_to_http(
    aioclient_mock: AiohttpClientMocker, data: dict[str, Any], content: bytes
) -> None:
    async def redirect(_method: str, _url: URL, _data: Any) -> AiohttpClientMockResponse:
        return AiohttpClientMockResponse(
            "get", URL("http://mirror.example.com/x"), response=content
        )

    aioclient_mock.get(data["url"], side_effect=redirect)


BAD_BLUEPRINT = b"blueprint:\n  name: No domain\n"
# Blueprints that would read the process environment, secrets or other files when loaded.
READS_ENV = MINIMAL_BLUEPRINT + b"variables:\n  token: !env_var SUPERVISOR_TOKEN\n"
READS_ENV_BY_TAG_DIRECTIVE = b"%TAG !x! !env_\n---\n" + MINIMAL_BLUEPRINT.replace(
    b"message: !input message", b"message: !x!var SUPERVISOR_TOKEN"
)
READS_FILES = MINIMAL_BLUEPRINT + b"variables:\n  other: !include_dir_named /etc\n"
BIG = b"#" * (MAX_FEATURE_BYTES + 1)


@pytest.mark.parametrize(
    ("listed", "serve_it", "key"),
    [
        pytest.param(
            entry("bad", MINIMAL_BLUEPRINT),
            lambda mock, data: _served(mock, data, TAMPERED_BLUEPRINT),
            "checksum_mismatch",
            id="checksum",
        ),
        pytest.param(
            entry("bad", BAD_BLUEPRINT),
            lambda mock, data: _served(mock, data, BAD_BLUEPRINT),
            "invalid_blueprint",
            id="schema",
        ),
        pytest.param(
            entry("bad", b"- not\n- a blueprint\n"),
            lambda mock, data: _served(mock, data, b"- not\n- a blueprint\n"),
            "invalid_blueprint",
            id="not-a-mapping",
        ),
        pytest.param(
            entry("bad", b"blueprint: [\n"),
            lambda mock, data: _served(mock, data, b"blueprint: [\n"),
            "invalid_blueprint",
            id="not-yaml",
        ),
        pytest.param(
            entry("bad", READS_ENV),
            lambda mock, data: _served(mock, data, READS_ENV),
            "blueprint_reads_outside",
            id="env-var",
        ),
        pytest.param(
            entry("bad", READS_ENV_BY_TAG_DIRECTIVE),
            lambda mock, data: _served(mock, data, READS_ENV_BY_TAG_DIRECTIVE),
            "blueprint_reads_outside",
            id="env-var-through-a-tag-directive",
        ),
        pytest.param(
            entry("bad", READS_FILES),
            lambda mock, data: _served(mock, data, READS_FILES),
            "blueprint_reads_outside",
            id="include-dir",
        ),
        pytest.param(
            entry("bad", b"\xff\xfe"),
            lambda mock, data: _served(mock, data, b"\xff\xfe"),
            "invalid_blueprint",
            id="not-utf8",
        ),
        pytest.param(
            entry("bad", MINIMAL_BLUEPRINT, url="http://catalog.example.com/bad.yaml"),
            lambda mock, data: _served(mock, data, MINIMAL_BLUEPRINT),
            "insecure_url",
            id="plain-http",
        ),
        pytest.param(
            entry("bad", MINIMAL_BLUEPRINT),
            lambda mock, data: _redirected_to_http(mock, data, MINIMAL_BLUEPRINT),
            "insecure_url",
            id="redirected-to-http",
        ),
        pytest.param(
            entry("bad", MINIMAL_BLUEPRINT),
            lambda mock, data: mock.get(data["url"], exc=TimeoutError()),
            "download_timeout",
            id="timeout",
        ),
        pytest.param(
            entry("bad", MINIMAL_BLUEPRINT),
            lambda mock, data: mock.get(data["url"], status=404),
            "download_failed",
            id="not-found",
        ),
        pytest.param(
            entry("bad", MINIMAL_BLUEPRINT),
            lambda mock, data: mock.get(data["url"], exc=aiohttp.ClientConnectionError()),
            "download_failed",
            id="connection",
        ),
        pytest.param(
            entry("bad", MINIMAL_BLUEPRINT),
            lambda mock, data: _served(mock, data, BIG),
            "download_too_large",
            id="oversize-while-streaming",
        ),
        pytest.param(
            entry("bad", MINIMAL_BLUEPRINT),
            lambda mock, data: mock.get(
                data["url"], content=MINIMAL_BLUEPRINT, headers={"Content-Length": str(len(BIG))}
            ),
            "download_too_large",
            id="oversize-announced-by-server",
        ),
        pytest.param(
            entry("bad", BIG),
            lambda mock, data: _served(mock, data, BIG),
            "download_too_large",
            id="oversize-listed",
        ),
        pytest.param(
            entry("bad", MINIMAL_BLUEPRINT),
            lambda mock, data: _served(mock, data, MINIMAL_BLUEPRINT[:-1]),
            "size_mismatch",
            id="short",
        ),
    ],
)
async def test_bad_downloads_are_refused_and_write_nothing(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    listed: dict[str, Any],
    serve_it: Any,
    key: str,
) -> None:
    serve(aioclient_mock, index(listed))
    serve_it(aioclient_mock, listed)
    await async_use_remote(hass)
    with pytest.raises(HomeAssistantError) as err:
        await _install(hass, "bad")
    assert not isinstance(err.value, ServiceValidationError), "the download failed, not the ask"
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    assert blueprint_folder_files(hass) == []
    assert (await _features(hass))["bad"]["installed_version"] is None


async def test_oversize_listed_entry_is_refused_before_any_download(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    listed = entry("bad", BIG)
    serve(aioclient_mock, index(listed))
    await async_use_remote(hass)
    calls = aioclient_mock.call_count
    with pytest.raises(HomeAssistantError):
        await _install(hass, "bad")
    assert aioclient_mock.call_count == calls


async def test_feature_needing_a_newer_integration_is_listed_but_refused(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    serve(aioclient_mock, index(entry("future", MINIMAL_BLUEPRINT, min_integration_version="9")))
    await async_use_remote(hass)
    future = (await _features(hass))["future"]
    assert (future["installable"], future["latest_version"]) == (False, None)
    with pytest.raises(ServiceValidationError) as err:
        await _install(hass, "future")
    assert err.value.translation_key == "feature_needs_newer_integration"
    assert err.value.translation_placeholders == {"id": "future", "version": "9"}


async def test_a_blueprint_that_cannot_be_written_leaves_nothing_behind(
    hass: HomeAssistant,
) -> None:
    folder = blueprint_path(hass, "door_left_open").parent
    folder.mkdir(parents=True)
    (folder / "door_left_open.yaml").mkdir()  # a folder where the file should go
    with pytest.raises(HomeAssistantError) as err:
        await _install(hass, "door_left_open")
    assert err.value.translation_key == "feature_write_failed"
    assert blueprint_folder_files(hass) == ["door_left_open.yaml"]
    assert (await _features(hass))["door_left_open"]["installed_version"] is None


async def test_a_blueprint_that_cannot_be_deleted_stays_installed(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _install(hass, "door_left_open")

    def refuse(_path: Path, missing_ok: bool = False) -> None:
        raise PermissionError("read-only")

    with monkeypatch.context() as patched:
        patched.setattr(Path, "unlink", refuse)
        with pytest.raises(HomeAssistantError) as err:
            await _call(hass, "uninstall_feature", id="door_left_open")
    assert err.value.translation_key == "feature_write_failed"
    assert (await _features(hass))["door_left_open"]["installed_version"] == "1.0.0"


async def test_install_and_uninstall_need_an_admin(
    hass: HomeAssistant, hass_read_only_user: Any
) -> None:
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "install_feature",
            {"id": "door_left_open"},
            blocking=True,
            context=Context(user_id=hass_read_only_user.id),
        )
    assert blueprint_folder_files(hass) == []


async def test_blueprint_not_used_by_any_automation_uninstalls_with_automations_loaded(
    hass: HomeAssistant,
) -> None:
    await _install(hass, "door_left_open")
    assert await async_setup_component(hass, "automation", {"automation": []})
    await _call(hass, "uninstall_feature", id="door_left_open")
    assert blueprint_folder_files(hass) == []


async def test_update_stays_installed_when_automations_cannot_reload(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    version_1 = entry("morning_report", MINIMAL_BLUEPRINT)
    version_2 = entry("morning_report", UPDATED_BLUEPRINT, version="1.1.0")
    serve(aioclient_mock, index(version_1))
    aioclient_mock.get(version_1["url"], content=MINIMAL_BLUEPRINT)
    aioclient_mock.get(version_2["url"], content=UPDATED_BLUEPRINT)
    await async_use_remote(hass)
    await _install(hass, "morning_report")
    configuration = Path(hass.config.path("configuration.yaml"))
    await hass.async_add_executor_job(configuration.write_text, "automation: []\n")
    assert await async_setup_component(hass, "automation", {"automation": []})
    await hass.async_add_executor_job(configuration.write_text, "automation: [\n")
    aioclient_mock.clear_requests()
    serve(aioclient_mock, index(version_1, version_2))
    aioclient_mock.get(version_2["url"], content=UPDATED_BLUEPRINT)
    await _call(hass, "refresh_catalog")
    # Home Assistant reloads the automations using it, and logs what stops them.
    assert (await _install(hass, "morning_report"))["version"] == "1.1.0"
    written = blueprint_path(hass, "morning_report")
    assert blueprint_data(written) == blueprint_data(UPDATED_BLUEPRINT)


def _link_blueprint_folder(config: Path, elsewhere: Path) -> None:
    folder = config / "blueprints" / "automation"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DOMAIN).symlink_to(elsewhere, target_is_directory=True)


async def test_a_blueprint_folder_that_leads_outside_the_configuration_is_not_written(
    hass: HomeAssistant, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    config = Path(hass.config.config_dir)
    await hass.async_add_executor_job(_link_blueprint_folder, config, elsewhere)
    with pytest.raises(HomeAssistantError) as err:
        await _install(hass, "door_left_open")
    assert err.value.translation_key == "blueprint_folder_outside"
    assert await hass.async_add_executor_job(lambda: list(elsewhere.iterdir())) == []
    assert (await _features(hass))["door_left_open"]["installed_version"] is None


async def test_blueprints_go_through_home_assistants_blueprint_api(
    hass: HomeAssistant, hass_ws_client: Any
) -> None:
    """An installed blueprint is in Settings > Blueprints at once; one in use stays."""
    assert await async_setup_component(hass, "blueprint", {})
    await _install(hass, "door_left_open")
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "blueprint/list", "domain": "automation"})
    listed = (await client.receive_json())["result"]
    assert f"{DOMAIN}/door_left_open.yaml" in listed, "no reload needed"
    name = listed[f"{DOMAIN}/door_left_open.yaml"]["metadata"]["name"]
    assert name == "Appliance Care: fridge or freezer door left open"

    configuration = Path(hass.config.path("configuration.yaml"))
    await hass.async_add_executor_job(configuration.write_text, DOOR_AUTOMATION)
    config = await async_hass_config_yaml(hass)
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "uninstall_feature", id="door_left_open")
    assert err.value.translation_key == "feature_in_use"
    assert blueprint_folder_files(hass) == ["door_left_open.yaml"]


DOOR_AUTOMATION = """
automation:
  - alias: Fridge door
    use_blueprint:
      path: appliance_care/door_left_open.yaml
      input:
        doors: [binary_sensor.fridge_door]
"""


async def test_uninstalling_a_blueprint_removes_its_device(
    hass: HomeAssistant, washer_entry: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    await _install(hass, "door_left_open")
    await hass.async_block_till_done()
    identifier = (DOMAIN, "feature_door_left_open")
    assert device_registry.async_get_device_by_identifier(identifier, washer_entry.entry_id)
    await _call(hass, "uninstall_feature", id="door_left_open")
    await hass.async_block_till_done()
    assert not device_registry.async_get_device_by_identifier(identifier, washer_entry.entry_id)
    # A device left by a blueprint deleted while stopped goes at the next start.
    device_registry.async_get_or_create(
        config_entry_id=washer_entry.entry_id, identifiers={(DOMAIN, "feature_gone")}
    )
    assert await hass.config_entries.async_reload(washer_entry.entry_id)
    await hass.async_block_till_done()
    gone = (DOMAIN, "feature_gone")
    assert not device_registry.async_get_device_by_identifier(gone, washer_entry.entry_id)
