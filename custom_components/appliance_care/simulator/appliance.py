"""What every simulated appliance shares: its plug, its seeded randomness, its event clock.

Appliances are event driven in whole seconds: each knows the next second at which
something about it changes (a phase, a thermostat, a door, a noise update) and skips the
seconds in between, during which its true power is constant. The result is the same as
stepping every second, at a cost that grows with the number of changes, not of seconds.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
import contextlib
from datetime import time
import math
import random
import re
from types import MappingProxyType
from typing import Any

from .clock import NEVER, SECONDS_PER_HOUR, from_seconds, next_daily
from .faults import FaultClock
from .model import (
    FAULTS,
    FIRMWARE_VERSIONS,
    ApplianceKind,
    ApplianceSnapshot,
    Fault,
    PlugSettings,
    SimulationError,
)
from .plug import Plug, ReportSink
from .state import StateError, read_float, read_int, section

# Each appliance draws from random.Random(seed + its offset), so appliances are
# independent of each other and of the order in which they are advanced.
SEED_OFFSETS: Mapping[ApplianceKind, int] = MappingProxyType(
    {kind: 1_000_003 * (index + 1) for index, kind in enumerate(ApplianceKind)}
)

# Resolution at which snapshot values are shown; finer changes do not count as visible.
ENERGY_DECIMALS = 3  # whole watt-hours
TEMPERATURE_DECIMALS = 1
FILTER_DECIMALS = 1
WATER_DECIMALS = 2
SECONDS_PER_DELAY_STEP = 60  # a delayed start counts down in whole minutes

# Firmware versions are dotted numbers, as appliance makers show them ("2.4.1").
FIRMWARE_VERSION = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6}){0,3}")

# Errors that reading a damaged state may raise; they only ever make a part start fresh.
STATE_ERRORS = (StateError, KeyError, TypeError, ValueError, OverflowError, IndexError)


class Appliance(ABC):
    """Base of the simulated appliances."""

    plug: Plug

    def __init__(self, kind: ApplianceKind, *, t0: int, seed: int) -> None:
        """Prepare the clock, the random generator and the fault clock of an appliance."""
        self.kind = kind
        self._seed = seed
        self._rng = random.Random(seed + SEED_OFFSETS[kind])  # noqa: S311 - a simulation, not security
        self._t = t0
        self._next_t = NEVER
        self.faults = FaultClock(FAULTS[kind])
        self.firmware_version = FIRMWARE_VERSIONS[kind]

    def _init_plug(self, settings: PlugSettings, power_w: float, sink: ReportSink | None) -> None:
        self.plug = Plug(settings, self._t, power_w, sink)

    # -- time -------------------------------------------------------------------------

    @property
    def next_event_at(self) -> int:
        """Return the next second at which something about the appliance changes.

        Only continuous values (temperatures) move in between; NEVER when nothing is due.
        """
        return self._next_t

    def advance_to(self, t_end: int) -> None:
        """Process every event up to and including second t_end."""
        while self._next_t <= t_end:
            t = self._next_t
            self._t = t
            self._on_event(t)
            # Every event must move time on; a stuck timer must never hang the home.
            self._next_t = max(self._next_t, t + 1)
        self._t = max(self._t, t_end)
        self.plug.flush(self._t)

    @abstractmethod
    def _on_event(self, t: int) -> None:
        """Handle everything due at second t and set self._next_t."""

    @abstractmethod
    def fast_forward(self, t_end: int) -> None:
        """Skip to t_end coarsely: integrate energy and wear without stepping events."""

    # -- settings ----------------------------------------------------------------------

    def apply(self, faults: Iterable[Fault], schedule: time | None, plug: PlugSettings) -> None:
        """Take live settings: active faults, daily schedule, plug reporting."""
        self.faults.set_active(faults, self._t)
        self.plug.configure(plug)
        self._set_schedule(schedule)
        self._on_settings_changed()

    @abstractmethod
    def _set_schedule(self, when: time | None) -> None:
        """Use a new daily schedule (None: no automatic operation)."""

    @abstractmethod
    def _on_settings_changed(self) -> None:
        """Recompute whatever depends on faults or schedules (thermal models, timers)."""

    # -- what is shown -----------------------------------------------------------------

    def visible(self) -> tuple[object, ...]:
        """Return the snapshot's content at display resolution, to detect changes."""
        return (
            self.plug.reports,
            round(self.plug.energy_kwh, ENERGY_DECIMALS),
            *self._visible_details(),
        )

    @abstractmethod
    def _visible_details(self) -> tuple[object, ...]:
        """Return the kind-specific part of visible()."""

    @abstractmethod
    def snapshot(self) -> ApplianceSnapshot:
        """Return what the appliance's sensors show now."""

    def _snapshot(
        self,
        *,
        door_open: bool | None = None,
        interior_c: float | None = None,
        freezer_c: float | None = None,
        ambient_c: float | None = None,
        filter_pct: float | None = None,
        water_l: float | None = None,
        pm25_ugm3: float | None = None,
        programs: tuple[str, ...] = (),
        program: str | None = None,
        running: bool = False,
        delay_s: float | None = None,
    ) -> ApplianceSnapshot:
        return ApplianceSnapshot(
            kind=self.kind,
            power_w=self.plug.reported_w,
            power_reported_at=from_seconds(self.plug.reported_at),
            energy_kwh=self.plug.energy_kwh,
            door_open=door_open,
            interior_temperature_c=interior_c,
            freezer_temperature_c=freezer_c,
            ambient_temperature_c=ambient_c,
            filter_used_pct=filter_pct,
            water_dispensed_l=water_l,
            pm25_ugm3=pm25_ugm3,
            programs=programs,
            program=program,
            running=running,
            delayed_start_remaining_s=delay_s,
            firmware_version=self.firmware_version,
        )

    def set_firmware(self, version: str) -> None:
        """Run another firmware version; raise SimulationError "invalid_firmware"."""
        if not FIRMWARE_VERSION.fullmatch(version):
            raise SimulationError("invalid_firmware", f"{version!r} is not a firmware version")
        self.firmware_version = version

    # -- saving ------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """Return everything needed to resume, JSON-serialisable."""
        return {
            "plug": self.plug.to_state(),
            "faults": self.faults.to_state(),
            "firmware": self.firmware_version,
            "details": self._details_state(),
        }

    def restore(self, state: Any) -> None:
        """Resume from to_state() output; parts that cannot be read start fresh."""
        # Draws after a restart continue from a generator seeded with the saved clock, so
        # that restoring the same state twice gives the same future.
        self._rng.seed(f"{self._seed}/{self.kind}/{self._t}")
        try:
            plug = section(state, "plug")
            energy = read_float(plug, "energy_ws", 0.0)
            reported_w = read_float(plug, "reported_w", 0.0)
            reported_at = read_int(plug, "reported_at", 0, self._t)
        except STATE_ERRORS:
            pass
        else:
            self.plug.restore(energy, reported_w, reported_at)
        if isinstance(state, Mapping):
            self.faults.restore(state.get("faults"), self._t)
            with contextlib.suppress(SimulationError):
                self.set_firmware(str(state.get("firmware", self.firmware_version)))
        with contextlib.suppress(*STATE_ERRORS):
            self._restore_details(section(state, "details"))

    @abstractmethod
    def _details_state(self) -> dict[str, Any]:
        """Return the kind-specific state."""

    @abstractmethod
    def _restore_details(self, state: Mapping[str, Any]) -> None:
        """Take the kind-specific state; raise a STATE_ERRORS error to start fresh.

        Implementations read everything before changing anything, so that a failure
        leaves the fresh start intact.
        """


class OperatingWindow:
    """A daily operation that starts at a scheduled time and lasts some hours."""

    __slots__ = ("_hours", "on", "schedule", "since", "toggle_t")

    def __init__(self, hours: tuple[float, float]) -> None:
        """Describe a daily operation lasting a random number of hours within `hours`."""
        self._hours = hours
        self.schedule: time | None = None
        self.on = False
        self.since = 0
        self.toggle_t = NEVER

    def set_schedule(self, when: time | None, t: int) -> None:
        """Use a new schedule; an operation already on runs until its planned end."""
        self.schedule = when
        if not self.on:
            self.toggle_t = NEVER if when is None else next_daily(t, when)

    def toggle(self, t: int, rng: random.Random) -> None:
        """Switch the operation on (for a random duration) or off (until the next day)."""
        if self.on:
            self.on = False
            self.toggle_t = NEVER if self.schedule is None else next_daily(t, self.schedule)
        else:
            self.on = True
            self.since = t
            self.toggle_t = t + math.ceil(rng.uniform(*self._hours) * SECONDS_PER_HOUR)

    def intervals(self, t0: int, t1: int, rng: random.Random) -> list[tuple[int, int]]:
        """Run the window from t0 to t1 and return the spans it was on, clipped to them."""
        spans: list[tuple[int, int]] = []
        start = t0 if self.on else None
        while self.toggle_t <= t1:
            at = self.toggle_t
            self.toggle(at, rng)
            if self.on:
                start = at
            elif start is not None:
                spans.append((start, at))
                start = None
        if start is not None:
            spans.append((start, t1))
        return spans

    def to_state(self) -> dict[str, Any]:
        """Return the window's state, JSON-serialisable."""
        return {"on": self.on, "since": self.since, "toggle_t": self.toggle_t}

    def restore(self, state: Mapping[str, Any], clock: int) -> None:
        """Resume an operation that was on; an off window re-arms from its schedule."""
        if state.get("on") is True:
            since = read_int(state, "since", 0, clock)
            until = read_int(state, "toggle_t", clock + 1, NEVER - 1)
            self.on, self.since, self.toggle_t = True, since, until
