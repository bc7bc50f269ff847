"""The maintenance ledger: every record for the appliance's life, and what is due since."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .settings import DAY_S
from .state import (
    CareStateError,
    get_float,
    get_int,
    get_list,
    get_opt_float,
    record_from_state,
    record_to_state,
)
from .types import MaintenanceKind, MaintenanceRecord

# At most this many records are kept: a filter change every two weeks for 40 years. Past
# it, the oldest automatic record (then the oldest of all) goes first.
MAX_RECORDS = 1_000
# A month of the current period outweighs the rate of earlier ones.
RATE_SETTLE_DAYS = 30.0
# Counters that a record of a kind also resets: a new filter is a clean one.
ALSO_RESETS: dict[MaintenanceKind, tuple[MaintenanceKind, ...]] = {
    MaintenanceKind.FILTER_REPLACE: (MaintenanceKind.FILTER_CLEAN,),
}


class DueCounter:
    """Use of the appliance since one kind of maintenance was last done."""

    __slots__ = ("cycles", "hot_cycles", "last_at", "rate", "since", "used_pct", "weighted")

    def __init__(self, since: float) -> None:
        """Start counting at `since` (the monitor's first input)."""
        self.since = since
        """When counting began: the last record, or the first time the monitor saw data."""
        self.last_at: float | None = None
        self.cycles = 0
        self.hot_cycles = 0
        self.weighted = 0.0
        self.used_pct = 0.0
        """Filter life used since (percentage points), from the filter usage sensor."""
        self.rate: float | None = None
        """Cycles (days of use) per day over the periods before this one, carried across
        maintenance so the next due date is known right after a record."""

    def cycles_per_day(self, now: float) -> float | None:
        """Return the appliance's use rate: this period's, leaning on earlier ones early on."""
        days = (now - self.since) / DAY_S
        if days < 1 or self.cycles == 0:
            return self.rate
        current = self.cycles / days
        if self.rate is None:
            return current
        trust = min(1.0, days / RATE_SETTLE_DAYS)
        return trust * current + (1 - trust) * self.rate

    def reset(self, at: float, now: float | None = None) -> None:
        """Start over: the maintenance was done at `at` (recorded at `now`, maybe later).

        The use rate is taken over the whole span its cycles were counted in, up to now: a
        maintenance dated back must not squeeze them into fewer days.
        """
        counted_until = at if now is None else max(at, now)
        if (counted_until - self.since) / DAY_S >= 1 and self.cycles > 0:
            self.rate = self.cycles_per_day(counted_until)
        self.since = at
        self.last_at = at
        self.cycles = 0
        self.hot_cycles = 0
        self.weighted = 0.0
        self.used_pct = 0.0

    def to_state(self) -> list[object]:
        """Return [since, last_at, cycles, hot_cycles, weighted, used_pct, rate]."""
        return [
            self.since,
            self.last_at,
            self.cycles,
            self.hot_cycles,
            round(self.weighted, 3),
            round(self.used_pct, 3),
            None if self.rate is None else round(self.rate, 4),
        ]

    @classmethod
    def from_state(cls, data: object) -> DueCounter:
        """Return a counter saved by to_state (six items before the rate was kept)."""
        names = ("since", "last_at", "cycles", "hot", "weighted", "used", "rate")
        if not isinstance(data, list) or len(data) not in {len(names) - 1, len(names)}:
            raise CareStateError("due counter needs six or seven items")
        fields = dict(zip(names, data, strict=False))
        counter = cls(get_float(fields, "since"))
        counter.last_at = get_opt_float(fields, "last_at")
        counter.cycles = max(0, get_int(fields, "cycles"))
        counter.hot_cycles = max(0, get_int(fields, "hot"))
        counter.weighted = max(0.0, get_float(fields, "weighted", 0.0))
        counter.used_pct = max(0.0, get_float(fields, "used", 0.0))
        rate = get_opt_float(fields, "rate")
        counter.rate = rate if rate is not None and rate > 0 else None
        return counter


class MaintenanceLedger:
    """Maintenance records in time order, and a due counter per kind of maintenance."""

    __slots__ = ("counters", "records")

    def __init__(self) -> None:
        """Start with no records and no counters."""
        self.records: list[MaintenanceRecord] = []
        self.counters: dict[MaintenanceKind, DueCounter] = {}

    def counter(self, kind: MaintenanceKind, now: float) -> DueCounter:
        """Return the counter of a kind, starting it at `now` if it is new."""
        counter = self.counters.get(kind)
        if counter is None:
            counter = self.counters[kind] = DueCounter(now)
        return counter

    def last(self, kind: MaintenanceKind) -> MaintenanceRecord | None:
        """Return the latest record of a kind."""
        for record in reversed(self.records):
            if record.kind is kind:
                return record
        return None

    def add(self, record: MaintenanceRecord, now: float | None = None) -> None:
        """Keep a record (in time order) and start its counters over (`now`: see reset)."""
        records = self.records
        index = len(records)
        while index > 0 and records[index - 1].at > record.at:
            index -= 1
        records.insert(index, record)
        if len(records) > MAX_RECORDS:
            oldest_auto = next((i for i, r in enumerate(records) if r.automatic), 0)
            del records[oldest_auto]
        for kind in (record.kind, *ALSO_RESETS.get(record.kind, ())):
            counter = self.counter(kind, record.at)
            if counter.last_at is None or record.at >= counter.last_at:
                counter.reset(record.at, now)

    def clamp_times(self, now: float) -> None:
        """After the clock went back: records and counting periods are no later than now."""
        for counter in self.counters.values():
            counter.since = min(counter.since, now)
            if counter.last_at is not None:
                counter.last_at = min(counter.last_at, now)
        if self.records and self.records[-1].at > now:
            self.records = [r if r.at <= now else replace(r, at=now) for r in self.records]

    def to_state(self) -> dict[str, object]:
        """Return records (compact lists) and counters."""
        return {
            "records": [record_to_state(r) for r in self.records],
            "counters": {kind.value: c.to_state() for kind, c in self.counters.items()},
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> MaintenanceLedger:
        """Return a ledger saved by to_state."""
        ledger = cls()
        ledger.records = sorted(
            (record_from_state(item) for item in get_list(data, "records")),
            key=lambda r: r.at,
        )[-MAX_RECORDS:]
        counters = data.get("counters") or {}
        if not isinstance(counters, Mapping):
            raise CareStateError("counters is not a mapping")
        for key, value in counters.items():
            try:
                kind = MaintenanceKind(key)
            except ValueError:
                continue  # a kind of a newer version: start it fresh
            ledger.counters[kind] = DueCounter.from_state(value)
        return ledger
