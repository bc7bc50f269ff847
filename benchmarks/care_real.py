"""Care benchmark on real traces (REFIT, tracebase), injected fridge drift, filter forecasts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
import itertools
from pathlib import Path
import statistics
import time

from care_drive import CareRun, care, drive_cycles, drive_fridge
from care_eval import (
    FILTER_KINDS,
    FILTER_STEP_S,
    Detection,
    HealthyRow,
    first_detection,
    healthy_row,
)
from care_traces import (
    DAY_S,
    OFF_W,
    ON_W,
    refit_rows,
    repeat,
    simulate,
    stretch_runs,
    tracebase_rows,
)
import cycles as cyc

FRIDGES = ("fridge_599393", "fridge_B83B9E")
RAMP_MAX = 0.4
RAMP_DAYS = 14.0
STEP = 0.2
FORECAST_DAYS_BEFORE = (60, 30, 14, 7)


def refit_healthy(data: Path) -> list[HealthyRow]:
    """REFIT House 2's washer and dishwasher, fed as a smart plug would report them."""
    rows = []
    for column, subject in (("WashingMachine", "washer"), ("Dishwasher", "dishwasher")):
        trace = cyc.plug_trace(refit_rows(data, column), cyc.PlugModel(), 1)
        rows.append(healthy_row("REFIT House 2", subject, drive_cycles(subject, trace)))
    return rows


@dataclass
class FridgeDrift:
    """One tracebase fridge: healthy runs and the injected drifts."""

    name: str
    healthy: HealthyRow
    replayed: HealthyRow
    detections: list[Detection] = field(default_factory=list)
    duty_at_detection: dict[str, float] = field(default_factory=dict)
    daily: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    """Per variant: (day from onset, duty that day)."""
    onset: float = 0.0


def daily_duty(rows: Sequence[tuple[float, float]], origin: float) -> list[tuple[float, float]]:
    """Return (day index from origin, share of the day the power was at compressor level)."""
    on: dict[int, float] = {}
    seen: dict[int, float] = {}
    running = False
    for (t0, w), (t1, _) in itertools.pairwise(rows):
        running = w >= ON_W or (running and w >= OFF_W)
        step = t1 - t0
        if not 0 < step <= 60:
            continue
        day = int((t0 - origin) // DAY_S)
        seen[day] = seen.get(day, 0.0) + step
        if running:
            on[day] = on.get(day, 0.0) + step
    return [(d, on.get(d, 0.0) / s) for d, s in sorted(seen.items()) if s > 20 * 3600]


def tracebase(data: Path) -> list[FridgeDrift]:
    """Each tracebase fridge: once, played twice, and twice with a drift in the second pass.

    Drift: each compressor run starting at t in the second pass is stretched by
    1 + 0.4 min(1, (t - onset) / 14 days) (ramp) or by 1.2 (step), the pause after it
    shortened by as much (see care_traces.stretch_runs): the duty cycle rises by the same
    factor, so the ramp is a +20 % duty drift seven days after its onset.
    """
    out = []
    for name in FRIDGES:
        rows = tracebase_rows(data, name)
        single = drive_fridge("refrigerator", rows)
        twice = repeat(rows, 2)
        onset = twice[len(rows)][0]
        result = FridgeDrift(
            name,
            healthy_row("tracebase", name, single),
            healthy_row("tracebase (played twice)", name, drive_fridge("refrigerator", twice)),
            onset=onset,
        )

        def ramp(t: float, onset: float = onset) -> float:
            return 1.0 + RAMP_MAX * min(1.0, max(0.0, (t - onset) / (RAMP_DAYS * DAY_S)))

        def step(t: float, onset: float = onset) -> float:
            return 1.0 + STEP if t >= onset else 1.0

        variants: tuple[tuple[str, Callable[[float], float]], ...] = (
            ("ramp to +40 % over 14 days", ramp),
            ("step +20 %", step),
        )
        for label, factor in variants:
            drifted = stretch_runs(twice, factor)
            run = drive_fridge("refrigerator", drifted)
            delay, kind, early = first_detection(run, onset)
            result.detections.append(
                Detection("tracebase " + name, label, 0, "power only", delay, kind, early)
            )
            if delay is not None:
                result.duty_at_detection[label] = factor(onset + delay * DAY_S) - 1.0
            result.daily[label] = daily_duty(drifted, onset)
        result.daily["healthy"] = daily_duty(twice, onset)
        out.append(result)
    return out


@dataclass
class ForecastRow:
    """Filter-life forecasts of one simulated filtering appliance."""

    appliance: str
    seed: int
    end_day: float | None
    """Day the filter actually reached 100 % (None: not within the run)."""
    errors: dict[int, float | None] = field(default_factory=dict)
    """Days before the end -> forecast error in days (forecast minus truth)."""
    notice_days_before: float | None = None
    """How long before the end the replace-soon reminder came."""


def filter_forecasts(seeds: Sequence[int], days: int) -> list[ForecastRow]:
    """Forecast the filter's end on simulated filtering appliances and compare with truth."""
    rows = []
    for kind in FILTER_KINDS:
        for seed in seeds:
            trace = simulate(kind, seed, days, sensors=True, sensor_step_s=FILTER_STEP_S)
            monitor = care.CareMonitor(care.CareSubject(kind))
            end: float | None = None
            notice: float | None = None
            forecasts: list[tuple[float, float | None]] = []
            for t, snap in trace.sensors:
                for change in monitor.filter_usage(t, snap.filter_used_pct):
                    if (
                        change.raised
                        and change.finding.kind is care.FindingKind.FILTER_REPLACE_SOON
                        and notice is None
                    ):
                        notice = t
                monitor.compressor_stats(
                    t, running=snap.running, duty_cycle_24h=None, power_w=snap.power_w
                )
                monitor.tick(t)
                if end is None and snap.filter_used_pct >= 100.0:
                    end = t
                if int(t) % int(DAY_S) == 0:
                    forecasts.append((t, monitor.filter_replace_by))
            row = ForecastRow(kind, seed, (end - trace.start) / DAY_S if end else None)
            if end is not None:
                for before in FORECAST_DAYS_BEFORE:
                    at = end - before * DAY_S
                    near = [f for t, f in forecasts if abs(t - at) < DAY_S / 2]
                    row.errors[before] = (
                        (near[0] - end) / DAY_S if near and near[0] is not None else None
                    )
                if notice is not None:
                    row.notice_days_before = (end - notice) / DAY_S
            rows.append(row)
    return rows


def speed() -> dict[str, float]:
    """Return microseconds per CareMonitor call for the busiest inputs."""
    fridge = care.CareMonitor(care.CareSubject.REFRIGERATOR)
    calls = 200_000
    t0 = 1_700_000_000.0
    start = time.perf_counter()
    for k in range(calls):
        t = t0 + 60.0 * k
        fridge.compressor_stats(t, running=k % 3 == 0, duty_cycle_24h=0.3, power_w=90.0)
        fridge.tick(t)
    per_minute = (time.perf_counter() - start) / calls * 1e6
    washer = care.CareMonitor(care.CareSubject.WASHER)
    engine = care.__name__.rsplit(".", 1)[0]
    record_type = __import__(engine, fromlist=["CycleRecord"]).CycleRecord
    cycles_n = 20_000
    start = time.perf_counter()
    for k in range(cycles_n):
        s = t0 + k * DAY_S
        rec = record_type(
            number=k,
            start=s,
            end=s + 5400 + (k % 7) * 30,
            finished_at=s + 5600,
            energy_wh=800.0,
            program_id=k % 4,
            peak_w=2000.0,
        )
        washer.cycle_finished(rec, None)
    per_cycle = (time.perf_counter() - start) / cycles_n * 1e6
    return {"compressor_stats + tick (us)": per_minute, "cycle_finished (us)": per_cycle}


def median_or_none(values: Sequence[float]) -> float | None:
    """Return the median, or None for no values."""
    return statistics.median(values) if values else None


__all__ = ["CareRun"]
