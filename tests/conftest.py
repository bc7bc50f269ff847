"""Shared test setup for Appliance Care."""

# Imported at module level so the package is found before the hass fixture
# puts the harness's own custom_components folder on sys.path.
import custom_components.appliance_care  # noqa: F401
