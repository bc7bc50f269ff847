"""The smart diagnosis's checks, on facts made for each case."""

from __future__ import annotations

from dataclasses import replace

from custom_components.appliance_care.engine.care import CareSubject
from custom_components.appliance_care.engine.care.diagnosis import (
    CHECKS,
    DiagnosisFacts,
    Result,
    run_diagnosis,
)

NEW_WASHER = DiagnosisFacts(
    subject=CareSubject.WASHER,
    source="power_sensor",
    available=True,
    cycles_engine=True,
    power_unit_ok=True,
    off_threshold_w=0.5,
    active_threshold_w=6.0,
    reminders=frozenset({"tub_clean"}),
    possible_findings=frozenset({"tub_clean_due", "program_drift", "laundry_left_in"}),
)


def _results(facts: DiagnosisFacts) -> dict[str, Result]:
    return {c.check_id: c.result for c in run_diagnosis(facts)}


def test_there_are_at_least_forty_distinct_checks() -> None:
    ids = [check_id for check_id, _group, _check in CHECKS]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids)


def test_a_new_appliance_is_not_enough_data_rather_than_ok() -> None:
    results = _results(NEW_WASHER)
    for check in ("report_interval", "cycles_seen", "programs_learned", "duration_drift"):
        assert results[check] is Result.NOT_ENOUGH_DATA, check
    assert results["compressor_duty"] is Result.NOT_APPLICABLE
    assert Result.PROBLEM not in results.values()


def test_a_healthy_watched_washer_has_no_problem() -> None:
    facts = replace(
        NEW_WASHER,
        report_interval_s=10.0,
        longest_gap_s=60.0,
        standby_w=0.3,
        peak_w=2100.0,
        cycles=40,
        recent=20,
        programs_trusted=4,
        recent_matched=18,
        drift={"duration": 0.1, "energy": 0.2},
        maintenance_records=3,
        purchase_known=True,
        health_index=88,
        has_door_sensor=True,
        spin_rows=tuple((1 + n % 2, 300.0 + n, 90.0 - n) for n in range(20)),
        unavailable_share=0.001,
        watched_s=86_400.0,
    )
    results = _results(facts)
    assert set(results.values()) <= {Result.OK, Result.NOT_APPLICABLE}, {
        k: v for k, v in results.items() if v not in (Result.OK, Result.NOT_APPLICABLE)
    }
    # What a watched washer is judged on is judged, and found ok.
    judged = (
        "report_interval",
        "heartbeat",
        "unavailable_time",
        "standby_vs_off_threshold",
        "cycles_seen",
        "programs_learned",
        "program_matches",
        "duration_drift",
        "drain_time",
        "spin_time",
        "maintenance_logged",
        "health_index",
    )
    assert {check: results[check] for check in judged} == dict.fromkeys(judged, Result.OK)
    # A washer's energy is not judged for drift (only a dishwasher's is): not "not yet".
    assert results["energy_drift"] is Result.NOT_APPLICABLE
    dishwasher = replace(facts, subject=CareSubject.DISHWASHER, energy_drift_judged=True)
    assert _results(dishwasher)["energy_drift"] is Result.OK


def test_faults_of_the_setup_and_the_appliance_are_named() -> None:
    facts = replace(
        NEW_WASHER,
        report_interval_s=600.0,
        longest_gap_s=3600.0,
        standby_w=7.0,
        peak_w=3500.0,
        cycles=30,
        recent=20,
        recent_chained=8,
        recent_short=6,
        drift={"duration": 1.2},
        findings={"program_drift": "warning", "appliance_error": "critical"},
        possible_findings=NEW_WASHER.possible_findings | {"appliance_error"},
        health_index=40,
    )
    results = _results(facts)
    assert results["report_interval"] is Result.PROBLEM
    assert results["heartbeat"] is Result.WARNING
    assert results["standby_vs_off_threshold"] is Result.WARNING
    assert results["standby_vs_active_threshold"] is Result.PROBLEM
    assert results["plug_rating"] is Result.WARNING
    assert results["false_finish_risk"] is Result.WARNING
    assert results["short_cycles"] is Result.WARNING
    assert results["duration_drift"] is Result.PROBLEM
    assert results["program_drift"] is Result.WARNING
    assert results["appliance_error"] is Result.PROBLEM
    assert results["findings_open"] is Result.PROBLEM
    assert results["health_index"] is Result.PROBLEM
    by_id = {c.check_id: c for c in run_diagnosis(facts)}
    assert by_id["standby_vs_off_threshold"].as_dict()["evidence"] == {
        "standby_w": 7.0,
        "off_threshold_w": 0.5,
    }
