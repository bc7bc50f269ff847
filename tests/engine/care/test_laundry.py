"""Washer habits: laundry left in the drum, small loads, frequent unbalanced loads."""

from __future__ import annotations

from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSubject,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    Severity,
)

from .helpers import DAY, HOUR, MIN, T0, Log, active, program, record, run_cycles

K = FindingKind


def _finish_with_door_sensor(monitor: CareMonitor, log: Log) -> float:
    log(monitor.door(T0, False))
    rec = record(T0)
    log(monitor.cycle_started(T0))
    log(monitor.cycle_finished(rec, None))
    return rec.finished_at


def _tick_until(monitor: CareMonitor, log: Log, start: float, end: float) -> None:
    t = start
    while t <= end:
        log(monitor.tick(t))
        t += MIN


def test_laundry_left_in_raised_after_two_hours_and_warning_after_eight() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    done = _finish_with_door_sensor(monitor, log)
    _tick_until(monitor, log, done, done + 2 * HOUR - 2 * MIN)
    assert active(monitor, K.LAUNDRY_LEFT_IN) is None
    _tick_until(monitor, log, done + 2 * HOUR - MIN, done + 2 * HOUR + MIN)
    finding = active(monitor, K.LAUNDRY_LEFT_IN)
    assert finding is not None
    assert finding.severity is Severity.INFO
    _tick_until(monitor, log, done + 2 * HOUR, done + 8 * HOUR + MIN)
    assert [f.severity for f in log.raised(K.LAUNDRY_LEFT_IN)] == [
        Severity.INFO,
        Severity.WARNING,
    ]
    assert log.raised(K.LAUNDRY_LEFT_IN)[1].since == finding.since


def test_opening_the_door_clears_laundry_left_in_at_once() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    done = _finish_with_door_sensor(monitor, log)
    _tick_until(monitor, log, done, done + 3 * HOUR)
    assert active(monitor, K.LAUNDRY_LEFT_IN) is not None
    changes = log(monitor.door(done + 3 * HOUR + MIN, True))
    assert [(c.finding.kind, c.raised) for c in changes] == [(K.LAUNDRY_LEFT_IN, False)]


def test_unloaded_and_a_new_cycle_clear_laundry_left_in() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    done = _finish_with_door_sensor(monitor, log)
    _tick_until(monitor, log, done, done + 3 * HOUR)
    log(monitor.unloaded(done + 3 * HOUR + MIN))
    assert active(monitor, K.LAUNDRY_LEFT_IN) is None
    rec = record(done + 4 * HOUR)
    log(monitor.cycle_finished(rec, None))
    _tick_until(monitor, log, rec.finished_at, rec.finished_at + 3 * HOUR)
    assert active(monitor, K.LAUNDRY_LEFT_IN) is not None
    log(monitor.cycle_started(rec.finished_at + 3 * HOUR + MIN))
    assert active(monitor, K.LAUNDRY_LEFT_IN) is None


def test_no_laundry_left_in_without_a_door_sensor() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    rec = record(T0)
    log(monitor.cycle_finished(rec, None))
    _tick_until(monitor, log, rec.finished_at, rec.finished_at + 12 * HOUR)
    assert log.raised(K.LAUNDRY_LEFT_IN) == []


def test_small_loads_habit_raised_and_cleared() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    info = program(energy_wh=800.0)

    def small(t: float, _: int):  # type: ignore[no-untyped-def]
        return record(t, energy_wh=300.0)

    end = run_cycles(monitor, log, 3, start=T0, make=small, info=info)
    assert active(monitor, K.SMALL_LOAD) is None
    end = run_cycles(monitor, log, 1, start=end, make=small, info=info)
    finding = active(monitor, K.SMALL_LOAD)
    assert finding is not None
    assert finding.severity is Severity.INFO
    assert finding.values["small_cycles"] == 4
    # Back to full loads: the habit clears once at most one of the last ten was small.
    end = run_cycles(monitor, log, 8, start=end, info=info)
    assert active(monitor, K.SMALL_LOAD) is not None
    run_cycles(monitor, log, 2, start=end, info=info)
    assert active(monitor, K.SMALL_LOAD) is None


def test_small_load_needs_a_known_program() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()

    def small(t: float, _: int):  # type: ignore[no-untyped-def]
        return record(t, energy_wh=100.0)

    run_cycles(monitor, log, 10, start=T0, make=small, info=program(cycles=1))
    run_cycles(monitor, log, 10, start=T0 + 20 * DAY, make=small, info=None)
    assert log.raised(K.SMALL_LOAD) == []


def _cycle_with_vibrations(monitor: CareMonitor, log: Log, t: float, episodes: int) -> float:
    log(monitor.cycle_started(t))
    log(monitor.vibration(t + MIN, False))
    for k in range(episodes):
        log(monitor.vibration(t + (2 + 2 * k) * MIN, True))
        log(monitor.vibration(t + (3 + 2 * k) * MIN, False))
    log(monitor.cycle_finished(record(t), None))
    return t + DAY


def test_frequent_unbalance_raised_and_cleared() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    t = T0
    for _ in range(5):
        t = _cycle_with_vibrations(monitor, log, t, 2)
    for _ in range(2):
        t = _cycle_with_vibrations(monitor, log, t, 9)
    assert active(monitor, K.FREQUENT_UNBALANCE) is None
    t = _cycle_with_vibrations(monitor, log, t, 9)
    finding = active(monitor, K.FREQUENT_UNBALANCE)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.values["usual_episodes"] == 2
    assert finding.values["last_episodes"] == 9
    for _ in range(4):
        t = _cycle_with_vibrations(monitor, log, t, 2)
    assert active(monitor, K.FREQUENT_UNBALANCE) is None
    assert len(log.cleared(K.FREQUENT_UNBALANCE)) == 1


def test_unbalance_needs_vibration_data_from_the_cycle() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    for day in range(10):
        log(monitor.cycle_finished(record(T0 + day * DAY), None))
        log(monitor.vibration(T0 + day * DAY + 12 * HOUR, True))
        log(monitor.vibration(T0 + day * DAY + 13 * HOUR, None))
    assert log.raised(K.FREQUENT_UNBALANCE) == []


def test_repair_resets_the_unbalance_window() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    t = T0
    for episodes in (2, 2, 2, 2, 2, 9, 9, 9):
        t = _cycle_with_vibrations(monitor, log, t, episodes)
    assert active(monitor, K.FREQUENT_UNBALANCE) is not None
    log(monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.REPAIR, at=t)))
    assert active(monitor, K.FREQUENT_UNBALANCE) is None
    t = _cycle_with_vibrations(monitor, log, t, 9)
    assert active(monitor, K.FREQUENT_UNBALANCE) is None
