"""Cycle accuracy of the care engine against the 5 W / 5 min blueprint rule.

Real traces: REFIT House 2's washing machine and dishwasher (one-minute means, 16 months),
turned into smart-plug report traces; simulated traces from the project's appliance
simulator when it is available. Writes docs/cycle-accuracy.md and its plots.

    python benchmarks/accuracy.py [--data DIR] [--sim-days 120] [--no-docs]

--data defaults to $APPLIANCE_CARE_DATA, else ../shared/data next to the repository.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import importlib
import itertools
from pathlib import Path
import random
import statistics
import sys
import tempfile
import time

from common import REPO, data_dir, engine, machine, read_csv_columns
import cycles as cyc
import plot

MIN = 60.0
TRAIN_END = datetime(2014, 7, 1, tzinfo=UTC).timestamp()
LABEL_THRESHOLD_W = 5.0
LABEL_MIN_WH = 20.0
LABEL_MIN_S = 10 * MIN
SEED = 1
SIM_START = datetime(2026, 1, 1, tzinfo=UTC)
SIM_SEEDS = (1, 2)
COMMAND = "python benchmarks/accuracy.py"


@dataclass(frozen=True)
class Case:
    """One appliance trace to evaluate."""

    name: str
    appliance_type: engine.ApplianceType
    merge_gap_s: float
    """Hindsight label gap (see docs/cycle-accuracy.md for how each was chosen)."""
    column: str = "power"


REFIT_CASES = (
    Case("washer", engine.ApplianceType.WASHER, 5 * MIN, "WashingMachine"),
    Case("dishwasher", engine.ApplianceType.DISHWASHER, 45 * MIN, "Dishwasher"),
)
SIM_CASES = (
    Case("washer", engine.ApplianceType.WASHER, 30 * MIN),
    Case("dishwasher", engine.ApplianceType.DISHWASHER, 60 * MIN),
    # One quiet minute splits: the tumbles of the anti-crease phase belong to no cycle.
    Case("dryer", engine.ApplianceType.DRYER, 1 * MIN),
)


@dataclass
class Row:
    """One line of a results table."""

    source: str
    appliance: str
    method: str
    period: str
    scores: cyc.Scores


def minute_means(
    trace: Sequence[tuple[float, float | None]],
) -> list[tuple[float, float | None]]:
    """Resample held reports to one-minute means (for hindsight labels of report traces)."""
    if not trace:
        return []
    start = trace[0][0] - trace[0][0] % MIN
    end = trace[-1][0]
    out: list[tuple[float, float | None]] = []
    i = 0
    held: float | None = None
    t = start
    while t < end:
        acc = 0.0
        known = 0.0
        cursor = t
        while i < len(trace) and trace[i][0] < t + MIN:
            at, w = trace[i]
            if held is not None:
                acc += held * (at - cursor)
                known += at - cursor
            cursor = max(cursor, at)
            held = w
            i += 1
        if held is not None:
            acc += held * (t + MIN - cursor)
            known += t + MIN - cursor
        out.append((t, acc / known if known > 0 else None))
        t += MIN
    return out


def with_dropouts(
    trace: Sequence[tuple[float, float | None]], seed: int
) -> list[tuple[float, float | None]]:
    """Make the sensor unavailable for 5 to 40 minutes about every two days (seeded)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible faults, not cryptography
    out: list[tuple[float, float | None]] = []
    next_drop = trace[0][0] + rng.uniform(0, 2 * 86400) if trace else 0.0
    resume = -1.0
    last: float | None = None
    for t, w in trace:
        if t >= next_drop:
            out.append((next_drop, None))
            resume = next_drop + rng.uniform(5 * MIN, 40 * MIN)
            next_drop += rng.uniform(1 * 86400, 3 * 86400)
        if t < resume:
            last = w
            continue
        if resume > 0:
            out.append((resume, last))
            resume = -1.0
        out.append((t, w))
    return out


def evaluate(
    source: str,
    case: Case,
    *,
    labels: list[cyc.Span],
    trace: Sequence[tuple[float, float | None]],
    periods: Sequence[tuple[str, Callable[[float], bool]]],
    rows: list[Row],
    method_suffix: str = "",
) -> cyc.EngineRun:
    """Run the engine and the rule on a trace and score both for each period."""
    run = cyc.run_engine(case.appliance_type, trace)
    rule = cyc.run_rule(trace)
    first = None if method_suffix else cyc.run_engine(case.appliance_type, trace, forget=True)
    for period, keep in periods:
        rows.append(
            Row(
                source,
                case.name,
                "engine" + method_suffix,
                period,
                cyc.score(labels, run.cycles, run.remaining, keep),
            )
        )
        if first is not None:
            rows.append(
                Row(
                    source,
                    case.name,
                    "engine, nothing learned",
                    period,
                    cyc.score(labels, first.cycles, first.remaining, keep),
                )
            )
        rows.append(
            Row(
                source,
                case.name,
                "5 W rule" + method_suffix,
                period,
                cyc.score(labels, rule, (), keep),
            )
        )
    return run


def refit(data: Path, rows: list[Row], img: Path | None) -> dict[str, int]:
    """Evaluate the REFIT washer and dishwasher; return label counts by appliance."""
    files = sorted((data / "refit-house2").glob("REFIT_House2_*.csv.gz"))
    if not files:
        raise SystemExit(f"no REFIT House 2 files under {data}")
    periods: list[tuple[str, Callable[[float], bool]]] = [
        ("2013-10..2014-06 (tuning)", lambda s: s < TRAIN_END),
        ("2014-07..2015-01 (held out)", lambda s: s >= TRAIN_END),
    ]
    counts: dict[str, int] = {}
    for case in REFIT_CASES:
        minutes = [row for f in files for row in read_csv_columns(f, case.column)]
        labels = cyc.hindsight_labels(
            minutes, LABEL_THRESHOLD_W, case.merge_gap_s, LABEL_MIN_WH, LABEL_MIN_S
        )
        counts[case.name] = len(labels)
        trace = cyc.plug_trace(minutes, cyc.PlugModel(), SEED)
        run = evaluate(
            "REFIT House 2", case, labels=labels, trace=trace, periods=periods, rows=rows
        )
        evaluate(
            "REFIT House 2",
            case,
            labels=labels,
            trace=with_dropouts(trace, SEED),
            periods=[periods[1]],
            rows=rows,
            method_suffix=" + dropouts",
        )
        if img is not None:
            refit_plots(case, labels, trace, run, img)
    return counts


def refit_plots(
    case: Case,
    labels: list[cyc.Span],
    trace: Sequence[tuple[float, float | None]],
    run: cyc.EngineRun,
    img: Path,
) -> None:
    """Draw a sample timeline and the half-way remaining-time scatter of one REFIT case."""
    rule = cyc.run_rule(trace)
    held_out = [lab for lab in labels if lab.start >= TRAIN_END]
    if case.name == "washer":
        # Two loads back to back (the first pair 6 to 20 minutes apart): a finish rule that
        # waits long merges them.
        pairs = [
            (a, b)
            for a, b in itertools.pairwise(held_out)
            if 6 * MIN <= b.start - a.end <= 20 * MIN
        ]
        a, b = pairs[0]
        t0, t1 = a.start - 30 * MIN, b.end + 45 * MIN
    else:
        first = held_out[0]
        t0, t1 = first.start - 20 * MIN, first.end + 80 * MIN
    bands = [
        plot.Band("labels", (40, 150, 60), [(s.start, s.end) for s in labels]),
        plot.Band(
            "engine",
            (40, 90, 200),
            [(s.start, s.end) for s in run.cycles],
            [s.finished_at for s in run.cycles],
        ),
        plot.Band(
            "5 W rule",
            (230, 130, 30),
            [(s.start, s.end) for s in rule],
            [s.finished_at for s in rule],
        ),
    ]
    day = time.strftime("%Y-%m-%d", time.gmtime(t0))
    plot.timeline(
        img / f"refit-{case.name}-sample.png",
        f"REFIT House 2 {case.name}, {day}: power (log scale), cycles, declared finishes (marks)",
        power=trace,
        bands=bands,
        t0=t0,
        t1=t1,
        log_scale=True,
    )
    points = halfway_points(labels, run, lambda s: s >= TRAIN_END)
    limit = max([max(x, y) for x, y in points] + [60.0])
    plot.scatter(
        img / f"refit-{case.name}-remaining.png",
        f"REFIT {case.name}, held-out months: remaining time at half-way (min)",
        points=points,
        x_label="true remaining (min)",
        y_label="estimate (min)",
        limit=limit,
    )


def halfway_points(
    labels: list[cyc.Span], run: cyc.EngineRun, keep: Callable[[float], bool]
) -> list[tuple[float, float]]:
    """Return (true, estimated) remaining minutes at half-way of matched labelled cycles."""
    samples: dict[float, list[tuple[float, float]]] = {}
    for t, start, rem in run.remaining:
        samples.setdefault(start, []).append((t, rem))
    points: list[tuple[float, float]] = []
    for label, d in cyc.match([lab for lab in labels if keep(lab.start)], run.cycles):
        half = label.start + (label.end - label.start) / 2
        near = [(abs(t - half), t, r) for t, r in samples.get(d.start, []) if abs(t - half) <= MIN]
        if near:
            _, t, rem = min(near)
            points.append(((label.end - t) / MIN, rem / MIN))
    return points


def simulated(rows: list[Row], days: float, img: Path | None) -> str | None:
    """Evaluate simulated washer, dishwasher and dryer traces; None when no simulator."""
    try:
        simulator = importlib.import_module("simulator")
    except ImportError as err:
        return f"simulator not available ({err})"
    periods: list[tuple[str, Callable[[float], bool]]] = [("all", lambda _: True)]
    with tempfile.TemporaryDirectory() as tmp:
        for case in SIM_CASES:
            for seed in SIM_SEEDS:
                path = Path(tmp) / f"{case.name}-{seed}.csv"
                simulator.write_trace(
                    simulator.ApplianceKind(case.name),
                    path,
                    start=SIM_START,
                    duration=timedelta(days=days),
                    seed=seed,
                )
                trace = list(read_csv_columns(path, case.column))
                labels = cyc.hindsight_labels(
                    minute_means(trace),
                    LABEL_THRESHOLD_W,
                    case.merge_gap_s,
                    LABEL_MIN_WH,
                    LABEL_MIN_S,
                )
                run = evaluate(
                    f"simulator seed {seed}",
                    case,
                    labels=labels,
                    trace=trace,
                    periods=periods,
                    rows=rows,
                )
                if img is not None and case.name == "dryer" and seed == SIM_SEEDS[0]:
                    dryer_plot(img / "sim-dryer-anti-crease.png", trace, labels, run)
    return None


def dryer_plot(
    path: Path,
    trace: Sequence[tuple[float, float | None]],
    labels: list[cyc.Span],
    run: cyc.EngineRun,
) -> None:
    """Draw the second simulated dryer cycle with its anti-crease tumbles."""
    rule = cyc.run_rule(trace)
    cycle = labels[1]
    plot.timeline(
        path,
        "Simulated dryer: power, cycles and declared finishes (anti-crease after)",
        power=trace,
        bands=[
            plot.Band("labels", (40, 150, 60), [(s.start, s.end) for s in labels]),
            plot.Band(
                "engine",
                (40, 90, 200),
                [(s.start, s.end) for s in run.cycles],
                [s.finished_at for s in run.cycles],
            ),
            plot.Band(
                "5 W rule",
                (230, 130, 30),
                [(s.start, s.end) for s in rule],
                [s.finished_at for s in rule],
            ),
        ],
        t0=cycle.start - 20 * MIN,
        t1=cycle.end + 90 * MIN,
    )


def fmt_minutes(values: Sequence[float]) -> str:
    """Return 'median / p90' of seconds, in minutes."""
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{cyc.quantile(ordered, 0.5) / MIN:.1f} / {cyc.quantile(ordered, 0.9) / MIN:.1f}"


def halfway(scores: cyc.Scores) -> tuple[str, str, str, str]:
    """Return coverage, MAE (min), median relative error and share within 10 %."""
    errors = scores.halfway_errors
    if not errors:
        return "-", "-", "-", "-"
    rel = [e / length for e, length in errors]
    coverage = len(errors) / max(scores.true_positives, 1)
    return (
        f"{coverage:.0%}",
        f"{statistics.mean(e for e, _ in errors) / MIN:.1f}",
        f"{statistics.median(rel):.1%}",
        f"{sum(r <= 0.1 for r in rel) / len(rel):.0%}",
    )


def table(rows: Sequence[Row]) -> str:
    """Return the results as a Markdown table."""
    head = (
        "| source | appliance | method | period | labelled | detected | precision | recall "
        "| F1 | false finishes / 100 | finish latency median / p90 (min) "
        "| estimate at half-way | MAE (min) | median error (% of length) | within 10 % |\n"
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    for r in rows:
        s = r.scores
        cov, mae, med, within = halfway(s) if r.method.startswith("engine") else ("-",) * 4
        lines.append(
            f"| {r.source} | {r.appliance} | {r.method} | {r.period} | {s.labels} | {s.detected} "
            f"| {s.precision:.3f} | {s.recall:.3f} | **{s.f1:.3f}** "
            f"| {s.false_finishes_per_100:.1f} | {fmt_minutes(s.latencies_s)} "
            f"| {cov} | {mae} | {med} | {within} |"
        )
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", help="data folder (default $APPLIANCE_CARE_DATA or ../shared/data)"
    )
    parser.add_argument("--sim-days", type=float, default=120.0)
    parser.add_argument("--no-sim", action="store_true", help="skip the simulated traces")
    parser.add_argument("--no-docs", action="store_true", help="print, do not write docs")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    img = None if args.no_docs else REPO / "docs" / "img"
    if img is not None:
        img.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    counts = refit(data_dir(args.data), rows, img)
    sim_note = "skipped (--no-sim)" if args.no_sim else simulated(rows, args.sim_days, img)
    text = table(rows)
    sys.stdout.write(text)
    elapsed = time.perf_counter() - began
    sys.stdout.write(f"\n{elapsed:.0f} s on {machine()}\n")
    if not args.no_docs:
        import docs_accuracy  # noqa: PLC0415 - only when writing the docs

        docs_accuracy.write(
            REPO / "docs" / "cycle-accuracy.md",
            rows,
            text,
            counts=counts,
            sim_note=sim_note,
            sim_days=args.sim_days,
            machine=machine(),
            elapsed_s=elapsed,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
