"""Reminder dates: a new appliance's, after a maintenance, and always agreeing with "due"."""

from __future__ import annotations

from collections.abc import Callable
import math

import pytest

from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSettings,
    CareSubject,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    reminder_kinds,
)
from custom_components.appliance_care.engine.care.reminders import (
    LABEL_CYCLES_PER_YEAR,
    YEAR_DAYS,
)

from .helpers import DAY, HOUR, MIN, T0, Log, active, run_cycles

K = FindingKind
M = MaintenanceKind
REMINDER_OF = {
    M.TUB_CLEAN: K.TUB_CLEAN_DUE,
    M.LINT_FILTER_CLEAN: K.LINT_FILTER_DUE,
}


def _typical_days(subject: CareSubject, cycles: float) -> float:
    """Return the days the typical household takes to run `cycles` cycles."""
    return cycles / (LABEL_CYCLES_PER_YEAR[subject] / YEAR_DAYS)


def _finding_of(subject: CareSubject, kind: MaintenanceKind) -> FindingKind:
    if kind is M.FILTER_CLEAN:
        return K.DISHWASHER_FILTER_DUE if subject is CareSubject.DISHWASHER else K.FILTER_CLEAN_DUE
    return REMINDER_OF[kind]


def test_a_new_washer_counts_the_interval_from_its_set_up() -> None:
    monitor = CareMonitor(CareSubject.WASHER, restored_at=T0)
    due = monitor.due(M.TUB_CLEAN)
    assert due.next_due_at == T0 + 30 * DAY
    assert not due.due_now
    assert due.last_at is None


def test_a_new_dryer_dates_its_lint_filter_from_typical_use() -> None:
    monitor = CareMonitor(CareSubject.DRYER, restored_at=T0)
    due = monitor.due(M.LINT_FILTER_CLEAN)
    limit = monitor.settings.lint_filter_due_cycles
    assert due.next_due_at == pytest.approx(T0 + _typical_days(CareSubject.DRYER, limit) * DAY)
    assert not due.due_now


def test_a_recorded_lint_filter_clean_dates_the_next_from_the_record() -> None:
    monitor = CareMonitor(CareSubject.DRYER, restored_at=T0)
    cleaned = T0 + 2 * DAY
    monitor.tick(cleaned)
    monitor.record_maintenance(MaintenanceRecord(kind=M.LINT_FILTER_CLEAN, at=cleaned))
    due = monitor.due(M.LINT_FILTER_CLEAN)
    assert due.last_at == cleaned
    limit = monitor.settings.lint_filter_due_cycles
    assert due.next_due_at == pytest.approx(cleaned + _typical_days(CareSubject.DRYER, limit) * DAY)


def test_a_recent_purchase_date_starts_the_interval() -> None:
    monitor = CareMonitor(CareSubject.WASHER, restored_at=T0)
    monitor.purchased_at = T0 - 10 * DAY
    assert monitor.due(M.TUB_CLEAN).next_due_at == T0 + 20 * DAY
    log = Log()
    run_cycles(monitor, log, 4, start=T0 + DAY, every_s=2 * DAY)
    log(monitor.tick(T0 + 20 * DAY - HOUR))
    assert active(monitor, K.TUB_CLEAN_DUE) is None
    log(monitor.tick(T0 + 20 * DAY + HOUR))
    finding = active(monitor, K.TUB_CLEAN_DUE)
    assert finding is not None
    assert finding.values["days"] == 30
    due = monitor.due(M.TUB_CLEAN)
    assert due.due_now
    assert due.next_due_at == T0 + 20 * DAY
    # Once done, time counts from the record, not the purchase.
    done = T0 + 21 * DAY
    monitor.record_maintenance(MaintenanceRecord(kind=M.TUB_CLEAN, at=done))
    assert monitor.due(M.TUB_CLEAN).next_due_at == pytest.approx(done + 30 * DAY, abs=DAY)


def test_an_old_purchase_makes_it_due_once_the_washer_is_used() -> None:
    """Years without a tub clean on record: due after the washes the time rule needs."""
    monitor = CareMonitor(CareSubject.WASHER, restored_at=T0)
    monitor.purchased_at = T0 - 700 * DAY
    due = monitor.due(M.TUB_CLEAN)
    assert not due.due_now
    assert due.next_due_at == pytest.approx(T0 + _typical_days(CareSubject.WASHER, 4) * DAY)
    log = Log()
    end = run_cycles(monitor, log, 4, start=T0 + HOUR, every_s=DAY)
    assert active(monitor, K.TUB_CLEAN_DUE) is not None
    due = monitor.due(M.TUB_CLEAN)
    assert due.due_now
    assert due.next_due_at is not None
    assert due.next_due_at <= end
    # Overdue since a month after its purchase: its interval counts from then.
    assert due.next_due_at == T0 - 700 * DAY + 30 * DAY


def test_a_date_of_a_reminder_due_by_cycles_stays_while_it_waits() -> None:
    monitor = CareMonitor(CareSubject.DRYER, restored_at=T0)
    log = Log()
    run_cycles(monitor, log, 5, start=T0, every_s=6 * HOUR)
    finding = active(monitor, K.LINT_FILTER_DUE)
    assert finding is not None
    for days in (2, 4, 11):
        log(monitor.tick(T0 + days * DAY))
        due = monitor.due(M.LINT_FILTER_CLEAN)
        assert due.due_now
        assert due.next_due_at == finding.since, "not moving on to today every day"


def test_a_raised_reminder_stays_due_and_dated_when_the_settings_change() -> None:
    monitor = CareMonitor(CareSubject.WASHER, restored_at=T0)
    log = Log()
    monitor.apply_settings(CareSettings(tub_clean_due_cycles=5))
    end = run_cycles(monitor, log, 5, start=T0, every_s=DAY)
    finding = active(monitor, K.TUB_CLEAN_DUE)
    assert finding is not None
    monitor.apply_settings(CareSettings())
    due = monitor.due(M.TUB_CLEAN)
    assert due.due_now, "only the maintenance clears a reminder"
    assert due.next_due_at is not None
    assert due.next_due_at <= end
    assert due.next_due_at == finding.since


def test_a_new_filter_is_a_cleaned_one() -> None:
    monitor = CareMonitor(CareSubject.AIR_CONDITIONER, restored_at=T0)
    replaced = T0 + 3 * DAY
    monitor.tick(replaced)
    monitor.record_maintenance(MaintenanceRecord(kind=M.FILTER_REPLACE, at=replaced))
    due = monitor.due(M.FILTER_CLEAN)
    assert due.last_at == replaced
    assert due.next_due_at == replaced + 14 * DAY


def test_a_filter_replacement_notice_without_a_forecast_is_dated_when_raised() -> None:
    monitor = CareMonitor(CareSubject.WATER_PURIFIER, restored_at=T0)
    monitor.filter_usage(T0 + HOUR, 95.0)
    finding = active(monitor, K.FILTER_REPLACE_SOON)
    assert finding is not None
    due = monitor.due(M.FILTER_REPLACE)
    assert due.due_now
    assert due.next_due_at == finding.since


def test_a_water_purifier_has_no_filter_to_clean() -> None:
    assert reminder_kinds(CareSubject.WATER_PURIFIER) == ()
    assert reminder_kinds(CareSubject.AIR_PURIFIER) == (M.FILTER_CLEAN,)


@pytest.mark.parametrize(
    "subject",
    [
        CareSubject.WASHER,
        CareSubject.DRYER,
        CareSubject.DISHWASHER,
        CareSubject.AIR_CONDITIONER,
        CareSubject.AIR_PURIFIER,
    ],
)
@pytest.mark.parametrize("use_every_days", [0.5, 3.0, 15.0])
def test_due_and_the_next_date_agree_from_day_one(
    subject: CareSubject, use_every_days: float
) -> None:
    """Every day: due exactly while the reminder is raised, dated today or before; not
    due, dated after now; a maintenance done when due dates the next one after it."""
    monitor = CareMonitor(subject, restored_at=T0)
    (kind,) = reminder_kinds(subject)
    finding_kind = _finding_of(subject, kind)
    log = Log()
    next_use = T0 + HOUR
    for day in range(100):
        now = T0 + (day + 1) * DAY
        while next_use < now:
            _use(monitor, log, subject, next_use)
            next_use += use_every_days * DAY
        log(monitor.tick(now))
        due = monitor.due(kind)
        assert due.due_now == (active(monitor, finding_kind) is not None), day
        assert due.next_due_at is not None, day
        if due.due_now:
            assert due.next_due_at <= now, (day, due)
            monitor.record_maintenance(MaintenanceRecord(kind=kind, at=now))
            after = monitor.due(kind)
            assert not after.due_now
            assert after.last_at == now
            assert after.next_due_at is not None
            assert after.next_due_at > now, (day, after)
        else:
            assert due.next_due_at > now, (day, due)


def test_a_tub_clean_recorded_by_hand_on_a_counting_washer_counts_from_there() -> None:
    """The machine counts on without its tub-clean course: its count beyond the record."""
    monitor = CareMonitor(CareSubject.WASHER, restored_at=T0)
    monitor.tub_clean_count(T0 + HOUR, 27)
    cleaned = T0 + 2 * HOUR
    monitor.record_maintenance(MaintenanceRecord(kind=M.TUB_CLEAN, at=cleaned))
    monitor.tub_clean_count(T0 + 3 * HOUR, 27)
    assert monitor.due(M.TUB_CLEAN).cycles_since == 0
    monitor.tub_clean_count(T0 + DAY, 28)
    due = monitor.due(M.TUB_CLEAN)
    assert due.cycles_since == 1
    assert due.last_at == cleaned
    assert due.next_due_at == cleaned + 30 * DAY
    # Its own course later brings the count back: counted from the machine again.
    monitor.tub_clean_count(T0 + 2 * DAY, 0)
    monitor.tub_clean_count(T0 + 3 * DAY, 2)
    assert monitor.due(M.TUB_CLEAN).cycles_since == 2
    state = monitor.to_state()
    restored = CareMonitor(CareSubject.WASHER, state=state, restored_at=T0 + 3 * DAY)
    assert restored.due(M.TUB_CLEAN).cycles_since == 2
    # A clean entered late, dated before the last one, leaves the count as it is.
    monitor.record_maintenance(MaintenanceRecord(kind=M.TUB_CLEAN, at=T0 + HOUR))
    monitor.tub_clean_count(T0 + 4 * DAY, 3)
    assert monitor.due(M.TUB_CLEAN).cycles_since == 3


# ------------------------------------------------------------- the days dates are shown in


def _local_days(utc_offset_h: float) -> Callable[[float], float]:
    """Return where the next day begins for a home at a fixed offset from UTC."""
    offset = utc_offset_h * HOUR

    def next_day_start(at: float) -> float:
        return (math.floor((at + offset) / DAY) + 1) * DAY - offset

    return next_day_start


def _shown_day(at: float, utc_offset_h: float) -> int:
    """Return the day a time is shown on at an offset from UTC (days since 1970)."""
    return math.floor((at + utc_offset_h * HOUR) / DAY)


@pytest.mark.parametrize("utc_offset_h", [9.0, -8.0])
@pytest.mark.parametrize("local_hour", [22.5, 0.5, 12.0])
def test_an_interval_falls_due_at_the_start_of_its_local_day(
    utc_offset_h: float, local_hour: float
) -> None:
    """Ending late in the evening or just after midnight: due from that day's midnight."""
    set_up = T0 + (local_hour - utc_offset_h) * HOUR
    monitor = CareMonitor(
        CareSubject.WASHER, restored_at=set_up, next_day_start=_local_days(utc_offset_h)
    )
    log = Log()
    run_cycles(monitor, log, 4, start=set_up + HOUR, every_s=5 * DAY)
    ends = set_up + 30 * DAY
    midnight = ends - (local_hour * HOUR)
    assert _shown_day(midnight, utc_offset_h) == _shown_day(ends, utc_offset_h)
    assert _shown_day(midnight - MIN, utc_offset_h) < _shown_day(ends, utc_offset_h)

    log(monitor.tick(midnight - MIN))
    due = monitor.due(M.TUB_CLEAN)
    assert not due.due_now
    assert active(monitor, K.TUB_CLEAN_DUE) is None
    assert due.next_due_at == ends, "dated the day it ends: tomorrow"

    log(monitor.tick(midnight + MIN))
    finding = active(monitor, K.TUB_CLEAN_DUE)
    assert finding is not None, "raised on the first tick of the day"
    due = monitor.due(M.TUB_CLEAN)
    assert due.due_now
    assert due.next_due_at == midnight + MIN
    assert _shown_day(due.next_due_at, utc_offset_h) == _shown_day(ends, utc_offset_h)


def test_without_local_days_an_interval_falls_due_at_the_start_of_its_utc_day() -> None:
    monitor = CareMonitor(CareSubject.WASHER, restored_at=T0 + 22 * HOUR)
    run_cycles(monitor, Log(), 4, start=T0 + DAY, every_s=5 * DAY)
    monitor.tick(T0 + 30 * DAY - MIN)
    assert not monitor.due(M.TUB_CLEAN).due_now
    monitor.tick(T0 + 30 * DAY)
    due = monitor.due(M.TUB_CLEAN)
    assert due.due_now
    assert due.next_due_at == T0 + 30 * DAY


def test_a_filter_forecast_of_today_without_a_notice_is_shown_tomorrow() -> None:
    """A new filter recorded by hand while the purifier still counts the old one as spent."""
    monitor = CareMonitor(CareSubject.WATER_PURIFIER, restored_at=T0)
    monitor.filter_usage(T0 + HOUR, 100.0)
    assert monitor.due(M.FILTER_REPLACE).due_now
    monitor.record_maintenance(MaintenanceRecord(kind=M.FILTER_REPLACE, at=T0 + 2 * HOUR))
    monitor.filter_usage(T0 + 3 * HOUR, 100.0)
    due = monitor.due(M.FILTER_REPLACE)
    assert not due.due_now, "no notice until the purifier's counter is reset"
    assert monitor.filter_replace_by == T0 + 3 * HOUR
    assert due.next_due_at == T0 + DAY


@pytest.mark.parametrize("utc_offset_h", [9.0, -8.0])
def test_an_estimate_falling_today_is_shown_tomorrow(utc_offset_h: float) -> None:
    """Two dryings a day, the fifth expected this evening: tomorrow until it is done."""
    next_day_start = _local_days(utc_offset_h)
    morning = T0 + (8 - utc_offset_h) * HOUR
    monitor = CareMonitor(CareSubject.DRYER, restored_at=morning, next_day_start=next_day_start)
    log = Log()
    run_cycles(monitor, log, 4, start=morning + HOUR, every_s=12 * HOUR)
    now = morning + 2 * DAY
    log(monitor.tick(now))
    due = monitor.due(M.LINT_FILTER_CLEAN)
    assert not due.due_now
    assert due.next_due_at == next_day_start(now), "this evening at its rate: not today"
    assert _shown_day(due.next_due_at, utc_offset_h) == _shown_day(now, utc_offset_h) + 1
    run_cycles(monitor, log, 1, start=now + 8 * HOUR)
    due = monitor.due(M.LINT_FILTER_CLEAN)
    assert due.due_now
    assert due.next_due_at is not None
    assert _shown_day(due.next_due_at, utc_offset_h) == _shown_day(now, utc_offset_h)


def test_a_reminder_due_at_midnight_survives_a_restart() -> None:
    next_day_start = _local_days(-8.0)
    set_up = T0 + 6 * HOUR  # 22:00 the evening before, at UTC-8
    monitor = CareMonitor(CareSubject.WASHER, restored_at=set_up, next_day_start=next_day_start)
    run_cycles(monitor, Log(), 4, start=set_up + HOUR, every_s=5 * DAY)
    midnight = set_up + 30 * DAY - 22 * HOUR
    monitor.tick(midnight - MIN)
    saved = monitor.to_state()
    restarted = CareMonitor(
        CareSubject.WASHER, state=saved, restored_at=midnight + MIN, next_day_start=next_day_start
    )
    restarted.tick(midnight + 2 * MIN)
    assert restarted.due(M.TUB_CLEAN).due_now
    again = CareMonitor(
        CareSubject.WASHER,
        state=restarted.to_state(),
        restored_at=midnight + HOUR,
        next_day_start=next_day_start,
    )
    due = again.due(M.TUB_CLEAN)
    assert due.due_now, "a raised reminder is kept"
    assert due.next_due_at == midnight + 2 * MIN


@pytest.mark.parametrize("utc_offset_h", [9.0, -8.0])
@pytest.mark.parametrize(
    "subject",
    [CareSubject.WASHER, CareSubject.DRYER, CareSubject.DISHWASHER, CareSubject.AIR_CONDITIONER],
)
@pytest.mark.parametrize("use_every_h", [7.0, 31.0, 200.0])
def test_the_shown_date_is_today_or_past_exactly_while_due(
    utc_offset_h: float, subject: CareSubject, use_every_h: float
) -> None:
    """Looked at every five hours, at every hour of the local day over 60 days."""
    monitor = CareMonitor(subject, restored_at=T0, next_day_start=_local_days(utc_offset_h))
    (kind,) = reminder_kinds(subject)
    log = Log()
    next_use = T0 + HOUR
    now = T0
    while now < T0 + 60 * DAY:
        now += 5 * HOUR
        while next_use < now:
            _use(monitor, log, subject, next_use, cycle_hours=2)
            next_use += use_every_h * HOUR
        log(monitor.tick(now))
        due = monitor.due(kind)
        assert due.due_now == (active(monitor, _finding_of(subject, kind)) is not None)
        if due.next_due_at is None:
            assert not due.due_now
            continue
        today = _shown_day(now, utc_offset_h)
        assert due.due_now == (_shown_day(due.next_due_at, utc_offset_h) <= today), (now, due)
        if due.due_now and (now - T0) % (3 * DAY) < 5 * HOUR:
            monitor.record_maintenance(MaintenanceRecord(kind=kind, at=now))
            after = monitor.due(kind)
            assert after.next_due_at is None or _shown_day(after.next_due_at, utc_offset_h) > today


def _use(
    monitor: CareMonitor, log: Log, subject: CareSubject, at: float, *, cycle_hours: float = 0
) -> None:
    """Use the appliance once at `at`: its fan runs, or a cycle (of `cycle_hours`) ends."""
    if subject.filters:
        log(monitor.compressor_stats(at, running=True, duty_cycle_24h=None, power_w=50))
    else:
        run_cycles(monitor, log, 1, start=at - cycle_hours * HOUR)
