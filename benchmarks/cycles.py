"""Cycle benchmark building blocks: plug traces, hindsight labels, the 5 W rule, metrics."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
import random
import statistics

from common import engine

MINUTE_S = 60.0
TICK_S = 30.0
REMAINING_SAMPLE_S = 60.0
TAIL_S = 4 * 3600.0
SPLIT_RATIO = 1.6
SPLIT_MIN_GAP_S = 10 * MINUTE_S
SPLIT_MIN_RUN_S = 10 * MINUTE_S


@dataclass(frozen=True)
class PlugModel:
    """How a smart plug turns a power signal into reports."""

    step_w: float = 1.0
    """Report when power changed by at least this many watts ..."""
    step_ratio: float = 0.05
    """... and by at least this share of the last report."""
    heartbeat_s: float = 300.0
    """Report at least this often even without change."""
    jitter_s: float = 20.0
    """Reports land up to this many seconds after the minute starts (seeded, uniform)."""


def plug_trace(
    rows: Sequence[tuple[float, float | None]], plug: PlugModel, seed: int
) -> list[tuple[float, float | None]]:
    """Turn one-minute means into smart-plug reports: each minute's mean holds for the minute.

    A minute is reported when it differs enough from the last report, or when the
    heartbeat is due; unavailable minutes are reported as None once.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible jitter, not cryptography
    out: list[tuple[float, float | None]] = []
    last_value: float | None = None
    last_at = -1e18
    first = True
    for t, w in rows:
        if w is None:
            if first or last_value is not None:
                out.append((t + rng.uniform(0.0, plug.jitter_s), None))
                last_value = None
                last_at = t
                first = False
            continue
        changed = (
            first
            or last_value is None
            or abs(w - last_value) >= max(plug.step_w, plug.step_ratio * last_value)
        )
        if changed or t - last_at >= plug.heartbeat_s:
            out.append((t + rng.uniform(0.0, plug.jitter_s), w))
            last_value = w
            last_at = t
            first = False
    return out


@dataclass(frozen=True)
class Span:
    """A cycle: [start, end) of its activity; finished_at when a detector declared it."""

    start: float
    end: float
    finished_at: float = 0.0
    program: int | None = None


def hindsight_labels(
    rows: Sequence[tuple[float, float | None]],
    threshold_w: float,
    merge_gap_s: float,
    min_energy_wh: float,
    min_duration_s: float,
) -> list[Span]:
    """Label cycles in hindsight from one-minute means.

    A cycle is a maximal span of minutes above threshold_w in which gaps shorter than
    merge_gap_s are merged, keeping spans with at least min_energy_wh and min_duration_s.
    A minute's mean holds for the whole minute, so a span ends one minute after its last
    active minute starts. Spans longer than SPLIT_RATIO times the median labelled cycle
    are back-to-back cycles merged by a short gap: they are split where a gap of at least
    SPLIT_MIN_GAP_S is followed by SPLIT_MIN_RUN_S of uninterrupted activity (a new
    cycle's start, not a final pump-out after a drying phase), when both parts are cycles
    by the rules above.
    """
    times = [t for t, _ in rows]
    values = [w if w is not None else 0.0 for _, w in rows]

    def spans_of(lo: int, hi: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        first = -1
        last = -1
        for i in range(lo, hi):
            if values[i] > threshold_w:
                if first >= 0 and times[i] - (times[last] + MINUTE_S) >= merge_gap_s:
                    out.append((first, last))
                    first = -1
                if first < 0:
                    first = i
                last = i
        if first >= 0:
            out.append((first, last))
        return out

    def is_cycle(first: int, last: int) -> bool:
        energy = sum(values[first : last + 1]) * MINUTE_S / 3600.0
        return energy >= min_energy_wh and times[last] + MINUTE_S - times[first] >= min_duration_s

    spans = [s for s in spans_of(0, len(rows)) if is_cycle(*s)]
    if not spans:
        return []
    typical = statistics.median(times[b] - times[a] for a, b in spans)

    def run_from(i: int) -> float:
        j = i
        while j + 1 < len(values) and values[j + 1] > threshold_w:
            j += 1
        return times[j] + MINUTE_S - times[i]

    def split(first: int, last: int) -> list[tuple[int, int]]:
        if times[last] - times[first] <= SPLIT_RATIO * typical:
            return [(first, last)]
        # Cut at the first long gap after which the appliance works without a break for a
        # while (a new cycle's start, not a final pump-out after a drying phase).
        prev = first
        for i in range(first + 1, last + 1):
            if values[i] <= threshold_w:
                continue
            if (
                times[i] - times[prev] >= SPLIT_MIN_GAP_S
                and run_from(i) >= SPLIT_MIN_RUN_S
                and is_cycle(first, prev)
                and is_cycle(i, last)
            ):
                return split(first, prev) + split(i, last)
            prev = i
        return [(first, last)]

    return [
        Span(times[a], times[b] + MINUTE_S) for first, last in spans for a, b in split(first, last)
    ]


@dataclass
class EngineRun:
    """What the engine produced on one trace."""

    cycles: list[Span] = field(default_factory=list)
    remaining: list[tuple[float, float, float]] = field(default_factory=list)
    """(time, cycle start, remaining seconds) at least once a minute while an estimate exists."""
    tracker: engine.CycleTracker | None = None


def run_engine(
    appliance_type: engine.ApplianceType,
    trace: Sequence[tuple[float, float | None]],
    settings: engine.CycleSettings | None = None,
    *,
    forget: bool = False,
) -> EngineRun:
    """Feed a trace through a CycleTracker causally, ticking it as the coordinator does.

    Ticks come every 30 s between reports, and at the engine's wake time
    (`CycleTracker.wake_at`) when that comes before the next one.

    `forget`: every learned program is forgotten after each cycle, so each cycle is met
    as the first one of a new appliance (the engine's priors alone).
    """
    tracker = engine.CycleTracker(appliance_type, settings)
    run = EngineRun(tracker=tracker)
    last_sample = -1e18

    def handle(events: Sequence[engine.CycleEvent], t: float) -> None:
        nonlocal last_sample
        for event in events:
            record = event.cycle
            if event.kind is engine.CycleEventKind.CYCLE_FINISHED and record is not None:
                run.cycles.append(
                    Span(record.start, record.end, record.finished_at, record.program_id)
                )
                if forget:
                    for program in tracker.programs:
                        tracker.forget_program(program.program_id)
        if t - last_sample >= REMAINING_SAMPLE_S:
            remaining = tracker.remaining_s
            start = tracker.cycle_start
            if remaining is not None and start is not None:
                run.remaining.append((t, start, remaining))
                last_sample = t

    def ticks(tick: float, stop: float) -> None:
        """Tick every TICK_S before `stop`, and at the engine's wake time before the next."""
        while tick < stop:
            handle(tracker.tick(tick), tick)
            wake = tracker.wake_at
            if wake is not None and wake < min(tick + TICK_S, stop):
                handle(tracker.tick(wake), wake)
            tick += TICK_S

    last: float | None = None
    for t, w in trace:
        if last is not None:
            ticks(last + TICK_S, t)
        handle(tracker.power(t, w), t)
        last = t
    if last is not None:
        ticks(last + TICK_S, last + TAIL_S + TICK_S / 2)
    return run


def run_rule(
    trace: Sequence[tuple[float, float | None]], threshold_w: float = 5.0, hold_s: float = 300.0
) -> list[Span]:
    """Run the "Appliance has finished" blueprint: 5 min above 5 W starts, 5 min below ends.

    Its timers are exact (Home Assistant's `for:`); an unavailable state resets both.
    """
    cycles: list[Span] = []
    running = False
    start = 0.0
    above_since: float | None = None
    below_since: float | None = None
    for t, w in [*trace, (float("inf"), 0.0)]:
        if not running and above_since is not None and above_since + hold_s <= t:
            running = True
            start = above_since
        if running and below_since is not None and below_since + hold_s <= t:
            cycles.append(Span(start, below_since, below_since + hold_s))
            running = False
        if w is None:
            above_since = below_since = None
        elif w > threshold_w:
            below_since = None
            if above_since is None:
                above_since = t
        else:
            above_since = None
            if below_since is None:
                below_since = t
    return cycles


@dataclass
class Scores:
    """Detection quality against hindsight labels."""

    labels: int = 0
    detected: int = 0
    true_positives: int = 0
    false_finishes: int = 0
    latencies_s: list[float] = field(default_factory=list)
    halfway_errors: list[tuple[float, float]] = field(default_factory=list)
    """(absolute error s, cycle length s) of the remaining time at half-way."""
    halfway_missing: int = 0

    @property
    def precision(self) -> float:
        """Share of detected cycles that are labelled cycles."""
        return self.true_positives / self.detected if self.detected else 0.0

    @property
    def recall(self) -> float:
        """Share of labelled cycles that were detected."""
        return self.true_positives / self.labels if self.labels else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_finishes_per_100(self) -> float:
        """Finishes declared while a labelled cycle was still going on, per 100 labels."""
        return 100.0 * self.false_finishes / self.labels if self.labels else 0.0


def match(labels: Sequence[Span], detected: Sequence[Span]) -> list[tuple[Span, Span]]:
    """Pair labels with detections one to one, largest overlap first."""
    starts = [d.start for d in detected]
    candidates: list[tuple[float, int, int]] = []
    for i, label in enumerate(labels):
        j = max(0, bisect_left(starts, label.start) - 1)
        while j > 0 and detected[j].end > label.start:
            j -= 1
        while j < len(detected) and detected[j].start < label.end:
            overlap = min(label.end, detected[j].end) - max(label.start, detected[j].start)
            if overlap > 0:
                candidates.append((overlap, i, j))
            j += 1
    candidates.sort(reverse=True)
    used_l: set[int] = set()
    used_d: set[int] = set()
    pairs: list[tuple[Span, Span]] = []
    for _, i, j in candidates:
        if i not in used_l and j not in used_d:
            used_l.add(i)
            used_d.add(j)
            pairs.append((labels[i], detected[j]))
    return pairs


def score(
    labels: Sequence[Span],
    detected: Sequence[Span],
    remaining: Sequence[tuple[float, float, float]] = (),
    keep: Callable[[float], bool] = lambda _: True,
) -> Scores:
    """Score detections against labels, counting only cycles whose start passes `keep`."""
    labels_kept = [lab for lab in labels if keep(lab.start)]
    detected_kept = [d for d in detected if keep(d.start)]
    scores = Scores(labels=len(labels_kept), detected=len(detected_kept))
    label_starts = [lab.start for lab in labels]
    for d in detected_kept:
        i = bisect_left(label_starts, d.finished_at) - 1
        if i >= 0 and labels[i].start < d.finished_at < labels[i].end:
            scores.false_finishes += 1
    pairs = match(labels_kept, detected_kept)
    scores.true_positives = len(pairs)
    samples: dict[float, list[tuple[float, float]]] = {}
    for t, start, rem in remaining:
        samples.setdefault(start, []).append((t, rem))
    for label, d in pairs:
        scores.latencies_s.append(d.finished_at - label.end)
        half = label.start + (label.end - label.start) / 2
        near = [
            (abs(t - half), t, rem)
            for t, rem in samples.get(d.start, [])
            if abs(t - half) <= REMAINING_SAMPLE_S
        ]
        if near:
            _, t, rem = min(near)
            scores.halfway_errors.append((abs(rem - (label.end - t)), label.end - label.start))
        else:
            scores.halfway_missing += 1
    return scores


def quantile(values: Sequence[float], q: float) -> float:
    """Return the q-quantile (0..1) of values (linear interpolation)."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]
