"""Writes docs/cycle-accuracy.md from the results of benchmarks/accuracy.py."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
import statistics
from typing import TYPE_CHECKING

import cycles as cyc

if TYPE_CHECKING:
    from accuracy import Row

MIN = 60.0
F1_TARGET = 0.99
FALSE_FINISH_TARGET = 1.0
LATENCY_MEDIAN_TARGET_S = 2 * MIN
LATENCY_P90_TARGET_S = 10 * MIN
FIRST_MEDIAN_TARGET_S = 5 * MIN
HALFWAY_MAE_TARGET_S = 5 * MIN
HALFWAY_COVERAGE_TARGET = 0.9


def _median(values: Sequence[float]) -> float:
    return cyc.quantile(sorted(values), 0.5) if values else float("nan")


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def targets(rows: Sequence[Row]) -> str:
    """Return a table of the goals, met or missed, per engine result."""
    by_key = {(r.source, r.appliance, r.method, r.period): r for r in rows}
    lines = [
        (
            "| source | appliance | period | F1 >= 0.99 | false finishes <= 1 / 100 "
            "| latency median <= 2 min, p90 <= 10 min | nothing learned: median <= 5 min "
            "| half-way: estimates >= 90 %, MAE <= 5 min |"
        ),
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.method != "engine":
            continue
        s = r.scores
        lat = sorted(s.latencies_s)
        median, p90 = _median(lat), cyc.quantile(lat, 0.9)
        first = by_key.get((r.source, r.appliance, "engine, nothing learned", r.period))
        first_median = _median(first.scores.latencies_s) if first else float("nan")
        covered = len(s.halfway_errors)
        coverage = covered / (covered + s.halfway_missing) if covered else 0.0
        mae = statistics.mean(e for e, _ in s.halfway_errors) if covered else float("nan")
        lines.append(
            f"| {r.source} | {r.appliance} | {r.period} "
            f"| {_yes(s.f1 >= F1_TARGET)} ({s.f1:.3f}) "
            f"| {_yes(s.false_finishes_per_100 <= FALSE_FINISH_TARGET)} "
            f"({s.false_finishes_per_100:.1f}) "
            f"| {_yes(median <= LATENCY_MEDIAN_TARGET_S and p90 <= LATENCY_P90_TARGET_S)} "
            f"({median / MIN:.1f} / {p90 / MIN:.1f}) "
            f"| {_yes(first_median <= FIRST_MEDIAN_TARGET_S)} ({first_median / MIN:.1f}) "
            f"| {_yes(coverage >= HALFWAY_COVERAGE_TARGET and mae <= HALFWAY_MAE_TARGET_S)} "
            f"({coverage:.0%}, {mae / MIN:.1f} min) |"
        )
    return "\n".join(lines) + "\n"


def write(
    path: Path,
    rows: Sequence[Row],
    table: str,
    *,
    counts: dict[str, int],
    sim_note: str | None,
    sim_days: float,
    machine: str,
    elapsed_s: float,
) -> None:
    """Write the page."""
    sim = (
        f"Simulated traces: {sim_note}."
        if sim_note
        else (
            "**Simulated traces**: the project's appliance simulator\n"
            "  (`custom_components/appliance_care/simulator`, `write_trace`), "
            f"{sim_days:g} days per\n  trace, one cycle a day at 08:00 going through all "
            "of the kind's programs, default plug\n  (report on a change of more than 2 W "
            "or 5 %, heartbeat 60 s), seeds 1 and 2. The\n  simulator was written independently "
            "of the engine's tuning; what changed in the\n  engine after seeing its "
            "results is listed under the tuning protocol below."
        )
    )
    washers = counts.get("washer", 0)
    dishwashers = counts.get("dishwasher", 0)
    text = f"""# Cycle accuracy

How well the care engine (`custom_components/appliance_care/engine`) finds cycles, declares
their finish and predicts the remaining time, against the "Appliance has finished" blueprint
rule (a cycle starts when power stays above 5 W for 5 minutes and finishes when it stays
below 5 W for 5 minutes).

Reproduce (about {elapsed_s:.0f} s): `{_command()}` (the data folder is `--data DIR`,
default `$APPLIANCE_CARE_DATA`, else `../shared/data` next to the repository; the data is
never copied into the repository). Ran on: {machine}.

## Data

- **REFIT House 2** (16 months, 2013-10 to 2015-01): the `WashingMachine` and `Dishwasher`
  columns, one-minute mean power measured at the appliances' own plugs. Source: the REFIT
  Electrical Load Measurements data set (D. Murray, L. Stankovic, V. Stankovic, University of
  Strathclyde), CC BY 4.0; one-minute extract prepared by the DeviceScope project (EDF,
  Apache-2.0).
- {sim}

### From one-minute means to plug reports

The engine is fed what a smart plug would send. Each minute's mean holds for the whole
minute; a minute is reported when it differs from the last report by at least max(1 W, 5 %
of the last report), or when 5 minutes passed since the last report (heartbeat); each
report lands 0 to 20 s into its minute (seeded uniform jitter, seed 1). Between reports
the engine's `tick` runs every 30 s of trace time, as Home Assistant's timer would, and,
as the integration sets it, once more when a quiet spell's hold runs out before the next
tick (`CycleTracker.wake_at`); after the last row time runs on for 4 hours. Everything is
causal: the output at time t only depends on reports up to t. The "+ dropouts" rows add
sensor outages: the sensor is unavailable for 5 to 40 minutes about every two days
(seeded), with the reports in between lost. The blueprint rule sees exactly the same
reports; its timers are exact (Home Assistant's `for:`), and an unavailable state resets
them, as in Home Assistant.

### Hindsight labels

A labelled cycle is a maximal span of minutes above 5 W in which gaps shorter than G are
merged, keeping spans with at least 20 Wh and 10 minutes (REFIT House 2 has dozens of 1 to 9
minute blips of under 17 Wh: program selection, door locks; the smallest real cycles, rinse
or spin only, carry 24 Wh and more). Spans longer than 1.6 times the median labelled cycle
are back-to-back cycles merged by a gap shorter than G: they are split again where at least
10 quiet minutes are followed by at least 10 minutes of uninterrupted work (a new cycle's
start; a final pump-out after a drying phase lasts 1 to 3 minutes). G was chosen per
appliance from the histogram of quiet gaps over the whole trace, in hindsight:

- REFIT washer, G = 5 min: inside cycles the washer never rests more than 2 minutes (62
  gaps of 1 to 2 min, 1 of 4 min); gaps of 5 to 11 minutes separate two complete loads (each
  with its own fill, heating and spin; checked by eye, see the plot below).
- REFIT dishwasher, G = 45 min: its drying phase is 21 to 31 minutes at 0 W before the
  final pump-out (about 300 cycles); cycles are otherwise at least 57 minutes apart, except
  for a few back-to-back runs handled by the split rule.
- Simulator washer G = 30 min (soaks of up to 20 minutes, one cycle a day), dishwasher
  G = 60 min, dryer G = 1 min (any quiet minute ends a span, so the anti-crease tumbles after
  the end, 8 to 20 s every 2 to 5 minutes, form no cycle: they belong to none).

Labelled cycles: REFIT washer {washers}, REFIT dishwasher {dishwashers}.
The sample plots below show labels, engine and rule side by side; the label edges were
checked by eye on those and on the cases listed as false finishes or misses while tuning.

### Metrics

- Detections are paired one to one with labels by largest overlap: precision, recall, F1.
- **False finish**: a finish declared while a labelled cycle is still going on (between
  its start and its end), per 100 labelled cycles.
- **Finish latency**: declared finish minus labelled end, for paired cycles (median / 90th
  percentile). Negative values are false finishes (the blueprint's on the dishwasher: it
  declares the finish at the start of the drying phase).
- **Remaining time at half-way**: for paired cycles, the engine's estimate at the sample
  nearest the labelled midpoint (within a minute) against the true time to the labelled
  end. "Estimate at half-way" is the share of cycles that had one (the weighted median of
  what the learned programs that could be running have left, each weighing its recent use
  times its fit; for an appliance with no program learned yet, its kind's typical cycle),
  confident or not; then the mean absolute error in minutes over all of them, the median
  error as a share of the cycle's length, and the share within 10 % of the length.

### Tuning protocol (honest account)

- Default thresholds and hold times (`engine/settings.py`) come from appliance knowledge
  plus statistics of REFIT House 2 over all 16 months: the drying gaps (21-31 min) set the
  dishwasher's 65-minute hold without a learned program, the blip energies set the start
  energy. These were looked at on the whole trace, held-out months included.
- The matching constants (`engine/estimator.py`, `engine/programs.py`: decay, margins,
  contradiction level, clustering tolerances) were chosen by small grid searches scored on
  2013-10 to 2014-06 only (REFIT, the tuning period). The 2014-07 to 2015-01 rows were not
  used to choose them; they were looked at to find failure modes (which led to the label
  split rule above and to the washer's 30-minute hold without a program, which came from
  the simulator's 20-minute soaks).
- The remaining time's weights (`engine/estimator.py`: a program's use in the last 30
  cycles plus 0.2 times its use ever, times e^-(distance behind the closest)/0.05) came
  from a grid of 5 fit scales, 3 recency windows, 3 all-time weights and 3 margins,
  replayed from the engine's matches at half-way and scored by the sum of the REFIT
  washer's and dishwasher's MAE over the tuning months only. Two all-time weights (0.05
  and 0.2) tied there; 0.2 was kept, as it forgets a program more slowly. The held-out
  months were printed in the same run, so they were seen, but not used to choose. The
  share of weight that makes an estimate confident (0.75) was set by judgement. What a
  program has left is counted from its alignment weighed over all the shifts in reach by
  the same scale (rather than from the best shift alone); scales of 0.005 to 0.2 were
  tried, and 0.05 was best on the tuning months (washer 23.2 to 23.1 min, dishwasher 3.7
  to 3.6), where the simulator's washer also gains most (5.9 to 4.9).
- The simulator rows were run after the engine was written; the washer hold (15 to 30
  minutes) and two learning safeguards (a cycle that starts right after the last one's
  end is not learned, neither is its predecessor; bursts after an early finish extend the
  learned cycle only when dense) were changed after seeing its washer and dryer results.
- The end signs (`engine/end_signs.py`: a washer's final spin, a dishwasher's pump-out
  after drying, a dryer's cool-down) come from how these appliances work; their windows
  (a drain-fed spin of 1 to 15 minutes within 5 minutes of the quiet, drying of 10 minutes
  or more, pump-out of at most
  5 minutes below 150 W, 3 minutes of cool-down) and the 90-second hold after a sign were
  set looking at finish latencies and false finishes over the whole REFIT trace and the
  simulator. The held-out months are therefore not clean for them: read the held-out rows
  as a check that the earlier constants still hold, and the signs as measured in-sample.
  The sampling guard (three quiet spells of 50 to 90 seconds) was set on the simulator
  polled once a minute, and checked not to change the REFIT rows.
  The same goes for the dishwasher's drying wait (a dishwasher that pumped out after
  drying in at least half of its last ten cycles waits 45 minutes before a finish without
  one, unless every program that could be running has three or more cycles on record and
  ended most of them without one) and its 90-second hold at a learned program's end. The
  per-program exception was added after seeing the held-out months' 90th percentile
  (45 minutes: REFIT's quick programs, which never dry, waited for a drying).
- "engine, nothing learned" forgets every learned program after each cycle, so each
  cycle is met as the first cycle of a new appliance.
- The project will be measured on other homes: nothing here is tuned per house.

## Results

{table}
### Targets

{targets(rows)}
### Where it falls short, and why

- **Remaining time.** The dishwasher's estimate is within 10 % for most cycles. The REFIT
  washer's is not: its programs share the same start (fill, heat, wash at 80-100 W) and
  differ mostly in how long the wash and rinses last, so at half-way several programs fit
  about equally well. The estimate is then the weighted median of what each has left,
  weighing each program by how often it ran in the appliance's last 30 cycles (plus a
  fifth of its use ever) and by its fit: the answer with the least expected error when
  the envelope cannot tell. It is marked `confidence: low` unless programs holding three
  quarters of the weight agree with it. On the held-out months this weighting alone took the
  washer's half-way error from 14.2 to 9.3 minutes and the dishwasher's from 5.2 to 4.6
  (the table has the later changes too): the
  washer's 165-minute program, run 19 times but not once in the last 50 cycles, no longer
  wins over the 100-minute one the household ran every week. The tuning months stay at
  23 minutes: there the household was still settling into its programs, and cycles of
  90 and 170 minutes look alike at half-way. A new appliance's estimate is its kind's
  typical cycle (105 minutes for a washer), which the "nothing learned" rows show is far
  off for the simulator's long programs. The simulated dishwasher's quick program and its
  two-hour one run alike for their first 20 minutes, so at the quick one's half-way the
  estimate is often the longer one's. The simulated dryer's duration follows the load's
  water content, which the power envelope does not reveal by half-way.
- **Dishwasher finishes without a pump-out.** REFIT House 2's dishwasher pumps out after
  its drying pause in most cycles, so it has the drying habit and waits 45 minutes before
  finishing a cycle that ends without one (about one cycle in ten: quick programs without
  a drying pause, interrupted cycles), unless the programs that could be running are
  learned quick programs that never dried. That wait kept the false finishes under 1 in
  100 (a rarer variant ending at the drying's start was the cause of all of them before
  it); with the quick programs' exception, the held-out months miss it by a hair, 2 in
  199. Those two false finishes are each a quick program of
  about 30 minutes followed, 5 and 9 minutes later, by another run (a normal program with
  its own fill and heating, in the second). The hindsight labels merge these (their gap is
  45 minutes, and the split rule asks for 10 quiet minutes); the engine finishes the quick
  program. With sensor dropouts, a dropout in the middle of a drying pause can end a
  cycle early.
- **Dishwashers that dry in silence.** The simulated dishwasher ends with its drying at
  standby power, with no pump-out: nothing in the power tells its end until a program is
  learned, so its first cycles wait the full 65-minute hold ("nothing learned" rows).
- **A washer pausing right after a spin.** The final-spin sign takes quiet within 5
  minutes after a drain-fed spin of one to fifteen minutes, with nothing above pump power
  since, as the end of the cycle (unless a learned program expects more). A washer that
  rests for more than 90 seconds right after a mid-cycle spin, before filling again,
  would be finished there while nothing is learned; none of the washers measured here
  does (REFIT House 2's washer never rests more than 2 minutes inside a cycle, and then
  not after a spin). About one REFIT washer cycle in five has no drain the sign can see
  before its final spin (one-minute means blur the pump into the tumbles): those wait
  the hold while nothing is learned, which is the 90th percentile of the "nothing
  learned" rows.
- **Sensors that sample the drum.** A plug polled once a minute for its instantaneous
  power catches a tumbling drum in its pauses now and then, and a pause sampled twice in
  a row looks like the end. A cycle that shows three or more quiet spells of 50 to 90
  seconds is taken as watched through such a sensor, and its end signs are not trusted:
  it finishes by its learned program or by the hold (tested in
  `tests/engine/test_end_signs.py` on the simulated washer polled once a minute: no wash
  split in twelve).

## Plots

REFIT washer, two loads back to back (held-out period): the 5 W rule and the engine both
split them; the engine's finish marks come minutes after each end.

![REFIT washer sample](img/refit-washer-sample.png)

REFIT dishwasher, a held-out cycle: the rule finishes at the start of the drying phase
(its mark sits inside the labelled cycle); the engine waits for the final pump-out.

![REFIT dishwasher sample](img/refit-dishwasher-sample.png)

Remaining time at half-way, estimate against truth (held-out months; the grey lines are
+-10 %):

![REFIT dishwasher remaining](img/refit-dishwasher-remaining.png)
![REFIT washer remaining](img/refit-washer-remaining.png)

Simulated dryer: the rule waits out the anti-crease tumbles, the engine ignores them.

![Simulated dryer](img/sim-dryer-anti-crease.png)
"""
    path.write_text(text)


def _command() -> str:
    return "python benchmarks/accuracy.py"
