"""Helpers for the simulator tests: run lone appliances and record what they did."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
import statistics

from custom_components.appliance_care.simulator import ApplianceKind, Fault, PlugSettings
from custom_components.appliance_care.simulator.clock import SECONDS_PER_DAY, to_seconds
from custom_components.appliance_care.simulator.cycle import CycleAppliance
from custom_components.appliance_care.simulator.home import make_appliance
from custom_components.appliance_care.simulator.programs import PhaseKind
from custom_components.appliance_care.simulator.refrigerator import FridgeMode, Refrigerator

START = datetime(2026, 1, 5, tzinfo=UTC)
T0 = to_seconds(START)


@dataclass
class Phase:
    kind: PhaseKind
    start: int
    end: int

    @property
    def seconds(self) -> int:
        return self.end - self.start


@dataclass
class CycleRun:
    start: int
    end: int
    energy_kwh: float
    phases: list[Phase] = field(default_factory=list)
    reports: list[tuple[int, float]] = field(default_factory=list)

    @property
    def minutes(self) -> float:
        return (self.end - self.start) / 60

    def of(self, kind: PhaseKind) -> list[Phase]:
        return [phase for phase in self.phases if phase.kind is kind]

    def reports_in(self, phase: Phase) -> list[float]:
        return [watts for t, watts in self.reports if phase.start <= t < phase.end]


def run_cycle(
    kind: ApplianceKind,
    program: str,
    *,
    seed: int = 1,
    faults: Iterable[Fault] = (),
    after_days: float = 0,
    plug: PlugSettings | None = None,
) -> CycleRun:
    """Run one cycle of a lone machine second by second, after letting faults develop."""
    reports: list[tuple[int, float]] = []
    settings = plug or PlugSettings()
    machine = make_appliance(
        kind, t0=T0, seed=seed, plug=settings, sink=lambda t, w: reports.append((t, w))
    )
    assert isinstance(machine, CycleAppliance)
    machine.apply(faults, None, settings)
    t = T0 + round(after_days * SECONDS_PER_DAY)
    machine.advance_to(t)
    machine.select_program(program)
    energy = machine.plug.energy_kwh
    machine.start(0)
    start = t + 1
    run = CycleRun(start=start, end=start, energy_kwh=0.0)
    while machine.busy:
        t += 1
        machine.advance_to(t)
        phase = machine.phase
        if phase is None:
            break
        if not run.phases or run.phases[-1].start != machine._phase_start:
            run.phases.append(Phase(phase.kind, t, t))
        run.phases[-1].end = t + 1
    run.end = t
    run.energy_kwh = machine.plug.energy_kwh - energy
    run.reports = [(at, w) for at, w in reports if at >= start]
    return run


@dataclass
class FridgeStats:
    duty: float
    runs_min: list[float]
    offs_min: list[float]
    defrosts: int
    kwh_per_day: float
    fridge: list[float]
    freezer: list[float]


def fridge_stats(
    *, seed: int = 1, faults: Iterable[Fault] = (), days: float = 2, after_days: float = 0
) -> FridgeStats:
    """Measure a lone refrigerator second by second (whole runs and pauses only)."""
    fridge = make_appliance(ApplianceKind.REFRIGERATOR, t0=T0, seed=seed, plug=PlugSettings())
    assert isinstance(fridge, Refrigerator)
    fridge.apply(faults, None, PlugSettings())
    t = T0 + round(after_days * SECONDS_PER_DAY)
    fridge.advance_to(t)
    energy = fridge.plug.energy_kwh
    mode, since, on_s, total = fridge.mode, None, 0, 0
    runs: list[float] = []
    offs: list[float] = []
    defrosts = 0
    fridge_c: list[float] = []
    freezer_c: list[float] = []
    for step in range(round(days * SECONDS_PER_DAY)):
        t += 1
        fridge.advance_to(t)
        total += 1
        on_s += fridge.mode is FridgeMode.COOLING
        if step % 60 == 0:
            snapshot = fridge.snapshot()
            assert snapshot.interior_temperature_c is not None
            assert snapshot.freezer_temperature_c is not None
            fridge_c.append(snapshot.interior_temperature_c)
            freezer_c.append(snapshot.freezer_temperature_c)
        if fridge.mode is not mode:
            if since is not None and mode is FridgeMode.COOLING:
                runs.append((t - since) / 60)
            elif since is not None and mode is FridgeMode.OFF:
                offs.append((t - since) / 60)
            defrosts += fridge.mode is FridgeMode.DEFROST
            mode, since = fridge.mode, t
    return FridgeStats(
        duty=on_s / total,
        runs_min=runs,
        offs_min=offs,
        defrosts=defrosts,
        kwh_per_day=(fridge.plug.energy_kwh - energy) / days,
        fridge=fridge_c,
        freezer=freezer_c,
    )


def median(values: list[float]) -> float:
    return statistics.median(values)
