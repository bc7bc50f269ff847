"""Fixtures for tests that run the blueprints as automations in a real Home Assistant.

The integration's own fixtures (`washer_entry`, `demo_home`) are reused from
tests/integration/conftest.py; importing them here makes them available to these tests.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from pathlib import Path
import shutil

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

# The integration's fixtures, shared with these tests by importing them.
from tests.integration.conftest import (  # noqa: F401
    START,
    demo_entry,
    demo_home,
    washer_entry,
)

BLUEPRINTS = Path(__file__).resolve().parents[2] / "blueprints" / "automation" / "appliance_care"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from this checkout in every test."""


@pytest.fixture(autouse=True)
def frozen_start(freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    """Start every test at the same moment; tests move time on explicitly."""
    freezer.move_to(START)
    return freezer


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Give every test its own configuration folder, to copy the blueprints into."""
    return hass_tmp_config_dir


@pytest.fixture(autouse=True)
def installed_blueprints(hass_config_dir: str) -> Path:
    """Install this repository's blueprints as a user would import them."""
    target = Path(hass_config_dir) / "blueprints" / "automation" / "appliance_care"
    target.mkdir(parents=True, exist_ok=True)
    for path in BLUEPRINTS.glob("*.yaml"):
        shutil.copyfile(path, target / path.name)
    return target


@pytest.fixture(autouse=True)
async def turn_automations_off(hass: HomeAssistant) -> AsyncGenerator[None]:
    """Turn the automations off after each test, which detaches their time triggers."""
    yield
    if hass.services.has_service("automation", "turn_off"):
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": "all"}, blocking=True
        )
