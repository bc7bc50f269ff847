"""Helpers for care tests: cycle records, programs, feeding a fridge's compressor state."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from custom_components.appliance_care.engine import CycleRecord, ProgramInfo
from custom_components.appliance_care.engine.care import (
    CareChange,
    CareMonitor,
    Finding,
    FindingKind,
)

T0 = 1_700_006_400.0  # 2023-11-15 00:00 UTC, a day boundary
MIN = 60.0
HOUR = 3600.0
DAY = 86_400.0


def record(
    start: float,
    *,
    minutes: float = 90.0,
    energy_wh: float = 800.0,
    program_id: int | None = 1,
    peak_w: float = 2000.0,
    number: int = 1,
) -> CycleRecord:
    """Return a finished cycle that started at `start`."""
    end = start + minutes * MIN
    return CycleRecord(
        number=number,
        start=start,
        end=end,
        finished_at=end + 3 * MIN,
        energy_wh=energy_wh,
        program_id=program_id,
        peak_w=peak_w,
    )


def program(program_id: int = 1, *, cycles: int = 10, energy_wh: float = 800.0) -> ProgramInfo:
    """Return a learned program."""
    return ProgramInfo(
        program_id=program_id,
        name=None,
        cycles=cycles,
        typical_duration_s=90 * MIN,
        duration_spread_s=2 * MIN,
        typical_energy_wh=energy_wh,
        last_seen=T0,
    )


class Log:
    """Collects the changes a monitor returns."""

    def __init__(self) -> None:
        self.changes: list[CareChange] = []

    def __call__(self, changes: Iterable[CareChange]) -> tuple[CareChange, ...]:
        out = tuple(changes)
        self.changes.extend(out)
        return out

    def raised(self, kind: FindingKind) -> list[Finding]:
        return [c.finding for c in self.changes if c.raised and c.finding.kind is kind]

    def cleared(self, kind: FindingKind) -> list[Finding]:
        return [c.finding for c in self.changes if not c.raised and c.finding.kind is kind]


def active(monitor: CareMonitor, kind: FindingKind) -> Finding | None:
    """Return the active finding of a kind."""
    return next((f for f in monitor.findings if f.kind is kind), None)


def run_cycles(
    monitor: CareMonitor,
    log: Log,
    count: int,
    *,
    start: float,
    every_s: float = DAY,
    make: Callable[[float, int], CycleRecord] | None = None,
    info: ProgramInfo | None = None,
) -> float:
    """Run `count` cycles, one every `every_s`; return the time after the last one."""
    t = start
    for i in range(count):
        rec = make(t, i) if make is not None else record(t)
        log(monitor.cycle_started(rec.start))
        log(monitor.cycle_finished(rec, info))
        t += every_s
    return t


def fridge_days(
    monitor: CareMonitor,
    log: Log,
    days: float,
    *,
    start: float,
    duty: Callable[[float], float],
    period_s: float = 3600.0,
    step_s: float = 60.0,
    power_w: float | None = 90.0,
    ambient: float | None = None,
) -> float:
    """Feed compressor_stats once a minute: on for duty(t) of each period; return the end.

    power_w None reports the power sensor unavailable; `ambient` is reported every minute.
    """
    t = start
    end = start + days * DAY
    steps_per_period = max(1, round(period_s / step_s))
    on_steps = 0
    carry = 0.0
    step = 0
    while t < end:
        k = step % steps_per_period
        if k == 0:
            # Whole steps on per period, the rounding carried over: the duty is exact on average.
            wanted = duty(t) * steps_per_period + carry
            on_steps = round(wanted)
            carry = wanted - on_steps
        running = k < on_steps
        if ambient is not None:
            log(monitor.ambient(t, ambient))
        power = None if power_w is None else (power_w if running else 2.0)
        log(monitor.compressor_stats(t, running=running, duty_cycle_24h=None, power_w=power))
        log(monitor.tick(t))
        t += step_s
        step += 1
    return t
