"""The checks of the smart diagnosis, one function each (diagnosis.py runs them)."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from .diagnosis_types import DiagnosisFacts, Outcome, Result
from .types import CareSubject
from .wording import PERCENT

# Thresholds of the checks (docs/diagnosis.md says why).
REPORT_OK_S, REPORT_SLOW_S = 60.0, 300.0
PEAK_WARN_SHARE, PEAK_PROBLEM_SHARE = 0.9, 1.0
MIN_CYCLES, MIN_CYCLES_FOR_PROGRAMS = 3, 5
SHARE_WARN = 0.2
MATCHED_OK = 0.5
OUTAGE_SHARE_WARN = 0.1
GAP_SHARE_WARN = 0.05
DRIFT_WARN = 0.5
DUTY_WARN, DUTY_PROBLEM = 0.7, 0.85
FILTER_WARN_PCT, FILTER_PROBLEM_PCT = 25.0, 10.0
HEALTH_OK, HEALTH_WARN = 70, 50
# Unavailable more than 2 % of the time (half an hour a day) warns, 10 % is a problem;
# judged after an hour of watching.
UNAVAILABLE_WARN, UNAVAILABLE_PROBLEM = 0.02, 0.1
MIN_WATCHED_S = 3600.0
CYCLE_SUBJECTS = frozenset(
    {
        CareSubject.WASHER,
        CareSubject.DRYER,
        CareSubject.WASHER_DRYER,
        CareSubject.DISHWASHER,
        CareSubject.OTHER,
    }
)

_NA: Outcome = (Result.NOT_APPLICABLE, MappingProxyType({}))


def _level(value: float, warn: float, problem: float) -> Result:
    if value >= problem:
        return Result.PROBLEM
    return Result.WARNING if value >= warn else Result.OK


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# ------------------------------------------------------------------- setup


def source_available(f: DiagnosisFacts) -> Outcome:
    """Check source available."""
    return (Result.OK if f.available else Result.PROBLEM), {}


def power_unit(f: DiagnosisFacts) -> Outcome:
    """Check power unit."""
    if f.power_unit_ok is None:
        return _NA
    return (Result.OK if f.power_unit_ok else Result.PROBLEM), {}


def report_interval(f: DiagnosisFacts) -> Outcome:
    """Check report interval."""
    if f.source != "power_sensor":
        return _NA
    if f.report_interval_s is None:
        return Result.NOT_ENOUGH_DATA, {}
    result = (
        Result.OK
        if f.report_interval_s <= REPORT_OK_S
        else Result.WARNING
        if f.report_interval_s <= REPORT_SLOW_S
        else Result.PROBLEM
    )
    return result, {"interval_s": round(f.report_interval_s, 1)}


def heartbeat(f: DiagnosisFacts) -> Outcome:
    """Check heartbeat."""
    if f.source != "power_sensor":
        return _NA
    if f.longest_gap_s is None:
        return Result.NOT_ENOUGH_DATA, {}
    result = Result.OK if f.longest_gap_s <= f.max_gap_s else Result.WARNING
    return result, {"longest_gap_s": round(f.longest_gap_s), "limit_s": round(f.max_gap_s)}


def unavailable_time(f: DiagnosisFacts) -> Outcome:
    """Check how much of the time the power sensor was unavailable, in cycles or not."""
    if f.unavailable_share is None:
        return _NA
    if f.watched_s < MIN_WATCHED_S:
        return Result.NOT_ENOUGH_DATA, {"watched_s": round(f.watched_s)}
    share = f.unavailable_share
    evidence = {"unavailable_pct": round(share * PERCENT, 1), "watched_s": round(f.watched_s)}
    return _level(share, UNAVAILABLE_WARN, UNAVAILABLE_PROBLEM), evidence


def standby_vs_off(f: DiagnosisFacts) -> Outcome:
    """Check standby vs off."""
    if f.standby_w is None or f.off_threshold_w is None:
        return _NA if f.source != "power_sensor" else (Result.NOT_ENOUGH_DATA, {})
    result = Result.OK if f.standby_w <= f.off_threshold_w else Result.WARNING
    return result, {"standby_w": round(f.standby_w, 1), "off_threshold_w": f.off_threshold_w}


def standby_vs_active(f: DiagnosisFacts) -> Outcome:
    """Check standby vs active."""
    if f.standby_w is None or f.active_threshold_w is None:
        return _NA if f.source != "power_sensor" else (Result.NOT_ENOUGH_DATA, {})
    result = Result.OK if f.standby_w < f.active_threshold_w else Result.PROBLEM
    return result, {
        "standby_w": round(f.standby_w, 1),
        "active_threshold_w": f.active_threshold_w,
    }


def plug_rating(f: DiagnosisFacts) -> Outcome:
    """Check plug rating."""
    if f.source != "power_sensor":
        return _NA
    if f.peak_w is None:
        return Result.NOT_ENOUGH_DATA, {}
    share = f.peak_w / f.plug_rating_w
    return _level(share, PEAK_WARN_SHARE, PEAK_PROBLEM_SHARE), {
        "peak_w": round(f.peak_w),
        "rating_w": round(f.plug_rating_w),
    }


def clock_jumps(f: DiagnosisFacts) -> Outcome:
    """Check clock jumps."""
    return (Result.OK if f.clock_jumps == 0 else Result.WARNING), {"jumps": f.clock_jumps}


def entities_present(f: DiagnosisFacts) -> Outcome:
    """Check entities present."""
    if f.source == "demo":
        return _NA
    return (Result.OK if f.missing_entities == 0 else Result.PROBLEM), {
        "missing": f.missing_entities
    }


def energy_sensor(f: DiagnosisFacts) -> Outcome:
    """Check energy sensor."""
    if not f.has_energy_sensor:
        return _NA
    if f.energy_reading_ok is None:
        return Result.NOT_ENOUGH_DATA, {}
    return (Result.OK if f.energy_reading_ok else Result.WARNING), {}


def door_sensor(f: DiagnosisFacts) -> Outcome:
    """Check door sensor."""
    if f.subject not in CYCLE_SUBJECTS or not f.cycles_engine:
        return _NA
    return (Result.OK if f.has_door_sensor else Result.WARNING), {}


def settings_check(f: DiagnosisFacts) -> Outcome:
    """Check settings."""
    if not (f.cycles_engine or f.compressor_engine):
        return _NA
    return (Result.OK if f.contradictions == 0 else Result.PROBLEM), {
        "contradictions": f.contradictions
    }


def run_state(f: DiagnosisFacts) -> Outcome:
    """Check run state."""
    if f.source != "connected" or f.run_state_known is None:
        return _NA
    return (Result.OK if f.run_state_known else Result.WARNING), {}


def remaining_plausible(f: DiagnosisFacts) -> Outcome:
    """Check remaining plausible."""
    if f.source != "connected" or not f.cycles_engine:
        return _NA
    if f.remaining_plausible is None:
        return Result.NOT_ENOUGH_DATA, {}
    return (Result.OK if f.remaining_plausible else Result.WARNING), {}


# ---------------------------------------------------------------- learning


def _needs_cycles(f: DiagnosisFacts) -> Outcome | None:
    """Check  needs cycles."""
    if not f.cycles_engine:
        return _NA
    if f.recent < MIN_CYCLES:
        return Result.NOT_ENOUGH_DATA, {"cycles": f.cycles}
    return None


def cycles_seen(f: DiagnosisFacts) -> Outcome:
    """Check cycles seen."""
    return _needs_cycles(f) or (Result.OK, {"cycles": f.cycles})


def programs_learned(f: DiagnosisFacts) -> Outcome:
    """Check programs learned."""
    if (early := _needs_cycles(f)) is not None:
        return early
    ok = f.programs_trusted > 0 or f.cycles < MIN_CYCLES_FOR_PROGRAMS
    return (Result.OK if ok else Result.WARNING), {"programs": f.programs_trusted}


def shares_check(
    name: str, part: Callable[[DiagnosisFacts], int], warn: float
) -> Callable[[DiagnosisFacts], Outcome]:
    """Check shares."""

    def check(f: DiagnosisFacts) -> Outcome:
        if (early := _needs_cycles(f)) is not None:
            return early
        share = _share(part(f), f.recent)
        result = Result.WARNING if share > warn else Result.OK
        return result, {f"{name}_pct": round(share * PERCENT), "cycles": f.recent}

    return check


def program_matches(f: DiagnosisFacts) -> Outcome:
    """Check program matches."""
    if (early := _needs_cycles(f)) is not None:
        return early
    share = _share(f.recent_matched, f.recent)
    result = Result.OK if share >= MATCHED_OK else Result.WARNING
    return result, {"matched_pct": round(share * PERCENT), "cycles": f.recent}


def gaps_in_cycles(f: DiagnosisFacts) -> Outcome:
    """Check gaps in cycles."""
    if (early := _needs_cycles(f)) is not None:
        return early
    result = Result.WARNING if f.gap_share > GAP_SHARE_WARN else Result.OK
    return result, {"gap_pct": round(f.gap_share * PERCENT, 1)}


# --------------------------------------------------------------- appliance


def drift_check(test: str) -> Callable[[DiagnosisFacts], Outcome]:
    """Check one drift test: cycles' duration or energy, or a compressor's duty."""

    def check(f: DiagnosisFacts) -> Outcome:
        if test == "duty":
            applies = f.compressor_engine or f.subject is CareSubject.AIR_CONDITIONER
        else:
            applies = f.cycles_engine and (
                test != "energy" or (f.metered and f.energy_drift_judged)
            )
        if not applies:
            return _NA
        if test not in f.drift:
            return Result.NOT_ENOUGH_DATA, {}
        level = f.drift[test]
        return _level(level, DRIFT_WARN, 1.0), {"level_pct": round(level * PERCENT)}

    return check


def finding_check(*kinds: str, problem: bool = False) -> Callable[[DiagnosisFacts], Outcome]:
    """Check finding."""

    def check(f: DiagnosisFacts) -> Outcome:
        if not any(kind in f.possible_findings for kind in kinds):
            return _NA
        active = [kind for kind in kinds if kind in f.findings]
        if not active:
            return Result.OK, {}
        return (Result.PROBLEM if problem else Result.WARNING), {"finding": active[0]}

    return check


def compressor_duty(f: DiagnosisFacts) -> Outcome:
    """Check compressor duty."""
    if not f.compressor_engine:
        return _NA
    if f.compressor_duty is None:
        return Result.NOT_ENOUGH_DATA, {}
    duty = f.compressor_duty
    return _level(duty, DUTY_WARN, DUTY_PROBLEM), {"duty_pct": round(duty * PERCENT)}


def filter_life(f: DiagnosisFacts) -> Outcome:
    """Check filter life."""
    if f.filter_left_pct is None:
        return _NA
    left = f.filter_left_pct
    result = (
        Result.PROBLEM
        if left < FILTER_PROBLEM_PCT
        else Result.WARNING
        if left < FILTER_WARN_PCT
        else Result.OK
    )
    return result, {"left_pct": round(left)}


# -------------------------------------------------------------------- care


def maintenance_check(kind: str, finding: str) -> Callable[[DiagnosisFacts], Outcome]:
    """Check maintenance."""

    def check(f: DiagnosisFacts) -> Outcome:
        if kind not in f.reminders or finding not in f.possible_findings:
            return _NA
        return (Result.WARNING if finding in f.findings else Result.OK), {}

    return check


def findings_open(f: DiagnosisFacts) -> Outcome:
    """Check findings open."""
    serious = [k for k, severity in f.findings.items() if severity in ("warning", "critical")]
    critical = any(f.findings[k] == "critical" for k in serious)
    result = Result.PROBLEM if critical else Result.WARNING if serious else Result.OK
    return result, {"open": len(serious)}


def maintenance_logged(f: DiagnosisFacts) -> Outcome:
    """Check maintenance logged."""
    if not f.reminders:
        return _NA
    return (Result.OK if f.maintenance_records else Result.WARNING), {
        "records": f.maintenance_records
    }


def purchase_date(f: DiagnosisFacts) -> Outcome:
    """Check purchase date."""
    return (Result.OK if f.purchase_known else Result.WARNING), {}


def health_check(f: DiagnosisFacts) -> Outcome:
    """Check health."""
    if f.health_index is None:
        return Result.NOT_ENOUGH_DATA, {}
    index = f.health_index
    result = (
        Result.OK
        if index >= HEALTH_OK
        else Result.WARNING
        if index >= HEALTH_WARN
        else Result.PROBLEM
    )
    return result, {"index": index}


outage_ends = shares_check("outage", lambda f: f.recent_outage_ends, OUTAGE_SHARE_WARN)
false_finish_risk = shares_check("chained", lambda f: f.recent_chained, SHARE_WARN)
short_cycles = shares_check("short", lambda f: f.recent_short, SHARE_WARN)
long_cycles = shares_check("long", lambda f: f.recent_long, SHARE_WARN)
heating = finding_check("heater_failure", "heating_missing", problem=True)
compressor_runs = finding_check("compressor_never_stops", "compressor_never_starts", problem=True)
