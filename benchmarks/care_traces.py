"""Traces for the care benchmark: REFIT and tracebase files, simulated appliances, drift.

Real traces are read from the data folder; simulated ones are run in memory with the
project's simulator, one appliance at a time, with an optional fault switched on at a
given day (the simulator's own `write_trace` can only have faults from the start).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
import gzip
import importlib
from pathlib import Path
from typing import Any

from common import parse_time, read_csv_columns

DAY_S = 86_400.0
MINUTE_S = 60.0
SIM_START = datetime(2025, 1, 6, tzinfo=UTC)
# The engine's compressor thresholds, used to find on-periods when a drift is injected.
ON_W = 30.0
OFF_W = 20.0
# A stretched run never leaves its following pause shorter than this.
MIN_PAUSE_S = 60.0
# Steps between samples longer than this are data gaps.
MAX_STEP_S = 60.0


def refit_rows(data: Path, column: str) -> list[tuple[float, float | None]]:
    """Return one REFIT House 2 column (one-minute means) over all sixteen months."""
    files = sorted((data / "refit-house2").glob("REFIT_House2_*.csv.gz"))
    if not files:
        raise SystemExit(f"no REFIT House 2 files under {data}")
    rows: list[tuple[float, float | None]] = []
    for path in files:
        rows.extend(read_csv_columns(path, column))
    return rows


def tracebase_rows(data: Path, name: str) -> list[tuple[float, float]]:
    """Return a tracebase fridge trace (about one reading a second)."""
    path = data / "tracebase-fridges" / f"{name}.csv.gz"
    rows: list[tuple[float, float]] = []
    with gzip.open(path, "rt", newline="") as handle:
        next(handle)
        for line in handle:
            stamp, _, value = line.rstrip("\n").partition(",")
            try:
                rows.append((parse_time(stamp), float(value)))
            except ValueError:
                continue
    return rows


def repeat(rows: Sequence[tuple[float, float]], times: int) -> list[tuple[float, float]]:
    """Return the trace played `times` times in a row (each pass shifted by its span + 1 day)."""
    if not rows:
        return []
    span = rows[-1][0] - rows[0][0] + DAY_S
    span = DAY_S * round(span / DAY_S)  # keep the time of day
    return [(t + k * span, w) for k in range(times) for t, w in rows]


def stretch_runs(
    rows: Sequence[tuple[float, float]], factor: Callable[[float], float]
) -> list[tuple[float, float]]:
    """Stretch each compressor run by factor(its start), keeping every run-plus-pause period.

    A run (power at or above ON_W until it falls below OFF_W) lasting L from t becomes
    L * factor(t) long: its samples are spread over the longer span (a sample at offset o
    moves to o * factor). The pause that follows is shortened by the time added (never
    below MIN_PAUSE_S), so the next run starts when it did: the duty cycle of each period
    grows by the factor, and the day's rhythm and the trace's length stay as they were.
    Runs that span a data gap (a step over MAX_STEP_S) are left alone.
    """
    out: list[tuple[float, float]] = []
    n = len(rows)
    i = 0
    while i < n:
        t0, w = rows[i]
        if w < ON_W:
            out.append(rows[i])
            i += 1
            continue
        j = i + 1
        while j < n and rows[j][1] >= OFF_W:
            j += 1
        nxt = j
        while nxt < n and rows[nxt][1] < ON_W:
            nxt += 1
        gap = any(rows[m + 1][0] - rows[m][0] > MAX_STEP_S for m in range(i, min(j, n - 1)))
        if j >= n or gap:
            out.extend(rows[i:nxt])
            i = nxt
            continue
        run_end = rows[j][0]
        if run_end <= t0:
            out.extend(rows[i:nxt])
            i = nxt
            continue
        limit = rows[nxt][0] - MIN_PAUSE_S if nxt < n else rows[-1][0]
        new_end = max(run_end, min(t0 + (run_end - t0) * factor(t0), limit))
        scale = (new_end - t0) / (run_end - t0)
        out.extend((t0 + (rows[m][0] - t0) * scale, rows[m][1]) for m in range(i, j))
        out.append((new_end, rows[j][1]))
        out.extend(r for r in rows[j + 1 : nxt] if r[0] > new_end)
        i = nxt
    return out


# ------------------------------------------------------------------- simulator


@dataclass
class SimTrace:
    """One simulated appliance: plug reports and, once a minute, its other sensors."""

    kind: str
    seed: int
    start: float
    reports: list[tuple[float, float]] = field(default_factory=list)
    sensors: list[tuple[float, object]] = field(default_factory=list)
    """(time, ApplianceSnapshot) once a minute."""
    doors: list[tuple[float, bool]] = field(default_factory=list)
    """Every door change of a simulated fridge (a door sensor reports each one)."""


def simulate(
    kind: str,
    seed: int,
    days: int,
    *,
    fault: str | None = None,
    onset_day: int = 30,
    sensors: bool = False,
    sensor_step_s: int = 60,
    setup: Callable[[Any, float], None] | None = None,
) -> SimTrace:
    """Run a simulated appliance for `days`, switching `fault` on at `onset_day`.

    With `sensors`, a snapshot of the appliance's sensors is kept every `sensor_step_s`.
    `setup(appliance, t0)` adjusts the appliance before it runs (a fridge's seasons).
    """
    sim = importlib.import_module("simulator")
    home = importlib.import_module("simulator.home")
    trace_mod = importlib.import_module("simulator.trace")
    kind_enum = sim.ApplianceKind(kind)
    t0 = int(SIM_START.timestamp())
    trace = SimTrace(kind, seed, float(t0))
    plug = sim.PlugSettings()
    appliance = home.make_appliance(
        kind_enum, t0=t0, seed=seed, plug=plug, sink=lambda t, w: trace.reports.append((t, w))
    )
    if setup is not None:
        setup(appliance, float(t0))
    if kind_enum in sim.CYCLE_KINDS:
        appliance.chooser = trace_mod.program_chooser(kind_enum, None, seed)
    schedule = sim.DEFAULT_SCHEDULES.get(kind_enum, time(8, 0))
    appliance.apply(frozenset(), schedule, plug)
    if sensors and kind_enum is sim.ApplianceKind.REFRIGERATOR:
        _record_doors(appliance, trace)
    step = sensor_step_s if sensors else int(DAY_S)
    t = t0
    end = t0 + days * int(DAY_S)
    onset = t0 + onset_day * int(DAY_S)
    while t < end:
        if fault is not None and t == onset:
            appliance.apply(frozenset({sim.Fault(fault)}), schedule, plug)
        t += step
        appliance.advance_to(t - 1)
        if sensors:
            trace.sensors.append((float(t), appliance.snapshot()))
    return trace


def _record_doors(appliance: object, trace: SimTrace) -> None:
    """Log each door change of a simulated fridge (its snapshot only shows the present)."""
    move = appliance._move_door  # type: ignore[attr-defined]  # noqa: SLF001 - benchmark probe

    def logged(t: int) -> None:
        move(t)
        trace.doors.append((float(t), appliance._door_open))  # type: ignore[attr-defined]  # noqa: SLF001

    appliance._move_door = logged  # type: ignore[attr-defined]  # noqa: SLF001
