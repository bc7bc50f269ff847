"""Driving the cycle engine and a CareMonitor over a trace, the way Home Assistant would.

Cycle appliances: power reports go to a CycleTracker (ticked every 30 s); its cycle starts
and finishes go to the CareMonitor, which is ticked every minute. Fridges: power reports go
to a CompressorMonitor; its events go to the CareMonitor, and once a minute the monitor gets
compressor_stats and a tick. A data gap (no report for more than 15 minutes) reports the
sensor as unavailable until data returns. Reminders are acted upon: the owner records the
reminded maintenance USER_DELAY_S after the reminder (so reminders come at their natural
rate instead of staying up forever).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
import importlib

from common import engine

care = importlib.import_module("engine.care")

TICK_S = 30.0
STATS_S = 60.0
GAP_S = 15 * 60.0
USER_DELAY_S = 2 * 86_400.0


@dataclass
class CareRun:
    """What the care rules produced over one trace."""

    subject: str
    start: float
    end: float
    changes: list[tuple[float, object]] = field(default_factory=list)
    """(time of the input, CareChange)."""
    cycles: int = 0
    peak_levels: dict[str, float] = field(default_factory=dict)
    """Highest drift-test evidence seen, as a share of the decision level (1 raises)."""
    records: list[object] = field(default_factory=list)
    """The finished cycles (CycleRecord) of a cycle appliance."""
    monitor: object = None

    def raised(self, *, at_least: str = "info") -> list[tuple[float, object]]:
        """Return the raised changes of at least a severity."""
        rank = care.Severity(at_least).rank
        return [
            (t, c)
            for t, c in self.changes
            if c.raised and c.finding.severity.rank >= rank  # type: ignore[attr-defined]
        ]

    def sample_levels(self) -> None:
        """Keep the highest drift-test levels of the monitor."""
        for key, value in self.monitor.drift_levels.items():  # type: ignore[attr-defined]
            self.peak_levels[key] = max(self.peak_levels.get(key, 0.0), value)

    @property
    def months(self) -> float:
        """Return the span in months of 30.44 days."""
        return (self.end - self.start) / (30.44 * 86_400.0)


class _Owner:
    """Records the maintenance a reminder asks for, a while after it was raised."""

    def __init__(self, monitor: object, act: bool) -> None:
        self.monitor = monitor
        self.act = act
        self.pending: list[tuple[float, object]] = []

    def take(self, t: float, changes: Sequence[object], run: CareRun) -> None:
        for change in changes:
            run.changes.append((t, change))
            finding = change.finding  # type: ignore[attr-defined]
            if self.act and change.raised and finding.kind.is_reminder and finding.fix:  # type: ignore[attr-defined]
                self.pending.append((t + USER_DELAY_S, finding.fix))

    def due(self, t: float, run: CareRun) -> None:
        keep = []
        for when, kind in self.pending:
            if when <= t:
                record = care.MaintenanceRecord(kind=kind, at=t)
                self.take(t, self.monitor.record_maintenance(record), run)  # type: ignore[attr-defined]
            else:
                keep.append((when, kind))
        self.pending = keep


def drive_cycles(
    subject: str,
    reports: Sequence[tuple[float, float | None]],
    *,
    tail_s: float = 4 * 3600.0,
    owner_acts: bool = True,
) -> CareRun:
    """Feed plug reports of a washer, dryer or dishwasher through the engine and the rules."""
    tracker = engine.CycleTracker(engine.ApplianceType(subject))
    monitor = care.CareMonitor(care.CareSubject(subject))
    start = reports[0][0] if reports else 0.0
    run = CareRun(subject, start, start, monitor=monitor)
    owner = _Owner(monitor, owner_acts)
    next_care = start

    def handle(events: Sequence[object], t: float) -> None:
        nonlocal next_care
        for event in events:
            kind = event.kind  # type: ignore[attr-defined]
            if kind is engine.CycleEventKind.CYCLE_STARTED:
                owner.take(t, monitor.cycle_started(event.at), run)  # type: ignore[attr-defined]
            elif kind is engine.CycleEventKind.CYCLE_FINISHED:
                record = event.cycle  # type: ignore[attr-defined]
                program = next(
                    (p for p in tracker.programs if p.program_id == record.program_id), None
                )
                run.cycles += 1
                run.records.append(record)
                owner.take(t, monitor.cycle_finished(record, program), run)
                run.sample_levels()
        if t >= next_care:
            owner.due(t, run)
            owner.take(t, monitor.tick(t), run)
            next_care = t + STATS_S

    last: float | None = None
    for t, w in reports:
        if last is not None:
            tick = last + TICK_S
            while tick < t:
                handle(tracker.tick(tick), tick)
                tick += TICK_S
        handle(tracker.power(t, w), t)
        last = t
    if last is not None:
        tick = last + TICK_S
        while tick <= last + tail_s:
            handle(tracker.tick(tick), tick)
            tick += TICK_S
        run.end = last
    return run


@dataclass
class FridgeSensors:
    """Optional sensor readings of a fridge, by time (each holds until the next)."""

    ambient: Callable[[float], float | None] | None = None
    temperature: Callable[[float], float | None] | None = None
    doors: Sequence[tuple[float, bool]] = ()
    """Door changes (time, open), each reported when it happens."""


def drive_fridge(
    subject: str,
    reports: Sequence[tuple[float, float | None]],
    sensors: FridgeSensors | None = None,
    *,
    owner_acts: bool = True,
) -> CareRun:
    """Feed plug reports of a fridge or freezer through a CompressorMonitor and the rules."""
    compressor = engine.CompressorMonitor(engine.ApplianceType(subject))
    monitor = care.CareMonitor(care.CareSubject(subject))
    start = reports[0][0] if reports else 0.0
    run = CareRun(subject, start, start, monitor=monitor)
    owner = _Owner(monitor, owner_acts)
    sensors = sensors or FridgeSensors()
    doors = list(sensors.doors)
    next_door = 0
    power: float | None = None

    def minute(t: float) -> None:
        if sensors.ambient is not None:
            owner.take(t, monitor.ambient(t, sensors.ambient(t)), run)
        if sensors.temperature is not None:
            owner.take(t, monitor.temperature(t, sensors.temperature(t)), run)
        owner.take(
            t,
            monitor.compressor_stats(
                t,
                running=compressor.running,
                duty_cycle_24h=compressor.duty_cycle_24h,
                power_w=power,
            ),
            run,
        )
        owner.due(t, run)
        owner.take(t, monitor.tick(t), run)
        if t % 3600.0 < STATS_S:
            run.sample_levels()

    def feed(events: Sequence[object], t: float) -> None:
        for event in events:
            owner.take(t, monitor.compressor(event), run)

    last: float | None = None
    next_minute = start
    for t, w in reports:
        if last is not None and t - last > GAP_S:
            # The plug went away: unavailable from a minute after its last report.
            feed(compressor.power(last + STATS_S, None), last + STATS_S)
            power = None
        while next_minute <= t:
            while next_door < len(doors) and doors[next_door][0] <= next_minute:
                at, is_open = doors[next_door]
                owner.take(at, monitor.door(at, is_open), run)
                next_door += 1
            feed(compressor.tick(next_minute), next_minute)
            minute(next_minute)
            next_minute += STATS_S
        feed(compressor.power(t, w), t)
        power = w
        last = t
    run.end = last if last is not None else start
    return run
