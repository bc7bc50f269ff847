"""The one seam every kind of source sits behind.

A source knows what its appliance is (a profile), turns its Home Assistant inputs into the
engine's readings, says whether it is available, and keeps the clock its readings are on:
wall time for real appliances, simulated time inside the demo home.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from homeassistant.helpers.device_registry import DeviceInfo

from ..engine import ApplianceType, CompressorSettings, CycleSettings
from ..engine.care import CareSettings, CareSubject
from ..engine.signals import Reading, SignalKind

if TYPE_CHECKING:
    from .demo import DemoAppliance

# The engine wants time to pass at least every 30 s so hold times end on time even when
# a sensor reports only on change.
ENGINE_TICK = timedelta(seconds=30)


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


WALL_CLOCK = SourceClock()


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

    @property
    def demo(self) -> DemoAppliance | None:
        """Return the simulated appliance behind the source, for the demo's own controls."""
        return None
