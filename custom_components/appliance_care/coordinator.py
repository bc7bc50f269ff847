"""One update path per appliance: its source's readings in, what entities show out.

Like core's push coordinators (home_connect), each appliance has one coordinator: its
source hands it readings, timers let time pass, and every entity of the appliance
subscribes to it once. The data pushed with each update carries the cycle and care
events of that update, for the event entities.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_time_interval,
)
from homeassistant.util import dt as dt_util

from .appliance import EngineEvent, WatchedAppliance
from .appliance_health import appliance_health
from .care_watch import CareWatch
from .const import DOMAIN, LOGGER
from .coordinator_push import ApplianceUpdate, CareEvent, PushCoordinator
from .engine import CycleStatus, CycleTracker, ProgramInfo
from .engine.care import CareChange, MaintenanceRecord
from .engine.care.health import Health
from .engine.signals import Reading, SignalKind
from .sources.base import CARE_TICK, ApplianceProfile, ApplianceSource, JumpWatch

# Readings only the cycle or compressor engine takes; the care rules see their events.
ENGINE_ONLY = frozenset(
    {
        SignalKind.POWER,
        SignalKind.ENERGY,
        SignalKind.RUN_STATE,
        SignalKind.PROGRAM,
        SignalKind.REMAINING,
        SignalKind.FINISH_AT,
    }
)

# Readings that change what is shown by themselves (a connected machine's countdown or
# course), not only through an event or a status; they come seldom, from a cloud.
SHOWN_AS_THEY_COME = frozenset({SignalKind.REMAINING, SignalKind.FINISH_AT, SignalKind.PROGRAM})

# A plug's power goes to the engine alone and is shown through it: _async_readings takes
# the shortcut for it (None if either set changes to say otherwise).
POWER_ALONE = (
    SignalKind.POWER
    if SignalKind.POWER in ENGINE_ONLY and SignalKind.POWER not in SHOWN_AS_THEY_COME
    else None
)

# Statuses between which a change is news for the status alone (coordinator_push.py).
STANDBY = frozenset({CycleStatus.OFF, CycleStatus.IDLE})


class ApplianceCoordinator(PushCoordinator):
    """The engine, the care rules and the source of one appliance, updated by pushes."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry, source: ApplianceSource) -> None:
        """Prepare the appliance of a source; async_start loads its memory and begins."""
        profile = source.profile
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {profile.key}",
            update_interval=None,
        )
        self.source = source
        self.appliance = (
            WatchedAppliance(hass, profile, source.clock) if profile.appliance_type else None
        )
        self.care = CareWatch(hass, profile, source.clock)
        self.data = ApplianceUpdate()
        self._status: object = None
        self._available = False
        self._unsubscribers: list[CALLBACK_TYPE] = []
        self._wake: CALLBACK_TYPE | None = None
        """Cancels the tick set for when a quiet spell may end the cycle."""
        self._jumps = JumpWatch()
        self.clock_jumps = 0
        """Jumps of the wall clock seen since the appliance was set up (for the diagnosis)."""
        self._care_shown = dt_util.utcnow() - CARE_TICK
        self.health: Health | None = None
        """The health index, worked out on the care tick and on cycle and care events."""
        # A simulation keeps its own time (its home follows jumps), and without an engine
        # no hold can count a jump.
        self._watch_jumps = self.appliance is not None and source.clock.follows_wall

    @property
    def profile(self) -> ApplianceProfile:
        """Return what the appliance is (its source's profile)."""
        return self.source.profile

    async def async_load(self) -> None:
        """Read what the appliance saved (before its entities are added)."""
        if self.appliance is not None:
            await self.appliance.async_load()
            self._status = self.appliance.status
        await self.care.async_load()

    @callback
    def async_start(self) -> None:
        """Follow the source and let time pass (once the entities listen, so no event is lost)."""
        if self.appliance is not None:
            self._unsubscribers.append(
                async_track_time_interval(
                    self.hass,
                    self._async_engine_tick,
                    self.source.clock.tick,
                    name=f"{DOMAIN} engine tick",
                )
            )
        self._unsubscribers += [
            async_track_time_interval(
                self.hass,
                self._async_care_tick,
                self.source.clock.care_tick,
                name=f"{DOMAIN} care tick",
            ),
            self.hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._async_on_stop),
        ]
        self.source.async_start(self._async_readings)
        self._available = self.source.available
        self._push(ApplianceUpdate())

    async def async_stop(self) -> None:
        """Stop following the source and save (the entry unloads)."""
        self.source.async_stop()
        while self._unsubscribers:
            self._unsubscribers.pop()()
        if self._wake is not None:
            self._wake()
            self._wake = None
        if self.appliance is not None:
            await self.appliance.async_stop()
        await self.care.async_stop()

    @callback
    def hold_saves(self) -> None:
        """Write nothing of the engine and care rules until async_release_saves."""
        if self.appliance is not None:
            self.appliance.hold_saves()
        self.care.hold_saves()

    async def async_release_saves(self) -> None:
        """Write again, and now what was held back."""
        if self.appliance is not None:
            await self.appliance.async_release_saves()
        await self.care.async_release_saves()

    @callback
    def _async_on_stop(self, _event: Event) -> None:
        # The stores' final write saves the state as it is then.
        if self.appliance is not None:
            self.appliance.async_save_at_stop()
        self.care.async_save_at_stop()

    @callback
    def _push(self, update: ApplianceUpdate, *, health: bool = False) -> None:
        """Hand an update to the entities (a push: nothing was fetched, nothing failed).

        The health index is worked out again with events (and when asked), not with
        every reading.
        """
        if health or update.cycle_events or update.care_events or self.health is None:
            self.health = appliance_health(self)
            if self.health is not None:
                self.care.note_health(self.health.index)
        self.data = update
        self.async_update_listeners()

    # ------------------------------------------------------------------ inputs

    @callback
    def _follow_clock(self) -> None:
        """Keep a jump of the wall clock out of holds and durations (see JumpWatch)."""
        appliance = self.appliance
        if not self._watch_jumps or appliance is None:
            return
        jump = self._jumps.forward_jump(dt_util.utcnow().timestamp())
        if not jump:
            return
        self.clock_jumps += 1
        LOGGER.info(
            "The clock moved %.0f s ahead of the time that passed; %s's cycle times move "
            "with it so the jump is not taken for a finish",
            jump,
            self.source.profile.name,
        )
        appliance.clock_jumped(jump)

    @callback
    def _async_readings(self, readings: Sequence[Reading], *, refresh: bool = False) -> None:
        """Take a source's readings; push an update only if something shown may change."""
        if self._watch_jumps and readings and self._jumps.due(readings[-1].at):
            self._follow_clock()
        appliance = self.appliance
        if len(readings) == 1 and readings[0].kind is POWER_ALONE and appliance is not None:
            # The common case, a plug's report: for the engine alone, shown through it.
            self._after(list(appliance.feed(readings[0])), [], refresh=refresh)
            return
        cycle_events, changes, shown = self._feed(readings)
        self._after(cycle_events, changes, refresh=refresh or shown)

    @callback
    def _feed(
        self, readings: Sequence[Reading]
    ) -> tuple[list[EngineEvent], list[CareChange], bool]:
        """Hand readings to the engine and the care rules.

        Returns the engine's events, the care rules' changes, and whether a reading is
        shown as it comes (a connected machine's countdown or course).
        """
        cycle_events: list[EngineEvent] = []
        changes: list[CareChange] = []
        shown = False
        appliance = self.appliance
        for reading in readings:
            if appliance is not None:
                cycle_events += appliance.feed(reading)
            if reading.kind not in ENGINE_ONLY:
                changes += self.care.feed(reading)
            elif reading.kind in SHOWN_AS_THEY_COME:
                shown = True
        return cycle_events, changes, shown

    @callback
    def async_catch_up(self, readings: Sequence[Reading], at: float, *, care: bool) -> None:
        """Take readings of a time before the appliance was added (the demo home's past).

        The engine and the care rules learn from them as they would have then, and time
        passes for them up to `at` (engine time; the care rules' only when `care`).
        No event fires and no entity is updated: it is history, not news. What it leaves
        (programs, counts, findings and their repairs, dates) is there when the entities
        first look.
        """
        appliance = self.appliance
        cycle_events, _changes, _shown = self._feed(readings)
        wall = dt_util.utc_from_timestamp(self.source.clock.to_wall(at))
        if appliance is not None:
            cycle_events += appliance.tick(wall)
        for event in cycle_events:
            self.care.engine_event(event, self.program_info)
        if care:
            self._tick_care(wall)
        self._status = appliance.status if appliance is not None else None

    @callback
    def _async_engine_tick(self, now: datetime) -> None:
        self._follow_clock()
        appliance = self.appliance
        if appliance is not None:
            # Times and energies of a running cycle move with the clock; otherwise only
            # events and status changes are news.
            tracker = appliance.tracker
            running = tracker is not None and tracker.cycle_start is not None
            self._after(list(appliance.tick(now)), [], refresh=running)
            self._wake_on_time(tracker, now)

    @callback
    def _wake_on_time(self, tracker: CycleTracker | None, now: datetime) -> None:
        """Tick again when the cycle's quiet may end it, if that comes before the next tick.

        The finish then comes when its hold runs out, not up to a tick later.
        """
        if self._wake is not None:
            self._wake()
            self._wake = None
        wake = tracker.wake_at if tracker is not None else None
        if wake is None:
            return
        clock = self.source.clock
        when = clock.to_wall(wake)
        if now.timestamp() < when < now.timestamp() + clock.tick.total_seconds():
            self._wake = async_track_point_in_utc_time(
                self.hass, self._async_woken, dt_util.utc_from_timestamp(when)
            )

    @callback
    def _async_woken(self, now: datetime) -> None:
        self._wake = None
        self._async_engine_tick(now)

    @callback
    def _async_care_tick(self, now: datetime) -> None:
        self._follow_clock()
        changes = self._tick_care(now)
        # What time alone changes (a duty cycle, a date) is shown once a minute of wall
        # time, also where the care rules tick faster (a demo home's faster clock).
        shown_ago = now - self._care_shown
        if not changes and timedelta(0) <= shown_ago < CARE_TICK - self.source.clock.care_tick / 2:
            return
        self._care_shown = now
        self.health = None  # worked out again as the update is pushed
        self._after([], list(changes), refresh=True)

    @callback
    def _tick_care(self, now: datetime) -> tuple[CareChange, ...]:
        """Let time pass for the care rules, with the compressor's figures if any."""
        appliance = self.appliance
        return self.care.tick(
            now,
            appliance.compressor if appliance is not None else None,
            appliance.power_w if appliance is not None else None,
        )

    @callback
    def async_outdoor(self, wall: float, celsius: float | None, low_c: float | None) -> None:
        """Take the home's outdoor temperature and frost forecast."""
        self._after([], list(self.care.outdoor(wall, celsius, low_c)), refresh=False)

    @callback
    def async_record(self, record: MaintenanceRecord) -> tuple[CareChange, ...]:
        """Record maintenance or a repair; fire its event and the findings it cleared."""
        changes = self.care.record(record)
        recorded: CareEvent = (
            "maintenance_recorded",
            {"maintenance": str(record.kind), "note": record.note, "cost": record.cost},
        )
        self._after([], list(changes), refresh=True, extra=(recorded,))
        return changes

    @callback
    def async_refresh_entities(self) -> None:
        """Let every entity look again (after a change made through an entity)."""
        self._push(ApplianceUpdate(), health=True)

    def program_info(self, program_id: int | None) -> ProgramInfo | None:
        """Return a learned program's details, by id."""
        tracker = self.appliance.tracker if self.appliance is not None else None
        if tracker is None or program_id is None:
            return None
        return tracker.program_info(program_id)

    # ----------------------------------------------------------------- outputs

    @callback
    def _after(
        self,
        cycle_events: list[EngineEvent],
        changes: list[CareChange],
        *,
        refresh: bool,
        extra: tuple[CareEvent, ...] = (),
    ) -> None:
        for event in cycle_events:
            changes += self.care.engine_event(event, self.program_info)
        status = self.appliance.status if self.appliance is not None else None
        available = self.source.available
        news = refresh or cycle_events or changes or extra
        if status != self._status or available != self._available:
            standby = (
                not news
                and available == self._available
                and self._status in STANDBY
                and status in STANDBY
            )
            self._status, self._available = status, available
            if standby:
                self.async_update_status_listeners()
                return
            news = True
        if not news:
            return  # the common case: a report inside a phase
        care_events = extra + tuple(self.care.change_event(change) for change in changes)
        self._push(ApplianceUpdate(tuple(cycle_events), care_events))
