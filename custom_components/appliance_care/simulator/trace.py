"""Power traces: one appliance's plug reports over a span, written as CSV."""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta
import gzip
from pathlib import Path
import random
from typing import TextIO

from .appliance import SEED_OFFSETS
from .clock import SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, to_seconds
from .cycle import CycleAppliance
from .home import make_appliance
from .model import FAULTS, ApplianceKind, Fault, PlugSettings, SimulationError
from .programs import PROGRAMS

CSV_HEADER = "time,power\n"
# The trace is simulated and written a day at a time, to keep memory flat.
CHUNK_S = SECONDS_PER_DAY
# The program chooser draws from its own generator, so that choosing does not change the
# appliance's own draws.
CHOOSER_SEED_OFFSET = 7


def program_chooser(
    kind: ApplianceKind, programs: Sequence[str] | None, seed: int
) -> Callable[[], str]:
    """Return a chooser going through the programs in a fresh seeded order each round.

    Every program comes up once per round, so a trace shows all of them regularly, in
    an order that does not repeat.
    """
    pool = list(PROGRAMS[kind] if programs is None else programs)
    unknown = [name for name in pool if name not in PROGRAMS[kind]]
    if unknown or not pool:
        raise SimulationError("unknown_program", f"{kind} has no programs {unknown or pool}")
    rng = random.Random(seed + SEED_OFFSETS[kind] + CHOOSER_SEED_OFFSET)  # noqa: S311 - a simulation
    queue: list[str] = []

    def choose() -> str:
        if not queue:
            queue.extend(pool)
            rng.shuffle(queue)
        return queue.pop()

    return choose


def write_trace(
    kind: ApplianceKind,
    path: Path,
    *,
    start: datetime,
    duration: timedelta,
    seed: int = 1,
    faults: frozenset[Fault] = frozenset(),
    schedule: time | None = time(8, 0),
    programs: Sequence[str] | None = None,
    plug: PlugSettings = PlugSettings(),  # noqa: B008 - frozen, so a shared default is safe
) -> int:
    """Run one appliance over a span and write its plug reports as CSV; return the rows.

    Rows are `time,power`: naive UTC ISO 8601 to the second and watts with one decimal,
    under a header row; the file is gzipped if its name ends with .gz. Cycle appliances
    start daily at `schedule`, going through `programs` (default: all of the kind's) in a
    seeded order; other appliances use `schedule` as the daily start of their operation.
    Faults are present from `start`; those that build up over days ramp in as they would.
    """
    kind = ApplianceKind(kind)
    wrong = [fault for fault in faults if fault not in FAULTS[kind]]
    if wrong:
        raise SimulationError("fault_not_applicable", f"{kind} cannot have {wrong}")
    t0 = to_seconds(start)
    t_end = t0 + max(0, int(duration.total_seconds()))
    rows: list[tuple[int, float]] = []

    def sink(t: int, watts: float) -> None:
        if t < t_end:
            rows.append((t, watts))

    appliance = make_appliance(kind, t0=t0, seed=seed, plug=plug, sink=sink)
    if isinstance(appliance, CycleAppliance):
        appliance.chooser = program_chooser(kind, programs, seed)
    appliance.apply(faults, schedule, plug)
    count = 0
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8", newline="") as out:
        out.write(CSV_HEADER)
        t = t0
        while t < t_end:
            t = min(t + CHUNK_S, t_end)
            appliance.advance_to(t - 1)
            count += _write_rows(out, rows)
            rows.clear()
        count += _write_rows(out, rows)
    return count


def _write_rows(out: TextIO, rows: list[tuple[int, float]]) -> int:
    lines: list[str] = []
    day = -1
    prefix = ""
    for t, watts in rows:
        if t // SECONDS_PER_DAY != day:
            day = t // SECONDS_PER_DAY
            prefix = datetime.fromtimestamp(day * SECONDS_PER_DAY, UTC).strftime("%Y-%m-%dT")
        seconds = t % SECONDS_PER_DAY
        hours, rest = divmod(seconds, SECONDS_PER_HOUR)
        minutes, secs = divmod(rest, SECONDS_PER_MINUTE)
        lines.append(f"{prefix}{hours:02d}:{minutes:02d}:{secs:02d},{watts:.1f}\n")
    out.write("".join(lines))
    return len(lines)
