"""The health index: one number from 0 to 100 for an appliance, and the reasons behind it.

100 is a new appliance, used as most are, cared for on time, with nothing wrong. Each
reason takes points off; the reasons are codes and numbers (the user interface translates
them). docs/health-index.md gives every weight and why. Plain Python, no Home Assistant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from .types import CareSubject, Severity

DAY_S = 86_400.0
YEAR_DAYS = 365.25

TYPICAL_LIFE_YEARS: Mapping[CareSubject, float] = MappingProxyType(
    {
        CareSubject.WASHER: 10.0,
        CareSubject.DRYER: 13.0,
        CareSubject.WASHER_DRYER: 10.0,
        CareSubject.DISHWASHER: 9.0,
        CareSubject.REFRIGERATOR: 13.0,
        CareSubject.FREEZER: 11.0,
        CareSubject.AIR_CONDITIONER: 10.0,
        CareSubject.AIR_PURIFIER: 8.0,
        CareSubject.WATER_PURIFIER: 10.0,
        CareSubject.OTHER: 10.0,
    }
)
"""Typical service life by kind (years), see docs/health-index.md."""

TYPICAL_CYCLES_PER_YEAR: Mapping[CareSubject, float] = MappingProxyType(
    {
        CareSubject.WASHER: 295.0,
        CareSubject.DRYER: 283.0,
        CareSubject.WASHER_DRYER: 295.0,
        CareSubject.DISHWASHER: 215.0,
        CareSubject.OTHER: 200.0,
    }
)
"""Typical cycles a year of the appliances that run them."""

TYPICAL_DUTY: Mapping[CareSubject, float] = MappingProxyType(
    {CareSubject.REFRIGERATOR: 0.45, CareSubject.FREEZER: 0.5}
)
"""Typical share of the day a fridge's or a freezer's compressor runs."""

# Weights (points taken off 100); docs/health-index.md says why each.
AGE_POINTS = 30.0
"""At the end of the typical life."""
PAST_LIFE_POINTS = 5.0
"""More, reached at twice the typical life."""
HEAVY_USE_POINTS = 10.0
"""At twice the typical use."""
LATE_POINTS = 5.0
"""A maintenance due and not done..."""
LATE_MORE_POINTS = 5.0
"""... and more, reached at a month late."""
FINDING_POINTS: Mapping[Severity, float] = MappingProxyType(
    {Severity.CRITICAL: 20.0, Severity.WARNING: 10.0, Severity.INFO: 3.0}
)
FINDINGS_CAP = 40.0
REPAIR_POINTS = 3.0
REPAIRS_CAP = 12.0
DRIFT_POINTS = 10.0
"""A drift test at its decision level (half-way there takes nothing)."""
DRIFT_FROM = 0.5
# Use is judged once the appliance was watched this long.
MIN_OBSERVED_DAYS = 30.0
MONTH_DAYS = 30.0
PERCENT = 100.0


@dataclass(frozen=True, kw_only=True, slots=True)
class HealthInputs:
    """What the index is computed from."""

    subject: CareSubject
    now: float
    purchased_at: float | None = None
    """Unix seconds of the purchase date (None: not given)."""
    cycles: int | None = None
    """Cycles in the observed span (None: the appliance runs none that are counted)."""
    observed_days: float | None = None
    """Days the cycles were counted over (at most a year)."""
    compressor_duty: float | None = None
    """Share of the last day the compressor ran (fridges and freezers)."""
    late: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    """Maintenance due and not done: its kind, and since when (Unix seconds)."""
    findings: Sequence[tuple[str, Severity]] = ()
    """Active findings that are no maintenance reminder: kind and severity."""
    repairs: int = 0
    drift: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    """Each drift test's evidence as a share of its decision level."""


@dataclass(frozen=True, kw_only=True, slots=True)
class HealthReason:
    """One reason of the index: a code, the points it takes off, and its numbers.

    Points are kept to a tenth, so the index and its reasons change only when something
    does (not with every second of an appliance's age).
    """

    code: str
    points: float

    def __post_init__(self) -> None:
        """Keep the points to a tenth."""
        object.__setattr__(self, "points", round(self.points, 1))

    values: Mapping[str, float | int | str] = field(default_factory=lambda: MappingProxyType({}))

    def as_dict(self) -> dict[str, float | int | str]:
        """Return the reason as attributes: `code`, `points`, then its numbers."""
        return {"code": self.code, "points": round(self.points, 1), **self.values}


@dataclass(frozen=True, kw_only=True, slots=True)
class Health:
    """The index and its reasons, largest first."""

    index: int
    reasons: tuple[HealthReason, ...]


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(max(value, low), high)


def _age(inputs: HealthInputs) -> HealthReason:
    if inputs.purchased_at is None:
        return HealthReason(code="age_unknown", points=0.0)
    years = max(0.0, (inputs.now - inputs.purchased_at) / DAY_S / YEAR_DAYS)
    life = TYPICAL_LIFE_YEARS[inputs.subject]
    share = years / life
    points = AGE_POINTS * _clamp(share) + PAST_LIFE_POINTS * _clamp(share - 1.0)
    return HealthReason(
        code="age",
        points=points,
        values={"years": round(years, 1), "typical_years": life},
    )


def _use(inputs: HealthInputs) -> HealthReason | None:
    subject = inputs.subject
    if inputs.compressor_duty is not None and subject in TYPICAL_DUTY:
        typical = TYPICAL_DUTY[subject]
        ratio = inputs.compressor_duty / typical
        return HealthReason(
            code="heavy_use",
            points=HEAVY_USE_POINTS * _clamp(ratio - 1.0),
            values={
                "duty_pct": round(inputs.compressor_duty * PERCENT),
                "typical_duty_pct": round(typical * PERCENT),
            },
        )
    if inputs.cycles is None or subject not in TYPICAL_CYCLES_PER_YEAR:
        return None
    days = inputs.observed_days
    if days is None or days < MIN_OBSERVED_DAYS:
        return HealthReason(code="use_unknown", points=0.0, values={"days": round(days or 0)})
    per_year = inputs.cycles / days * YEAR_DAYS
    typical = TYPICAL_CYCLES_PER_YEAR[subject]
    return HealthReason(
        code="heavy_use",
        points=HEAVY_USE_POINTS * _clamp(per_year / typical - 1.0),
        values={"cycles_per_year": round(per_year), "typical_per_year": round(typical)},
    )


def health_index(inputs: HealthInputs) -> Health:
    """Return the index of an appliance and the reasons behind it."""
    reasons: list[HealthReason] = [_age(inputs)]
    if (use := _use(inputs)) is not None:
        reasons.append(use)
    for kind, since in sorted(inputs.late.items()):
        days = max(0.0, (inputs.now - since) / DAY_S)
        reasons.append(
            HealthReason(
                code="maintenance_late",
                points=LATE_POINTS + LATE_MORE_POINTS * _clamp(days / MONTH_DAYS),
                values={"maintenance": kind, "days_late": round(days)},
            )
        )
    taken = 0.0
    for kind, severity in inputs.findings:
        points = min(FINDING_POINTS[severity], FINDINGS_CAP - taken)
        taken += points
        reasons.append(
            HealthReason(
                code="finding", points=points, values={"kind": kind, "severity": str(severity)}
            )
        )
    if inputs.repairs > 0:
        reasons.append(
            HealthReason(
                code="repairs",
                points=min(REPAIR_POINTS * inputs.repairs, REPAIRS_CAP),
                values={"count": inputs.repairs},
            )
        )
    if inputs.drift:
        test, level = max(inputs.drift.items(), key=lambda item: item[1])
        points = DRIFT_POINTS * _clamp((level - DRIFT_FROM) / (1.0 - DRIFT_FROM))
        if points > 0:
            reasons.append(
                HealthReason(
                    code="drift",
                    points=points,
                    values={"test": test, "level_pct": round(level * PERCENT)},
                )
            )
    total = sum(reason.points for reason in reasons)
    ordered = sorted(reasons, key=lambda reason: -reason.points)
    return Health(index=round(_clamp(PERCENT - total, 0.0, PERCENT)), reasons=tuple(ordered))
