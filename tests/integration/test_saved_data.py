"""Saved data that cannot be used as it is: never a failed setup, never lost silently."""

from __future__ import annotations

import copy
import json
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care.const import DOMAIN
from custom_components.appliance_care.engine import ApplianceType, CycleTracker
from tests.engine.helpers import MIN, T0, WASHER, WASHER_S, Feed

from .conftest import add_plug_sensors, appliance_id, power_sensor_entry

FEATURES = f"{DOMAIN}.features"


def _washer() -> MockConfigEntry:
    return power_sensor_entry("washer", "Washer", door_sensor="binary_sensor.washer_door_contact")


async def _start(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    add_plug_sensors(hass)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


def _newer(key: str) -> dict[str, Any]:
    return {"version": 9, "minor_version": 1, "key": key, "data": {"from": "the future"}}


@pytest.mark.parametrize("kind", ["appliance", "care"])
async def test_a_document_of_a_newer_version_is_left_untouched(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
    kind: str,
) -> None:
    entry = _washer()
    key = f"{DOMAIN}.{kind}_{appliance_id(entry)}"
    hass_storage[key] = _newer(key)
    await _start(hass, entry)
    assert hass.states.get("sensor.washer_cycles") is not None
    suffix = "_care" if kind == "care" else ""
    issue_id = f"newer_unreadable_history_{appliance_id(entry)}{suffix}"
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "newer_history"
    assert issue.translation_placeholders == {"name": "Washer", "key": key}
    # Stopping saves everything else, but never over the newer document.
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass_storage[key] == _newer(key)


async def test_a_newer_feature_catalog_does_not_stop_the_home(
    hass: HomeAssistant, hass_storage: dict[str, Any], issue_registry: ir.IssueRegistry
) -> None:
    hass_storage[FEATURES] = _newer(FEATURES)
    await _start(hass, _washer())
    assert issue_registry.async_get_issue(DOMAIN, "newer_unreadable_features") is not None
    response = await hass.services.async_call(
        DOMAIN, "list_features", {}, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    assert response["features"], "the bundled features are offered"
    assert hass_storage[FEATURES] == _newer(FEATURES)


@pytest.mark.parametrize(
    ("kind", "document"),
    [
        ("appliance", [1, 2, 3]),
        ("appliance", "a string"),
        ("appliance", {"appliance_type": "washer", "engine": "a string"}),
        ("appliance", {"appliance_type": "refrigerator", "engine": {}}),
        ("care", ["not", "care"]),
        ("care", {"subject": "washer", "care": 42}),
        (
            "care",
            {
                "subject": "washer",
                "care": {"ledger": {"records": [["tub_clean", "yesterday", None, None, 1]]}},
            },
        ),
    ],
)
async def test_a_document_of_the_wrong_shape_is_kept_aside_not_dropped(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
    kind: str,
    document: object,
) -> None:
    entry = _washer()
    key = f"{DOMAIN}.{kind}_{appliance_id(entry)}"
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": document}
    await _start(hass, entry)
    kept = hass_storage[f"{key}.unreadable"]["data"]
    assert kept["stored"] == copy.deepcopy(document)
    suffix = "_care" if kind == "care" else ""
    issue_id = f"unreadable_history_{appliance_id(entry)}{suffix}"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    assert hass.states.get("sensor.washer_cycles") is not None


async def test_a_file_that_is_no_store_document_is_kept_aside(
    hass: HomeAssistant, hass_storage: dict[str, Any], issue_registry: ir.IssueRegistry
) -> None:
    entry = _washer()
    key = f"{DOMAIN}.appliance_{appliance_id(entry)}"
    hass_storage[key] = {"version": 1, "key": key}  # no data at all
    await _start(hass, entry)
    assert f"{key}.unreadable" in hass_storage
    issue_id = f"unreadable_history_{appliance_id(entry)}"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None


async def test_impossible_saved_values_are_bounded_not_shown(
    hass: HomeAssistant, hass_storage: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """A negative count and a time near 1e12 in a real saved washer load as a sane washer."""
    freezer.move_to(dt_util.utc_from_timestamp(T0 + 30 * 86_400))
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    for _ in range(2):
        feed.run(WASHER)
        feed.hold(0.5, 60 * MIN)
    feed.run(WASHER[:3])
    engine = json.loads(json.dumps(feed.tracker.to_state()))
    engine.update(cycle_count=-5, now=1e12)
    entry = _washer()
    key = f"{DOMAIN}.appliance_{appliance_id(entry)}"
    document = {"appliance_type": "washer", "engine": engine}
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": document}
    await _start(hass, entry)
    assert hass.states.get("sensor.washer_cycles").state == "2"
    duration = float(hass.states.get("sensor.washer_last_cycle_duration").state)
    assert abs(duration - WASHER_S / MIN) < 5
    assert hass.states.get("sensor.washer_status").state in ("off", "idle")
    assert f"{key}.unreadable" not in hass_storage, "bounded, not thrown away"
