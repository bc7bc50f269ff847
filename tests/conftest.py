"""Shared test setup for Appliance Care."""

import pytest

# Imported at module level so the package is found before the hass fixture
# puts the harness's own custom_components folder on sys.path.
import custom_components.appliance_care  # noqa: F401
from custom_components.appliance_care.sources import base


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Give every test a configuration folder of its own.

    Home Assistant writes into its configuration folder (default blueprints, for one); the
    test harness's shared folder must stay as it was installed.
    """
    return hass_tmp_config_dir


@pytest.fixture(autouse=True)
def boot_clock_follows_the_test_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tell clock jumps by the monotonic clock, which the test clock moves with wall time.

    The real boot-time clock would see a test's hours pass in milliseconds and take every
    step of the test clock for a jump.
    """
    monkeypatch.setattr(base, "BOOTTIME", None)
