"""The demo home's simulation, driven in (optionally compressed) real time.

One simulated home, one clock, one saved state; each simulated appliance is a source of
its own (see demo.py), told by the home whenever its state changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, SAVE_DELAY_S, SIMULATION_TICK, STORAGE_VERSION
from ..saved_watch import async_read_saved
from ..simulator import ApplianceKind, ApplianceSnapshot, Fault, HomeSettings, SimulatedHome
from ..simulator.clock import to_seconds
from ..simulator.connected_washer import ConnectedWasher, MachineReport
from ..simulator.household import PastHousehold, fault_onsets
from .base import JumpWatch
from .demo_options import history_from_options, settings_from_options, speed_from_options


def demo_storage_key(key: str) -> str:
    """Return the storage key of a demo home's simulation."""
    return f"{DOMAIN}.demo_{key}"


# Keys of the stored document.
_STATE_SIMULATION = "simulation"
_STATE_SAVED_AT = "saved_at"
_STATE_START_DELAYS = "start_delays"
_STATE_CONNECTED_WASHER = "connected_washer"

type SnapshotListener = Callable[[ApplianceSnapshot], None]
"""Called with every changed state of one simulated appliance."""
type MachineListener = Callable[[MachineReport], None]
"""Called with every new report of the connected washer's cloud."""


class DemoHome:
    """Runs the simulated home inside Home Assistant and tells entities what changed."""

    def __init__(
        self, hass: HomeAssistant, key: str, options: Mapping[str, Any], title: str
    ) -> None:
        """Prepare the demo home (`title`: its subentry's); call async_start to run it."""
        self._hass = hass
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, demo_storage_key(key))
        self._key = key
        self._title = title
        self._options = options
        self._speed = speed_from_options(options)
        self._settings = settings_from_options(options, self.utc_offset)
        self._home: SimulatedHome | None = None
        self._listeners: dict[ApplianceKind, SnapshotListener] = {}
        self.connected_washer = ConnectedWasher()
        """The demo's connected washer: told by its cloud, not by a plug."""
        self._machine_listener: MachineListener | None = None
        self._machine_report: MachineReport | None = None
        self._snapshots: dict[ApplianceKind, ApplianceSnapshot] = {}
        self._start_delays: dict[ApplianceKind, float] = {}
        self._unsubscribers: list[CALLBACK_TYPE] = []
        self._stopped = False
        self.past: PastHousehold | None = None
        """The household living the home's past, until it has (a new home with history)."""
        self._past_end = 0
        # Simulated time = sim_anchor + (wall time - wall_anchor) * speed; a jump of the
        # wall clock moves wall_anchor with it, so simulated time does not jump.
        self._wall_anchor = dt_util.utcnow()
        self._sim_anchor = self._wall_anchor
        self._jumps = JumpWatch()

    @property
    def home(self) -> SimulatedHome:
        """Return the running simulation."""
        if self._home is None:
            raise RuntimeError("demo home not started")
        return self._home

    @property
    def stopped(self) -> bool:
        """Return whether the home was stopped (its entry unloaded)."""
        return self._stopped

    @property
    def speed(self) -> float:
        """Return how many simulated seconds pass per wall-clock second."""
        return self._speed

    @property
    def settings(self) -> HomeSettings:
        """Return the simulator settings taken from the options."""
        return self._settings

    @property
    def utc_offset(self) -> timedelta:
        """Return the home's offset from UTC now (the household lives in local time)."""
        return dt_util.now().utcoffset() or timedelta(0)

    async def async_start(self) -> None:
        """Load saved state, catch up on the time the home was stopped, and start ticking."""
        stored = await async_read_saved(
            self._hass, self._store, name=self._title, issue_id=f"unreadable_history_{self._key}"
        )
        now = dt_util.utcnow()
        settings = self._settings
        state: Mapping[str, Any] | None = None
        if isinstance(stored, dict) and isinstance(stored.get(_STATE_SIMULATION), dict):
            state = stored[_STATE_SIMULATION]
            delays = stored.get(_STATE_START_DELAYS)
            if isinstance(delays, dict):
                for kind_text, minutes in delays.items():
                    if kind_text in ApplianceKind.__members__.values() and isinstance(
                        minutes, int | float
                    ):
                        self._start_delays[ApplianceKind(kind_text)] = float(minutes)
        if isinstance(stored, dict) and isinstance(stored.get(_STATE_CONNECTED_WASHER), dict):
            self.connected_washer = ConnectedWasher(stored[_STATE_CONNECTED_WASHER])
        self.connected_washer.drain_fault = Fault.CLOGGED_DRAIN in settings.faults.get(
            ApplianceKind.WASHER, frozenset()
        )
        history = history_from_options(self._options)
        if state is None and history:
            # A new home with a past: it begins that long ago, and lives up to now once
            # its appliances listen (async_live_past). Until then its clock stands at the
            # past's beginning, which is where the appliances' engines start too.
            self._past_end = to_seconds(now)
            # Faults begin late in the past, once the appliances were learned healthy.
            home = SimulatedHome(start=now - history, settings=replace(settings, faults={}))
            self._home = home
            self.past = PastHousehold(
                home,
                seed=settings.seed,
                utc_offset_s=round(self.utc_offset.total_seconds()),
                later=fault_onsets(settings, start=to_seconds(home.now), end=self._past_end),
            )
            self._wall_anchor, self._sim_anchor = now, home.now
            self._snapshots = {kind: home.snapshot(kind) for kind in home.kinds}
            return
        home = SimulatedHome(start=now, settings=settings, state=state)
        self._home = home
        # While Home Assistant was stopped, simulated time went on at the set speed.
        saved_at = None
        if isinstance(stored, dict) and isinstance(stored.get(_STATE_SAVED_AT), str):
            saved_at = dt_util.parse_datetime(stored[_STATE_SAVED_AT])
        self._wall_anchor = now
        self._sim_anchor = home.now
        if saved_at is not None and saved_at < now:
            self._sim_anchor = home.now + (now - saved_at) * self._speed
        await self._hass.async_add_executor_job(home.advance, self._sim_anchor)
        self.connected_washer.advance(self._sim_anchor)
        self._snapshots = {kind: home.snapshot(kind) for kind in home.kinds}
        self._async_run()

    @property
    def past_end(self) -> int:
        """Return the second the past ends at (when the home was added)."""
        return self._past_end

    @callback
    def async_past_lived(self) -> None:
        """Take up the present once the past is lived: simulated time runs on from here."""
        self.past = None
        home = self.home
        home.apply_settings(self._settings)  # every fault, also one the past did not reach
        self.connected_washer.drain_fault = Fault.CLOGGED_DRAIN in self._settings.faults.get(
            ApplianceKind.WASHER, frozenset()
        )
        self._wall_anchor, self._sim_anchor = dt_util.utcnow(), home.now
        self.connected_washer.advance(home.now)
        self._snapshots = {kind: home.snapshot(kind) for kind in home.kinds}
        self._async_run()

    @callback
    def _async_run(self) -> None:
        """Advance the simulation with the wall clock from now on, and save it at the stop."""
        self._unsubscribers.append(
            async_track_time_interval(
                self._hass, self._async_tick, SIMULATION_TICK, name="appliance_care demo"
            )
        )
        self._unsubscribers.append(
            self._hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._async_on_stop)
        )

    async def _async_on_stop(self, _event: Event) -> None:
        await self.async_save()

    async def async_stop(self) -> None:
        """Stop ticking and save the state."""
        while self._unsubscribers:
            self._unsubscribers.pop()()
        if self._home is not None:
            await self.async_save()
        self._stopped = True

    async def async_save(self) -> None:
        """Save the simulation now (not once stopped: it may be removed meanwhile).

        Nor while its past is being lived: a home saved halfway through its past would
        take the rest for time it spent stopped; it begins afresh instead.
        """
        if not self._stopped and self.past is None:
            await self._store.async_save(self._document())

    def _document(self) -> dict[str, Any]:
        return {
            _STATE_SIMULATION: self.home.to_state(),
            _STATE_SAVED_AT: dt_util.utcnow().isoformat(),
            _STATE_START_DELAYS: {str(k): v for k, v in self._start_delays.items()},
            _STATE_CONNECTED_WASHER: self.connected_washer.to_state(),
        }

    def _follow_jumps(self) -> None:
        jump = self._jumps.forward_jump(dt_util.utcnow().timestamp())
        if jump:
            self._wall_anchor += timedelta(seconds=jump)

    def simulated_now(self, wall: datetime | None = None) -> datetime:
        """Return the simulated time for a wall-clock time (default: now)."""
        self._follow_jumps()
        wall = wall or dt_util.utcnow()
        return self._sim_anchor + (wall - self._wall_anchor) * self._speed

    def wall_timestamp(self, simulated: float) -> float:
        """Return the wall-clock Unix time of a simulated Unix time."""
        anchor = self._sim_anchor.timestamp()
        return self._wall_anchor.timestamp() + (simulated - anchor) / self._speed

    def simulated_timestamp(self, wall: float) -> float:
        """Return the simulated Unix time for a wall-clock Unix time."""
        self._follow_jumps()
        anchor = self._wall_anchor.timestamp()
        return self._sim_anchor.timestamp() + (wall - anchor) * self._speed

    @callback
    def _async_tick(self, now: datetime) -> None:
        """Advance the simulation to the current simulated time and notify listeners."""
        simulated = self.simulated_now(now)
        self._publish_machine(simulated)
        if not self.home.advance(simulated):
            return
        self._publish()
        self._store.async_delay_save(self._document, SAVE_DELAY_S)

    @callback
    def _publish(self) -> None:
        home = self.home
        for kind in home.kinds:
            snapshot = home.snapshot(kind)
            if snapshot == self._snapshots.get(kind):
                continue
            self._snapshots[kind] = snapshot
            if (listener := self._listeners.get(kind)) is not None:
                listener(snapshot)

    @callback
    def _publish_machine(self, simulated: datetime) -> None:
        """Advance the connected washer and tell its source what its cloud says, if new."""
        washer = self.connected_washer
        washer.advance(simulated)
        report = washer.report(simulated)
        if report == self._machine_report:
            return
        self._machine_report = report
        self._store.async_delay_save(self._document, SAVE_DELAY_S)
        if self._machine_listener is not None:
            self._machine_listener(report)

    def machine_report(self) -> MachineReport:
        """Return what the connected washer's cloud says now."""
        return self.connected_washer.report(self.simulated_now())

    @callback
    def async_set_machine_listener(self, listener: MachineListener) -> CALLBACK_TYPE:
        """Call listener with every new report of the connected washer (its source)."""
        self._machine_listener = listener
        self._machine_report = None

        @callback
        def remove() -> None:
            self._machine_listener = None

        return remove

    @callback
    def async_start_machine(self, course: str) -> bool:
        """Start a course on the connected washer now; False when one runs already."""
        washer = self.connected_washer
        washer.select(course)
        started = washer.start(self.simulated_now())
        self._publish_machine(self.simulated_now())
        return started

    def snapshot(self, kind: ApplianceKind) -> ApplianceSnapshot:
        """Return the latest published state of one appliance."""
        return self._snapshots[kind]

    @callback
    def async_set_listener(self, kind: ApplianceKind, listener: SnapshotListener) -> CALLBACK_TYPE:
        """Call listener with every changed snapshot of one appliance (its source)."""
        self._listeners[kind] = listener

        @callback
        def remove() -> None:
            self._listeners.pop(kind, None)

        return remove

    @callback
    def async_select_program(self, kind: ApplianceKind, program: str) -> None:
        """Select a program on a simulated appliance."""
        self.home.select_program(kind, program)
        self._publish()

    @callback
    def async_start_program(self, kind: ApplianceKind) -> None:
        """Start the selected program, after the appliance's set start delay."""
        delay = timedelta(minutes=self._start_delays.get(kind, 0.0))
        self.home.start(kind, delay=delay)
        self._publish()
        self._store.async_delay_save(self._document, SAVE_DELAY_S)

    def start_delay_minutes(self, kind: ApplianceKind) -> float:
        """Return the delayed-start time set for an appliance, in minutes."""
        return self._start_delays.get(kind, 0.0)

    @callback
    def async_set_start_delay(self, kind: ApplianceKind, minutes: float) -> None:
        """Set the delayed-start time used by the next start of an appliance."""
        self._start_delays[kind] = minutes
        self._store.async_delay_save(self._document, SAVE_DELAY_S)

    async def async_remove_storage(self) -> None:
        """Delete the saved simulation (when the entry is removed)."""
        await self._store.async_remove()
