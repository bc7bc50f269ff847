"""Program drift, drying-time drift and missing heating of cycle appliances."""

from __future__ import annotations

from custom_components.appliance_care.engine import CycleRecord, FinishReason
from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSubject,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    Severity,
)

from .helpers import DAY, T0, Log, active, record, run_cycles

K = FindingKind
# Healthy durations of one program, minutes: a few percent of spread.
HEALTHY = (90.0, 92.0, 89.0, 91.0, 90.5, 91.5, 89.5, 90.0, 92.0, 88.5)


def _durations(minutes: list[float], **kwargs: float):  # type: ignore[no-untyped-def]
    def make(t: float, i: int) -> CycleRecord:
        return record(t, minutes=minutes[i], **kwargs)  # type: ignore[arg-type]

    return make


def test_program_drift_raised_when_cycles_run_longer() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    end = run_cycles(monitor, log, 10, start=T0, make=_durations(list(HEALTHY)))
    assert log.changes == []
    end = run_cycles(monitor, log, 1, start=end, make=_durations([100.0]))
    assert active(monitor, K.PROGRAM_DRIFT) is None  # one long cycle is not a drift
    run_cycles(monitor, log, 2, start=end, make=_durations([100.0, 101.0]))
    finding = active(monitor, K.PROGRAM_DRIFT)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.fix is MaintenanceKind.FILTER_CLEAN
    # Against the baseline, which adapted a little to the first long cycles.
    assert 9 <= int(finding.values["duration_change_pct"]) <= 12
    assert finding.values["program"] == "1", "a number, not English words"
    assert 90 <= int(finding.values["baseline_minutes"]) <= 92


def test_program_drift_clears_after_normal_cycles() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    end = run_cycles(monitor, log, 10, start=T0, make=_durations(list(HEALTHY)))
    end = run_cycles(monitor, log, 3, start=end, make=_durations([101.0, 102.0, 101.0]))
    assert active(monitor, K.PROGRAM_DRIFT) is not None
    end = run_cycles(monitor, log, 5, start=end, make=_durations([90.0] * 5))
    assert active(monitor, K.PROGRAM_DRIFT) is None
    assert len(log.cleared(K.PROGRAM_DRIFT)) == 1
    assert len(log.raised(K.PROGRAM_DRIFT)) == 1


def test_program_drift_cleared_by_recording_a_drain_filter_clean() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    end = run_cycles(monitor, log, 10, start=T0, make=_durations(list(HEALTHY)))
    end = run_cycles(monitor, log, 3, start=end, make=_durations([101.0, 102.0, 101.0]))
    changes = log(
        monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.FILTER_CLEAN, at=end))
    )
    assert [(c.finding.kind, c.raised) for c in changes] == [(K.PROGRAM_DRIFT, False)]


def test_drift_is_judged_per_program() -> None:
    monitor = CareMonitor(CareSubject.DISHWASHER)
    log = Log()

    def two_programs(t: float, i: int) -> CycleRecord:
        short = i % 2 == 0
        base = 40.0 if short else 150.0
        return record(
            t, minutes=base * (1 + (i % 3) * 0.005), program_id=1 if short else 2, energy_wh=900
        )

    run_cycles(monitor, log, 40, start=T0, make=two_programs)
    assert log.changes == [] or all(c.finding.kind.is_reminder for c in log.changes)


def test_unstable_cycles_are_not_judged() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    end = run_cycles(monitor, log, 10, start=T0, make=_durations(list(HEALTHY)))
    t = end
    for _ in range(5):
        outage = CycleRecord(
            number=1,
            start=t,
            end=t + 200 * 60,
            finished_at=t + 200 * 60,
            energy_wh=800,
            program_id=1,
            peak_w=2000,
            finish_reason=FinishReason.OUTAGE,
        )
        gappy = CycleRecord(
            number=2,
            start=t + DAY / 2,
            end=t + DAY / 2 + 200 * 60,
            finished_at=t + DAY / 2 + 200 * 60,
            energy_wh=800,
            program_id=1,
            peak_w=2000,
            gap_s=3000,
        )
        log(monitor.cycle_finished(outage, None))
        log(monitor.cycle_finished(gappy, None))
        t += DAY
    run_cycles(monitor, log, 5, start=t, make=_durations([100.0] * 5, program_id=None))  # type: ignore[arg-type]
    assert log.raised(K.PROGRAM_DRIFT) == []


def test_energy_drift_of_a_dishwasher_points_at_limescale() -> None:
    monitor = CareMonitor(CareSubject.DISHWASHER)
    log = Log()
    energies = [1400, 1420, 1380, 1410, 1390, 1405, 1395, 1400, 1415, 1385]

    def make(t: float, i: int) -> CycleRecord:
        return record(t, minutes=120 + (i % 2), energy_wh=energies[i % len(energies)])

    end = run_cycles(monitor, log, 10, start=T0, make=make)

    def scaled(t: float, i: int) -> CycleRecord:
        return record(t, minutes=121, energy_wh=2300)

    run_cycles(monitor, log, 4, start=end, make=scaled)
    finding = active(monitor, K.PROGRAM_DRIFT)
    assert finding is not None
    assert finding.fix is MaintenanceKind.DESCALE
    assert int(finding.values["energy_change_pct"]) > 50
    assert set(monitor.drift_levels) == {"duration", "energy"}


def test_washer_energy_alone_raises_nothing() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    end = run_cycles(monitor, log, 10, start=T0, make=_durations(list(HEALTHY)))
    run_cycles(monitor, log, 10, start=end, make=_durations([90.0] * 10, energy_wh=1600))
    assert log.raised(K.PROGRAM_DRIFT) == []
    assert set(monitor.drift_levels) == {"duration"}


def test_drying_time_drift_from_a_blocked_vent_is_critical() -> None:
    monitor = CareMonitor(CareSubject.DRYER)
    log = Log()

    def healthy(t: float, i: int) -> CycleRecord:
        minutes = (60.0, 75.0, 90.0)[i % 3]
        return record(t, minutes=minutes, energy_wh=minutes * 30.0, program_id=i % 3 + 1)

    end = run_cycles(monitor, log, 15, start=T0, make=healthy)
    assert log.raised(K.DRYING_TIME_DRIFT) == []

    def blocked(t: float, i: int) -> CycleRecord:
        # Same drying energy, 70 % longer: the heater cycles on its high limit.
        minutes = (60.0, 75.0, 90.0)[i % 3]
        return record(t, minutes=minutes * 1.7, energy_wh=minutes * 30.0, program_id=10 + i)

    run_cycles(monitor, log, 3, start=end, make=blocked)
    finding = active(monitor, K.DRYING_TIME_DRIFT)
    assert finding is not None
    assert finding.severity is Severity.CRITICAL
    assert finding.fix is MaintenanceKind.LINT_FILTER_CLEAN
    assert 65 <= int(finding.values["duration_change_pct"]) <= 70
    changes = log(
        monitor.record_maintenance(
            MaintenanceRecord(kind=MaintenanceKind.LINT_FILTER_CLEAN, at=end + 4 * DAY)
        )
    )
    assert (K.DRYING_TIME_DRIFT, False) in [(c.finding.kind, c.raised) for c in changes]


def test_heating_missing_raised_after_two_cold_cycles_and_cleared_by_a_hot_one() -> None:
    monitor = CareMonitor(CareSubject.DISHWASHER)
    log = Log()
    end = run_cycles(monitor, log, 10, start=T0, make=lambda t, i: record(t, minutes=120 + i % 2))
    cold = [record(end + k * DAY, minutes=110, energy_wh=150, peak_w=80) for k in range(2)]
    log(monitor.cycle_finished(cold[0], None))
    assert active(monitor, K.HEATING_MISSING) is None
    log(monitor.cycle_finished(cold[1], None))
    finding = active(monitor, K.HEATING_MISSING)
    assert finding is not None
    assert finding.values["peak_w"] == 80
    assert finding.values["usual_peak_w"] == 2000
    assert finding.fix is MaintenanceKind.REPAIR
    hot = record(end + 5 * DAY, minutes=120)
    changes = log(monitor.cycle_finished(hot, None))
    assert [(c.finding.kind, c.raised) for c in changes] == [(K.HEATING_MISSING, False)]


def test_heater_failure_of_a_dryer() -> None:
    monitor = CareMonitor(CareSubject.DRYER)
    log = Log()
    end = run_cycles(
        monitor, log, 10, start=T0, make=lambda t, i: record(t, minutes=80, energy_wh=2400)
    )
    run_cycles(
        monitor,
        log,
        2,
        start=end,
        make=lambda t, i: record(t, minutes=80, energy_wh=300, peak_w=230),
    )
    assert active(monitor, K.HEATER_FAILURE) is not None


def test_heating_missing_is_not_judged_for_appliances_that_rarely_heat() -> None:
    monitor = CareMonitor(CareSubject.DRYER)
    log = Log()
    # A heat-pump dryer: about 800 W at most.
    run_cycles(
        monitor,
        log,
        20,
        start=T0,
        make=lambda t, i: record(t, minutes=150, energy_wh=1200, peak_w=800),
    )
    assert log.raised(K.HEATER_FAILURE) == []


def test_a_lasting_change_of_a_few_percent_is_found_not_absorbed() -> None:
    """A program run daily that runs 6 % longer from one day on (a drain slowly clogging):
    the baseline must not follow the change it is collecting evidence of (adapting at a
    tenth of each deviation as freely as before, it absorbs this one and never finds it)."""
    monitor = CareMonitor(CareSubject.DISHWASHER)
    log = Log()
    end = run_cycles(monitor, log, 10, start=T0, make=_durations(list(HEALTHY)))
    assert log.raised(K.PROGRAM_DRIFT) == [], "healthy days raise nothing"
    longer = [round(m * 1.06, 1) for m in HEALTHY * 3]
    run_cycles(monitor, log, len(longer), start=end, make=_durations(longer))
    assert any(c.raised and c.finding.kind is K.PROGRAM_DRIFT for c in log.changes)
    (finding,) = log.raised(K.PROGRAM_DRIFT)
    assert finding.since >= end
