"""An appliance's cycle or compressor engine and its memory in Home Assistant storage.

Takes the readings its source gives (in engine units and engine time), lets time pass when
the coordinator ticks, and keeps what the engine learned in a Store: saved soon after a
cycle event, every few minutes while a cycle runs, hourly for a compressor, and when Home
Assistant stops. An idle appliance is not written to disk.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .engine import (
    CompressorEvent,
    CompressorMonitor,
    CycleEvent,
    CycleEventKind,
    CycleSettings,
    CycleStatus,
    CycleTracker,
    StateError,
)
from .engine.connected import ConnectedTracker
from .engine.cost import CycleCost
from .engine.signals import Reading, SignalKind
from .saved_watch import NotAStoreDocumentError, SavedWatch
from .sources.base import ApplianceProfile, SourceClock
from .texts import async_option_texts

# Saved this soon after a cycle event, and at most this often while readings come in.
SAVE_AFTER_EVENT_S = 10.0
# What an unnamed program is shown as when the translations cannot be read.
DEFAULT_PROGRAM_LABEL = "Program {number}"
# While a cycle runs, its progress is saved this often, so a crash resumes it; an idle
# appliance has nothing worth a write (a restart counts the time since as a gap anyway).
SAVE_INTERVAL = timedelta(minutes=5)
# A compressor's runs are its normal life: its statistics are saved hourly, not per run.
COMPRESSOR_SAVE_INTERVAL = timedelta(hours=1)

_DOC_TYPE = "appliance_type"
_DOC_ENGINE = "engine"
_DOC_SAVED_AT = "saved_at"
_DOC_COST = "cost"
_NOT_NUMBERS = (bool, str)
"""Reading values that are no number (a tuple: isinstance checks it fastest)."""

type EngineEvent = CycleEvent | CompressorEvent

# What a connected machine's own readings tell its tracker.
_MACHINE_INPUTS = {
    SignalKind.RUN_STATE: ConnectedTracker.machine_state,
    SignalKind.REMAINING: ConnectedTracker.remaining,
    SignalKind.FINISH_AT: ConnectedTracker.finish_at,
    SignalKind.PROGRAM: ConnectedTracker.course,
}


def appliance_storage_key(key: str) -> str:
    """Return the storage key of one appliance's engine memory."""
    return f"{DOMAIN}.appliance_{key}"


# The diagnosis looks at this many of the latest reports.
REPORTS_KEPT = 128
# Ticks further apart than this (Home Assistant busy or the clock jumped) are not counted.
MAX_WATCH_STEP_S = 60.0


class ReportStats:
    """The latest intervals between power reports, and the standby power between cycles.

    Two appends per report, bounded: what the diagnosis needs to judge a power sensor.
    """

    __slots__ = ("_watched_at", "intervals", "last_at", "standby", "unavailable_s", "watched_s")

    def __init__(self) -> None:
        """Start with nothing seen."""
        self.last_at: float | None = None
        self.intervals: deque[float] = deque(maxlen=REPORTS_KEPT)
        self.standby: deque[float] = deque(maxlen=REPORTS_KEPT)
        self._watched_at: float | None = None
        self.watched_s = 0.0
        """Time watched since Home Assistant started (ticks apart, each at most a minute)."""
        self.unavailable_s = 0.0
        """Of that, the time the power sensor was unavailable."""

    def watch(self, at: float, watts: float | None) -> None:
        """Count the time since the last tick as available or not, in cycles or not."""
        last = self._watched_at
        self._watched_at = at
        if last is None or not 0.0 < at - last <= MAX_WATCH_STEP_S:
            return
        self.watched_s += at - last
        if watts is None:
            self.unavailable_s += at - last

    @property
    def unavailable_share(self) -> float:
        """Share of the watched time unavailable (0.0 before any)."""
        return self.unavailable_s / self.watched_s if self.watched_s > 0.0 else 0.0

    def take(self, at: float) -> None:
        """Take the time of one power report."""
        last = self.last_at
        if last is not None and at > last:
            self.intervals.append(at - last)
        self.last_at = at

    def held(self, watts: float | None, status: object) -> None:
        """Take the power held between cycles.

        It is sampled as time passes, not per report, so a sensor that reports only on
        change is not judged by its changes alone.
        """
        if watts is not None and status in (CycleStatus.OFF, CycleStatus.IDLE):
            self.standby.append(watts)


class WatchedAppliance(SavedWatch):
    """The cycle tracker (or compressor monitor) of one appliance, and what it learned."""

    def __init__(self, hass: HomeAssistant, profile: ApplianceProfile, clock: SourceClock) -> None:
        """Prepare the engine of a profile whose appliance_type is set; async_load reads it."""
        super().__init__(hass, appliance_storage_key(profile.key))
        if profile.appliance_type is None or profile.settings is None:
            raise ValueError("an appliance without an engine")
        self.appliance_type = profile.appliance_type
        self._profile = profile
        self._settings = profile.settings
        self._clock = clock
        self._engine: CycleTracker | CompressorMonitor | None = None
        self._last_saved = dt_util.utcnow()
        self._unsaved = False
        self.power_w: float | None = None
        """The last power reading in watts (None while unavailable)."""
        self._unnamed_program = DEFAULT_PROGRAM_LABEL
        self.energy_seen: bool | None = None
        """Whether the energy sensor last gave a reading (None: none heard yet)."""
        self.reports = ReportStats()
        """How the power sensor reports, for the diagnosis."""
        self.cost = CycleCost()
        """What the running cycle and the last one cost."""
        self.price: Callable[[], float | None] = lambda: None
        """The electricity price now per kWh (set by the home)."""

    @property
    def tracker(self) -> CycleTracker | None:
        """Return the cycle tracker of a cycle appliance once loaded."""
        return self._engine if isinstance(self._engine, CycleTracker) else None

    @property
    def compressor(self) -> CompressorMonitor | None:
        """Return the compressor monitor of a fridge or freezer once loaded."""
        return self._engine if isinstance(self._engine, CompressorMonitor) else None

    @property
    def has_cycles(self) -> bool:
        """Return whether the appliance runs cycles (rather than a compressor)."""
        return self.appliance_type.has_cycles

    @property
    def status(self) -> object:
        """Return what decides most entities: the cycle status or the compressor's run."""
        engine = self._engine
        if isinstance(engine, CycleTracker):
            return engine.status
        return engine.running if engine is not None else None

    def program_label(self, program_id: int | None, name: str | None = None) -> str | None:
        """Return what a program is shown as: the user's name, or a numbered label.

        The label ("Program 3") is in Home Assistant's language; None without a program.
        """
        if name:
            return name
        if program_id is None:
            return None
        return self._unnamed_program.replace("{number}", str(program_id))

    async def async_load(self) -> None:
        """Read the saved engine state; keep it aside with a repair if it cannot be read."""
        labels = await async_option_texts(self.hass, "program_label")
        self._unnamed_program = labels.get("unnamed", DEFAULT_PROGRAM_LABEL)
        issue_id = f"unreadable_history_{self._profile.key}"
        name = self._profile.name
        stored = await self._async_read(name=name, issue_id=issue_id)
        now = self.engine_now()
        state = None
        try:
            if stored is not None:
                state = self._engine_state(stored)
            if isinstance(stored, dict):
                self.cost = CycleCost.from_state(stored.get(_DOC_COST))
            self._create_engine(state, now)
        except (StateError, ValueError, TypeError, KeyError) as err:
            await self._async_keep_unreadable(stored, err, issue_id=issue_id, name=name)
            self._create_engine(None, now)
        self._loaded = True

    def _engine_state(self, stored: object) -> dict[str, Any]:
        """Return the engine state of a saved document; raise for any other document."""
        if not isinstance(stored, dict):
            raise NotAStoreDocumentError(f"a {type(stored).__name__}, not a saved appliance")
        if stored.get(_DOC_TYPE) != self.appliance_type:
            raise NotAStoreDocumentError(f"saved for a {stored.get(_DOC_TYPE)!r}")
        engine_state = stored.get(_DOC_ENGINE)
        if not isinstance(engine_state, dict):
            raise NotAStoreDocumentError(f"an engine state of {type(engine_state).__name__}")
        return engine_state

    def _create_engine(self, state: dict[str, Any] | None, now: float) -> None:
        settings = self._settings
        if isinstance(settings, CycleSettings):
            tracker = ConnectedTracker if self._profile.connected else CycleTracker
            self._engine = tracker(self.appliance_type, settings, state=state, restored_at=now)
        else:
            self._engine = CompressorMonitor(self.appliance_type, settings, state=state)

    def _document(self) -> dict[str, Any]:
        return {
            _DOC_TYPE: str(self.appliance_type),
            _DOC_ENGINE: self._engine.to_state() if self._engine is not None else None,
            _DOC_SAVED_AT: dt_util.utcnow().isoformat(),
            _DOC_COST: self.cost.to_state(),
        }

    def engine_time(self, wall: float) -> float:
        """Return the engine time of a wall-clock Unix time (they differ in the demo home)."""
        return self._clock.to_engine(wall)

    def engine_now(self) -> float:
        """Return the engine's time now."""
        return self._clock.to_engine(dt_util.utcnow().timestamp())

    def wall_time(self, engine_time: float) -> datetime:
        """Return the wall-clock moment of an engine time."""
        return dt_util.utc_from_timestamp(self._clock.to_wall(engine_time))

    @callback
    def async_request_save(self) -> None:
        """Save soon (after a user change such as a program's name)."""
        self._save_later(SAVE_AFTER_EVENT_S)

    @callback
    def feed(self, reading: Reading) -> tuple[EngineEvent, ...]:
        """Hand one reading to the engine; return the events it caused."""
        engine = self._engine
        kind, value = reading.kind, reading.value
        number = None if isinstance(value, _NOT_NUMBERS) else value
        if engine is None:
            return ()
        if kind is SignalKind.POWER:
            self.power_w = number
            self.reports.take(reading.at)
            events = engine.power(reading.at, number)
        elif isinstance(engine, CycleTracker) and kind is SignalKind.DOOR:
            events = engine.door(reading.at, value if isinstance(value, bool) else None)
        elif isinstance(engine, CycleTracker) and kind is SignalKind.ENERGY:
            self.energy_seen = number is not None
            events = engine.energy(reading.at, number)
        elif isinstance(engine, ConnectedTracker) and kind in _MACHINE_INPUTS:
            events = _MACHINE_INPUTS[kind](engine, reading.at, value)
        else:
            return ()
        self._unsaved = True
        if events:
            self._price_cycle(events)  # a finish closes its cost; the rest waits for a tick
        if events and self.has_cycles:
            self._save_soon()
        return events

    @callback
    def _price_cycle(self, events: tuple[EngineEvent, ...]) -> None:
        """Price the energy drawn since the last update; close the cost of a finished cycle.

        Run at every tick (30 s) and at events, not at every report: a tariff's price holds
        for a quarter of an hour or more.
        """
        tracker = self.tracker
        if tracker is None:
            return
        price = self.price()
        for event in events:
            cycle = event.cycle if isinstance(event, CycleEvent) else None
            if cycle is not None and event.kind is CycleEventKind.CYCLE_FINISHED and cycle.metered:
                self.cost.finish(cycle.number, cycle.energy_wh, price)
        # The running cycle is known by the number it will get: a clock jump moves its start.
        running = tracker.cycle_count + 1 if tracker.cycle_start is not None else None
        self.cost.update(running, tracker.cycle_energy_wh, price)

    @callback
    def _save_soon(self, delay: float = SAVE_AFTER_EVENT_S) -> None:
        self._last_saved = dt_util.utcnow()
        self._unsaved = False
        self._save_later(delay)

    def _periodic_save_due(self, now: datetime) -> bool:
        """Return whether unsaved progress is worth a write now (see SAVE_INTERVAL)."""
        if not self._unsaved:
            return False
        tracker = self.tracker
        if tracker is not None:
            return tracker.cycle_start is not None and now - self._last_saved >= SAVE_INTERVAL
        return now - self._last_saved >= COMPRESSOR_SAVE_INTERVAL

    @callback
    def clock_jumped(self, delta_s: float) -> None:
        """Move the engine's held times forward: the wall clock jumped by `delta_s`."""
        if self._engine is not None:
            self._engine.clock_jumped(delta_s)
            self._unsaved = True

    @callback
    def tick(self, now: datetime) -> tuple[EngineEvent, ...]:
        """Let time pass; save a running cycle's progress every few minutes."""
        if self._engine is None:
            return ()
        events = self._engine.tick(self._clock.to_engine(now.timestamp()))
        self._price_cycle(events)
        if SignalKind.POWER in self._profile.signals:
            self.reports.watch(now.timestamp(), self.power_w)
        if isinstance(self._engine, CycleTracker):
            self.reports.held(self.power_w, self._engine.status)
        if events and self.has_cycles:
            self._save_soon()
        elif self._periodic_save_due(now):
            self._save_soon(0)
        return events
