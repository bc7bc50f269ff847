"""The smart diagnosis: dozens of checks of an appliance, its monitoring and its care.

Each check has an id, a group, a result (ok, warning, problem, not applicable, or not
enough data yet) and the evidence in numbers; what it measures and what to do are
translated by the user interface (docs/diagnosis.md lists every check). The checks read
`DiagnosisFacts`, plain numbers gathered from the appliance, so this stays free of Home
Assistant and can be tested alone.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from .diagnosis_rules import (
    clock_jumps,
    compressor_duty,
    compressor_runs,
    cycles_seen,
    door_sensor,
    drift_check,
    energy_sensor,
    entities_present,
    false_finish_risk,
    filter_life,
    finding_check,
    findings_open,
    gaps_in_cycles,
    health_check,
    heartbeat,
    heating,
    long_cycles,
    maintenance_check,
    maintenance_logged,
    outage_ends,
    plug_rating,
    power_unit,
    program_matches,
    programs_learned,
    purchase_date,
    remaining_plausible,
    report_interval,
    run_state,
    settings_check,
    short_cycles,
    source_available,
    standby_vs_active,
    standby_vs_off,
    unavailable_time,
)
from .diagnosis_spin import drain_time, spin_time
from .diagnosis_types import CheckResult, DiagnosisFacts, Group, Outcome, Result

__all__ = ["CHECKS", "CheckResult", "DiagnosisFacts", "Group", "Result", "run_diagnosis"]

CHECKS: tuple[tuple[str, Group, Callable[[DiagnosisFacts], Outcome]], ...] = (
    ("source_available", Group.SETUP, source_available),
    ("power_unit", Group.SETUP, power_unit),
    ("report_interval", Group.SETUP, report_interval),
    ("heartbeat", Group.SETUP, heartbeat),
    ("unavailable_time", Group.SETUP, unavailable_time),
    ("standby_vs_off_threshold", Group.SETUP, standby_vs_off),
    ("standby_vs_active_threshold", Group.SETUP, standby_vs_active),
    ("plug_rating", Group.SETUP, plug_rating),
    ("clock_jumps", Group.SETUP, clock_jumps),
    ("source_entities", Group.SETUP, entities_present),
    ("energy_sensor", Group.SETUP, energy_sensor),
    ("door_sensor", Group.SETUP, door_sensor),
    ("settings_consistent", Group.SETUP, settings_check),
    ("run_state", Group.SETUP, run_state),
    ("remaining_plausible", Group.SETUP, remaining_plausible),
    ("cycles_seen", Group.LEARNING, cycles_seen),
    ("programs_learned", Group.LEARNING, programs_learned),
    ("program_matches", Group.LEARNING, program_matches),
    ("outage_ends", Group.LEARNING, outage_ends),
    ("false_finish_risk", Group.LEARNING, false_finish_risk),
    ("short_cycles", Group.LEARNING, short_cycles),
    ("long_cycles", Group.LEARNING, long_cycles),
    ("gaps_in_cycles", Group.LEARNING, gaps_in_cycles),
    ("duration_drift", Group.APPLIANCE, drift_check("duration")),
    ("energy_drift", Group.APPLIANCE, drift_check("energy")),
    ("duty_drift", Group.APPLIANCE, drift_check("duty")),
    ("heating", Group.APPLIANCE, heating),
    ("drain_time", Group.APPLIANCE, drain_time),
    ("spin_time", Group.APPLIANCE, spin_time),
    ("drying_time", Group.APPLIANCE, finding_check("drying_time_drift")),
    ("program_drift", Group.APPLIANCE, finding_check("program_drift")),
    ("unbalance", Group.APPLIANCE, finding_check("frequent_unbalance")),
    ("laundry_left_in", Group.APPLIANCE, finding_check("laundry_left_in")),
    ("small_loads", Group.APPLIANCE, finding_check("small_load")),
    ("compressor_duty", Group.APPLIANCE, compressor_duty),
    ("compressor_runs", Group.APPLIANCE, compressor_runs),
    ("defrost", Group.APPLIANCE, finding_check("defrost_anomaly")),
    ("door_seal", Group.APPLIANCE, finding_check("duty_cycle_drift")),
    ("door_left_open", Group.APPLIANCE, finding_check("door_open_too_long")),
    ("temperature", Group.APPLIANCE, finding_check("temperature_out_of_range", problem=True)),
    ("freeze_risk", Group.APPLIANCE, finding_check("freeze_risk", problem=True)),
    ("appliance_error", Group.APPLIANCE, finding_check("appliance_error", problem=True)),
    ("filter_life", Group.APPLIANCE, filter_life),
    ("tub_clean", Group.CARE, maintenance_check("tub_clean", "tub_clean_due")),
    ("lint_filter", Group.CARE, maintenance_check("lint_filter_clean", "lint_filter_due")),
    ("filter_clean", Group.CARE, maintenance_check("filter_clean", "filter_clean_due")),
    ("dishwasher_filter", Group.CARE, maintenance_check("filter_clean", "dishwasher_filter_due")),
    ("findings_open", Group.CARE, findings_open),
    ("maintenance_logged", Group.CARE, maintenance_logged),
    ("purchase_date", Group.CARE, purchase_date),
    ("health_index", Group.CARE, health_check),
)
"""Every check, in the order of the report."""


def run_diagnosis(facts: DiagnosisFacts) -> tuple[CheckResult, ...]:
    """Run every check on an appliance's facts."""
    results = []
    for check_id, group, check in CHECKS:
        result, evidence = check(facts)
        results.append(
            CheckResult(
                check_id=check_id,
                group=group,
                result=result,
                evidence=MappingProxyType(dict(evidence)),
            )
        )
    return tuple(results)
