"""Diagnostics of Appliance Care: what a config entry knows, with private data removed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .appliance import WatchedAppliance
from .coordinator import ApplianceCoordinator
from .runtime import ApplianceCareConfigEntry

# Titles may name the user's home or rooms; entity ids are kept, they help to debug.
TO_REDACT = {"title", "unique_id"}
# Enough recent cycles to see a pattern, few enough to read.
RECENT_CYCLES_SHOWN = 10


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: ApplianceCareConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a config entry."""
    result: dict[str, Any] = {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
    }
    result["appliances"] = [
        _appliance_diagnostics(coordinator) for coordinator in entry.runtime_data.coordinators()
    ]
    return result


def _appliance_diagnostics(coordinator: ApplianceCoordinator) -> dict[str, Any]:
    """Describe the source and what the engine knows (entity ids kept: they help to debug)."""
    source = coordinator.source
    described: dict[str, Any] = {
        "subject": str(coordinator.profile.subject),
        "source": type(source).__name__,
        "available": source.available,
        "signals": sorted(str(signal) for signal in coordinator.profile.signals),
        "entities": source.entities(),
    }
    if (demo := source.demo) is not None:
        described["demo"] = {"speed": demo.demo_home.speed, "snapshot": asdict(demo.snapshot)}
    if (appliance := coordinator.appliance) is not None:
        described |= _engine_diagnostics(appliance)
    return described


def _engine_diagnostics(appliance: WatchedAppliance) -> dict[str, Any]:
    described: dict[str, Any] = {"appliance_type": str(appliance.appliance_type)}
    if (tracker := appliance.tracker) is not None:
        described |= {
            "status": str(tracker.status),
            "settings": asdict(tracker.settings),
            "cycle_count": tracker.cycle_count,
            "programs": [asdict(program) for program in tracker.programs],
            "recent_cycles": [
                {
                    "start": cycle.start,
                    "duration_s": cycle.duration_s,
                    "energy_wh": cycle.energy_wh,
                    "program_id": cycle.program_id,
                    "finish_reason": str(cycle.finish_reason),
                }
                for cycle in tracker.history.recent[-RECENT_CYCLES_SHOWN:]
            ],
        }
    if (compressor := appliance.compressor) is not None:
        described |= {
            "settings": asdict(compressor.settings),
            "running": compressor.running,
            "duty_cycle_24h": compressor.duty_cycle_24h,
            "cycles_per_day": compressor.cycles_per_day,
            "average_run_s": compressor.average_run_s,
            "last_defrost_at": compressor.last_defrost_at,
        }
    return described
