"""Maintenance-due reminders: tub clean, lint filter, dishwasher filter, filter clean.

Each reminder is an info finding raised when enough cycles (weighted for the tub) or time
passed since its maintenance was last recorded; only recording the maintenance clears it,
so a reminder never flaps. Whether it is due and when it falls due come from one rule
(`status`), so the finding, the next date and the to-do item cannot disagree.

Dates are shown as days, so time makes a reminder due from the start of the day its
interval ends, and a date that is only an estimate is never shown as today while the
reminder is not due. The shell tells where its days begin (its local days, through its
clock); by default they are UTC days.
"""

from __future__ import annotations

from collections.abc import Callable
import math

from .book import FindingBook
from .ledger import DueCounter, MaintenanceLedger
from .settings import DAY_S, CareSettings
from .types import CareChange, CareSubject, Due, Finding, FindingKind, MaintenanceKind, Severity
from .wording import ADVICE, FIX, date_text

# Time makes a reminder due only when the appliance ran at least this many cycles since
# (about one a week: a washer used less needs no monthly tub clean, its cycle count will
# make it due). Filtering appliances count days of use instead of cycles.
MIN_CYCLES_FOR_TIME_DUE = 4
MIN_DAYS_OF_USE_FOR_TIME_DUE = 1
YEAR_DAYS = 365.0
# Cycles a year assumed until the appliance's own use rate is seen, so a cycle count can be
# dated from the first day and right after a maintenance: the yearly cycles the EU energy
# labels are based on (washers 220, Regulation 1061/2010; tumble dryers 160, 392/2012;
# dishwashers 280, 1059/2010). Days of use of filtering appliances are seasonal: none.
# (The health index weighs wear by its own figures of typical use: health.py.)
LABEL_CYCLES_PER_YEAR: dict[CareSubject, float] = {
    CareSubject.WASHER: 220.0,
    CareSubject.WASHER_DRYER: 220.0,
    CareSubject.DRYER: 160.0,
    CareSubject.DISHWASHER: 280.0,
}


def utc_next_day_start(at: float) -> float:
    """Return the start of the UTC day after the one holding `at` (the default days)."""
    return (math.floor(at / DAY_S) + 1) * DAY_S


def reminder_kinds(subject: CareSubject) -> tuple[MaintenanceKind, ...]:
    """Return the recurring maintenance a kind of appliance is reminded of."""
    if subject.washes:
        return (MaintenanceKind.TUB_CLEAN,)
    if subject is CareSubject.DRYER:
        return (MaintenanceKind.LINT_FILTER_CLEAN,)
    if subject in (CareSubject.DISHWASHER, CareSubject.AIR_CONDITIONER, CareSubject.AIR_PURIFIER):
        return (MaintenanceKind.FILTER_CLEAN,)
    return ()  # a water purifier's cartridge is replaced, never cleaned


class Reminders:
    """The reminders that apply to one subject."""

    __slots__ = ("next_day_start", "purchased_at", "subject")

    def __init__(
        self, subject: CareSubject, next_day_start: Callable[[float], float] | None = None
    ) -> None:
        """Pick the reminders of a subject; `next_day_start`: see the attribute."""
        self.subject = subject
        self.purchased_at: float | None = None
        """The purchase date, if known: with nothing on record, time counts from it."""
        self.next_day_start = next_day_start or utc_next_day_start
        """The start of the shown day after the one holding a time (all in the rules' time):
        due by time from the start of the day the interval ends, estimates from tomorrow."""

    def maintenance_kinds(self) -> tuple[MaintenanceKind, ...]:
        """Return the recurring maintenance kinds this subject is reminded of."""
        return reminder_kinds(self.subject)

    def count_cycle(
        self,
        now: float,
        energy_wh: float,
        duration_s: float,
        s: CareSettings,
        ledger: MaintenanceLedger,
    ) -> None:
        """Count a finished cycle on the counters of this subject."""
        for kind in self.maintenance_kinds():
            counter = ledger.counter(kind, now)
            counter.cycles += 1
            weight = 1.0
            if kind is MaintenanceKind.TUB_CLEAN:
                if energy_wh >= s.hot_cycle_energy_wh:
                    counter.hot_cycles += 1
                    weight += s.hot_cycle_weight
                if duration_s >= s.long_cycle_s:
                    weight += s.long_cycle_weight
            counter.weighted += weight

    def evaluate(
        self,
        now: float,
        s: CareSettings,
        ledger: MaintenanceLedger,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        """Raise the reminders that are due (they clear only through maintenance)."""
        for kind in self.maintenance_kinds():
            counter = ledger.counter(kind, now)
            if self.status(kind, counter, now, s)[0]:
                book.raise_(self._finding(kind, counter, now, s), now, out)

    def due(
        self,
        kind: MaintenanceKind,
        s: CareSettings,
        ledger: MaintenanceLedger,
        book: FindingBook,
        *,
        replace_by: float | None,
        now: float | None,
    ) -> Due:
        """Return where a maintenance kind stands (a filter replacement: by its forecast).

        Due while its reminder is raised (the finding the problem sensor shows), and then
        dated no later than when it was raised: the next date stays put while it waits (a
        filter's replacement, whose notice comes ahead, keeps its forecast end).
        Not due, it is dated tomorrow at the earliest (a filter's forecast too): a date
        shown as today or past always goes with a raised reminder.
        """
        raised = next((f.since for f in book.active if f.kind.is_reminder and f.fix is kind), None)
        counter = ledger.counters.get(kind)
        if counter is not None and now is None:
            now = counter.since
        if counter is None or now is None or kind not in self.maintenance_kinds():
            last = ledger.last(kind)
            next_due_at = replace_by if kind is MaintenanceKind.FILTER_REPLACE else None
            cycles, weighted = 0, 0.0
            last_at = last.at if last is not None else None
        else:
            next_due_at = self.status(kind, counter, now, s)[1]
            cycles, weighted = counter.cycles, round(counter.weighted, 2)
            last_at = counter.last_at
        if raised is not None and kind is MaintenanceKind.FILTER_REPLACE:
            # Its notice comes ahead of time: the date stays the filter's forecast end.
            next_due_at = raised if next_due_at is None else next_due_at
        elif raised is not None:
            next_due_at = raised if next_due_at is None else min(next_due_at, raised)
        elif next_due_at is not None and now is not None:
            next_due_at = max(next_due_at, self.next_day_start(now))
        return Due(
            last_at=last_at,
            cycles_since=cycles,
            weighted_cycles_since=weighted,
            next_due_at=next_due_at,
            due_now=raised is not None,
        )

    def counted_from(self, counter: DueCounter) -> float:
        """Return when time counts from: the last record, else the purchase or first look."""
        if counter.last_at is not None or self.purchased_at is None:
            return counter.since
        return min(counter.since, self.purchased_at)

    def status(
        self, kind: MaintenanceKind, counter: DueCounter, now: float, s: CareSettings
    ) -> tuple[bool, float | None]:
        """Return whether the reminder is due at `now`, and when it falls (or fell) due.

        Due: the cycle limit was reached, or the interval ends today or ended, on an
        appliance used enough since (from the start of that day, the date shown);
        dated the moment the interval ends, or now. Not due: the earliest of the day the
        interval ends (once the appliance will have been used enough by then) and the
        day the cycle limit is reached at the appliance's use rate (the typical one until
        its own is seen); None while neither can be told. `due` then dates a reminder
        that is not due no earlier than tomorrow.
        """
        limit = self._cycle_limit(kind, s)
        interval = self._interval_days(kind, s)
        needed = self._use_needed()
        used_enough = counter.cycles >= needed or counter.used_pct >= s.filter_clean_min_use_pct
        by_time_at = self.counted_from(counter) + interval * DAY_S if interval > 0 else None
        if by_time_at is not None and used_enough and by_time_at < self.next_day_start(now):
            return True, by_time_at
        if limit > 0 and counter.weighted >= limit:
            return True, now
        rate = counter.cycles_per_day(now) or self._typical_rate()
        candidates: list[float] = []
        if by_time_at is not None:
            if used_enough:
                candidates.append(by_time_at)
            elif rate:
                candidates.append(max(by_time_at, now + (needed - counter.cycles) / rate * DAY_S))
            elif by_time_at >= self.next_day_start(now):
                # No use seen yet: it cannot fall due before the interval ends; once that
                # day came, it falls due on the first day of use, which nothing dates.
                candidates.append(by_time_at)
        if limit > 0 and rate:
            weight = counter.weighted / counter.cycles if counter.cycles else 1.0
            candidates.append(now + (limit - counter.weighted) / (rate * weight) * DAY_S)
        return False, min(candidates) if candidates else None

    def _typical_rate(self) -> float | None:
        """Return the cycles a day assumed before the appliance's own rate is seen."""
        per_year = LABEL_CYCLES_PER_YEAR.get(self.subject)
        return per_year / YEAR_DAYS if per_year is not None else None

    def _use_needed(self) -> int:
        """Return the use the time rule needs: cycles, or days of use for filtering ones."""
        return MIN_DAYS_OF_USE_FOR_TIME_DUE if self.subject.filters else MIN_CYCLES_FOR_TIME_DUE

    def _interval_days(self, kind: MaintenanceKind, s: CareSettings) -> float:
        if kind is MaintenanceKind.TUB_CLEAN:
            return s.tub_clean_interval_days
        if kind is MaintenanceKind.FILTER_CLEAN:
            if self.subject is CareSubject.DISHWASHER:
                return s.dishwasher_filter_interval_days
            return s.filter_clean_interval_days
        return 0.0

    def _cycle_limit(self, kind: MaintenanceKind, s: CareSettings) -> float:
        if kind is MaintenanceKind.TUB_CLEAN:
            return s.tub_clean_due_cycles
        if kind is MaintenanceKind.LINT_FILTER_CLEAN:
            return s.lint_filter_due_cycles
        if self.subject is CareSubject.DISHWASHER:
            return s.dishwasher_filter_due_cycles
        return 0.0

    def _finding(
        self,
        kind: MaintenanceKind,
        counter: DueCounter,
        now: float,
        s: CareSettings,
    ) -> Finding:
        limit = self._cycle_limit(kind, s)
        interval = self._interval_days(kind, s)
        counted_from = self.counted_from(counter)
        days = max(0.0, now - counted_from) / DAY_S
        finding_kind = _FINDING_OF[
            self.subject if kind is MaintenanceKind.FILTER_CLEAN else None, kind
        ]
        since = (
            f"the last {_NAMES[kind]} ({date_text(counter.last_at)})"
            if counter.last_at is not None
            else f"{date_text(counted_from)} (no {_NAMES[kind]} recorded)"
        )
        values: dict[str, float | int | str] = {
            "cycles": counter.cycles,
            "weighted_cycles": round(counter.weighted, 1),
            "limit": round(limit, 1),
            "days": round(days),  # due from the start of its day: 89.6 days read 90
            "limit_days": round(interval),
        }
        if kind is MaintenanceKind.TUB_CLEAN:
            values["hot_cycles"] = counter.hot_cycles
            used = f"{_cycles(counter.cycles)} ({counter.hot_cycles} of them hot)"
        elif self.subject.filters:
            values["used_pct"] = round(counter.used_pct, 1)
            used = f"Used on {counter.cycles} days"
        else:
            used = _cycles(counter.cycles)
        rules = []
        if limit > 0:
            rules.append(f"every {limit:g} cycles")
        if interval > 0:
            rules.append(f"every {interval:g} days")
        evidence = f"{used} since {since}; due {' or '.join(rules)}."
        evidence = evidence[0].upper() + evidence[1:]
        return Finding(
            kind=finding_kind,
            severity=Severity.INFO,
            since=now,
            values=values,
            evidence=evidence,
            advice=ADVICE[finding_kind],
            fix=FIX[finding_kind],
        )


def _cycles(count: int) -> str:
    return "1 cycle" if count == 1 else f"{count} cycles"


_NAMES = {
    MaintenanceKind.TUB_CLEAN: "tub clean",
    MaintenanceKind.LINT_FILTER_CLEAN: "lint-filter clean",
    MaintenanceKind.FILTER_CLEAN: "filter clean",
}

_FINDING_OF: dict[tuple[CareSubject | None, MaintenanceKind], FindingKind] = {
    (None, MaintenanceKind.TUB_CLEAN): FindingKind.TUB_CLEAN_DUE,
    (None, MaintenanceKind.LINT_FILTER_CLEAN): FindingKind.LINT_FILTER_DUE,
    (CareSubject.DISHWASHER, MaintenanceKind.FILTER_CLEAN): FindingKind.DISHWASHER_FILTER_DUE,
    (CareSubject.AIR_CONDITIONER, MaintenanceKind.FILTER_CLEAN): FindingKind.FILTER_CLEAN_DUE,
    (CareSubject.AIR_PURIFIER, MaintenanceKind.FILTER_CLEAN): FindingKind.FILTER_CLEAN_DUE,
}
