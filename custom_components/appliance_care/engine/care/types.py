"""Value types of the care rules: subjects, findings, their changes and maintenance records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Severity(StrEnum):
    """How urgent a finding is."""

    INFO = "info"
    """A reminder or a habit worth knowing about (maintenance due, small loads)."""
    WARNING = "warning"
    """Something is going wrong: act soon."""
    CRITICAL = "critical"
    """Damage, food safety or fire risk: act now."""

    @property
    def rank(self) -> int:
        """Return 0 for info, 1 for warning, 2 for critical (for comparisons)."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}


class CareSubject(StrEnum):
    """What kind of appliance the care rules watch.

    The first seven values equal those of engine.ApplianceType; the last three are the
    filtering appliances, which have no cycles and no compressor the engine watches.
    """

    WASHER = "washer"
    DRYER = "dryer"
    WASHER_DRYER = "washer_dryer"
    DISHWASHER = "dishwasher"
    REFRIGERATOR = "refrigerator"
    FREEZER = "freezer"
    OTHER = "other"
    AIR_CONDITIONER = "air_conditioner"
    WATER_PURIFIER = "water_purifier"
    AIR_PURIFIER = "air_purifier"

    @property
    def runs_cycles(self) -> bool:
        """Return whether it runs programs whose cycles the care rules judge."""
        return self in (
            CareSubject.WASHER,
            CareSubject.WASHER_DRYER,
            CareSubject.DRYER,
            CareSubject.DISHWASHER,
        )

    @property
    def washes(self) -> bool:
        """Return whether it washes laundry (tub clean, laundry left in, unbalance)."""
        return self in (CareSubject.WASHER, CareSubject.WASHER_DRYER)

    @property
    def cools(self) -> bool:
        """Return whether it is a refrigerator or a freezer."""
        return self in (CareSubject.REFRIGERATOR, CareSubject.FREEZER)

    @property
    def filters(self) -> bool:
        """Return whether it is a filtering appliance with a filter to clean and replace."""
        return self in (
            CareSubject.AIR_CONDITIONER,
            CareSubject.WATER_PURIFIER,
            CareSubject.AIR_PURIFIER,
        )

    @property
    def holds_water(self) -> bool:
        """Return whether water stays in it between uses (pump, valves, hoses can freeze)."""
        return self in (
            CareSubject.WASHER,
            CareSubject.WASHER_DRYER,
            CareSubject.DISHWASHER,
            CareSubject.WATER_PURIFIER,
        )


class FindingKind(StrEnum):
    """What a finding is about; the `values` keys of each are listed in docs/care-accuracy.md."""

    # washer
    TUB_CLEAN_DUE = "tub_clean_due"
    LAUNDRY_LEFT_IN = "laundry_left_in"
    SMALL_LOAD = "small_load"
    PROGRAM_DRIFT = "program_drift"
    FREQUENT_UNBALANCE = "frequent_unbalance"
    FREEZE_RISK = "freeze_risk"
    # dryer
    LINT_FILTER_DUE = "lint_filter_due"
    DRYING_TIME_DRIFT = "drying_time_drift"
    HEATER_FAILURE = "heater_failure"
    # dishwasher
    DISHWASHER_FILTER_DUE = "dishwasher_filter_due"
    HEATING_MISSING = "heating_missing"
    # refrigerator and freezer
    DUTY_CYCLE_DRIFT = "duty_cycle_drift"
    COMPRESSOR_NEVER_STOPS = "compressor_never_stops"
    COMPRESSOR_NEVER_STARTS = "compressor_never_starts"
    DOOR_OPEN_TOO_LONG = "door_open_too_long"
    TEMPERATURE_OUT_OF_RANGE = "temperature_out_of_range"
    DEFROST_ANOMALY = "defrost_anomaly"
    # air conditioner, air purifier, water purifier
    FILTER_REPLACE_SOON = "filter_replace_soon"
    FILTER_CLEAN_DUE = "filter_clean_due"
    # connected appliances
    APPLIANCE_ERROR = "appliance_error"

    @property
    def is_reminder(self) -> bool:
        """Return whether it is a maintenance-due reminder rather than a fault or a risk."""
        return self in _REMINDERS


_REMINDERS = frozenset(
    {
        FindingKind.TUB_CLEAN_DUE,
        FindingKind.LINT_FILTER_DUE,
        FindingKind.DISHWASHER_FILTER_DUE,
        FindingKind.FILTER_REPLACE_SOON,
        FindingKind.FILTER_CLEAN_DUE,
    }
)


VALUE_KEYS: Mapping[FindingKind, frozenset[str]] = MappingProxyType(
    {
        FindingKind.APPLIANCE_ERROR: frozenset({"cause", "code"}),
        FindingKind.COMPRESSOR_NEVER_STARTS: frozenset(
            {"hours", "limit_hours", "usual_longest_minutes"}
        ),
        FindingKind.COMPRESSOR_NEVER_STOPS: frozenset(
            {"hours", "limit_hours", "usual_longest_minutes"}
        ),
        FindingKind.DEFROST_ANOMALY: frozenset(
            {"abnormal_count", "hours_since", "reason", "usual_interval_hours"}
        ),
        FindingKind.DISHWASHER_FILTER_DUE: frozenset(
            {"cycles", "days", "limit", "limit_days", "weighted_cycles"}
        ),
        FindingKind.DOOR_OPEN_TOO_LONG: frozenset({"limit_minutes", "minutes"}),
        FindingKind.DRYING_TIME_DRIFT: frozenset(
            {
                "baseline_minutes",
                "cycles",
                "duration_change_pct",
                "energy_change_pct",
                "program",
                "window_cycles",
            }
        ),
        FindingKind.DUTY_CYCLE_DRIFT: frozenset(
            {"ambient_c", "change_pct", "days", "duty_pct", "expected_pct"}
        ),
        FindingKind.FILTER_CLEAN_DUE: frozenset(
            {"cycles", "days", "limit", "limit_days", "used_pct", "weighted_cycles"}
        ),
        FindingKind.FILTER_REPLACE_SOON: frozenset(
            {"days_left", "pct_per_day", "replace_by", "used_pct"}
        ),
        FindingKind.FREEZE_RISK: frozenset({"forecast_min_c", "outdoor_c", "threshold_c"}),
        FindingKind.FREQUENT_UNBALANCE: frozenset(
            {"last_episodes", "unbalanced_cycles", "usual_episodes", "window_cycles"}
        ),
        FindingKind.HEATER_FAILURE: frozenset(
            {"cycles", "energy_wh", "peak_w", "usual_energy_wh", "usual_peak_w"}
        ),
        FindingKind.HEATING_MISSING: frozenset(
            {"cycles", "energy_wh", "peak_w", "usual_energy_wh", "usual_peak_w"}
        ),
        FindingKind.LAUNDRY_LEFT_IN: frozenset({"hours", "limit_hours"}),
        FindingKind.LINT_FILTER_DUE: frozenset(
            {"cycles", "days", "limit", "limit_days", "weighted_cycles"}
        ),
        FindingKind.PROGRAM_DRIFT: frozenset(
            {
                "baseline_minutes",
                "cycles",
                "duration_change_pct",
                "energy_change_pct",
                "program",
                "window_cycles",
            }
        ),
        FindingKind.SMALL_LOAD: frozenset({"energy_ratio_pct", "small_cycles", "window_cycles"}),
        FindingKind.TEMPERATURE_OUT_OF_RANGE: frozenset(
            {"celsius", "direction", "limit_c", "minutes"}
        ),
        FindingKind.TUB_CLEAN_DUE: frozenset(
            {"cycles", "days", "hot_cycles", "limit", "limit_days", "weighted_cycles"}
        ),
    }
)
"""The numbers (`Finding.values` keys) each kind of finding gives: texts may use these."""


class MaintenanceKind(StrEnum):
    """Maintenance an owner (or the appliance itself) can record."""

    TUB_CLEAN = "tub_clean"
    FILTER_CLEAN = "filter_clean"
    FILTER_REPLACE = "filter_replace"
    DESCALE = "descale"
    LINT_FILTER_CLEAN = "lint_filter_clean"
    CONDENSER_CLEAN = "condenser_clean"
    REPAIR = "repair"


@dataclass(frozen=True, kw_only=True, slots=True)
class Finding:
    """Something the care rules found, with the evidence behind it and what to do."""

    kind: FindingKind
    severity: Severity
    since: float
    """Unix seconds when the finding was first raised (kept through escalations)."""
    values: Mapping[str, float | int | str]
    """The numbers behind the evidence, the translation placeholders in Home Assistant; the
    keys of each kind are listed in docs/care-accuracy.md ("Findings reference"). Values
    that may be unknown are the string "unknown"."""
    evidence: str
    """Plain English with the numbers, e.g. "34 cycles (8 of them hot) since the last tub
    clean; due every 30."."""
    advice: str
    """Plain English: what to do about it."""
    fix: MaintenanceKind | None = None
    """The maintenance that resolves it when recorded, if any."""


@dataclass(frozen=True, kw_only=True, slots=True)
class CareChange:
    """A finding raised (also when its severity rose) or cleared."""

    finding: Finding
    raised: bool
    """True: raised or escalated; False: cleared."""


@dataclass(frozen=True, kw_only=True, slots=True)
class MaintenanceRecord:
    """Maintenance done on the appliance: recorded by the owner or noticed automatically."""

    kind: MaintenanceKind
    at: float
    """Unix seconds."""
    cost: float | None = None
    note: str | None = None
    automatic: bool = False
    """True when the engine noticed it (a filter counter jumping back), not the owner."""
    late: bool | None = None
    """For recurring maintenance: whether its reminder was due when it was done (None:
    not a recurring kind, or recorded before this was kept)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Due:
    """Where a recurring maintenance stands."""

    last_at: float | None
    """When it was last done (None: never recorded)."""
    cycles_since: int
    """Cycles run since then (since the monitor was created if never recorded)."""
    weighted_cycles_since: float
    """The same, hot and long cycles counting more (see CareSettings)."""
    next_due_at: float | None
    """When it falls due, or fell due while it is (None: no rule, or not known yet); while
    it is not, no earlier than the next day (dates are shown as days: see Reminders)."""
    due_now: bool = False
    """Its reminder is raised: the maintenance is due (cleared only by doing it)."""


NO_CHANGES: tuple[CareChange, ...] = ()
