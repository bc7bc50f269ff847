"""What quality_scale.yaml claims, checked against the code and a running home."""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care import PLATFORMS

from .conftest import add_plug_sensors, appliance_subentry, async_add_appliance

INTEGRATION = Path(__file__).parents[2] / "custom_components" / "appliance_care"
STRINGS = json.loads((INTEGRATION / "strings.json").read_text(encoding="utf-8"))
ICONS = json.loads((INTEGRATION / "icons.json").read_text(encoding="utf-8"))
# The engine, the simulator and the catalog's parser have no Home Assistant errors.
SHELL = [
    path
    for path in INTEGRATION.rglob("*.py")
    if not {"engine", "simulator", "catalog"} & set(path.relative_to(INTEGRATION).parts[:-1])
]
TRANSLATED_ERRORS = {
    "HomeAssistantError",
    "ServiceValidationError",
    "ConfigEntryError",
    "ConfigEntryNotReady",
    "ConfigEntryAuthFailed",
}


def test_every_platform_sets_its_parallel_updates() -> None:
    """parallel-updates: every platform says how many updates may run at once."""
    for platform in PLATFORMS:
        module = importlib.import_module(f"custom_components.appliance_care.{platform}")
        assert module.PARALLEL_UPDATES == 0, platform


def test_every_error_raised_to_the_user_is_translated() -> None:
    """exception-translations: no Home Assistant error without its translation key."""
    problems = []
    for path in SHELL:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in TRANSLATED_ERRORS:
                continue
            keywords = {k.arg: k.value for k in node.exc.keywords}
            where = f"{path.name}:{node.lineno}"
            if "translation_domain" not in keywords or "translation_key" not in keywords:
                problems.append(f"{where}: {name} without a translation")
                continue
            key = keywords["translation_key"]
            keys = [key.value] if isinstance(key, ast.Constant) else []
            if isinstance(key, ast.IfExp):
                keys = [b.value for b in (key.body, key.orelse) if isinstance(b, ast.Constant)]
            problems += [
                f"{where}: no text for {k}" for k in keys if k not in STRINGS["exceptions"]
            ]
    assert problems == [], "\n".join(problems)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_every_entity_is_named_by_a_translation_or_its_device_class(
    hass: HomeAssistant, demo_entry: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    """has-entity-name, entity-translations and icon-translations, on every entity."""
    demo_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    add_plug_sensors(hass)
    await async_add_appliance(
        hass,
        appliance_subentry(
            "washer_dryer", "Combo", door_sensor="binary_sensor.washer_door_contact"
        ),
    )
    entries = er.async_entries_for_config_entry(entity_registry, demo_entry.entry_id)
    assert len(entries) > 100
    problems = []
    for entry in entries:
        if not entry.has_entity_name:
            problems.append(f"{entry.entity_id}: no has_entity_name")
        key = entry.translation_key
        if key is None:
            if entry.original_device_class is None:
                problems.append(f"{entry.entity_id}: neither a translation nor a device class")
            continue
        if key not in STRINGS["entity"].get(entry.domain, {}):
            problems.append(f"{entry.entity_id}: no text for {key}")
        if key not in ICONS["entity"].get(entry.domain, {}) and entry.original_device_class is None:
            problems.append(f"{entry.entity_id}: no icon for {key}")
    assert problems == [], "\n".join(problems)
