"""Demo-home faults: how long after injecting a fault its care finding is raised.

Usage: python benchmarks/demo_faults.py [--seeds 1 2 3] [--onset-days 14] [--days 21]
       [--speeds 1 60] [--write-doc]

Each appliance of the demo home runs headless (benchmarks/demo_feed.py: the simulator
fed to the engine and the care rules as the demo feeds them), healthy for --onset-days,
then with one fault injected, for at most --days more; the time from the injection to
the first finding that names the fault is measured, per seed. The same span without a
fault must raise none of those findings. The times are checked against the stated ones
(simulator/faults.py FAULT_FOUND_WITHIN_S). Prints Markdown tables; --write-doc also
writes docs/demo-faults.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import importlib
import time

from common import REPO, machine
from demo_feed import DAY_S, DEMO_START, run_demo

faults_mod = importlib.import_module("simulator.faults")

DOC = REPO / "docs" / "demo-faults.md"

FINDINGS: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("washer", "clogged_drain"): ("program_drift",),
    ("washer", "heater_scale"): ("program_drift",),
    ("washer", "dirty_tub"): ("program_drift",),
    ("dryer", "clogged_vent"): ("drying_time_drift", "heater_failure"),
    ("dishwasher", "clogged_drain"): ("program_drift",),
    ("dishwasher", "heater_scale"): ("program_drift", "heating_missing"),
    ("refrigerator", "door_seal"): (
        "duty_cycle_drift",
        "temperature_out_of_range",
        "compressor_never_stops",
    ),
    ("refrigerator", "dusty_condenser"): ("duty_cycle_drift", "compressor_never_stops"),
    ("air_conditioner", "dusty_condenser"): ("duty_cycle_drift",),
}
"""The findings that name each fault the demo can inject (the simulator's FAULTS)."""


@dataclass(frozen=True)
class Found:
    """How one seed's injected fault was found."""

    seed: int
    after_s: float | None
    """Simulated seconds from the injection to the finding (None: not within the run)."""
    kind: str | None


@dataclass(frozen=True)
class Case:
    """One fault of one appliance over every seed, and the healthy runs beside it."""

    appliance: str
    fault: str
    found: tuple[Found, ...]
    healthy_alarms: tuple[str, ...]
    """Findings of the fault's kinds that healthy runs raised after the onset ('seed: kind')."""
    stated_s: int | None

    @property
    def worst_s(self) -> float | None:
        """Return the longest time to the finding, None if any seed missed it."""
        times = [f.after_s for f in self.found]
        return None if any(t is None for t in times) else max(t for t in times if t is not None)

    @property
    def holds(self) -> bool:
        """Return whether every seed was found within the stated time, healthy runs silent."""
        worst = self.worst_s
        stated = self.stated_s
        return (
            not self.healthy_alarms and worst is not None and stated is not None and worst <= stated
        )


def stated_s(appliance: str, fault: str) -> int | None:
    """Return the stated time of a fault (simulator/faults.py), None where none is stated."""
    return faults_mod.FAULT_FOUND_WITHIN_S.get(appliance, {}).get(fault)


def measure(seeds: Sequence[int], onset_days: float, days: float, speed: int) -> list[Case]:
    """Run every fault and the healthy runs of its appliance for every seed."""
    healthy: dict[tuple[str, int], list[tuple[float, str]]] = {}
    cases = []
    for (appliance, fault), kinds in FINDINGS.items():
        found = []
        for seed in seeds:
            run = run_demo(
                appliance,
                seed,
                days=onset_days + days,
                fault=fault,
                onset_days=onset_days,
                speed=speed,
                stop_on=kinds,
            )
            first = run.first_raised(kinds, run.onset or run.start)
            found.append(
                Found(seed, None, None)
                if first is None
                else Found(seed, first[0] - run.onset, first[1])
            )
        alarms = []
        for seed in seeds:
            if (appliance, seed) not in healthy:
                run = run_demo(appliance, seed, days=onset_days + days, speed=speed)
                onset = run.start + onset_days * DAY_S
                healthy[appliance, seed] = [
                    (t, c.finding.kind.value) for t, c in run.changes if c.raised and t >= onset
                ]
            alarms += [f"{seed}: {k}" for _, k in healthy[appliance, seed] if k in kinds]
        cases.append(
            Case(appliance, fault, tuple(found), tuple(alarms), stated_s(appliance, fault))
        )
    return cases


def _days(seconds: float | None) -> str:
    return "not found" if seconds is None else f"{seconds / DAY_S:.1f}"


def _holds(case: Case) -> str:
    if case.stated_s is None:
        return "none stated"
    return "yes" if case.holds else "no"


def table(cases: Sequence[Case]) -> str:
    """Return the Markdown table of the cases."""
    seeds = [f.seed for f in cases[0].found] if cases else []
    heads = " | ".join(f"seed {s}" for s in seeds)
    out = [
        f"| appliance | fault | finding | {heads} | worst | stated | healthy runs | holds |",
        "|---|---|---|" + "---:|" * len(seeds) + "---:|---:|---|---|",
    ]
    for c in cases:
        kinds = sorted({f.kind for f in c.found if f.kind}) or ["-"]
        times = " | ".join(_days(f.after_s) for f in c.found)
        stated = "-" if c.stated_s is None else f"{c.stated_s / DAY_S:.0f}"
        silent = "; ".join(c.healthy_alarms) or "silent"
        out.append(
            f"| {c.appliance} | {c.fault} | {', '.join(kinds)} | {times} | {_days(c.worst_s)} "
            f"| {stated} | {silent} | {_holds(c)} |"
        )
    return "\n".join(out)


HEAD = """# Faults injected into the demo home: when their finding comes

A fault injected into a demo appliance (the demo home's options) is found by the care
rules after the time below, in simulated days (at a speed of 60, a simulated day passes
in 24 minutes). The stated times are `FAULT_FOUND_WITHIN_S` in
`custom_components/appliance_care/simulator/faults.py`: the worst seed measured here
with a margin; `tests/simulator/test_demo_faults.py` checks them for two seeds.

Reproduce: `{command}` (about {minutes} min). Ran on: {machine}.

## How it is measured

Each appliance of the demo home runs alone with the demo's defaults (seed `DEFAULT_SEED`
is 1; seeds {seeds} here), the cycle appliances starting their selected program (the
first) every day at the simulator's household times (washer 08:00, dryer 11:00,
dishwasher 20:30 UTC), the air conditioner operating daily from noon. Its sensors are
read at each change and handed to the cycle tracker or compressor monitor and to the care
rules as the demo hands them on (`benchmarks/demo_feed.py` mirrors `sources/demo.py`,
`appliance.py`, `coordinator.py` and `care_watch.py`). After {onset} days of healthy
running, the fault is injected as the options do it: the demo is saved and read back with
the fault, whose onset is then. The time runs from the injection to the first finding of
the kinds named in the table, at most {days} days. "Healthy runs" lists findings of those
kinds that the same span raised without a fault.
"""

NOTES = """
## What the figures say

- **Learning comes first.** The care rules judge each program against its own first 5
  cycles and a fridge against its first 7 days. A fault injected into a new demo home
  becomes what the appliance's normal is and is never found: with one cycle a day, the
  demo needs a week of healthy running (two for the stated times) before a fault is
  injected. Changing the selected program starts the learning of that program over.
- **One program a day adapts fast.** The drift tests let each program's baseline follow
  slow changes (seasons, detergent) by a tenth of each cycle's deviation; with one program
  every day, that absorbed a lasting change of a few percent before the test had its
  evidence (the dishwasher's clogged drain, +3 to 9 %, went unfound in two seeds of three,
  its scaled heater, +38 % energy, in one). The baseline now follows only as far as its
  test has no evidence of a drift (fully at none, not at all at the decision level); on
  REFIT House 2 the washer's highest drift level went from 0.82 to 0.84 of the decision
  level, the dishwasher's is 0.50, with no false alarm (`benchmarks/care.py`).
- **A scaled washer heater is not stated** (nor offered in the demo's options). It
  lengthens the heating, so a cycle by 4 to 7 %, and raises its energy by a quarter; a
  washer's energy is not judged (its inlet water changes it by half between seasons), and
  the lengthening alone was found in two seeds of three.
- **The air conditioner has no engine in the demo** (its fault is not offered either): its
  plug feeds no compressor monitor, so the care rules never get its operating time and its
  duty-cycle test never runs. Its condenser dust is not found from what the demo feeds
  (the care benchmark finds it in 5 to 7 days when the compressor's running state comes in
  every minute).
- **Speed.** The demo advances its home once a wall-clock second, and its care rules tick
  about once a simulated minute, as its engine every 30 simulated seconds (both at least
  once a wall-clock second, so at 60x every simulated minute); so a fridge's duty is
  counted at any speed and the stated times hold at 60x too. (They ticked once a wall-
  clock minute before, so above 15x a care tick spanned more than the quarter of an hour
  the rules allow for a data gap, and the fridge's faults were never found at 60x.)
- **A home with a past.** A new demo home starts with weeks of simulated past (four by
  default), so it has run healthy long enough and a fault injected from its options is
  found within the stated time. The fault tour begins its faults in that past, two weeks
  in at the earliest and as long before the end as twice the stated time (the household
  mixes programs and skips days, where this benchmark runs one program daily).
"""


def document(sections: Sequence[tuple[int, list[Case]]], head: str) -> str:
    """Return docs/demo-faults.md."""
    parts = [head]
    for speed, cases in sections:
        parts.append(f"## At {speed}x\n\n{table(cases)}\n")
    parts.append(NOTES)
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; print the tables (and write the doc); 1 if a stated time fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--onset-days", type=float, default=14.0)
    parser.add_argument("--days", type=float, default=21.0)
    parser.add_argument("--speeds", type=int, nargs="+", default=[1, 60])
    parser.add_argument("--write-doc", action="store_true", help=f"write {DOC.name}")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"Machine: {machine()}; demo start {DEMO_START.date()}\n")
    sections = []
    for speed in args.speeds:
        cases = measure(args.seeds, args.onset_days, args.days, speed)
        sections.append((speed, cases))
        print(f"## At {speed}x\n\n{table(cases)}\n")
    elapsed = time.perf_counter() - started
    print(f"Took {elapsed:.0f} s.")
    if args.write_doc:
        command = "python benchmarks/demo_faults.py --write-doc"
        head = HEAD.format(
            command=command,
            minutes=max(1, round(elapsed / 60)),
            machine=machine(),
            seeds=", ".join(map(str, args.seeds)),
            onset=f"{args.onset_days:g}",
            days=f"{args.days:g}",
        )
        DOC.write_text(document(sections, head), encoding="utf-8")
    base = next((cases for speed, cases in sections if speed == 1), [])
    return 0 if all(c.holds or c.stated_s is None for c in base) else 1


if __name__ == "__main__":
    raise SystemExit(main())
