"""Every blueprint file: loads as Home Assistant loads it and makes a valid automation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util.yaml import load_yaml
import pytest

from .common import NOTIFY, load_blueprint, setup_automation
from .conftest import BLUEPRINTS

# The fewest inputs each blueprint needs (the others have defaults).
MINIMAL_INPUTS: dict[str, dict[str, Any]] = {
    "cycle_finished_reminder.yaml": {"appliances": ["event.washer_cycle"]},
    "door_left_open.yaml": {"doors": ["binary_sensor.fridge_door"]},
    "washer_to_dryer.yaml": {
        "washer_event": "event.washer_cycle",
        "dryer_event": "event.dryer_cycle",
    },
    "weekly_report.yaml": {"appliances": ["event.washer_cycle"]},
    "quiet_cheap_hours.yaml": {"appliances": ["event.washer_cycle"]},
    "care_finding.yaml": {"appliances": ["event.washer_care"]},
    "freeze_guard.yaml": {"freeze_sensors": ["binary_sensor.washer_freeze_risk"]},
    "maintenance_due.yaml": {"due_sensors": ["binary_sensor.washer_tub_clean_due"]},
    "small_load.yaml": {"washers": ["event.washer_care"]},
}
# Domains whose entities only this integration should be picked from.
OWN_DOMAINS = {"event", "select", "button", "number", "text"}


def keys(node: Any) -> Iterator[str]:
    """Yield every mapping key of a YAML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from keys(item)


def test_every_blueprint_is_tested() -> None:
    assert sorted(path.name for path in BLUEPRINTS.glob("*.yaml")) == sorted(MINIMAL_INPUTS)
    tested = {path.stem.removeprefix("test_") for path in Path(__file__).parent.glob("test_*.py")}
    missing = [name for name in MINIMAL_INPUTS if Path(name).stem not in tested]
    assert missing == [], "blueprints without a test module of their own"


@pytest.mark.parametrize("file", sorted(MINIMAL_INPUTS))
def test_metadata_and_syntax(file: str) -> None:
    blueprint = load_blueprint(file)
    meta = blueprint.metadata
    assert meta["author"] == "Appliance Care"
    assert meta["homeassistant"]["min_version"] == "2026.10.0"
    assert meta["description"].strip()
    assert all(value.get("name") for value in blueprint.inputs.values())
    # Current syntax: triggers/conditions/actions with trigger: and action: keys.
    body = {key: value for key, value in load_yaml(BLUEPRINTS / file).items() if key != "blueprint"}
    assert "triggers" in body
    assert "actions" in body
    assert all("trigger" in trigger for trigger in body["triggers"])
    assert set(keys(body)).isdisjoint({"platform", "service", "service_template", "data_template"})


@pytest.mark.parametrize("file", sorted(MINIMAL_INPUTS))
def test_own_entities_are_picked_from_this_integration(file: str) -> None:
    for name, spec in load_blueprint(file).inputs.items():
        entity = spec["selector"].get("entity")
        if entity is None:
            continue
        filters = entity.get("filter", [])
        assert filters, f"{name}: entity selectors are filtered"
        for entity_filter in filters:
            domains = set(entity_filter.get("domain", []))
            if domains & OWN_DOMAINS:
                assert entity_filter.get("integration") == "appliance_care", name


@pytest.mark.parametrize("file", sorted(MINIMAL_INPUTS))
async def test_makes_a_valid_automation(hass: HomeAssistant, file: str) -> None:
    await setup_automation(hass, file, MINIMAL_INPUTS[file])


@pytest.mark.parametrize("file", sorted(MINIMAL_INPUTS))
async def test_notify_input_takes_notify_entities(hass: HomeAssistant, file: str) -> None:
    await setup_automation(hass, file, MINIMAL_INPUTS[file] | {"notify_entities": [NOTIFY]})
