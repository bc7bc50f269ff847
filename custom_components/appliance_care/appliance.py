"""An appliance watched through its sensors: feeds the care engine and keeps its memory.

This is the Home Assistant side of the engine: it turns state changes of the power, energy
and door sensors into engine inputs, lets time pass with a timer (so a sensor that reports
only on change still finishes a cycle), saves the engine's state in Home Assistant storage
and tells the entities what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
import math
from typing import Any

from homeassistant.const import (
    EVENT_HOMEASSISTANT_STOP,
    STATE_ON,
    UnitOfEnergy,
    UnitOfPower,
)
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.event import (
    async_track_state_change_event,
    async_track_time_interval,
)
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER
from .engine import (
    ApplianceType,
    CompressorEvent,
    CompressorMonitor,
    CompressorSettings,
    CycleEvent,
    CycleSettings,
    CycleTracker,
    StateError,
)
from .saved_watch import SavedWatch

# The engine wants time to pass at least every 30 s so hold times end on time even when
# a sensor reports only on change.
ENGINE_TICK = timedelta(seconds=30)
# Saved this soon after a cycle event, and at least this often while anything runs.
SAVE_AFTER_EVENT_S = 10.0
SAVE_INTERVAL = timedelta(minutes=5)

_DOC_TYPE = "appliance_type"
_DOC_ENGINE = "engine"
_DOC_SAVED_AT = "saved_at"

_POWER_FACTORS: dict[str | None, float] = {
    UnitOfPower.WATT: 1.0,
    UnitOfPower.KILO_WATT: 1000.0,
    UnitOfPower.MILLIWATT: 0.001,
    None: 1.0,
}
_ENERGY_FACTORS: dict[str | None, float] = {
    UnitOfEnergy.WATT_HOUR: 1.0,
    UnitOfEnergy.KILO_WATT_HOUR: 1000.0,
    UnitOfEnergy.MEGA_WATT_HOUR: 1_000_000.0,
}

type ApplianceListener = Callable[[], None]
type EngineClock = Callable[[float], float]
"""Maps a Home Assistant timestamp to the engine's time (the demo home runs faster)."""
type EngineEvent = CycleEvent | CompressorEvent
type EventListener = Callable[[EngineEvent], None]


@dataclass(frozen=True, kw_only=True)
class ApplianceSources:
    """The entities an appliance is watched through."""

    power: str
    energy: str | None = None
    door: str | None = None
    vibration: str | None = None


def state_number(state: State | None) -> float | None:
    """Return a sensor's state as a finite number; None when unavailable or garbage."""
    if state is None:
        return None
    try:
        value = float(state.state)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def power_watts(state: State | None) -> float | None:
    """Return a power sensor's state in watts; None when unavailable or not a number."""
    value = state_number(state)
    if value is None or state is None:
        return None
    factor = _POWER_FACTORS.get(state.attributes.get("unit_of_measurement"))
    return None if factor is None else value * factor


def energy_watt_hours(state: State | None) -> float | None:
    """Return an energy sensor's state in watt-hours; None when unusable."""
    value = state_number(state)
    if value is None or state is None:
        return None
    factor = _ENERGY_FACTORS.get(state.attributes.get("unit_of_measurement"))
    return None if factor is None else value * factor


def door_open(state: State | None) -> bool | None:
    """Return whether a door sensor says open; None when unavailable."""
    if state is None or state.state not in ("on", "off"):
        return None
    return state.state == STATE_ON


class WatchedAppliance(SavedWatch):
    """One appliance behind a power sensor, with its care engine."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        storage_key: str,
        unique_prefix: str,
        appliance_type: ApplianceType,
        sources: ApplianceSources,
        settings: CycleSettings | CompressorSettings,
        device_info: DeviceInfo,
        clock: EngineClock | None = None,
        wall_clock: EngineClock | None = None,
        tick_interval: timedelta = ENGINE_TICK,
    ) -> None:
        """Prepare the appliance; async_start loads its memory and starts watching.

        `clock` maps Home Assistant's timestamps to engine time; the demo home passes its
        simulated clock so hold times mean simulated minutes at any speed; `wall_clock`
        maps engine time back, for timestamps shown to the user.
        """
        super().__init__(hass, storage_key)
        self.appliance_type = appliance_type
        self.sources = sources
        self.unique_prefix = unique_prefix
        self.device_info = device_info
        self._settings = settings
        self._engine: CycleTracker | CompressorMonitor | None = None
        self._listeners: list[ApplianceListener] = []
        self._event_listeners: list[EventListener] = []
        self._last_saved = dt_util.utcnow()
        self._status: object = None
        self._clock: EngineClock = clock if clock is not None else float
        self._wall_clock: EngineClock = wall_clock if wall_clock is not None else float
        self._sensor_unavailable = False
        self.power_w: float | None = None
        """The last power reading in watts (None while unavailable)."""
        self._tick_interval = tick_interval

    @property
    def tracker(self) -> CycleTracker | None:
        """Return the cycle tracker of a cycle appliance once started."""
        return self._engine if isinstance(self._engine, CycleTracker) else None

    @property
    def compressor(self) -> CompressorMonitor | None:
        """Return the compressor monitor of a fridge or freezer once started."""
        return self._engine if isinstance(self._engine, CompressorMonitor) else None

    @property
    def has_cycles(self) -> bool:
        """Return whether the appliance runs cycles (rather than a compressor)."""
        return self.appliance_type.has_cycles

    async def async_start(self, sources: ApplianceSources | None = None) -> None:
        """Load the saved engine state, then follow the sensors.

        `sources` replaces the sources given at creation (the demo home knows its own
        sensors' entity ids only once its entities are registered).
        """
        if sources is not None:
            self.sources = sources
        stored = await self._store.async_load()
        now = self._clock(dt_util.utcnow().timestamp())
        state = None
        if isinstance(stored, dict) and stored.get(_DOC_TYPE) == self.appliance_type:
            engine_state = stored.get(_DOC_ENGINE)
            if isinstance(engine_state, dict):
                state = engine_state
        try:
            self._create_engine(state, now)
        except (StateError, ValueError, TypeError, KeyError) as err:
            await self._async_keep_unreadable(
                stored,
                err,
                issue_id=f"unreadable_history_{self.unique_prefix}",
                name=self.sources.power,
            )
            self._create_engine(None, now)
        self._loaded = True
        self._status = self._current_status()
        watched = [e for e in (self.sources.power, self.sources.energy, self.sources.door) if e]
        self._unsubscribers.append(
            async_track_state_change_event(self.hass, watched, self._async_source_changed)
        )
        self._unsubscribers.append(
            async_track_time_interval(
                self.hass, self._async_tick, self._tick_interval, name=f"{DOMAIN} engine tick"
            )
        )
        self._unsubscribers.append(
            self.hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._async_on_stop)
        )
        # Take the sensors' current states as the first reports.
        for entity_id in watched:
            self._feed(entity_id, self.hass.states.get(entity_id), now)

    def _create_engine(self, state: dict[str, Any] | None, now: float) -> None:
        settings = self._settings
        if isinstance(settings, CycleSettings):
            self._engine = CycleTracker(self.appliance_type, settings, state=state, restored_at=now)
        else:
            self._engine = CompressorMonitor(self.appliance_type, settings, state=state)

    def _document(self) -> dict[str, Any]:
        return {
            _DOC_TYPE: str(self.appliance_type),
            _DOC_ENGINE: self._engine.to_state() if self._engine is not None else None,
            _DOC_SAVED_AT: dt_util.utcnow().isoformat(),
        }

    def engine_time(self, wall: float) -> float:
        """Return the engine time of a wall-clock Unix time (they differ in the demo home)."""
        return self._clock(wall)

    def engine_now(self) -> float:
        """Return the engine's time now."""
        return self._clock(dt_util.utcnow().timestamp())

    def wall_time(self, engine_time: float) -> datetime:
        """Return the wall-clock moment of an engine time (they differ in the demo home)."""
        return dt_util.utc_from_timestamp(self._wall_clock(engine_time))

    @callback
    def async_add_listener(self, listener: ApplianceListener) -> CALLBACK_TYPE:
        """Call listener whenever what the entities show may have changed."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def async_add_event_listener(self, listener: EventListener) -> CALLBACK_TYPE:
        """Call listener with every cycle or compressor event."""
        self._event_listeners.append(listener)
        return lambda: self._event_listeners.remove(listener)

    @callback
    def async_request_save(self) -> None:
        """Save soon (after a user change such as a program's name)."""
        self._store.async_delay_save(self._document, SAVE_AFTER_EVENT_S)

    @callback
    def async_publish(self) -> None:
        """Let every entity refresh what it shows."""
        for listener in tuple(self._listeners):
            listener()

    @callback
    def _async_source_changed(self, event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        if new_state is not None:
            at = new_state.last_updated_timestamp
        else:
            at = event.time_fired_timestamp
        self._feed(event.data["entity_id"], new_state, self._clock(at))

    @callback
    def _feed(self, entity_id: str, state: State | None, at: float) -> None:
        """Hand one sensor state to the engine; publish only what changed."""
        engine = self._engine
        events: tuple[EngineEvent, ...]
        if entity_id == self.sources.power and engine is not None:
            watts = power_watts(state)
            self._log_availability(watts)
            self.power_w = watts
            events = engine.power(at, watts)
        elif isinstance(engine, CycleTracker) and entity_id == self.sources.door:
            events = engine.door(at, door_open(state))
        elif isinstance(engine, CycleTracker) and entity_id == self.sources.energy:
            events = engine.energy(at, energy_watt_hours(state))
        else:
            return
        self._after_engine(events, publish=False)

    def _log_availability(self, watts: float | None) -> None:
        """Log once when the power sensor stops giving readings, and once when it is back."""
        if watts is None and not self._sensor_unavailable:
            self._sensor_unavailable = True
            LOGGER.info(
                "%s gives no power reading; a running cycle is kept until it is back or "
                "the outage lasts too long",
                self.sources.power,
            )
        elif watts is not None and self._sensor_unavailable:
            self._sensor_unavailable = False
            LOGGER.info("%s gives power readings again", self.sources.power)

    @callback
    def _async_tick(self, now: datetime) -> None:
        if self._engine is None:
            return
        events = self._engine.tick(self._clock(now.timestamp()))
        self._after_engine(events, publish=True)
        if now - self._last_saved >= SAVE_INTERVAL:
            self._last_saved = now
            self._store.async_delay_save(self._document, 0)

    def _current_status(self) -> object:
        engine = self._engine
        if isinstance(engine, CycleTracker):
            return engine.status
        return engine.running if engine is not None else None

    @callback
    def _after_engine(self, events: tuple[EngineEvent, ...], *, publish: bool) -> None:
        """Tell listeners; a plain power report changes entities only with the status."""
        status = self._current_status()
        if not events and not publish and status is self._status:
            return  # the common case: a report inside a phase
        if status != self._status:
            self._status = status
            publish = True
        for engine_event in events:
            for event_listener in tuple(self._event_listeners):
                event_listener(engine_event)
        if events:
            publish = True
            self._store.async_delay_save(self._document, SAVE_AFTER_EVENT_S)
        if publish:
            self.async_publish()
