"""Matching a running cycle against learned programs: remaining time and the end to wait for.

For every trusted program and every alignment shift of up to MAX_SHIFT_BINS bins, the
matcher keeps an exponentially weighted sum of the bin differences between the cycle so
far and the program's envelope. Each completed bin costs programs x shifts additions, so
the work per power update stays O(1). A program's distance is the smallest weighted mean
difference over the shifts, and that shift aligns the cycle with the program for the
finish; the remaining time counts from the alignment weighed over all shifts by fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
import math

from .programs import Program
from .signature import MAX_SHIFT_BINS, NOISE_FLOOR_W

# Early in a cycle only small shifts are believable: at most one bin plus this share of
# the bins seen (a 10-minute-old cycle cannot already run 16 minutes late or early).
MAX_DRIFT_RATIO = 0.2
# Weight of history per 2-minute bin: 0.95 forgets with a time constant of about 40 minutes,
# so the alignment follows the phase the cycle is in while the identification still rests
# on most of the cycle.
DECAY_PER_BIN = 0.95
# A program is credible when its weighted mean bin difference is at most this ...
MATCH_MAX_DISTANCE = 0.3
# ... after at least this many bins (10 minutes: the fill and first heating tell programs
# apart; earlier, every program looks alike) ...
MIN_MATCH_BINS = 5
# ... and while the cycle has not outrun the program by more than this share of its
# typical duration (a longer cycle is some other program).
MAX_OVERRUN_RATIO = 0.25
# Programs within this distance of the best one could still be the one running: a
# finish waits for the latest end among them that the quiet seen so far does not
# contradict ...
PLAUSIBLE_MARGIN = 0.08
# ... and only programs this close may shorten the wait for a finish (stricter than for
# an estimate: a wrong estimate is corrected as the cycle goes on, a false finish is not).
FINISH_MAX_DISTANCE = 0.3
# Candidates closer than this to the best one, whose typical durations differ from it by
# more than AMBIGUOUS_DURATION_RATIO, make the remaining time ambiguous ...
AMBIGUITY_MARGIN = 0.04
AMBIGUOUS_DURATION_RATIO = 0.15
# ... unless one of them is at least this many times as likely as each of the others by
# its use (its prior: lately, and a fifth of ever; a machine's everyday program against a
# rare variant with the same start): then it is the program shown. Otherwise no program
# is shown rather than a coin toss.
DOMINANCE_RATIO = 3.0
# A program is contradicted by the quiet seen so far when, aligned with the cycle, it is
# busy (a mean of at least CONTRADICTION_FACTOR times the active threshold) in a bin of
# that quiet and in both neighbouring bins: three bins, so a one-bin misalignment around a
# phase edge never contradicts.
CONTRADICTION_FACTOR = 5.0
# A quiet phase beginning later than this share of a program's duration past its end does
# not belong to that program (the cycle is some longer program).
END_WINDOW_RATIO = 0.1
# The remaining time weighs each plausible program by how likely it is the one running:
# its use among the appliance's last RECENT_USE_CYCLES cycles plus ALL_TIME_WEIGHT times
# its use ever (habits change: a program not run for months is less likely today) ...
RECENT_USE_CYCLES = 30
ALL_TIME_WEIGHT = 0.2
# ... times how well it fits: the weight falls by e for every FIT_SCALE of distance
# behind the closest program. Each program's alignment is weighed over its shifts the
# same way.
FIT_SCALE = 0.05
# The estimate is confident when programs holding this share of the weight agree with it
# (within AMBIGUOUS_DURATION_RATIO of their length).
AGREEMENT_SHARE = 0.75


SHIFTS = 2 * MAX_SHIFT_BINS + 1
# The shift indices within each reach, the smallest shift first (ties go to it).
_NEAREST_FIRST = tuple(
    tuple(
        sorted(
            range(MAX_SHIFT_BINS - reach, MAX_SHIFT_BINS + reach + 1),
            key=lambda i: (abs(i - MAX_SHIFT_BINS), i),
        )
    )
    for reach in range(MAX_SHIFT_BINS + 1)
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Match:
    """The program a running cycle currently matches."""

    program_id: int
    distance: float
    shift_s: float
    """How late the cycle runs compared with the program (negative: early)."""
    typical_duration_s: float


class _Candidate:
    __slots__ = (
        "cycles",
        "distance",
        "duration_s",
        "envelope",
        "num",
        "padded",
        "prior",
        "program_id",
        "shift_s",
    )

    def __init__(self, program: Program, recent_uses: int) -> None:
        self.program_id = program.program_id
        self.cycles = program.cycles
        self.prior = recent_uses + ALL_TIME_WEIGHT * program.cycles
        """How likely the program is to run, before the cycle is seen."""
        self.duration_s = program.typical_duration_s
        self.envelope = [float(v) for v in program.envelope]
        self.padded = [0.0] * MAX_SHIFT_BINS + self.envelope + [0.0] * (MAX_SHIFT_BINS + 1)
        """The envelope with MAX_SHIFT_BINS empty bins before it (and after)."""
        self.num = [0.0] * SHIFTS
        self.distance = 1.0
        self.shift_s = 0.0


class ProgramMatcher:
    """Online prefix matching of one running cycle against a fixed set of programs."""

    __slots__ = ("_busy", "_candidates", "_plausible", "_seen", "_weight", "bin_s", "match")

    def __init__(
        self,
        programs: Sequence[Program],
        bin_s: float,
        recent_uses: Mapping[int, int] | None = None,
    ) -> None:
        """Prepare to match against `programs` (a snapshot taken when the cycle starts).

        `recent_uses`: how many of the appliance's last RECENT_USE_CYCLES cycles each
        program ran.
        """
        self.bin_s = bin_s
        uses = recent_uses or {}
        self._candidates = [
            _Candidate(p, uses.get(p.program_id, 0)) for p in programs if p.envelope
        ]
        self._plausible: list[_Candidate] = []
        self._seen = 0
        self._busy = 0
        """Bins up to the last one above the noise floor: a cycle outruns a program by
        working on past its end, not by the quiet after its last act."""
        self._weight = 0.0
        self.match: Match | None = None

    def update(self, bins_w: Sequence[float]) -> Match | None:
        """Consume the bins completed since the last call; return the credible match."""
        candidates = self._candidates
        if not candidates:
            return None
        seen = self._seen
        weight = self._weight
        for k in range(seen, len(bins_w)):
            current = bins_w[k]
            if current >= NOISE_FLOOR_W:
                self._busy = k + 1
            floor = current + NOISE_FLOOR_W
            weight = weight * DECAY_PER_BIN + 1.0
            for cand in candidates:
                # Shift i compares bin k with envelope bin k + MAX_SHIFT_BINS - i: the
                # padded envelope's bins k .. k + 2 * MAX_SHIFT_BINS, in reverse.
                refs = cand.padded[k + 2 * MAX_SHIFT_BINS : k - 1 if k else None : -1]
                if len(refs) < SHIFTS:  # past the envelope's end: the first shifts see 0
                    refs = [0.0] * (SHIFTS - len(refs)) + refs
                cand.num = [
                    n * DECAY_PER_BIN + abs(current - r) / (floor + r)
                    for n, r in zip(cand.num, refs, strict=True)
                ]
        self._seen = len(bins_w)
        self._weight = weight
        self.match = self._score()
        return self.match

    def _score(self) -> Match | None:
        weight = self._weight
        elapsed = self._busy * self.bin_s
        alive: list[_Candidate] = []
        order = _NEAREST_FIRST[_reach(self._seen)]
        for cand in self._candidates:
            num = cand.num
            best_i = min(order, key=num.__getitem__)  # ties: the smallest shift
            cand.distance = num[best_i] / weight if weight > 0 else 1.0
            cand.shift_s = (best_i - MAX_SHIFT_BINS) * self.bin_s
            if elapsed - cand.shift_s <= cand.duration_s * (1.0 + MAX_OVERRUN_RATIO):
                alive.append(cand)
        alive.sort(key=lambda c: c.distance)
        if not alive or self._seen < MIN_MATCH_BINS or alive[0].distance > MATCH_MAX_DISTANCE:
            self._plausible = []
            return None
        best = alive[0]
        self._plausible = [c for c in alive if c.distance <= best.distance + PLAUSIBLE_MARGIN]
        close = [c for c in alive if c.distance <= best.distance + AMBIGUITY_MARGIN]
        conflicting = [
            c
            for c in close
            if abs(c.duration_s - best.duration_s)
            > AMBIGUOUS_DURATION_RATIO * max(c.duration_s, best.duration_s)
        ]
        if conflicting:
            group = [best, *conflicting]
            chosen = max(group, key=lambda c: c.prior)
            if any(c is not chosen and c.prior * DOMINANCE_RATIO > chosen.prior for c in group):
                return None
            best = chosen
        return Match(
            program_id=best.program_id,
            distance=best.distance,
            shift_s=best.shift_s,
            typical_duration_s=best.duration_s,
        )

    def expected_end(
        self, start: float, quiet_since: float, now: float, active_w: float, *, best: bool = False
    ) -> float | None:
        """Return the latest end among the plausible programs the quiet does not contradict.

        A program is contradicted when its envelope, aligned with the cycle, is busy in a
        whole bin inside [quiet_since, now]; one whose end lies more than END_WINDOW past
        the start of the quiet is the wrong program. None: no program explains the cycle.
        `best`: the end of the closest such program rather than the latest.
        """
        latest: float | None = None
        bin_s = self.bin_s
        busy_w = CONTRADICTION_FACTOR * active_w
        for cand in self._plausible:
            if cand.distance > FINISH_MAX_DISTANCE:
                continue
            origin = start + cand.shift_s
            if quiet_since - origin > cand.duration_s * (1.0 + END_WINDOW_RATIO):
                continue
            env = cand.envelope
            first = max(int(-(-(quiet_since - origin) // bin_s)), 1)
            last = min(int((now - origin) // bin_s), len(env) - 1)
            if any(
                env[k] >= busy_w and env[k - 1] >= busy_w and env[k + 1] >= busy_w
                for k in range(first, last)
            ):
                continue
            end = origin + cand.duration_s
            if best:
                return end  # the closest program the quiet does not contradict
            if latest is None or end > latest:
                latest = end
        return latest

    def finish_candidates(self) -> list[int]:
        """Return the programs close enough to the cycle to end it.

        expected_end's candidates, before it drops those the quiet contradicts.
        """
        return [c.program_id for c in self._plausible if c.distance <= FINISH_MAX_DISTANCE]

    def quiet_expected(self, start: float, quiet_since: float, now: float, active_w: float) -> bool:
        """Return whether a plausible program is itself quiet from `quiet_since` to `now`.

        A quiet spell that a matching program has at the same place (a soak, a drying
        pause) belongs to the program: the cycle runs on. False without a credible match.
        """
        bin_s = self.bin_s
        busy_w = CONTRADICTION_FACTOR * active_w
        for cand in self._plausible:
            origin = start + cand.shift_s
            env = cand.envelope
            # The whole bins inside the quiet spell, aligned with the program.
            first = max(int(-(-(quiet_since - origin) // bin_s)), 0)
            last = int((now - origin) // bin_s)
            if last <= len(env) and all(env[k] < busy_w for k in range(first, last)):
                return True
        return False

    @property
    def early(self) -> bool:
        """Return whether too little of the cycle was seen to match it yet."""
        return self._seen < MIN_MATCH_BINS

    def _expected_shift_s(self, cand: _Candidate, reach: int) -> float:
        """Return a program's shift weighed over all shifts within `reach` by their fit.

        Inside a long even phase (a wash, a circulation) many shifts fit about as well,
        and the best by a hair can be minutes off; weighing each as the programs are
        (by FIT_SCALE) gives the position the remaining time is counted from.
        """
        num, weight = cand.num, self._weight
        if weight <= 0:
            return cand.shift_s
        first, last = MAX_SHIFT_BINS - reach, MAX_SHIFT_BINS + reach + 1
        best = min(num[first:last])
        total = moment = 0.0
        for i in range(first, last):
            fit = math.exp((best - num[i]) / (weight * FIT_SCALE))
            total += fit
            moment += fit * (i - MAX_SHIFT_BINS)
        return moment / total * self.bin_s

    def estimate(self, elapsed_s: float) -> tuple[float, bool] | None:
        """Return the remaining time and whether it is confident (None: no program fits).

        The weighted median of what the plausible programs have left, each weighing its
        recent use times its fit: the estimate with the least expected absolute error
        when programs share a start and differ in length. What a program has left is
        counted from its fit-weighed alignment. Confident when programs
        holding AGREEMENT_SHARE of the weight agree with it.
        """
        plausible = self._plausible
        if not plausible:
            return None
        best = plausible[0].distance
        left: list[tuple[float, float, float]] = []
        reach = _reach(self._seen)
        for cand in plausible:
            position = elapsed_s - self._expected_shift_s(cand, reach)
            if position <= cand.duration_s * (1.0 + MAX_OVERRUN_RATIO):
                weight = cand.prior * math.exp((best - cand.distance) / FIT_SCALE)
                left.append((max(cand.duration_s - position, 0.0), weight, cand.duration_s))
        remaining = weighted_median([(value, weight) for value, weight, _ in left])
        if remaining is None:
            return None
        agreeing = sum(
            weight
            for value, weight, duration in left
            if abs(value - remaining) <= AMBIGUOUS_DURATION_RATIO * duration
        )
        return remaining, agreeing >= AGREEMENT_SHARE * sum(weight for _, weight, _ in left)


def _reach(seen: int) -> int:
    """Return how many bins a cycle `seen` bins old may run early or late (MAX_DRIFT_RATIO)."""
    return min(MAX_SHIFT_BINS, 1 + int(seen * MAX_DRIFT_RATIO))


def weighted_median(values: Sequence[tuple[float, float]]) -> float | None:
    """Return the median of (value, weight) pairs (None when empty or weightless)."""
    ordered = sorted(values)
    half = sum(w for _, w in ordered) / 2.0
    if half <= 0.0:
        return None
    seen = 0.0
    for value, weight in ordered:
        seen += weight
        if seen >= half:
            return value
    return ordered[-1][0]
