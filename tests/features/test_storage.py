"""What the catalog keeps between restarts, and what it does when that cannot be believed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant
import pytest

from custom_components.appliance_care import features
from custom_components.appliance_care.catalog import (
    CatalogDocument,
    InstalledFeature,
    parse_entry,
)
from custom_components.appliance_care.const import LOGGER
from tests.integration.conftest import add_plug_sensors, power_sensor_entry

from .common import MINIMAL_BLUEPRINT, STORAGE_KEY, catalog_of, entry, index


async def _start(hass: HomeAssistant, hass_storage: dict[str, Any], data: dict[str, Any]) -> None:
    hass_storage[STORAGE_KEY] = {"version": 1, "minor_version": 1, "key": STORAGE_KEY, "data": data}
    add_plug_sensors(hass)
    config_entry = power_sensor_entry("washer", "Washer")
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()


async def test_features_that_cannot_be_read_or_were_deleted_are_forgotten(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    deleted = InstalledFeature(entry=parse_entry(entry("morning_report", MINIMAL_BLUEPRINT)))
    data = CatalogDocument().with_installed(deleted).to_json()
    data["installed"].append({"entry": {"id": "half", "kind": "blueprint"}})
    with patch.object(LOGGER, "warning") as warning, patch.object(LOGGER, "info") as info:
        await _start(hass, hass_storage, data)
    assert warning.call_args.args[0].startswith("Forgetting an installed feature")
    assert info.call_args.args == (
        "Blueprint %s was deleted outside Appliance Care",
        "morning_report",
    )
    assert catalog_of(hass).installed == {}


async def test_a_broken_bundled_index_is_reported_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    broken = entry("bad", MINIMAL_BLUEPRINT)
    broken["sha256"] = "short"
    good = entry("morning_report", MINIMAL_BLUEPRINT)
    (bundled / "index.json").write_text(json.dumps(index(broken, good)), encoding="utf-8")
    monkeypatch.setattr(features, "BUNDLED", bundled)
    with patch.object(LOGGER, "error") as error:
        loaded = features._load_bundled()
    assert [feature.id for feature in loaded.features] == ["morning_report"]
    assert "bad: sha256" in error.call_args.args[1]
