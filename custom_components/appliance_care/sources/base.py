"""The one seam every kind of source sits behind.

A source knows what its appliance is (a profile), turns its Home Assistant inputs into the
engine's readings, says whether it is available, and keeps the clock its readings are on:
wall time for real appliances, simulated time inside the demo home.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
import time
from typing import TYPE_CHECKING, Protocol

from homeassistant.helpers.device_registry import DeviceInfo

from ..engine import ApplianceType, CompressorSettings, CycleSettings
from ..engine.care import CareSettings, CareSubject
from ..engine.signals import Reading, SignalKind

if TYPE_CHECKING:
    from .demo import DemoAppliance
    from .demo_connected import DemoConnectedWasher

# The engine wants time to pass at least every 30 s so hold times end on time even when
# a sensor reports only on change.
ENGINE_TICK = timedelta(seconds=30)
# Care rules look at slow things (days of duty cycle, hours of wet laundry): a minute is
# fine-grained enough and costs nothing.
CARE_TICK = timedelta(minutes=1)


class Emit(Protocol):
    """Hands readings to the appliance's update path.

    `refresh` asks for every entity of the appliance to look again even if the engine
    saw nothing new (a simulated appliance's own sensors changed).
    """

    def __call__(self, readings: Sequence[Reading], *, refresh: bool = False) -> None:
        """Take the readings."""


def _same(moment: float) -> float:
    return moment


@dataclass(frozen=True, kw_only=True)
class SourceClock:
    """Maps between wall-clock Unix times and the times readings are given in."""

    to_engine: Callable[[float], float] = _same
    to_wall: Callable[[float], float] = _same
    tick: timedelta = ENGINE_TICK
    """How often the engine is let see time pass."""
    care_tick: timedelta = CARE_TICK
    """How often the care rules are let see time pass."""
    follows_wall: bool = True
    """Engine times are wall times, so a jump of the wall clock moves them (see JumpWatch).
    A simulation keeps its own time and is not moved."""


WALL_CLOCK = SourceClock()

# Steps of the wall clock up to this against the monotonic clock are NTP slewing and
# scheduling noise; a hold of minutes does not notice them.
JUMP_TOLERANCE_S = 10.0


# CLOCK_BOOTTIME never jumps and, unlike the monotonic clock, counts time the machine was
# suspended: a host that slept is a gap in the readings, not a clock set forward. A guest
# paused by its hypervisor does not see the pause, so NTP's correction after it is a jump.
BOOTTIME: int | None = getattr(time, "CLOCK_BOOTTIME", None)


def _monotonic() -> float:
    return time.monotonic() if BOOTTIME is None else time.clock_gettime(BOOTTIME)


class JumpWatch:
    """Tells a jump of the wall clock from time passing.

    Between two looks, the wall clock and the boot-time clock advance alike, whether Home
    Assistant was busy, idle or the machine suspended. When the wall clock moved further,
    it was set forward (NTP correcting a wrong clock, a virtual machine resumed by its
    host) while the appliance kept reporting. Holds and durations must not count that
    span. An outage of Home Assistant is different: the next start has no earlier look,
    so the silence stays a data gap. Jumps backward are the engine's own to handle (a
    report older than the last one).
    """

    __slots__ = ("_last",)

    def __init__(self) -> None:
        """Start without a look: the first one only sets the reference."""
        self._last: tuple[float, float] | None = None

    def due(self, wall: float) -> bool:
        """Return whether a report at `wall` is far enough from the last look to check.

        Reports closer to it than the tolerance cannot reveal a jump worth the clock reads,
        so a sensor reporting every second costs one float comparison.
        """
        last = self._last
        return last is None or wall - last[0] > JUMP_TOLERANCE_S

    def forward_jump(self, wall: float) -> float:
        """Return how far the wall clock (now at `wall`) jumped ahead since the last look."""
        mono = _monotonic()
        last = self._last
        self._last = (wall, mono)
        if last is None:
            return 0.0
        jump = (wall - last[0]) - (mono - last[1])
        return jump if jump > JUMP_TOLERANCE_S else 0.0


@dataclass(frozen=True, kw_only=True)
class ApplianceProfile:
    """What an appliance is; fixed for as long as its subentry stays unchanged."""

    key: str
    """Prefix of its unique ids and storage keys; stable for the appliance's life."""
    name: str
    subject: CareSubject
    appliance_type: ApplianceType | None
    """The cycle or compressor engine to run; None for appliances with neither."""
    device_info: DeviceInfo
    signals: frozenset[SignalKind]
    settings: CycleSettings | CompressorSettings | None
    care_settings: CareSettings
    unheated: bool = False
    """Stands where it may freeze: the home's outdoor temperature and forecast matter."""
    device_id: str | None = None
    """The device of another integration the appliance is (a connected appliance): its
    entities join that device instead of one described by `device_info`."""
    connected: bool = False
    """Cycles are told by the machine's own state and countdown (a ConnectedTracker)."""
    purchased: date | None = None
    """The purchase date the user gave (for the health index's age)."""

    def is_device(self, device_id: str, identifiers: set[tuple[str, str]]) -> bool:
        """Return whether a device (its id and identifiers) is this appliance's."""
        if self.device_id is not None:
            return device_id == self.device_id
        return bool(set(self.device_info.get("identifiers", ())) & identifiers)


def purchase_date(value: object) -> date | None:
    """Return a stored purchase date (an ISO date), None when absent or unreadable."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class ApplianceSource(ABC):
    """Readings of one appliance, from wherever they come."""

    clock: SourceClock = WALL_CLOCK

    def __init__(self, profile: ApplianceProfile) -> None:
        """Describe the appliance; async_start begins the readings."""
        self.profile = profile

    @property
    @abstractmethod
    def available(self) -> bool:
        """Return whether the source gives readings now.

        A change of availability comes with a reading (None while unavailable), so the
        appliance's one update path sees it.
        """

    @abstractmethod
    def async_start(self, emit: Emit) -> None:
        """Emit the current readings, then every change, until async_stop."""

    @abstractmethod
    def async_stop(self) -> None:
        """Stop emitting."""

    def entities(self) -> dict[str, str]:
        """Return the entities read, by signal, for diagnostics (none for a simulation)."""
        return {}

    def missing_entities(self) -> int:
        """Return how many of the entities it reads are gone (none for a simulation)."""
        return 0

    @property
    def demo(self) -> DemoAppliance | None:
        """Return the simulated appliance behind the source, for the demo's own controls."""
        return None

    @property
    def demo_machine(self) -> DemoConnectedWasher | None:
        """Return the demo's connected washer behind the source, for its own entities."""
        return None
