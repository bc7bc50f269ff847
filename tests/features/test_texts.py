"""Every text the feature catalog shows has an English and a Korean translation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.appliance_care.catalog import FeatureKind, Problem, parse_index
from custom_components.appliance_care.feature_fetch import ISSUE_UNREACHABLE
from custom_components.appliance_care.features import BUNDLED
from custom_components.appliance_care.update import FEATURE_CATALOG_DEVICE, FIRMWARE

INTEGRATION = Path(__file__).resolve().parents[2] / "custom_components" / "appliance_care"
ACTIONS = (
    "install_feature",
    "uninstall_feature",
    "list_features",
    "set_catalog",
    "refresh_catalog",
)
# Keys of the appliance's refusals (SimulationError) the catalog's actions pass on.
SIMULATION_KEYS = ("already_running", "program_exists", "invalid_firmware", "unknown_program")


def _texts(name: str) -> dict[str, Any]:
    path = INTEGRATION / name
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(params=["strings.json", "translations/ko.json"])
def texts(request: pytest.FixtureRequest) -> dict[str, Any]:
    return _texts(request.param)


def test_every_error_has_a_message(texts: dict[str, Any]) -> None:
    keys = [str(problem) for problem in Problem] + list(SIMULATION_KEYS)
    missing = [key for key in keys if not texts["exceptions"].get(key, {}).get("message")]
    assert missing == []


def test_entities_device_issue_and_actions_have_texts(texts: dict[str, Any]) -> None:
    updates = texts["entity"].get("update", {})
    assert {FIRMWARE.translation_key, *(str(kind) for kind in FeatureKind)} <= updates.keys()
    assert texts["device"][FEATURE_CATALOG_DEVICE]["name"]
    assert texts["issues"][ISSUE_UNREACHABLE]["title"]
    assert texts["issues"][ISSUE_UNREACHABLE]["description"]
    assert set(ACTIONS) <= texts["services"].keys()


def test_every_course_and_firmware_program_has_a_program_name(texts: dict[str, Any]) -> None:
    index, _ = parse_index(json.loads((BUNDLED / "index.json").read_bytes()))
    programs = {e.id for e in index.features if e.kind is FeatureKind.COURSE}
    programs |= {name for release in index.firmware for name in release.programs}
    named = texts["entity"]["select"]["program"]["state"]
    assert sorted(programs - named.keys()) == []
