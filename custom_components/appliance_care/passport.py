"""The appliance passport: what a buyer or a repairer asks, from the appliance's own record.

`passport_of` gathers it as JSON-compatible data: the appliance (kind, make and model where
its device tells, purchase date), its usage period, cycles and energy by year and by
program, maintenance done (on time or late), filter changes, repairs, findings raised and
cleared, and the health index with its reasons. Nothing about the home goes in unless
asked: no home name, location or people.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util

from .appliance_health import appliance_health
from .coordinator import ApplianceCoordinator
from .engine.care import MaintenanceKind
from .engine.signals import SignalKind

PASSPORT_VERSION = 1
WH_PER_KWH = 1000.0
SECONDS_PER_HOUR = 3600.0


def _iso(moment: datetime | None) -> str | None:
    """Return a moment in UTC: a local offset would tell the home's time zone."""
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="minutes")


def _device(hass: HomeAssistant, coordinator: ApplianceCoordinator) -> dict[str, str | None]:
    """Return the make and model its device tells: a connected appliance's, a demo's.

    Behind a power sensor they are not known (its device is Appliance Care's own, whose
    model is the appliance type; the plug's is not the appliance's).
    """
    registry = dr.async_get(hass)
    profile = coordinator.profile
    source = coordinator.source
    device = None
    if profile.device_id is not None:
        device = registry.async_get(profile.device_id)
    elif source.demo is not None or source.demo_machine is not None:
        identifier = next(iter(profile.device_info.get("identifiers", ())), None)
        entry = coordinator.config_entry
        if identifier is not None and entry is not None:
            device = registry.async_get_device_by_identifier(identifier, entry.entry_id)
    manufacturer = getattr(device, "manufacturer", None) if device is not None else None
    model = getattr(device, "model", None) if device is not None else None
    return {"manufacturer": manufacturer, "model": model}


def _kwh(value: float, measured: bool) -> float | None:
    return round(value, 2) if measured else None


def _usage(coordinator: ApplianceCoordinator) -> dict[str, Any]:
    """Return the cycles and energy by year, month and program, and the usage period.

    Months are those of the appliance's own time (simulated time in the demo home). A
    connected machine without a power sensor has no energy: its figures are None.
    """
    signals = coordinator.profile.signals
    measured = SignalKind.POWER in signals or SignalKind.ENERGY in signals
    appliance = coordinator.appliance
    tracker = appliance.tracker if appliance is not None else None
    if tracker is None or appliance is None:
        return {"cycles": None, "by_year": [], "by_month": [], "by_program": []}
    years: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    months: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    programs: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for month in tracker.history.months():
        year = years[month.month[:4]]
        year[0] += month.cycles
        year[1] += month.energy_wh / WH_PER_KWH
        year[2] += month.duration_s / SECONDS_PER_HOUR
        months[month.month][0] += month.cycles
        months[month.month][1] += month.energy_wh / WH_PER_KWH
        info = tracker.program_info(month.program_id)
        label = appliance.program_label(month.program_id, info.name if info else None)
        programs[label or ""][0] += month.cycles
        programs[label or ""][1] += month.energy_wh / WH_PER_KWH
    recent = tracker.history.recent
    first = min(months) if months else None
    last = recent[-1] if recent else None
    return {
        "cycles": tracker.cycle_count,
        "first_month": first,
        "last_cycle": _iso(appliance.wall_time(last.end)) if last is not None else None,
        "energy_kwh": _kwh(sum(y[1] for y in years.values()), measured),
        "by_year": [
            {
                "year": y,
                "cycles": int(v[0]),
                "energy_kwh": _kwh(v[1], measured),
                "hours": round(v[2], 1),
            }
            for y, v in sorted(years.items())
        ],
        "by_month": [
            {"month": m, "cycles": int(v[0]), "energy_kwh": _kwh(v[1], measured)}
            for m, v in sorted(months.items())
        ],
        "by_program": [
            {"program": p or None, "cycles": int(v[0]), "energy_kwh": _kwh(v[1], measured)}
            for p, v in sorted(programs.items(), key=lambda item: -item[1][0])
        ],
    }


def passport_of(
    hass: HomeAssistant, coordinator: ApplianceCoordinator, *, include_home: bool = False
) -> dict[str, Any]:
    """Return the passport of one appliance as JSON-compatible data."""
    care = coordinator.care
    monitor = care.monitor
    profile = coordinator.profile
    records = monitor.maintenance if monitor is not None else ()
    maintenance = [
        {
            "kind": str(record.kind),
            "at": _iso(care.wall_time(record.at)),
            "late": record.late,
            "automatic": record.automatic,
            "cost": record.cost,
            "note": record.note,
        }
        for record in records
    ]
    findings = [
        {
            "kind": kind,
            "severity": severity,
            "raised": _iso(care.wall_time(raised)),
            "cleared": _iso(care.wall_time(cleared)) if cleared is not None else None,
        }
        for kind, severity, raised, cleared in (monitor.finding_log if monitor else ())
    ]
    health = appliance_health(coordinator)
    usage = _usage(coordinator)
    passport: dict[str, Any] = {
        "version": PASSPORT_VERSION,
        "generated": _iso(dt_util.utcnow()),
        "appliance": {
            "name": profile.name,
            "kind": str(profile.subject),
            **_device(hass, coordinator),
            "purchase_date": profile.purchased.isoformat() if profile.purchased else None,
        },
        "usage": usage,
        "maintenance": [m for m in maintenance if m["kind"] != MaintenanceKind.REPAIR],
        "filter_changes": [
            m["at"] for m in maintenance if m["kind"] == MaintenanceKind.FILTER_REPLACE
        ],
        "repairs": [m for m in maintenance if m["kind"] == MaintenanceKind.REPAIR],
        "findings": findings,
        "health": (
            {
                "index": health.index,
                "reasons": [r.as_dict() for r in health.reasons],
                "trend": [
                    {"month": month, "index": index}
                    for month, index in sorted(care.health_by_month.items())
                ],
            }
            if health is not None
            else None
        ),
        "has_history": bool(records or findings or usage["cycles"]),
    }
    if include_home:
        passport["home"] = {
            "name": hass.config.location_name,
            "country": hass.config.country,
            "time_zone": hass.config.time_zone,
        }
    return passport
