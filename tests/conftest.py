"""Shared test setup for Appliance Care."""

import pytest

# Imported at module level so the package is found before the hass fixture
# puts the harness's own custom_components folder on sys.path.
import custom_components.appliance_care  # noqa: F401


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Give every test a configuration folder of its own.

    Home Assistant writes into its configuration folder (default blueprints, for one); the
    test harness's shared folder must stay as it was installed.
    """
    return hass_tmp_config_dir
