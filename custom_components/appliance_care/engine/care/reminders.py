"""Maintenance-due reminders: tub clean, lint filter, dishwasher filter, filter clean.

Each reminder is an info finding raised when enough cycles (weighted for the tub) or time
passed since its maintenance was last recorded; only recording the maintenance clears it,
so a reminder never flaps.
"""

from __future__ import annotations

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


class Reminders:
    """The reminders that apply to one subject."""

    __slots__ = ("subject",)

    def __init__(self, subject: CareSubject) -> None:
        """Pick the reminders of a subject."""
        self.subject = subject

    def maintenance_kinds(self) -> tuple[MaintenanceKind, ...]:
        """Return the recurring maintenance kinds this subject is reminded of."""
        subject = self.subject
        if subject.washes:
            return (MaintenanceKind.TUB_CLEAN,)
        if subject is CareSubject.DRYER:
            return (MaintenanceKind.LINT_FILTER_CLEAN,)
        if subject is CareSubject.DISHWASHER or subject.filters:
            return (MaintenanceKind.FILTER_CLEAN,)
        return ()

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
            finding = self._finding(kind, counter, now, s)
            if finding is not None:
                book.raise_(finding, now, out)

    def due(
        self,
        kind: MaintenanceKind,
        s: CareSettings,
        ledger: MaintenanceLedger,
        *,
        replace_by: float | None,
        now: float | None,
    ) -> Due:
        """Return where a maintenance kind stands (a filter replacement: by its forecast)."""
        counter = ledger.counters.get(kind)
        if counter is None or kind not in self.maintenance_kinds():
            last = ledger.last(kind)
            return Due(
                last_at=last.at if last is not None else None,
                cycles_since=0,
                weighted_cycles_since=0.0,
                next_due_at=replace_by if kind is MaintenanceKind.FILTER_REPLACE else None,
            )
        return Due(
            last_at=counter.last_at,
            cycles_since=counter.cycles,
            weighted_cycles_since=round(counter.weighted, 2),
            next_due_at=self._next_due_at(kind, counter, counter.since if now is None else now, s),
        )

    def _next_due_at(
        self, kind: MaintenanceKind, counter: DueCounter, now: float, s: CareSettings
    ) -> float | None:
        """Return when the reminder falls due by the same rules that raise it.

        Due now: the moment the time rule was met, or now. Not due: the earliest of the
        day the interval ends (once the appliance will have been used enough by then; with
        no use seen yet, the interval's end) and the day the cycle limit is reached at the
        appliance's use rate; None while neither can be told.
        """
        limit = self._cycle_limit(kind, s)
        interval = self._interval_days(kind, s)
        needed = self._use_needed()
        used_enough = counter.cycles >= needed or counter.used_pct >= s.filter_clean_min_use_pct
        by_time_at = counter.since + interval * DAY_S if interval > 0 else None
        if limit > 0 and counter.weighted >= limit:
            return now if by_time_at is None or not used_enough else min(by_time_at, now)
        if by_time_at is not None and by_time_at <= now and used_enough:
            return by_time_at
        rate = counter.cycles_per_day(now)
        candidates: list[float] = []
        if by_time_at is not None:
            if used_enough:
                candidates.append(by_time_at)
            elif rate:
                candidates.append(max(by_time_at, now + (needed - counter.cycles) / rate * DAY_S))
            elif by_time_at > now:
                # No use seen yet: it cannot fall due before the interval ends.
                candidates.append(by_time_at)
        if limit > 0 and rate:
            weight = counter.weighted / counter.cycles if counter.cycles else 1.0
            candidates.append(now + (limit - counter.weighted) / (rate * weight) * DAY_S)
        return min(candidates) if candidates else None

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
    ) -> Finding | None:
        limit = self._cycle_limit(kind, s)
        interval = self._interval_days(kind, s)
        days = max(0.0, now - counter.since) / DAY_S
        by_cycles = limit > 0 and counter.weighted >= limit
        by_time = interval > 0 and days >= interval
        if by_time:
            # Only a used appliance needs it: cycles run (days of use for filtering
            # appliances) or filter life used since.
            by_time = (
                counter.cycles >= self._use_needed()
                or counter.used_pct >= s.filter_clean_min_use_pct
            )
        if not (by_cycles or by_time):
            return None
        finding_kind = _FINDING_OF[
            self.subject if kind is MaintenanceKind.FILTER_CLEAN else None, kind
        ]
        since = (
            f"the last {_NAMES[kind]} ({date_text(counter.last_at)})"
            if counter.last_at is not None
            else f"{date_text(counter.since)} (no {_NAMES[kind]} recorded)"
        )
        values: dict[str, float | int | str] = {
            "cycles": counter.cycles,
            "weighted_cycles": round(counter.weighted, 1),
            "limit": round(limit, 1),
            "days": int(days),
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
    (CareSubject.WATER_PURIFIER, MaintenanceKind.FILTER_CLEAN): FindingKind.FILTER_CLEAN_DUE,
}
