"""Command line of the simulator: write power traces.

Run with `custom_components/appliance_care` on sys.path, e.g.
`python -m simulator trace --kind washer --days 30 --seed 1 washer.csv.gz`.
"""

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
import sys
import time as wall_time

from .model import FAULTS, ApplianceKind, Fault, PlugSettings, SimulationError
from .trace import write_trace

DEFAULT_START = "2026-01-01"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="simulator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    trace = commands.add_parser("trace", help="write one appliance's plug reports as CSV")
    trace.add_argument("--kind", required=True, choices=[str(k) for k in ApplianceKind])
    trace.add_argument("--days", type=float, default=30.0, help="length of the trace")
    trace.add_argument("--seed", type=int, default=1)
    trace.add_argument(
        "--fault",
        action="append",
        default=[],
        choices=sorted({str(f) for faults in FAULTS.values() for f in faults}),
        help="inject a fault (repeatable)",
    )
    trace.add_argument("--start", default=DEFAULT_START, help="UTC start date or time")
    trace.add_argument(
        "--schedule", default="08:00", help="daily start (UTC), or 'none' for no operation"
    )
    trace.add_argument("--program", action="append", help="programs to go through")
    trace.add_argument("--step-w", type=float, default=PlugSettings().step_w)
    trace.add_argument("--heartbeat-s", type=float, default=PlugSettings().heartbeat_s)
    trace.add_argument("out", type=Path, help="output file (.csv or .csv.gz)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    start = datetime.fromisoformat(args.start)
    start = start.replace(tzinfo=UTC) if start.tzinfo is None else start
    schedule = None if args.schedule.lower() == "none" else time.fromisoformat(args.schedule)
    kind = ApplianceKind(args.kind)
    began = wall_time.perf_counter()
    try:
        rows = write_trace(
            kind,
            args.out,
            start=start,
            duration=timedelta(days=args.days),
            seed=args.seed,
            faults=frozenset(Fault(f) for f in args.fault),
            schedule=schedule,
            programs=args.program,
            plug=PlugSettings(step_w=args.step_w, heartbeat_s=args.heartbeat_s),
        )
    except SimulationError as err:
        sys.stderr.write(f"simulator: {err.key}: {err}\n")
        return 2
    elapsed = wall_time.perf_counter() - began
    sys.stderr.write(
        f"{kind}: {rows} reports over {args.days:g} days (seed {args.seed}, "
        f"faults {','.join(args.fault) or 'none'}) -> {args.out} in {elapsed:.2f} s\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
