"""Fridge and freezer rules: duty drift, run lengths, door, temperature, defrost."""

from __future__ import annotations

from custom_components.appliance_care.engine import CompressorEvent, CompressorEventKind
from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSubject,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    Severity,
)

from .helpers import DAY, HOUR, MIN, T0, Log, active, fridge_days

K = FindingKind


def _steady(duty: float):  # type: ignore[no-untyped-def]
    return lambda _t: duty


def _learned(subject: CareSubject = CareSubject.REFRIGERATOR) -> tuple[CareMonitor, Log, float]:
    monitor = CareMonitor(subject)
    log = Log()
    wobble = (0.30, 0.31, 0.29, 0.30, 0.305, 0.295, 0.30, 0.30)
    t = T0
    for duty in wobble:
        t = fridge_days(monitor, log, 1, start=t, duty=_steady(duty))
    return monitor, log, t


def test_duty_cycle_drift_raised_within_days_of_a_twenty_percent_rise() -> None:
    monitor, log, t = _learned()
    assert log.changes == []
    assert monitor.drift_levels == {"duty": 0.0}
    onset = t
    t = fridge_days(monitor, log, 4, start=t, duty=_steady(0.36))
    raised = log.raised(K.DUTY_CYCLE_DRIFT)
    assert len(raised) == 1
    finding = raised[0]
    assert finding.since - onset <= 3 * DAY
    assert finding.severity is Severity.WARNING
    assert finding.fix is MaintenanceKind.CONDENSER_CLEAN
    assert finding.values["ambient_c"] == "unknown"
    assert 17 <= int(finding.values["change_pct"]) <= 21
    assert monitor.drift_levels["duty"] >= 1.0


def test_duty_cycle_drift_critical_when_duty_rises_by_half() -> None:
    monitor, log, t = _learned()
    fridge_days(monitor, log, 3, start=t, duty=_steady(0.48))
    finding = active(monitor, K.DUTY_CYCLE_DRIFT)
    assert finding is not None
    assert finding.severity is Severity.CRITICAL


def test_duty_cycle_drift_clears_after_normal_days() -> None:
    monitor, log, t = _learned()
    t = fridge_days(monitor, log, 4, start=t, duty=_steady(0.37))
    assert active(monitor, K.DUTY_CYCLE_DRIFT) is not None
    fridge_days(monitor, log, 8, start=t, duty=_steady(0.30))
    assert active(monitor, K.DUTY_CYCLE_DRIFT) is None
    assert len(log.raised(K.DUTY_CYCLE_DRIFT)) == 1


def test_condenser_clean_clears_the_duty_drift() -> None:
    monitor, log, t = _learned()
    t = fridge_days(monitor, log, 4, start=t, duty=_steady(0.37))
    log(monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.CONDENSER_CLEAN, at=t)))
    assert active(monitor, K.DUTY_CYCLE_DRIFT) is None


def test_the_usual_duty_back_after_a_holiday_is_no_drift() -> None:
    monitor, log, t = _learned()
    # Two weeks away: nobody opens the door, and the compressor runs a sixth less.
    t = fridge_days(monitor, log, 14, start=t, duty=_steady(0.25))
    t = fridge_days(monitor, log, 14, start=t, duty=_steady(0.30))
    assert log.raised(K.DUTY_CYCLE_DRIFT) == []
    # A fault after it is still found within days.
    fridge_days(monitor, log, 4, start=t, duty=_steady(0.36))
    assert len(log.raised(K.DUTY_CYCLE_DRIFT)) == 1


def test_a_kitchen_warming_through_spring_is_no_drift() -> None:
    """Duty up by 0.5 % a day for three months, a spring faster than the simulated year's."""
    monitor, log, t = _learned()
    start = t
    t = fridge_days(
        monitor, log, 90, start=t, duty=lambda at: 0.30 * (1.0 + 0.005 * (at - start) / DAY)
    )
    assert log.raised(K.DUTY_CYCLE_DRIFT) == []
    # A fault on top of the summer's duty is still found within days.
    onset = t
    fridge_days(monitor, log, 5, start=t, duty=_steady(0.30 * 1.45 * 1.2))
    (finding,) = log.raised(K.DUTY_CYCLE_DRIFT)
    assert finding.since - onset <= 4 * DAY


def test_duty_follows_the_room_temperature_without_alarm() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    t = T0

    def with_room(celsius: float, days: int, duty: float | None = None) -> None:
        nonlocal t
        # Physics: the heat leak grows with the room-to-compartment difference.
        if duty is None:
            duty = 0.30 * (celsius - 4.0) / (21.0 - 4.0)
        t = fridge_days(monitor, log, days, start=t, duty=_steady(duty), ambient=celsius)

    for room in (20.0, 21.0, 22.0, 21.0, 20.5, 21.5, 21.0, 21.0):
        with_room(room, 1)
    with_room(25.0, 6)  # a heat wave: +24 % duty, explained by the room
    assert log.raised(K.DUTY_CYCLE_DRIFT) == []
    with_room(21.0, 4, duty=0.37)
    finding = active(monitor, K.DUTY_CYCLE_DRIFT)
    assert finding is not None
    assert finding.values["ambient_c"] == 21.0
    assert "at 21 degrees around it" in finding.evidence


def test_duty_fit_on_ambient_when_the_room_varied_while_learning() -> None:
    monitor = CareMonitor(CareSubject.FREEZER)
    log = Log()
    t = T0
    for room in (17.0, 19.0, 21.0, 23.0, 25.0, 21.0, 19.0, 23.0):
        t = fridge_days(
            monitor, log, 1, start=t, duty=_steady(0.2 + 0.01 * (room - 21.0)), ambient=room
        )
    fridge_days(monitor, log, 5, start=t, duty=_steady(0.25), ambient=26.0)
    assert log.raised(K.DUTY_CYCLE_DRIFT) == []


def test_days_without_enough_data_are_skipped() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    t = T0
    for _ in range(20):
        t = fridge_days(monitor, log, 0.5, start=t, duty=_steady(0.3))
        t += DAY / 2  # half of each day missing
    t = fridge_days(monitor, log, 10, start=t, duty=_steady(0.3), power_w=None)
    assert log.changes == []


def test_compressor_never_stops() -> None:
    monitor, log, t = _learned()
    limit = 4 * HOUR
    t = fridge_days(monitor, log, (limit - MIN) / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    assert active(monitor, K.COMPRESSOR_NEVER_STOPS) is None
    t = fridge_days(monitor, log, 2 * MIN / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    finding = active(monitor, K.COMPRESSOR_NEVER_STOPS)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    t = fridge_days(monitor, log, limit / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    assert active(monitor, K.COMPRESSOR_NEVER_STOPS).severity is Severity.CRITICAL  # type: ignore[union-attr]
    fridge_days(monitor, log, 1, start=t, duty=_steady(0.3))
    assert active(monitor, K.COMPRESSOR_NEVER_STOPS) is None


def test_compressor_never_starts() -> None:
    monitor, log, t = _learned()
    t = fridge_days(monitor, log, 3.1 * HOUR / DAY, start=t, duty=_steady(0.0))
    finding = active(monitor, K.COMPRESSOR_NEVER_STARTS)
    assert finding is not None
    assert "has not run for" in finding.evidence
    fridge_days(monitor, log, 2, start=t, duty=_steady(0.3))
    assert active(monitor, K.COMPRESSOR_NEVER_STARTS) is None


def test_unavailable_power_concludes_nothing_about_runs() -> None:
    monitor, log, t = _learned()
    fridge_days(monitor, log, 2, start=t, duty=_steady(0.0), power_w=None)
    assert active(monitor, K.COMPRESSOR_NEVER_STARTS) is None


def test_door_open_too_long_warning_critical_and_cleared() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    log(monitor.door(T0, True))
    for k in range(1, 17):
        log(monitor.tick(T0 + k * MIN))
        if k == 2:
            assert active(monitor, K.DOOR_OPEN_TOO_LONG) is None
        if k == 3:
            assert active(monitor, K.DOOR_OPEN_TOO_LONG).severity is Severity.WARNING  # type: ignore[union-attr]
    assert active(monitor, K.DOOR_OPEN_TOO_LONG).severity is Severity.CRITICAL  # type: ignore[union-attr]
    log(monitor.door(T0 + 17 * MIN, False))
    assert active(monitor, K.DOOR_OPEN_TOO_LONG) is not None
    log(monitor.tick(T0 + 17 * MIN + 31))
    assert active(monitor, K.DOOR_OPEN_TOO_LONG) is None


def test_door_briefly_closed_keeps_the_finding() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    log(monitor.door(T0, True))
    log(monitor.tick(T0 + 4 * MIN))
    log(monitor.door(T0 + 4 * MIN + 5, False))
    log(monitor.door(T0 + 4 * MIN + 15, True))
    log(monitor.tick(T0 + 5 * MIN))
    assert len(log.raised(K.DOOR_OPEN_TOO_LONG)) == 1
    assert log.cleared(K.DOOR_OPEN_TOO_LONG) == []


def test_unknown_door_stops_the_timer() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    log(monitor.door(T0, True))
    log(monitor.door(T0 + MIN, None))
    for k in range(2, 30):
        log(monitor.tick(T0 + k * MIN))
    assert log.changes == []


def _temperatures(monitor: CareMonitor, log: Log, start: float, minutes: int, c: float) -> float:
    t = start
    for _ in range(minutes):
        log(monitor.temperature(t, c))
        t += MIN
    return t


def test_temperature_out_of_range_high_then_critical_then_cleared() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    t = _temperatures(monitor, log, T0, 60, 4.0)
    t = _temperatures(monitor, log, t, 29, 9.0)
    assert active(monitor, K.TEMPERATURE_OUT_OF_RANGE) is None
    t = _temperatures(monitor, log, t, 2, 9.0)
    finding = active(monitor, K.TEMPERATURE_OUT_OF_RANGE)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.values["direction"] == "high"
    t = _temperatures(monitor, log, t, 90, 9.5)
    assert active(monitor, K.TEMPERATURE_OUT_OF_RANGE).severity is Severity.CRITICAL  # type: ignore[union-attr]
    # Back to 7.5: inside the range but within the clearing margin: not cleared.
    t = _temperatures(monitor, log, t, 100, 7.5)
    assert active(monitor, K.TEMPERATURE_OUT_OF_RANGE) is not None
    t = _temperatures(monitor, log, t, 29, 4.0)
    assert active(monitor, K.TEMPERATURE_OUT_OF_RANGE) is not None
    _temperatures(monitor, log, t, 3, 4.0)
    assert active(monitor, K.TEMPERATURE_OUT_OF_RANGE) is None
    assert len(log.cleared(K.TEMPERATURE_OUT_OF_RANGE)) == 1


def test_temperature_too_cold_in_a_fridge_and_warm_freezer() -> None:
    fridge = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    _temperatures(fridge, log, T0, 40, -3.0)
    finding = active(fridge, K.TEMPERATURE_OUT_OF_RANGE)
    assert finding is not None
    assert finding.values["direction"] == "low"
    assert "warmer" in finding.advice
    freezer = CareMonitor(CareSubject.FREEZER)
    _temperatures(freezer, log, T0, 40, -18.0)
    assert active(freezer, K.TEMPERATURE_OUT_OF_RANGE) is None
    _temperatures(freezer, log, T0 + HOUR, 40, -10.0)
    assert active(freezer, K.TEMPERATURE_OUT_OF_RANGE) is not None


def test_a_short_warm_spell_raises_nothing() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    t = T0
    for _ in range(10):  # defrosts: 20 minutes above the limit, then back
        t = _temperatures(monitor, log, t, 20, 8.7)
        t = _temperatures(monitor, log, t, 40, 5.0)
    assert log.changes == []


def test_a_stale_temperature_does_not_count() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    log(monitor.temperature(T0, 9.0))
    for k in range(1, 600):
        log(monitor.tick(T0 + 3 * HOUR + k * MIN))
    assert log.raised(K.TEMPERATURE_OUT_OF_RANGE) == []


def _defrost(monitor: CareMonitor, log: Log, at: float, heater_s: float = 1200.0) -> None:
    log(
        monitor.compressor(CompressorEvent(kind=CompressorEventKind.DEFROST, at=at, run_s=heater_s))
    )


def _defrosting_fridge(every_h: float, count: int) -> tuple[CareMonitor, Log, float]:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    log = Log()
    t = T0
    for _ in range(count):
        t = fridge_days(monitor, log, every_h * HOUR / DAY, start=t, duty=_steady(0.3))
        _defrost(monitor, log, t)
    return monitor, log, t


def test_defrost_missing() -> None:
    monitor, log, t = _defrosting_fridge(24.0, 5)
    assert log.changes == []
    t = fridge_days(monitor, log, 3.1, start=t, duty=_steady(0.3))
    finding = active(monitor, K.DEFROST_ANOMALY)
    assert finding is not None
    assert finding.values["reason"] == "missing"
    _defrost(monitor, log, t)
    fridge_days(monitor, log, 0.1, start=t, duty=_steady(0.3))
    assert active(monitor, K.DEFROST_ANOMALY) is None


def test_defrost_too_frequent_and_too_long() -> None:
    monitor, log, t = _defrosting_fridge(24.0, 5)
    for _ in range(2):
        t = fridge_days(monitor, log, 4 * HOUR / DAY, start=t, duty=_steady(0.3))
        _defrost(monitor, log, t)
    finding = active(monitor, K.DEFROST_ANOMALY)
    assert finding is not None
    assert finding.values["reason"] == "frequent"
    log(monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.REPAIR, at=t)))
    assert active(monitor, K.DEFROST_ANOMALY) is None
    for _ in range(2):
        t = fridge_days(monitor, log, 1, start=t, duty=_steady(0.3))
        _defrost(monitor, log, t, heater_s=4 * 1200.0)
    assert active(monitor, K.DEFROST_ANOMALY).values["reason"] == "long"  # type: ignore[union-attr]


def test_garbled_compressor_events_are_ignored() -> None:
    monitor = CareMonitor(CareSubject.REFRIGERATOR)
    assert monitor.compressor(CompressorEvent(kind=CompressorEventKind.DEFROST, at=T0)) == ()
    assert (
        monitor.compressor(
            CompressorEvent(kind=CompressorEventKind.COMPRESSOR_STOPPED, at=T0, run_s=600)
        )
        == ()
    )
    assert monitor.compressor("defrost") == ()  # type: ignore[arg-type]
    washer = CareMonitor(CareSubject.WASHER)
    assert (
        washer.compressor(CompressorEvent(kind=CompressorEventKind.DEFROST, at=T0, run_s=900)) == ()
    )


def test_air_conditioner_duty_drift_counts_operating_time_only() -> None:
    monitor = CareMonitor(CareSubject.AIR_CONDITIONER)
    log = Log()

    def day(duty: float) -> None:
        nonlocal t
        # Six hours of operation a day, the compressor on for `duty` of them; off otherwise.
        for minute in range(24 * 60):
            at = t + minute * MIN
            log(monitor.outdoor(at, 30.0, None))
            operating = minute < 6 * 60
            running = operating and (minute % 60) < duty * 60
            power = 900.0 if running else (40.0 if operating else 1.5)
            log(monitor.compressor_stats(at, running=running, duty_cycle_24h=None, power_w=power))
            log(monitor.tick(at))
        t += DAY

    t = T0
    for _ in range(8):
        day(0.5)
    assert log.raised(K.DUTY_CYCLE_DRIFT) == []
    for _ in range(3):
        day(0.65)
    finding = active(monitor, K.DUTY_CYCLE_DRIFT)
    assert finding is not None
    assert "condenser coil" in finding.advice
    assert monitor.drift_levels["duty"] >= 1.0
    assert finding.values["ambient_c"] == 30.0
    assert 25 <= int(finding.values["change_pct"]) <= 35


def test_a_pull_down_after_a_power_cut_is_no_alarm() -> None:
    monitor, log, t = _learned()
    t = fridge_days(monitor, log, 50 * MIN / DAY, start=t, duty=_steady(0.0), power_w=None)
    # Five hours running without a pause: the cabinet warmed during the cut.
    t = fridge_days(monitor, log, 5 * HOUR / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    assert active(monitor, K.COMPRESSOR_NEVER_STOPS) is None
    t = fridge_days(monitor, log, 3, start=t, duty=_steady(0.3))
    assert active(monitor, K.COMPRESSOR_NEVER_STOPS) is None
    # Nor does the pull-down make the day's duty a drift.
    assert active(monitor, K.DUTY_CYCLE_DRIFT) is None
    assert not [c for c in log.changes if c.finding is not None]
    # A cut long ago allows nothing: the same run later is stuck.
    fridge_days(monitor, log, 4.5 * HOUR / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    assert active(monitor, K.COMPRESSOR_NEVER_STOPS) is not None


def test_the_allowance_grows_with_the_cut_and_survives_a_restart() -> None:
    monitor, log, t = _learned()
    t = fridge_days(monitor, log, 2 * HOUR / DAY, start=t, duty=_steady(0.0), power_w=None)
    restored = CareMonitor(CareSubject.REFRIGERATOR, state=monitor.to_state())
    t = fridge_days(restored, log, 13 * HOUR / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    # Four hours' limit plus six times the two-hour cut, at most twelve hours more.
    assert active(restored, K.COMPRESSOR_NEVER_STOPS) is None
    fridge_days(restored, log, 4 * HOUR / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    assert active(restored, K.COMPRESSOR_NEVER_STOPS) is not None


def test_a_slow_drift_to_forty_percent_longer_runs_is_found_before_its_ramp_ends() -> None:
    monitor, log, t = _learned()
    onset = t

    def ramp(at: float) -> float:
        return 0.30 * (1 + 0.4 * min(1.0, (at - onset) / (14 * DAY)))

    fridge_days(monitor, log, 14, start=t, duty=ramp)
    raised = log.raised(K.DUTY_CYCLE_DRIFT)
    assert raised
    assert raised[0].since - onset < 14 * DAY


def test_a_single_warm_day_is_no_drift() -> None:
    monitor, log, t = _learned()
    t = fridge_days(monitor, log, 1, start=t, duty=_steady(0.30 * 1.24))  # restocking, heat
    fridge_days(monitor, log, 7, start=t, duty=_steady(0.30))
    assert log.raised(K.DUTY_CYCLE_DRIFT) == []


def test_a_clock_set_back_during_a_pull_down_neither_hides_nor_invents_an_alarm() -> None:
    monitor, log, t = _learned()
    t = fridge_days(monitor, log, 50 * MIN / DAY, start=t, duty=_steady(0.0), power_w=None)
    t = fridge_days(monitor, log, HOUR / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    # Set back a day: the run goes on being timed, its allowance unchanged.
    t -= DAY
    t = fridge_days(monitor, log, 5 * HOUR / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    assert active(monitor, K.COMPRESSOR_NEVER_STOPS) is None
    fridge_days(monitor, log, 6 * HOUR / DAY, start=t, duty=_steady(1.0), period_s=DAY)
    assert active(monitor, K.COMPRESSOR_NEVER_STOPS) is not None


def test_the_pull_down_after_a_cut_is_left_out_of_the_duty() -> None:
    levels = []
    for cut in (True, False):
        monitor, log, t = _learned()
        # Twelve hours a day of running for two days: after a cut, or without one.
        for _ in range(2):
            if cut:
                t = fridge_days(
                    monitor, log, 2 * HOUR / DAY, start=t, duty=_steady(0.0), power_w=None
                )
            t = fridge_days(monitor, log, 12 * HOUR / DAY, start=t, duty=_steady(1.0), period_s=DAY)
            t = fridge_days(monitor, log, 10 * HOUR / DAY, start=t, duty=_steady(0.3))
        levels.append(monitor.drift_levels["duty"])
    after_cuts, without = levels
    assert after_cuts < 0.5 * without
