"""Maintenance-due reminders: tub clean, lint filter, dishwasher filter, filter clean."""

from __future__ import annotations

import pytest

from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSubject,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    Severity,
)

from .helpers import DAY, HOUR, T0, Log, active, record, run_cycles

K = FindingKind


def test_tub_clean_due_after_thirty_cycles() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    run_cycles(monitor, log, 29, start=T0, every_s=HOUR * 12)
    assert active(monitor, K.TUB_CLEAN_DUE) is None
    run_cycles(monitor, log, 1, start=T0 + 29 * 12 * HOUR)
    finding = active(monitor, K.TUB_CLEAN_DUE)
    assert finding is not None
    assert finding.severity is Severity.INFO
    assert finding.fix is MaintenanceKind.TUB_CLEAN
    assert finding.values["cycles"] == 30
    assert finding.values["limit"] == 30
    assert "30 cycles (0 of them hot)" in finding.evidence
    assert len(log.raised(K.TUB_CLEAN_DUE)) == 1


def test_hot_and_long_cycles_weigh_more() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()

    def hot_long(t: float, _: int):  # type: ignore[no-untyped-def]
        return record(t, minutes=200, energy_wh=1500)

    run_cycles(monitor, log, 17, start=T0, every_s=12 * HOUR, make=hot_long)
    # 17 x (1 + 0.5 hot + 0.25 long) = 29.75
    assert active(monitor, K.TUB_CLEAN_DUE) is None
    assert monitor.due(MaintenanceKind.TUB_CLEAN).weighted_cycles_since == 29.75
    run_cycles(monitor, log, 1, start=T0 + 17 * 12 * HOUR, make=hot_long)
    finding = active(monitor, K.TUB_CLEAN_DUE)
    assert finding is not None
    assert finding.values["hot_cycles"] == 18
    assert "18 cycles (18 of them hot)" in finding.evidence


def test_tub_clean_due_by_time_after_a_month_of_use() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    run_cycles(monitor, log, 5, start=T0, every_s=5 * DAY)
    log(monitor.tick(T0 + 29 * DAY))
    assert active(monitor, K.TUB_CLEAN_DUE) is None
    log(monitor.tick(T0 + 30 * DAY + HOUR))
    finding = active(monitor, K.TUB_CLEAN_DUE)
    assert finding is not None
    assert finding.values["days"] == 30
    due = monitor.due(MaintenanceKind.TUB_CLEAN)
    assert due.cycles_since == 5
    assert due.last_at is None
    assert due.next_due_at is not None


def test_tub_clean_not_due_by_time_when_hardly_used() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    run_cycles(monitor, log, 2, start=T0)
    log(monitor.tick(T0 + 60 * DAY))
    assert active(monitor, K.TUB_CLEAN_DUE) is None


def test_recording_the_tub_clean_clears_and_restarts_the_count() -> None:
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    end = run_cycles(monitor, log, 30, start=T0, every_s=12 * HOUR)
    assert active(monitor, K.TUB_CLEAN_DUE) is not None
    changes = log(
        monitor.record_maintenance(
            MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=end, cost=0.0, note="tub clean")
        )
    )
    assert [c.raised for c in changes] == [False]
    assert active(monitor, K.TUB_CLEAN_DUE) is None
    due = monitor.due(MaintenanceKind.TUB_CLEAN)
    assert due.last_at == end
    assert due.cycles_since == 0
    # Two washes a day reach the cycle limit before the 30-day interval: the next date
    # is known at once, from the rate before the clean.
    limit = monitor.settings.tub_clean_due_cycles
    rate = 30 / ((end - T0) / DAY)
    assert due.next_due_at == pytest.approx(end + limit / rate * DAY, rel=0.01)
    assert due.next_due_at < end + 30 * DAY
    assert monitor.maintenance[-1].note == "tub clean"
    run_cycles(monitor, log, 10, start=end + HOUR, every_s=12 * HOUR)
    assert active(monitor, K.TUB_CLEAN_DUE) is None
    finding = next(iter(log.raised(K.TUB_CLEAN_DUE)))
    assert "no tub clean recorded" in finding.evidence


def test_lint_filter_due_after_five_drying_cycles() -> None:
    monitor = CareMonitor(CareSubject.DRYER)
    log = Log()
    run_cycles(monitor, log, 4, start=T0, every_s=HOUR * 3)
    assert active(monitor, K.LINT_FILTER_DUE) is None
    end = run_cycles(monitor, log, 1, start=T0 + 12 * HOUR)
    finding = active(monitor, K.LINT_FILTER_DUE)
    assert finding is not None
    assert finding.fix is MaintenanceKind.LINT_FILTER_CLEAN
    log(
        monitor.record_maintenance(
            MaintenanceRecord(kind=MaintenanceKind.LINT_FILTER_CLEAN, at=end)
        )
    )
    assert active(monitor, K.LINT_FILTER_DUE) is None
    # The next clean is dated at once, from the drying rate before it (five dryings in
    # the days before), never left unknown after a recorded clean.
    next_due = monitor.due(MaintenanceKind.LINT_FILTER_CLEAN).next_due_at
    assert next_due is not None
    assert end < next_due < end + 30 * DAY


def test_dishwasher_filter_due_by_cycles_and_cleared_by_a_filter_clean() -> None:
    monitor = CareMonitor(CareSubject.DISHWASHER)
    log = Log()
    end = run_cycles(monitor, log, 30, start=T0, every_s=12 * HOUR)
    finding = active(monitor, K.DISHWASHER_FILTER_DUE)
    assert finding is not None
    assert finding.fix is MaintenanceKind.FILTER_CLEAN
    log(monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.FILTER_CLEAN, at=end)))
    assert active(monitor, K.DISHWASHER_FILTER_DUE) is None


def test_air_conditioner_filter_clean_due_after_two_weeks_of_use() -> None:
    monitor = CareMonitor(CareSubject.AIR_CONDITIONER)
    log = Log()
    for day in range(15):
        t = T0 + day * DAY + 12 * HOUR
        log(monitor.compressor_stats(t, running=True, duty_cycle_24h=0.5, power_w=800.0))
        log(monitor.tick(t))
    finding = active(monitor, K.FILTER_CLEAN_DUE)
    assert finding is not None
    assert finding.values["limit_days"] == 14
    assert finding.evidence.startswith("Used on 15 days since")
    log(monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.FILTER_CLEAN, at=t)))
    assert active(monitor, K.FILTER_CLEAN_DUE) is None


def test_unused_air_purifier_gets_no_filter_clean_reminder() -> None:
    monitor = CareMonitor(CareSubject.AIR_PURIFIER)
    log = Log()
    for day in range(90):
        t = T0 + day * DAY
        log(monitor.compressor_stats(t, running=False, duty_cycle_24h=None, power_w=1.0))
        log(monitor.tick(t))
    assert log.changes == []


def test_appliances_without_reminders_have_plain_due() -> None:
    monitor = CareMonitor(CareSubject.OTHER)
    assert monitor.cycle_finished(record(T0), None) == ()
    due = monitor.due(MaintenanceKind.DESCALE)
    assert due.last_at is None
    assert due.next_due_at is None
    monitor.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.DESCALE, at=T0))
    assert monitor.due(MaintenanceKind.DESCALE).last_at == T0
    assert monitor.due(MaintenanceKind.TUB_CLEAN).cycles_since == 0


@pytest.mark.parametrize("subject", [CareSubject.WASHER, CareSubject.DRYER, CareSubject.DISHWASHER])
@pytest.mark.parametrize("every_h", [5.0, 20.0, 60.0, 200.0])
def test_the_next_date_agrees_with_due_every_day(subject: CareSubject, every_h: float) -> None:
    """Due on exactly when the next date is today or past; a clean dates the next one."""
    monitor = CareMonitor(subject)
    log = Log()
    kind = {
        CareSubject.WASHER: MaintenanceKind.TUB_CLEAN,
        CareSubject.DRYER: MaintenanceKind.LINT_FILTER_CLEAN,
        CareSubject.DISHWASHER: MaintenanceKind.FILTER_CLEAN,
    }[subject]
    finding_of = {
        MaintenanceKind.TUB_CLEAN: K.TUB_CLEAN_DUE,
        MaintenanceKind.LINT_FILTER_CLEAN: K.LINT_FILTER_DUE,
        MaintenanceKind.FILTER_CLEAN: K.DISHWASHER_FILTER_DUE,
    }[kind]
    t = T0
    cleaned = False
    for day in range(120):
        while t < T0 + (day + 1) * DAY:
            t = run_cycles(monitor, log, 1, start=t, every_s=every_h * HOUR)
        now = T0 + (day + 1) * DAY
        log(monitor.tick(now))
        due = monitor.due(kind)
        is_due = active(monitor, finding_of) is not None
        if is_due:
            assert due.next_due_at is not None
            assert due.next_due_at <= now, (day, due)
        elif due.next_due_at is not None:
            assert due.next_due_at > now, (day, due)
        if is_due and not cleaned:
            log(monitor.record_maintenance(MaintenanceRecord(kind=kind, at=now)))
            cleaned = True
            after = monitor.due(kind)
            assert after.next_due_at is not None, "dated from the rate before the clean"
            assert after.next_due_at > now


def test_a_maintenance_dated_back_keeps_the_use_rate() -> None:
    """Ten washes over ten days, a tub clean recorded as done 8.5 days ago: one a day."""
    monitor = CareMonitor(CareSubject.WASHER)
    log = Log()
    end = run_cycles(monitor, log, 10, start=T0, every_s=DAY)
    log(monitor.tick(end))
    monitor.record_maintenance(
        MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=end - 8.5 * DAY)
    )
    next_due = monitor.due(MaintenanceKind.TUB_CLEAN).next_due_at
    assert next_due is not None
    limit = monitor.settings.tub_clean_due_cycles
    # About a wash a day: the limit is weeks away, not a few days.
    assert next_due - end > 0.7 * min(limit, 30) * DAY
