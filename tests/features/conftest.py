"""Fixtures of the feature catalog's tests: the integration's, and a private config folder."""

from __future__ import annotations

import pytest

from tests.integration.conftest import (  # noqa: F401 - fixtures used by these tests
    auto_enable_custom_integrations,
    demo_entry,
    demo_home,
    entity_registry_enabled_by_default,
    frozen_start,
    snapshot,
    washer_entry,
)


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Give every test its own configuration folder: installing writes blueprints there."""
    return hass_tmp_config_dir
