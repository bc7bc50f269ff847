"""Diagnostics of Appliance Care: what a config entry knows, with private data removed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from . import ApplianceCareConfigEntry

# Titles may name the user's home or rooms; entity ids are kept, they help to debug.
TO_REDACT = {"title", "unique_id"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: ApplianceCareConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a config entry."""
    result: dict[str, Any] = {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
    }
    demo_home = entry.runtime_data.demo_home
    if demo_home is not None:
        result["demo_home"] = {
            "speed": demo_home.speed,
            "appliances": {
                str(kind): asdict(demo_home.snapshot(kind)) for kind in demo_home.home.kinds
            },
        }
    return result
