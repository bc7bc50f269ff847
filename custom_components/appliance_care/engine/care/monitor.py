"""CareMonitor: the care rules of one appliance, fed with its cycles, compressor and sensors.

Every input is O(1) (a cycle's drift test looks at one program's baseline) and memory is
bounded. Inputs carry their own time; a garbled time or value is ignored. Time never runs
backwards for the rules: a small step back is held at the latest time, a large one (the
clock was reset) moves every timer's start to the new time, so nothing counts the jump.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
import math

from .book import FindingBook
from .cycle_drift import CycleDrift
from .engine_types import CompressorEvent, CycleRecord, ProgramInfo, parse_time
from .filters import FilterLife, valid_used_pct
from .freeze import FreezeWatch
from .fridge import FridgeCare, compressor_heater_s
from .fridge_duty import DutyDrift
from .laundry import LaundryCare
from .ledger import MaintenanceLedger
from .machine import MachineCare
from .monitor_queries import MonitorQueries
from .monitor_state import monitor_to_state, restore_monitor
from .plausible import finite, plausible_record, valid_celsius, valid_power
from .reminders import Reminders
from .settings import DAY_S, CareSettings, default_care_settings
from .types import (
    NO_CHANGES,
    CareChange,
    CareSubject,
    MaintenanceKind,
    MaintenanceRecord,
)
from .wording import AIR_CONDITIONER_DUTY_ADVICE, RESOLVED_BY

# An air conditioner draws at least this while operating (its indoor fan: 20 to 60 W);
# below, it is in standby (1 to 3 W) and its duty cycle is not observed.
AIR_CONDITIONER_OPERATING_W = 10.0
# Steps back in time up to this are clock jitter: the latest time holds.
CLOCK_JITTER_S = 2.0


class CareMonitor(MonitorQueries):
    """Proactive care for one appliance: findings raised and cleared with hysteresis."""

    __slots__ = (
        "_ac_duty",
        "_book",
        "_drift",
        "_filter",
        "_freeze",
        "_fridge",
        "_laundry",
        "_ledger",
        "_machine",
        "_now",
        "_op_day",
        "_reminders",
        "_s",
        "subject",
        "unheated_place",
    )

    def __init__(
        self,
        subject: CareSubject,
        settings: CareSettings | None = None,
        *,
        state: Mapping[str, object] | None = None,
        unheated_place: bool = False,
        restored_at: float | None = None,
        next_day_start: Callable[[float], float] | None = None,
    ) -> None:
        """Create the rules of a subject, optionally continuing from `state` (to_state).

        `restored_at` is the time of the creation or restore: saved times after it (a clock
        set back, or a corrupt value) are brought back to it, and a new appliance's
        reminders count from it. `next_day_start` gives the start of the day after the one
        holding a time, in the days dates are shown in (default: UTC days); see Reminders.
        Raises CareStateError (a ValueError) for unreadable state.
        """
        self.subject = CareSubject(subject)
        self.unheated_place = unheated_place
        """The appliance stands in an unheated place (garage, cellar): freeze risk applies."""
        self._s = settings if settings is not None else default_care_settings(self.subject)
        self._now: float | None = None
        self._book = FindingBook()
        self._ledger = MaintenanceLedger()
        self._reminders = Reminders(self.subject, next_day_start)
        self._laundry = LaundryCare()
        self._drift = CycleDrift(self.subject)
        self._fridge = FridgeCare()
        self._filter = FilterLife()
        self._freeze = FreezeWatch()
        self._ac_duty = DutyDrift()
        self._op_day: int | None = None
        self._machine = MachineCare()
        if state is not None:
            restore_monitor(self, state)
        if restored_at is not None:
            self._clock(restored_at)
        self._ac_duty.advice = AIR_CONDITIONER_DUTY_ADVICE

    # ------------------------------------------------------------------ inputs

    def cycle_finished(
        self, record: CycleRecord, program: ProgramInfo | None
    ) -> tuple[CareChange, ...]:
        """Take a finished cycle (and its learned program, if any)."""
        if not self.subject.runs_cycles or not plausible_record(record):
            return NO_CHANGES
        t = self._clock(record.finished_at)
        if t is None:
            return NO_CHANGES
        if not isinstance(program, ProgramInfo):
            program = None
        s = self._s
        out: list[CareChange] = []
        duration, energy = record.duration_s, record.energy_wh
        self._reminders.count_cycle(t, energy, duration, s, self._ledger)
        if self.subject.washes:
            self._laundry.finished(t)
            if record.metered:
                self._laundry.small_load(t, energy, program, s, book=self._book, out=out)
            self._laundry.cycle_finished(t, s, self._book, out)
        if record.metered:
            # A connected machine without a power sensor: no energy, peak or signature.
            self._drift.cycle(t, record, s, self._book, out)
        self._reminders.evaluate(t, s, self._ledger, self._book, out)
        return self._done(t, out)

    def cycle_started(self, at: float) -> tuple[CareChange, ...]:
        """Take a cycle start: the drum was emptied, vibration counting begins."""
        t = self._clock(at)
        if t is None or not self.subject.washes:
            return NO_CHANGES
        out: list[CareChange] = []
        self._laundry.unloaded(t, self._book, out)
        self._laundry.cycle_started()
        return self._done(t, out)

    def unloaded(self, at: float) -> tuple[CareChange, ...]:
        """Take an unloading known for sure (a door opened; not a timeout without a sensor)."""
        t = self._clock(at)
        if t is None or not self.subject.washes:
            return NO_CHANGES
        out: list[CareChange] = []
        self._laundry.unloaded(t, self._book, out)
        return self._done(t, out)

    def compressor(self, event: CompressorEvent) -> tuple[CareChange, ...]:
        """Take a compressor event (defrosts matter; starts and stops come via stats)."""
        if not isinstance(event, CompressorEvent) or not self.subject.cools:
            return NO_CHANGES
        t = self._clock(event.at)
        heater_s = compressor_heater_s(event)
        if t is None or heater_s is None:
            return NO_CHANGES
        out: list[CareChange] = []
        self._fridge.defrost(t, heater_s, self._s, self._book, out)
        return self._done(t, out)

    def compressor_stats(
        self,
        at: float,
        *,
        running: bool,
        duty_cycle_24h: float | None,
        power_w: float | None,
    ) -> tuple[CareChange, ...]:
        """Take the compressor state (purifiers: whether they operate) and the power.

        Call it about every minute. `power_w` None or invalid means the power sensor is
        unavailable, so nothing is concluded. An air conditioner's duty cycle counts only
        the time it operates (power at least AIR_CONDITIONER_OPERATING_W). Days with
        `running` count as days of use for filter cleaning. `duty_cycle_24h` is accepted
        for the shell's convenience; the rules keep their own daily figures.
        """
        del duty_cycle_24h
        t = self._clock(at)
        if t is None:
            return NO_CHANGES
        state = running if isinstance(running, bool) and valid_power(power_w) else None
        out: list[CareChange] = []
        if self.subject.cools:
            self._fridge.stats(t, state, self._s, self._book, out)
            return self._done(t, out)
        if self.subject is CareSubject.AIR_CONDITIONER:
            operating = (
                state is not None
                and isinstance(power_w, int | float)
                and power_w >= AIR_CONDITIONER_OPERATING_W
            )
            self._ac_duty.stats(t, state if operating else None, self._s, book=self._book, out=out)
        if self.subject.filters and state:
            day = math.floor(t / DAY_S)
            if day != self._op_day:
                self._op_day = day
                self._ledger.counter(MaintenanceKind.FILTER_CLEAN, t).cycles += 1
                self._reminders.evaluate(t, self._s, self._ledger, self._book, out)
        return self._done(t, out)

    def door(self, at: float, is_open: bool | None) -> tuple[CareChange, ...]:
        """Take a door sensor state (None: unavailable)."""
        t = self._clock(at)
        if t is None:
            return NO_CHANGES
        state = is_open if isinstance(is_open, bool) else None
        out: list[CareChange] = []
        if self.subject.cools:
            self._fridge.compartment.door(t, state, self._s, self._book, out)
        elif self.subject.washes and state is not None:
            self._laundry.door(t, state, self._book, out)
        return self._done(t, out)

    def temperature(self, at: float, celsius: float | None) -> tuple[CareChange, ...]:
        """Take the appliance's own compartment temperature (None: unavailable)."""
        t = self._clock(at)
        value = valid_celsius(celsius, self._s)
        if t is None or value is None or not self.subject.cools:
            return NO_CHANGES
        out: list[CareChange] = []
        self._fridge.compartment.temperature(t, value, self._s, self._book, out)
        return self._done(t, out)

    def ambient(self, at: float, celsius: float | None) -> tuple[CareChange, ...]:
        """Take the room temperature (for the duty-cycle correction)."""
        t = self._clock(at)
        if t is None or not self.subject.cools:
            return NO_CHANGES
        self._fridge.duty.ambient(t, valid_celsius(celsius, self._s))
        return self._done(t, [])

    def outdoor(
        self, at: float, celsius: float | None, forecast_min_48h: float | None
    ) -> tuple[CareChange, ...]:
        """Take the outdoor temperature and the forecast minimum of the next 48 hours."""
        t = self._clock(at)
        if t is None:
            return NO_CHANGES
        if self.subject is CareSubject.AIR_CONDITIONER:
            self._ac_duty.ambient(t, valid_celsius(celsius, self._s))
        if not (self.unheated_place and self.subject.holds_water):
            return self._done(t, [])
        out: list[CareChange] = []
        self._freeze.update(
            t,
            valid_celsius(celsius, self._s),
            valid_celsius(forecast_min_48h, self._s),
            self._s,
            book=self._book,
            out=out,
        )
        return self._done(t, out)

    def vibration(self, at: float, active: bool | None) -> tuple[CareChange, ...]:
        """Take a vibration sensor state (None: unavailable)."""
        t = self._clock(at)
        if t is None or not isinstance(active, bool) or not self.subject.washes:
            return NO_CHANGES
        self._laundry.vibration(active)
        return self._done(t, [])

    def filter_usage(self, at: float, used_pct: float | None) -> tuple[CareChange, ...]:
        """Take the filter life used (percent); a big drop is recorded as a replacement."""
        t = self._clock(at)
        value = valid_used_pct(used_pct)
        if t is None or value is None:
            return NO_CHANGES
        out: list[CareChange] = []
        used = self._filter.usage(t, value, self._s, self._book, out)
        if used < 0:
            record = MaintenanceRecord(kind=MaintenanceKind.FILTER_REPLACE, at=t, automatic=True)
            self._ledger.add(record)
            self._resolve(MaintenanceKind.FILTER_REPLACE, out)
        else:
            self._ledger.counter(MaintenanceKind.FILTER_CLEAN, t).used_pct += used
        self._reminders.evaluate(t, self._s, self._ledger, self._book, out)
        return self._done(t, out)

    def machine_error(self, at: float, error: object) -> tuple[CareChange, ...]:
        """Take a connected machine's error ("code|cause"; None: no error)."""
        t = self._clock(at)
        if t is None:
            return NO_CHANGES
        out: list[CareChange] = []
        self._machine.error(t, error, self._book, out)
        return self._done(t, out)

    def tub_clean_count(self, at: float, count: object) -> tuple[CareChange, ...]:
        """Take a connected washer's count of cycles since its last tub clean."""
        t = self._clock(at)
        if t is None or not self.subject.washes:
            return NO_CHANGES
        out: list[CareChange] = []
        if self._machine.tub_clean_count(t, count, self._ledger) is not None:
            self._resolve(MaintenanceKind.TUB_CLEAN, out)
        self._reminders.evaluate(t, self._s, self._ledger, self._book, out)
        return self._done(t, out)

    def record_maintenance(self, record: MaintenanceRecord) -> tuple[CareChange, ...]:
        """Record maintenance; it clears the findings it fixes and restarts their tests."""
        if not isinstance(record, MaintenanceRecord) or not finite(record.at):
            return NO_CHANGES
        if record.cost is not None and not finite(record.cost):
            return NO_CHANGES
        record = replace(record, late=self._late(record.kind, record.at))
        self._ledger.add(record, self._now)
        out: list[CareChange] = []
        if record.kind is MaintenanceKind.FILTER_REPLACE:
            self._filter.replaced()
        elif record.kind is MaintenanceKind.TUB_CLEAN and self._ledger.last(record.kind) == record:
            self._machine.tub_clean_recorded()  # the latest clean: the count goes on from it
        self._resolve(record.kind, out)
        t = self._now if self._now is not None else record.at
        return self._done(t, out)

    def tick(self, at: float) -> tuple[CareChange, ...]:
        """Let time pass: timers, reminders due by time, forecasts, delayed clears."""
        t = self._clock(at)
        if t is None:
            return NO_CHANGES
        s = self._s
        out: list[CareChange] = []
        if self.subject.washes:
            self._laundry.check_left_in(t, s, self._book, out)
        if self.subject.cools:
            self._fridge.compartment.tick(t, s, self._book, out)
        if self.subject.filters:
            self._filter.evaluate(t, s, self._book, out)
        self._reminders.evaluate(t, s, self._ledger, self._book, out)
        return self._done(t, out)

    # ---------------------------------------------------------------- control

    def apply_settings(self, settings: CareSettings) -> None:
        """Use new settings from now on (learned baselines stay)."""
        self._s = settings

    def to_state(self) -> dict[str, object]:
        """Return everything needed to continue after a restart, as JSON-compatible data."""
        return monitor_to_state(self)

    # -------------------------------------------------------------- internals

    def _clock(self, at: object) -> float | None:
        t = parse_time(at)
        if t is None:
            return None
        now = self._now
        if now is None:
            # Reminders count from the first time the monitor saw the appliance.
            for kind in self._reminders.maintenance_kinds():
                self._ledger.counter(kind, t)
        if now is None or t >= now:
            self._now = t
            return t
        if now - t <= CLOCK_JITTER_S:
            return now
        # The clock was set back: timers restart from here rather than from the future.
        self._now = t
        for kept in (self._book, self._ledger, self._fridge):
            kept.clamp_times(t)
        return t

    def _late(self, kind: MaintenanceKind, at: float) -> bool | None:
        """Return whether a recurring maintenance done at `at` was late (its reminder up)."""
        if kind not in self._reminders.maintenance_kinds():
            return None
        return any(
            f.kind.is_reminder and f.fix is kind and f.since <= at for f in self._book.active
        )

    def _resolve(self, kind: MaintenanceKind, out: list[CareChange]) -> None:
        resolved = RESOLVED_BY.get(kind, frozenset())
        for finding_kind in resolved:
            self._book.clear_now(finding_kind, out, self._now)
        if self._drift.drift_kind in resolved:
            self._drift.reset()
        if kind in (MaintenanceKind.CONDENSER_CLEAN, MaintenanceKind.REPAIR):
            self._fridge.duty.cusum.reset()
            self._ac_duty.cusum.reset()
        if kind is MaintenanceKind.REPAIR:
            self._laundry.reset_unbalance()
            self._fridge.repaired(self._now)
            self._drift.heating.unheated = 0

    def _done(self, t: float, out: list[CareChange]) -> tuple[CareChange, ...]:
        self._book.tick(t, out)
        return tuple(out) if out else NO_CHANGES
