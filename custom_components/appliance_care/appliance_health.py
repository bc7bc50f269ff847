"""An appliance's health index in Home Assistant: what it is computed from, gathered.

The purchase date, the cycles of the last year or the compressor's duty, maintenance left
undone, open findings, repairs and drift are taken from the appliance's engine and care
rules and handed to the index (engine/care/health.py). The coordinator works it out on
the care tick and on cycle and care events, and keeps its monthly trend with the care
record; the sensor, the passport and the diagnosis read it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from homeassistant.util import dt as dt_util

from .engine.care import FindingKind, MaintenanceKind, Severity
from .engine.care.health import DAY_S, YEAR_DAYS, Health, HealthInputs, health_index

if TYPE_CHECKING:
    from .coordinator import ApplianceCoordinator


def _cycles_of_last_year(
    coordinator: ApplianceCoordinator, now: float
) -> tuple[int | None, float | None]:
    """Return the cycles of the eleven whole months before this one, and this one's.

    Monthly totals are by calendar month: the month a year ago is left out rather than
    counted whole, and the days are counted from the first month kept, or from the first
    cycle ever when the appliance is newer than that (and that cycle is still on record).
    """
    appliance = coordinator.appliance
    tracker = appliance.tracker if appliance is not None else None
    if tracker is None:
        return None, None
    since = datetime.fromtimestamp(now, UTC) - timedelta(days=YEAR_DAYS)
    next_month = since.replace(day=28) + timedelta(days=4)
    first_month = next_month.strftime("%Y-%m")
    months = [m for m in tracker.history.months() if m.month >= first_month]
    if not months:
        return 0, 0.0
    earliest = min(m.month for m in months)
    start = datetime.strptime(f"{earliest}-01", "%Y-%m-%d").replace(tzinfo=UTC).timestamp()
    recent = tracker.history.recent
    first_ever = min(m.month for m in tracker.history.months())
    if earliest == first_ever and recent and recent[0].number == 1:
        start = max(start, recent[0].start)  # watched from its first cycle
    return sum(m.cycles for m in months), max(0.0, (now - start) / DAY_S)


DRIFT_FINDINGS = frozenset(
    str(kind)
    for kind in (
        FindingKind.PROGRAM_DRIFT,
        FindingKind.DRYING_TIME_DRIFT,
        FindingKind.DUTY_CYCLE_DRIFT,
    )
)


def appliance_health(coordinator: ApplianceCoordinator) -> Health | None:
    """Return the health index of an appliance (None before its care rules are loaded)."""
    monitor = coordinator.care.monitor
    if monitor is None:
        return None
    profile = coordinator.profile
    wall_now = dt_util.utcnow().timestamp()
    now = coordinator.care.engine_time(wall_now)
    purchased_at = coordinator.care.purchased_at(now, wall_now)  # age is real time
    cycles, days = _cycles_of_last_year(coordinator, now)
    appliance = coordinator.appliance
    compressor = appliance.compressor if appliance is not None else None
    late: dict[str, float] = {}
    findings: list[tuple[str, Severity]] = []
    for finding in monitor.findings:
        if finding.kind is FindingKind.FILTER_REPLACE_SOON:
            continue  # an early notice, not care left undone
        if finding.kind.is_reminder:
            fix = finding.fix
            late[str(fix or finding.kind)] = finding.since
        else:
            findings.append((str(finding.kind), finding.severity))
    repairs = sum(1 for record in monitor.maintenance if record.kind is MaintenanceKind.REPAIR)
    return health_index(
        HealthInputs(
            subject=profile.subject,
            now=now,
            purchased_at=purchased_at,
            cycles=cycles,
            observed_days=days,
            compressor_duty=compressor.duty_cycle_24h if compressor is not None else None,
            late=late,
            findings=tuple(findings),
            repairs=repairs,
            # Once its finding is raised, a drift counts there, not twice.
            drift={}
            if any(kind in DRIFT_FINDINGS for kind, _ in findings)
            else monitor.drift_levels,
        )
    )
