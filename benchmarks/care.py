"""Care benchmark: false alarms on healthy traces, detection of injected faults.

Usage: python benchmarks/care.py [--data DIR] [--seeds 1 2 3] [--days 90] [--no-plots]

Prints Markdown tables (the source of docs/care-accuracy.md) and draws docs/img/care-*.png.
The data folder is --data, else $APPLIANCE_CARE_DATA, else ../shared/data next to the
repository; nothing from it is written into the repository.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import statistics
import time

from care_drive import drive_cycles
from care_eval import (
    HOLIDAY_DAYS,
    SEASON_K,
    Detection,
    HealthyRow,
    sim_faults,
    sim_fridge_year,
    sim_healthy,
    summarise,
)
from care_plot import Mark, Series, lines
from care_real import (
    FORECAST_DAYS_BEFORE,
    ForecastRow,
    FridgeDrift,
    filter_forecasts,
    refit_healthy,
    speed,
    tracebase,
)
from care_traces import DAY_S, SIM_START, simulate
from common import REPO, data_dir, machine

IMG = REPO / "docs" / "img"
BLUE, ORANGE, GREEN, GREY = (40, 90, 180), (220, 120, 20), (40, 150, 60), (150, 150, 150)


def healthy_table(rows: Sequence[HealthyRow]) -> str:
    """Return the false-alarm table."""
    out = [
        (
            "| source | appliance | months | cycles | false alarms (warning+) "
            "| per appliance-month | reminders (info) | other info | highest drift level |"
        ),
        "|---|---|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        alarms = f"{len(r.alarms)}" + (f": {'; '.join(r.alarms)}" if r.alarms else "")
        rate = len(r.alarms) / r.months if r.months else 0.0
        levels = ", ".join(f"{k} {v:.2f}" for k, v in sorted(r.peak_levels.items())) or "-"
        out.append(
            f"| {r.source} | {r.appliance} | {r.months:.1f} | {r.cycles or '-'} | {alarms} | "
            f"{rate:.2f} | {r.reminders} | {r.other_info} | {levels} |"
        )
    total_months = sum(r.months for r in rows)
    total = sum(len(r.alarms) for r in rows)
    out.append(
        f"| **all** | | **{total_months:.1f}** | | **{total}** | "
        f"**{total / total_months if total_months else 0:.2f}** | | | |"
    )
    return "\n".join(out)


def detection_table(detections: Sequence[Detection]) -> str:
    """Return the fault-detection table."""
    out = [
        (
            "| appliance | fault | sensors | found | delay from onset, days: median (range) "
            "| finding | alarms before onset |"
        ),
        "|---|---|---|---:|---|---|---:|",
    ]
    out += ["| " + " | ".join(row) + " |" for row in summarise(detections)]
    return "\n".join(out)


def drift_table(fridges: Sequence[FridgeDrift]) -> str:
    """Return the injected-drift table of the tracebase fridges."""
    out = [
        (
            "| fridge | drift | found | delay from onset (days) | duty increase at detection "
            "| alarms before onset |"
        ),
        "|---|---|---|---:|---:|---:|",
    ]
    for f in fridges:
        for d in f.detections:
            found = d.kind or "not found"
            delay = f"{d.delay_days:.1f}" if d.delay_days is not None else "-"
            rise = f.duty_at_detection.get(d.fault)
            rise_text = f"+{rise * 100:.0f} %" if rise is not None else "-"
            out.append(
                f"| {f.name} | {d.fault} | {found} | {delay} | {rise_text} | {d.early_alarms} |"
            )
    return "\n".join(out)


def forecast_table(rows: Sequence[ForecastRow]) -> str:
    """Return the filter-forecast table."""
    heads = " | ".join(f"error {b} d before" for b in FORECAST_DAYS_BEFORE)
    out = [
        f"| appliance | seed | end reached (day) | {heads} | reminder came (days before) |",
        "|---|---:|---:|" + "---:|" * len(FORECAST_DAYS_BEFORE) + "---:|",
    ]
    for r in rows:
        end = f"{r.end_day:.1f}" if r.end_day is not None else "after the run"
        errs = " | ".join(
            f"{r.errors[b]:+.1f}" if r.errors.get(b) is not None else "-"
            for b in FORECAST_DAYS_BEFORE
        )
        notice = f"{r.notice_days_before:.1f}" if r.notice_days_before is not None else "-"
        out.append(f"| {r.appliance} | {r.seed} | {end} | {errs} | {notice} |")
    return "\n".join(out)


def plot_tracebase(fridges: Sequence[FridgeDrift]) -> None:
    """Daily duty relative to the first pass, with onset and detections."""
    for f in fridges:
        base = statistics.median(d for day, d in f.daily["healthy"] if day < 0)
        series = [
            Series(label, color, [(day, d / base) for day, d in f.daily[label]])
            for label, color in (
                ("healthy", GREY),
                ("ramp to +40 % over 14 days", ORANGE),
                ("step +20 %", BLUE),
            )
        ]
        marks = [Mark(0.0, "onset", (120, 120, 120))]
        for d in f.detections:
            if d.delay_days is not None:
                color = ORANGE if d.fault.startswith("ramp") else BLUE
                marks.append(Mark(d.delay_days, f"found ({d.fault.split()[0]})", color))
        lines(
            IMG / f"care-tracebase-{f.name.split('_')[1].lower()}-drift.png",
            f"tracebase {f.name}, played twice, drift injected in the second pass: daily duty "
            "cycle / median of the first pass",
            series=series,
            marks=marks,
            x_label="days from the drift's onset",
            y_label="relative duty",
        )


def plot_refit_washer(data_path: object) -> None:
    """Durations of REFIT's main washer programs over 16 months against their first cycles."""
    from care_traces import refit_rows  # noqa: PLC0415
    import cycles as cyc  # noqa: PLC0415 - only for this plot

    trace = cyc.plug_trace(refit_rows(data_path, "WashingMachine"), cyc.PlugModel(), 1)  # type: ignore[arg-type]
    run = drive_cycles("washer", trace)
    by_program: dict[int, list[tuple[float, float]]] = {}
    for r in run.records:
        if r.program_id is not None:  # type: ignore[attr-defined]
            by_program.setdefault(r.program_id, []).append((r.start, r.duration_s))  # type: ignore[attr-defined]
    top = sorted(by_program.values(), key=len, reverse=True)[:3]
    colors = (BLUE, ORANGE, GREEN)
    series = []
    for k, cycles in enumerate(top):
        base = statistics.median(d for _, d in cycles[:5])
        series.append(
            Series(
                f"program {k + 1} ({len(cycles)} cycles, {base / 60:.0f} min)",
                colors[k],
                [((t - run.start) / DAY_S, d / base) for t, d in cycles],
                dots=True,
            )
        )
    lines(
        IMG / "care-refit-washer-durations.png",
        "REFIT House 2 washer: cycle duration / median of the program's first 5 cycles "
        "(no drift finding raised)",
        series=series,
        x_label="days since 2013-10-01",
        y_label="relative duration",
        y_range=(0.8, 1.3),
    )


def plot_dryer() -> None:
    """Draw a simulated dryer whose vent clogs from day 30."""
    trace = simulate("dryer", 1, 60, fault="clogged_vent")
    run = drive_cycles("dryer", trace.reports)
    start = SIM_START.timestamp()
    points_d = [((r.start - start) / DAY_S, r.duration_s / 60) for r in run.records]  # type: ignore[attr-defined]
    points_p = [
        ((r.start - start) / DAY_S, r.energy_wh * 3600 / r.duration_s / 20)  # type: ignore[attr-defined]
        for r in run.records
    ]
    found = next(
        (t for t, c in run.raised(at_least="warning") if not c.finding.kind.is_reminder), None
    )
    marks = [Mark(30.0, "vent clogging starts", (120, 120, 120))]
    if found is not None:
        marks.append(Mark((found - start) / DAY_S, "drying_time_drift", (200, 40, 40)))
    lines(
        IMG / "care-sim-dryer-vent.png",
        "Simulated dryer, vent clogging from day 30 (ramps in over 4 days)",
        series=[
            Series("cycle duration (min)", BLUE, points_d, dots=True),
            Series("average power (W / 20)", ORANGE, points_p, dots=True),
        ],
        marks=marks,
        x_label="day",
        y_label="minutes, watts / 20",
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report's tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", help="data folder (default: $APPLIANCE_CARE_DATA or ../shared/data)"
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--onset", type=int, default=30)
    parser.add_argument("--filter-days", type=int, default=240)
    parser.add_argument("--no-plots", action="store_true")
    args = parser.parse_args(argv)
    data = data_dir(args.data)
    started = time.perf_counter()
    print(f"Machine: {machine()}\n")

    real = refit_healthy(data)
    fridges = tracebase(data)
    real += [f.healthy for f in fridges] + [f.replayed for f in fridges]
    print("## False alarms on real traces\n")
    print(healthy_table(real) + "\n")
    print("## Injected drift in the tracebase fridges\n")
    print(drift_table(fridges) + "\n")

    print(f"## False alarms on fault-free simulations ({args.days} days, seeds {args.seeds})\n")
    print(healthy_table(sim_healthy(args.seeds, args.days)) + "\n")
    print(
        f"## Fridges through a year: seasons ({SEASON_K:+.0f} K in July, {-SEASON_K:+.0f} K in "
        f"January) and a holiday (days {HOLIDAY_DAYS[0]} to {HOLIDAY_DAYS[1]}), seeds "
        f"{args.seeds}\n"
    )
    print(healthy_table(sim_fridge_year(args.seeds)) + "\n")
    print(f"## Faults switched on at day {args.onset} of {args.days}\n")
    print(detection_table(sim_faults(args.seeds, args.days, args.onset)) + "\n")
    print(f"## Filter-life forecasts ({args.filter_days} days)\n")
    print(forecast_table(filter_forecasts(args.seeds, args.filter_days)) + "\n")
    print("## Cost per call\n")
    for name, micros in speed().items():
        print(f"- {name}: {micros:.1f}")
    if not args.no_plots:
        IMG.mkdir(parents=True, exist_ok=True)
        plot_tracebase(fridges)
        plot_refit_washer(data)
        plot_dryer()
    print(f"\nTook {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
