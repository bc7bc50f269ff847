"""The remote catalog: off until asked, fetched daily and on demand, outages told once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import json
from typing import Any
from unittest.mock import MagicMock, patch

import aiohttp
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
    AiohttpClientMockResponse,
)
from yarl import URL

from custom_components.appliance_care.catalog import CatalogDocument, RemoteSource
from custom_components.appliance_care.const import DOMAIN, LOGGER
from tests.integration.conftest import add_plug_sensors, power_sensor_entry

from .common import (
    MINIMAL_BLUEPRINT,
    REMOTE_URL,
    STORAGE_KEY,
    async_use_remote,
    catalog_of,
    entry,
    index,
    serve,
)

ISSUE = "catalog_unreachable"
MORNING = index(entry("morning_report", MINIMAL_BLUEPRINT))


async def _move(hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta) -> None:
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def _call(hass: HomeAssistant, action: str, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


async def _feature_ids(hass: HomeAssistant) -> set[str]:
    return {feature["id"] for feature in (await _call(hass, "list_features"))["features"]}


def _catalog_messages(log: MagicMock) -> list[str]:
    return [call.args[0] for call in log.call_args_list if "Feature catalog" in call.args[0]]


@pytest.mark.usefixtures("washer_entry")
async def test_remote_catalog_is_off_until_the_owner_turns_it_on(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, freezer: FrozenDateTimeFactory
) -> None:
    await _move(hass, freezer, timedelta(days=3))
    assert aioclient_mock.call_count == 0, "nothing leaves the house unless the owner asks"
    catalog = (await _call(hass, "list_features"))["catalog"]
    assert catalog["remote_enabled"] is False
    assert catalog["url"].startswith("https://raw.githubusercontent.com/appliance-care/")
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "refresh_catalog")
    assert err.value.translation_key == "remote_catalog_off"


@pytest.mark.usefixtures("washer_entry")
async def test_catalog_is_fetched_when_set_then_at_most_daily_and_on_demand(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    serve(aioclient_mock, MORNING)
    response = await async_use_remote(hass)
    assert response == {
        "remote_enabled": True,
        "url": REMOTE_URL,
        "fetched_at": dt_util.utcnow().isoformat(),
        "unreachable_since": None,
        "features": len(catalog_of(hass).catalog.offers),
    }
    assert "morning_report" in await _feature_ids(hass)
    assert aioclient_mock.call_count == 1
    remote = hass_storage[STORAGE_KEY]["data"]["remote"]
    assert (remote["enabled"], remote["url"], remote["index"]) == (True, REMOTE_URL, MORNING)
    await _move(hass, freezer, timedelta(hours=23, minutes=59))
    assert aioclient_mock.call_count == 1, "at most once a day"
    await _move(hass, freezer, timedelta(minutes=2))
    assert aioclient_mock.call_count == 2
    await _call(hass, "refresh_catalog")
    assert aioclient_mock.call_count == 3, "on demand, whenever asked"


@pytest.mark.usefixtures("washer_entry")
async def test_unreachable_catalog_is_logged_once_and_repaired_only_after_a_day(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    serve(aioclient_mock, MORNING)
    await async_use_remote(hass)
    aioclient_mock.clear_requests()
    aioclient_mock.get(REMOTE_URL, exc=aiohttp.ClientConnectionError("no route"))
    with patch.object(LOGGER, "warning") as warning, patch.object(LOGGER, "info") as info:
        await _move(hass, freezer, timedelta(days=1, minutes=1))
        failed_at = dt_util.utcnow()
        calls = aioclient_mock.call_count
        for _ in range(22):
            await _move(hass, freezer, timedelta(hours=1))
        assert aioclient_mock.call_count == calls + 22, "retried every hour"
        assert len(_catalog_messages(warning)) == 1, "logged once, not on every retry"
        assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None, "not yet a day"
        assert "morning_report" in await _feature_ids(hass), "the last index is still used"
        await _move(hass, freezer, timedelta(hours=2))
        issue = issue_registry.async_get_issue(DOMAIN, ISSUE)
        assert issue is not None
        assert issue.translation_key == ISSUE
        assert issue.translation_placeholders == {"url": REMOTE_URL}
        assert issue.severity is ir.IssueSeverity.WARNING
        assert len(_catalog_messages(warning)) == 1
        listed = (await _call(hass, "list_features"))["catalog"]
        assert listed["unreachable_since"] == failed_at.isoformat()

        aioclient_mock.clear_requests()
        serve(aioclient_mock, MORNING)
        await _move(hass, freezer, timedelta(hours=1))
        assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None, "cleared when reachable"
        assert len(_catalog_messages(info)) == 1
    assert (await _call(hass, "list_features"))["catalog"]["unreachable_since"] is None


@pytest.mark.usefixtures("washer_entry")
async def test_failed_refresh_on_demand_says_why(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    serve(aioclient_mock, MORNING)
    await async_use_remote(hass)
    aioclient_mock.clear_requests()
    aioclient_mock.get(REMOTE_URL, status=500)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "refresh_catalog")
    assert err.value.translation_key == "download_failed"
    assert err.value.translation_placeholders["url"] == REMOTE_URL


@pytest.mark.parametrize(
    ("url", "body", "key"),
    [
        ("http://catalog.example.com/index.json", "{}", "insecure_url"),
        ("https://", "{}", "insecure_url"),
        (REMOTE_URL, "not json", "invalid_catalog"),
        (REMOTE_URL, "[1, 2]", "invalid_catalog"),
        (REMOTE_URL, json.dumps({"format": 2, "features": []}), "invalid_catalog"),
    ],
)
@pytest.mark.usefixtures("washer_entry")
async def test_set_catalog_refuses_what_it_cannot_use_and_changes_nothing(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, url: str, body: str, key: str
) -> None:
    aioclient_mock.get(url, text=body)
    with pytest.raises(HomeAssistantError) as err:
        await async_use_remote(hass, url)
    assert err.value.translation_key == key
    assert catalog_of(hass).remote.source == RemoteSource()


@pytest.mark.usefixtures("washer_entry")
async def test_turning_the_remote_catalog_off_forgets_its_features(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, freezer: FrozenDateTimeFactory
) -> None:
    serve(aioclient_mock, MORNING)
    await async_use_remote(hass)
    response = await _call(hass, "set_catalog", enabled=False)
    assert response["remote_enabled"] is False
    assert response["url"] != REMOTE_URL, "the address goes back to the default"
    assert "morning_report" not in await _feature_ids(hass)
    await _move(hass, freezer, timedelta(days=2))
    assert aioclient_mock.call_count == 1


@pytest.mark.usefixtures("washer_entry")
async def test_remote_entries_left_out_are_logged_when_the_index_changes(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    broken = entry("broken", MINIMAL_BLUEPRINT)
    broken["sha256"] = "nope"
    serve(aioclient_mock, index(broken, entry("morning_report", MINIMAL_BLUEPRINT)))
    with patch.object(LOGGER, "warning") as warning:
        await async_use_remote(hass)
        await _call(hass, "refresh_catalog")  # the same index: not logged again
    messages = _catalog_messages(warning)
    assert messages == ["Feature catalog %s: left out %s"]
    assert warning.call_args.args[2].startswith("broken: sha256")
    assert "broken" not in await _feature_ids(hass)


@pytest.mark.usefixtures("washer_entry")
async def test_refreshes_at_the_same_time_share_one_fetch(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    serve(aioclient_mock, MORNING)
    await async_use_remote(hass)
    aioclient_mock.clear_requests()

    async def slow_answer(_method: str, url: URL, _data: Any) -> AiohttpClientMockResponse:
        await asyncio.sleep(0)  # the fetch is under way when the next one is asked for
        return AiohttpClientMockResponse("get", url, text=json.dumps(MORNING))

    aioclient_mock.get(REMOTE_URL, side_effect=slow_answer)
    remote = catalog_of(hass).remote
    await asyncio.gather(remote.async_refresh(), remote.async_refresh(), remote.async_refresh())
    assert aioclient_mock.call_count == 1
    await remote.async_refresh()
    assert aioclient_mock.call_count == 2, "a later refresh fetches again"


async def _start_with(
    hass: HomeAssistant, hass_storage: dict[str, Any], source: RemoteSource
) -> None:
    hass_storage[STORAGE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORAGE_KEY,
        "data": CatalogDocument(remote=source).to_json(),
    }
    add_plug_sensors(hass)
    config_entry = power_sensor_entry("washer", "Washer")
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()


async def test_stored_catalog_is_used_at_once_and_fetched_when_a_day_is_over(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    fetched = RemoteSource(enabled=True, url=REMOTE_URL).fetched(
        dt_util.utcnow() - timedelta(hours=3), MORNING
    )
    serve(aioclient_mock, MORNING)
    await _start_with(hass, hass_storage, fetched)
    assert "morning_report" in await _feature_ids(hass)
    await _move(hass, freezer, timedelta(hours=20))
    assert aioclient_mock.call_count == 0
    await _move(hass, freezer, timedelta(hours=1, minutes=1))
    assert aioclient_mock.call_count == 1


async def test_stored_outage_is_retried_soon_after_a_start(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
) -> None:
    failing = RemoteSource(enabled=True, url=REMOTE_URL).failed(
        dt_util.utcnow() - timedelta(days=2)
    )
    aioclient_mock.get(REMOTE_URL, exc=TimeoutError())
    await _start_with(hass, hass_storage, failing)
    await _move(hass, freezer, timedelta(minutes=2))
    assert aioclient_mock.call_count == 1
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is not None, "the outage goes on"


async def test_stored_index_that_cannot_be_read_is_ignored(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, hass_storage: dict[str, Any]
) -> None:
    unreadable = RemoteSource(enabled=True, url=REMOTE_URL).fetched(dt_util.utcnow(), {"format": 9})
    aioclient_mock.get(REMOTE_URL, exc=TimeoutError())
    await _start_with(hass, hass_storage, unreadable)
    assert catalog_of(hass).remote.index is None
    assert "morning_report" not in await _feature_ids(hass)
