"""What the smart diagnosis works with: its results, groups and facts.

The smart diagnosis: dozens of checks of an appliance, its monitoring and its care.

Each check has an id, a group, a result (ok, warning, problem, not applicable, or not
enough data yet) and the evidence in numbers; what it measures and what to do are
translated by the user interface (docs/diagnosis.md lists every check). The checks read
`DiagnosisFacts`, plain numbers gathered from the appliance, so this stays free of Home
Assistant and can be tested alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TypeAlias

from .types import CareSubject


class Result(StrEnum):
    """What a check found."""

    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"
    NOT_APPLICABLE = "not_applicable"
    NOT_ENOUGH_DATA = "not_enough_data"


class Group(StrEnum):
    """What a check is about."""

    SETUP = "setup"
    LEARNING = "learning"
    APPLIANCE = "appliance"
    CARE = "care"


Evidence: TypeAlias = Mapping[str, float | int | str | None]  # noqa: UP040 - engine on 3.11
Outcome: TypeAlias = tuple[Result, Evidence]  # noqa: UP040 - the engine runs on 3.11


@dataclass(frozen=True, kw_only=True, slots=True)
class CheckResult:
    """One check's outcome."""

    check_id: str
    group: Group
    result: Result
    evidence: Evidence = field(default_factory=lambda: MappingProxyType({}))

    def as_dict(self) -> dict[str, object]:
        """Return the outcome as codes and numbers."""
        return {
            "id": self.check_id,
            "group": str(self.group),
            "result": str(self.result),
            "evidence": dict(self.evidence),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class DiagnosisFacts:
    """What the checks read, gathered from one appliance (None: not known or not kept)."""

    subject: CareSubject
    source: str
    """"power_sensor", "connected" or "demo"."""
    available: bool
    cycles_engine: bool = False
    metered: bool = True
    """Power or energy is measured (a connected machine without a plug: not)."""
    compressor_engine: bool = False
    power_unit_ok: bool | None = None
    report_interval_s: float | None = None
    longest_gap_s: float | None = None
    max_gap_s: float = 900.0
    standby_w: float | None = None
    off_threshold_w: float | None = None
    active_threshold_w: float | None = None
    peak_w: float | None = None
    plug_rating_w: float = 3680.0
    clock_jumps: int = 0
    missing_entities: int = 0
    has_energy_sensor: bool = False
    energy_reading_ok: bool | None = None
    has_door_sensor: bool = False
    contradictions: int = 0
    run_state_known: bool | None = None
    remaining_plausible: bool | None = None
    cycles: int = 0
    recent: int = 0
    """Recent cycles the learning checks look at."""
    programs_trusted: int = 0
    recent_matched: int = 0
    recent_outage_ends: int = 0
    recent_chained: int = 0
    recent_short: int = 0
    recent_long: int = 0
    gap_share: float = 0.0
    drift: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    energy_drift_judged: bool = False
    """The care rules judge the cycles' energy (dishwashers; otherwise only duration)."""
    findings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Active findings: kind -> severity."""
    possible_findings: frozenset[str] = frozenset()
    """Findings this appliance can have (its problem sensors)."""
    compressor_duty: float | None = None
    filter_left_pct: float | None = None
    reminders: frozenset[str] = frozenset()
    """Maintenance this appliance is reminded of."""
    maintenance_records: int = 0
    purchase_known: bool = False
    health_index: int | None = None
    spin_rows: tuple[tuple[int | None, float | None, float | None], ...] = ()
    """(program id, final spin s, drain s) of the recent cycles, oldest first (washers)."""
    unavailable_share: float | None = None
    """Share of the time watched with the power sensor unavailable (None: not watched)."""
    watched_s: float = 0.0
    """How long the power sensor has been watched since Home Assistant started."""
