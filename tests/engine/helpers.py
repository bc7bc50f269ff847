"""Helpers for engine tests: feeding power phases the way Home Assistant would."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from custom_components.appliance_care.engine import (
    CycleEvent,
    CycleEventKind,
    CycleRecord,
    CycleTracker,
)

T0 = 1_700_000_000.0  # 2023-11-14, any fixed time will do
MIN = 60.0
TICK_S = 30.0

# A washer program: fill, heat, wash, rinses with short pauses, spin. About 94 minutes.
# Rinses tumble at 60 to 130 W (REFIT House 2's washer in one-minute means); a steady
# 150 W and more for minutes is a spin.
WASHER: tuple[tuple[float | None, float], ...] = (
    (30.0, 5 * MIN),
    (2000.0, 15 * MIN),
    (100.0, 40 * MIN),
    (3.0, 2 * MIN),
    (120.0, 6 * MIN),
    (3.0, 2 * MIN),
    (120.0, 6 * MIN),
    (3.0, 2 * MIN),
    (400.0, 8 * MIN),
    (60.0, 8 * MIN),
)
WASHER_S = sum(d for _, d in WASHER)


@dataclass
class Feed:
    """Feeds phases of constant power to a tracker: one report per change, ticks every 30 s."""

    tracker: CycleTracker
    t: float = T0
    events: list[CycleEvent] = field(default_factory=list)

    def hold(self, watts: object, seconds: float) -> None:
        """Report `watts` now and let `seconds` pass."""
        self.events.extend(self.tracker.power(self.t, watts))
        self.wait(seconds)

    def wait(self, seconds: float) -> None:
        """Let time pass with ticks every 30 s, the last report holding."""
        end = self.t + seconds
        while self.t + TICK_S < end:
            self.t += TICK_S
            self.events.extend(self.tracker.tick(self.t))
        self.t = end
        self.events.extend(self.tracker.tick(self.t))

    def run(self, phases: Iterable[tuple[object, float]]) -> None:
        """Hold each (watts, seconds) phase in turn."""
        for watts, seconds in phases:
            self.hold(watts, seconds)

    def kinds(self) -> list[CycleEventKind]:
        """Return the kinds of the events so far."""
        return [e.kind for e in self.events]

    def finished(self) -> list[CycleRecord]:
        """Return the records of the cycles finished so far."""
        return [
            e.cycle
            for e in self.events
            if e.kind is CycleEventKind.CYCLE_FINISHED and e.cycle is not None
        ]

    def count(self, kind: CycleEventKind) -> int:
        """Return how many events of a kind were emitted."""
        return sum(1 for e in self.events if e.kind is kind)


def washer_cycle(scale: float = 1.0) -> list[tuple[float | None, float]]:
    """Return the washer program with its durations scaled."""
    return [(w, d * scale) for w, d in WASHER]


def phases_energy_wh(phases: Sequence[tuple[float | None, float]]) -> float:
    """Return the energy of some phases in Wh."""
    return sum((w or 0.0) * d for w, d in phases) / 3600.0
