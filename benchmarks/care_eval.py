"""Care benchmark scenarios: healthy traces (false alarms), injected faults (detection)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
import statistics
from typing import Any

from care_drive import CareRun, FridgeSensors, care, drive_cycles, drive_fridge
from care_traces import DAY_S, SIM_START, SimTrace, simulate

CYCLE_KINDS = ("washer", "dryer", "dishwasher")
FILTER_KINDS = ("air_conditioner", "air_purifier", "water_purifier")
FILTER_STEP_S = 600
# The simulated air conditioner's compressor draws 600 to 1,500 W, its fan 35 to 45 W.
AC_COMPRESSOR_W = 300.0
WARNING = "warning"


@dataclass
class HealthyRow:
    """False alarms and reminders over one healthy trace."""

    source: str
    appliance: str
    months: float
    cycles: int
    alarms: list[str] = field(default_factory=list)
    """Warning-or-worse findings that are not reminders (false alarms), as 'kind (date)'."""
    reminders: int = 0
    other_info: int = 0
    peak_levels: dict[str, float] = field(default_factory=dict)
    """Highest drift-test evidence, as a share of its decision level (1 raises)."""


def healthy_row(source: str, appliance: str, run: CareRun) -> HealthyRow:
    """Count what a run raised on a trace with no fault."""
    row = HealthyRow(source, appliance, run.months, run.cycles, peak_levels=run.peak_levels)
    for t, change in run.changes:
        if not change.raised:
            continue
        finding = change.finding
        if finding.kind.is_reminder:
            row.reminders += 1
        elif finding.severity.rank >= care.Severity.WARNING.rank:
            day = (t - run.start) / DAY_S
            row.alarms.append(f"{finding.kind.value} (day {day:.0f})")
        else:
            row.other_info += 1
    return row


@dataclass
class Detection:
    """How one injected fault was found."""

    appliance: str
    fault: str
    seed: int
    variant: str
    delay_days: float | None
    """Days from onset to the first warning-or-worse finding (None: not found)."""
    kind: str | None
    early_alarms: int
    """Warning-or-worse findings before the onset (false alarms)."""
    detail: str = ""


def first_detection(run: CareRun, onset: float) -> tuple[float | None, str | None, int]:
    """Return (delay in days, finding kind, alarms before onset)."""
    early = 0
    for t, change in run.raised(at_least=WARNING):
        if change.finding.kind.is_reminder:
            continue
        if t < onset:
            early += 1
            continue
        return (t - onset) / DAY_S, change.finding.kind.value, early
    return None, None, early


# --------------------------------------------------------------------- simulator


def sensor_lookup(trace: SimTrace, attr: str) -> Callable[[float], object]:
    """Return a function giving a snapshot attribute at time t (the last one at or before)."""
    times = [t for t, _ in trace.sensors]
    snaps = [s for _, s in trace.sensors]

    def value(t: float) -> object:
        i = bisect_right(times, t) - 1
        return getattr(snaps[i], attr) if i >= 0 else None

    return value


def fridge_sensors(trace: SimTrace) -> FridgeSensors:
    """Return the simulated fridge's ambient, compartment and door sensors."""
    return FridgeSensors(
        ambient=sensor_lookup(trace, "ambient_temperature_c"),  # type: ignore[arg-type]
        temperature=sensor_lookup(trace, "interior_temperature_c"),  # type: ignore[arg-type]
        doors=trace.doors,
    )


def drive_filter(kind: str, trace: SimTrace) -> CareRun:
    """Feed a filtering appliance to the rules once a minute.

    The plug's last report is the power; an air conditioner's compressor runs when it is
    at least AC_COMPRESSOR_W. Filter usage (and whether a purifier operates) comes from the
    appliance's sensors, sampled every FILTER_STEP_S.
    """
    monitor = care.CareMonitor(care.CareSubject(kind))
    run = CareRun(kind, trace.start, trace.start, monitor=monitor)
    reports = trace.reports
    snaps = trace.sensors
    i = j = 0
    power: float | None = None
    snap = None
    t = trace.start
    end = snaps[-1][0] if snaps else trace.start

    def take(changes: Sequence[object]) -> None:
        run.changes.extend((t, change) for change in changes)

    while t <= end:
        while i < len(reports) and reports[i][0] <= t:
            power = reports[i][1]
            i += 1
        if j < len(snaps) and snaps[j][0] <= t:
            snap = snaps[j][1]
            j += 1
            take(monitor.filter_usage(t, snap.filter_used_pct))  # type: ignore[attr-defined]
        if kind == "air_conditioner":
            running = power is not None and power >= AC_COMPRESSOR_W
        else:
            running = bool(snap is not None and snap.running)  # type: ignore[attr-defined]
        take(monitor.compressor_stats(t, running=running, duty_cycle_24h=None, power_w=power))
        take(monitor.tick(t))
        if t % 3600.0 < 60.0:
            run.sample_levels()
        t += 60.0
    run.end = end
    return run


def run_sim(kind: str, seed: int, days: int, fault: str | None, *, sensors: bool) -> CareRun:
    """Simulate one appliance and run the rules over it."""
    if kind in CYCLE_KINDS:
        return drive_cycles(kind, simulate(kind, seed, days, fault=fault).reports)
    if kind in FILTER_KINDS:
        trace = simulate(kind, seed, days, fault=fault, sensors=True, sensor_step_s=FILTER_STEP_S)
        return drive_filter(kind, trace)
    trace = simulate(kind, seed, days, fault=fault, sensors=sensors)
    return drive_fridge(kind, trace.reports, fridge_sensors(trace) if sensors else None)


def sim_healthy(seeds: Sequence[int], days: int) -> list[HealthyRow]:
    """Fault-free simulations of every appliance."""
    rows = []
    cases = [*((k, False) for k in CYCLE_KINDS), ("refrigerator", False), ("refrigerator", True)]
    cases += [(k, True) for k in FILTER_KINDS]
    for kind, sensors in cases:
        label = f"{kind} + sensors" if sensors and kind == "refrigerator" else kind
        runs = [(seed, run_sim(kind, seed, days, None, sensors=sensors)) for seed in seeds]
        rows.append(merged_row(label, runs))
    return rows


def merged_row(label: str, runs: Sequence[tuple[int, CareRun]]) -> HealthyRow:
    """Return one row of a simulated appliance's runs over several seeds."""
    merged = HealthyRow("simulator", label, 0.0, 0)
    for seed, run in runs:
        row = healthy_row("simulator", label, run)
        merged.months += row.months
        merged.cycles += row.cycles
        merged.alarms += [f"seed {seed}: {a}" for a in row.alarms]
        merged.reminders += row.reminders
        merged.other_info += row.other_info
        for key, value in row.peak_levels.items():
            merged.peak_levels[key] = max(merged.peak_levels.get(key, 0.0), value)
    return merged


# A year of a fridge in a kitchen 4 K colder than its mean in January and 4 K warmer in
# July (about 18 to 26 °C), the household away for two weeks in the summer, so that
# nobody opens the door: seasons and a holiday, which no care finding may take for a fault.
SEASON_K = 4.0
HOLIDAY_DAYS = (200, 214)
YEAR_DAYS = 365


def sim_fridge_year(seeds: Sequence[int]) -> list[HealthyRow]:
    """Fault-free simulated fridges through a year's seasons and a summer holiday."""

    def seasons(fridge: Any, t0: float) -> None:
        fridge.season_k = SEASON_K
        fridge.away = ((int(t0 + HOLIDAY_DAYS[0] * DAY_S), int(t0 + HOLIDAY_DAYS[1] * DAY_S)),)

    rows = []
    for sensors in (False, True):
        label = "refrigerator, seasons and a holiday" + (" + sensors" if sensors else "")
        runs = []
        for seed in seeds:
            trace = simulate("refrigerator", seed, YEAR_DAYS, sensors=sensors, setup=seasons)
            extra = fridge_sensors(trace) if sensors else None
            runs.append((seed, drive_fridge("refrigerator", trace.reports, extra)))
        rows.append(merged_row(label, runs))
    return rows


FAULT_CASES: tuple[tuple[str, str, bool], ...] = (
    ("washer", "clogged_drain", False),
    ("washer", "heater_scale", False),
    ("washer", "dirty_tub", False),
    ("dryer", "clogged_vent", False),
    ("dishwasher", "clogged_drain", False),
    ("dishwasher", "heater_scale", False),
    ("refrigerator", "door_seal", False),
    ("refrigerator", "door_seal", True),
    ("refrigerator", "dusty_condenser", False),
    ("refrigerator", "dusty_condenser", True),
    ("air_conditioner", "dusty_condenser", True),
)


def sim_faults(seeds: Sequence[int], days: int, onset_day: int) -> list[Detection]:
    """Every fault the simulator can inject, switched on at onset_day."""
    out = []
    for kind, fault, sensors in FAULT_CASES:
        variant = "sensors" if sensors and kind == "refrigerator" else "power only"
        for seed in seeds:
            run = run_sim(kind, seed, days, fault, sensors=sensors)
            onset = SIM_START.timestamp() + onset_day * DAY_S
            delay, found, early = first_detection(run, onset)
            out.append(Detection(kind, fault, seed, variant, delay, found, early))
    return out


def summarise(detections: Sequence[Detection]) -> list[tuple[str, ...]]:
    """Group detections by appliance, fault and variant into table rows."""
    groups: dict[tuple[str, str, str], list[Detection]] = {}
    for d in detections:
        groups.setdefault((d.appliance, d.fault, d.variant), []).append(d)
    rows: list[tuple[str, ...]] = []
    for (appliance, fault, variant), items in groups.items():
        delays = [d.delay_days for d in items if d.delay_days is not None]
        kinds = sorted({d.kind for d in items if d.kind})
        found = f"{len(delays)}/{len(items)}"
        if delays:
            spread = f"{statistics.median(delays):.1f} ({min(delays):.1f} to {max(delays):.1f})"
        else:
            spread = "not found"
        early = sum(d.early_alarms for d in items)
        rows.append((appliance, fault, variant, found, spread, ", ".join(kinds) or "-", str(early)))
    return rows
