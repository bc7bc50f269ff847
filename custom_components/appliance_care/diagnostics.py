"""Diagnostics of Appliance Care: the home, each appliance, and the feature catalog.

A device's "Download diagnostics" gives that appliance's part (or the catalog's, on the
feature catalog device). Private data is removed: titles and names (they may name the
home or its rooms), maintenance notes and repair descriptions (free text), and the
catalog's address (it may carry a token). Entity ids and numbers are kept: they help to
debug.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceEntry

from .appliance import WatchedAppliance
from .care_watch import CareWatch
from .const import BLUEPRINT_DEVICE_PREFIX, DOMAIN, FEATURE_CATALOG_DEVICE
from .coordinator import ApplianceCoordinator
from .diagnosis import diagnose, report
from .features import FeatureCatalog
from .runtime import ApplianceCareConfigEntry

TO_REDACT = {"title", "unique_id", "name", "note", "url"}
# Enough recent cycles and log entries to see a pattern, few enough to read.
RECENT_CYCLES_SHOWN = 10
MAINTENANCE_SHOWN = 20


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: ApplianceCareConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for the home: its entry, every appliance and the catalog."""
    return async_redact_data(
        {
            "entry": entry.as_dict(),
            "appliances": [
                _appliance_diagnostics(coordinator)
                for coordinator in entry.runtime_data.coordinators()
            ],
            "feature_catalog": _catalog_diagnostics(entry.runtime_data.catalog),
        },
        TO_REDACT,
    )


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: ApplianceCareConfigEntry, device: DeviceEntry
) -> dict[str, Any]:
    """Return the part of one device: its appliance's, or the feature catalog's (a blueprint's)."""
    identifiers = {ident for domain, ident in device.identifiers if domain == DOMAIN}
    if any(
        ident == FEATURE_CATALOG_DEVICE or ident.startswith(BLUEPRINT_DEVICE_PREFIX)
        for ident in identifiers
    ):
        described: dict[str, Any] = {
            "feature_catalog": _catalog_diagnostics(entry.runtime_data.catalog)
        }
    else:
        described = {
            "appliances": [
                _appliance_diagnostics(coordinator)
                for coordinator in entry.runtime_data.coordinators()
                if coordinator.profile.is_device(device.id, set(device.identifiers))
            ]
        }
    return async_redact_data(described, TO_REDACT)


def _appliance_diagnostics(coordinator: ApplianceCoordinator) -> dict[str, Any]:
    """Describe the source, what the engine knows and the care rules' state."""
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
    elif (machine := source.demo_machine) is not None:
        described["demo"] = {"speed": machine.demo_home.speed, "report": asdict(machine.report)}
    if (appliance := coordinator.appliance) is not None:
        described |= _engine_diagnostics(appliance)
    described["care"] = _care_diagnostics(coordinator.care)
    described["diagnosis"] = report(diagnose(coordinator.hass, coordinator))
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


def _care_diagnostics(care: CareWatch) -> dict[str, Any]:
    """Return the findings with their figures, the maintenance log, what is due, the settings."""
    monitor = care.monitor
    if monitor is None:
        return {"loaded": False}
    return {
        "settings": asdict(monitor.settings),
        "findings": [
            {
                "kind": str(finding.kind),
                "severity": str(finding.severity),
                "since": finding.since,
                "values": dict(finding.values),
            }
            for finding in monitor.findings
        ],
        "due": {str(kind): asdict(monitor.due(kind)) for kind in care.reminder_kinds()},
        "drift_levels": monitor.drift_levels,
        "maintenance": [
            {
                "kind": str(record.kind),
                "at": record.at,
                "cost": record.cost,
                "note": record.note,
                "automatic": record.automatic,
            }
            for record in monitor.maintenance[-MAINTENANCE_SHOWN:]
        ],
        "maintenance_count": len(monitor.maintenance),
    }


def _catalog_diagnostics(catalog: FeatureCatalog) -> dict[str, Any]:
    """Whether the remote catalog is on and reachable, and what is installed."""
    source = catalog.remote.source
    return {
        "remote": {
            "enabled": source.enabled,
            "url": source.url,
            "fetched_at": source.fetched_at,
            "unreachable_since": source.unreachable_since,
            "features_offered": len(catalog.catalog.offers),
        },
        "installed": {
            feature_id: {"kind": str(feature.entry.kind), "version": feature.entry.version}
            for feature_id, feature in catalog.installed.items()
        },
    }
