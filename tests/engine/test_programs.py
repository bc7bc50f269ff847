"""Learned programs: grouping cycles, naming them, remaining time and finish timing."""

from __future__ import annotations

import json

import pytest

from custom_components.appliance_care.engine import (
    ApplianceType,
    CycleEventKind,
    CycleSettings,
    CycleTracker,
    FinishReason,
    Signature,
)
from custom_components.appliance_care.engine.estimator import ProgramMatcher, weighted_median
from custom_components.appliance_care.engine.programs import (
    MAX_PROGRAMS,
    Program,
    ProgramLibrary,
)
from custom_components.appliance_care.engine.signature import (
    envelope_distance,
    median,
    median_envelope,
)

from .helpers import MIN, WASHER_S, Feed, washer_cycle

K = CycleEventKind
# A different program: long cold wash, no heating.
COLD: list[tuple[float | None, float]] = [
    (30.0, 5 * MIN),
    (80.0, 60 * MIN),
    (3.0, 3 * MIN),
    (150.0, 10 * MIN),
    (600.0, 10 * MIN),
    (50.0, 60 * MIN),
]
COLD_S = sum(d for _, d in COLD)


def run_cycles(
    feed: Feed, *cycles: list[tuple[float | None, float]], rest: float = 60 * MIN
) -> None:
    for phases in cycles:
        feed.run(phases)
        feed.hold(0.0, rest)


def test_program_learned_after_similar_cycles() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    run_cycles(feed, washer_cycle(), washer_cycle(1.03), washer_cycle(0.98))
    (program,) = feed.tracker.programs
    assert program.cycles == 3
    assert program.typical_duration_s == pytest.approx(WASHER_S, rel=0.03)
    assert program.typical_energy_wh > 0
    assert program.name is None
    assert program.display_name == f"Program {program.program_id}"
    records = feed.finished()
    assert {r.program_id for r in records} == {program.program_id}


def test_different_programs_are_kept_apart() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    run_cycles(feed, washer_cycle(), COLD, washer_cycle(), COLD)
    programs = feed.tracker.programs
    assert len(programs) == 2
    assert sorted(p.cycles for p in programs) == [2, 2]


def test_remaining_time_from_matched_program() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    run_cycles(feed, washer_cycle(), COLD, washer_cycle(), COLD)
    assert feed.tracker.remaining_s is None
    phases = washer_cycle()
    feed.run(phases[:3])  # 60 minutes into a 94-minute program
    program = feed.tracker.program
    assert program is not None
    assert program.typical_duration_s == pytest.approx(WASHER_S, rel=0.03)
    remaining = feed.tracker.remaining_s
    assert remaining is not None
    assert remaining == pytest.approx(WASHER_S - 60 * MIN, abs=5 * MIN)
    feed.run(phases[3:6])
    later = feed.tracker.remaining_s
    assert later is not None
    assert later < remaining


def test_only_a_low_confidence_estimate_without_learned_program() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.run(washer_cycle()[:3])
    assert feed.tracker.remaining_s is not None
    assert feed.tracker.remaining_confident is False
    assert feed.tracker.program is None


def test_program_end_shortens_finish_wait() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    run_cycles(feed, washer_cycle(), washer_cycle())
    feed.run(washer_cycle())
    feed.hold(0.0, 60 * MIN)
    third = feed.finished()[-1]
    assert third.finish_reason is FinishReason.PROGRAM_END
    hold = third.finished_at - third.end
    assert hold < 6 * MIN  # not the 30-minute default hold


def test_learned_program_waits_through_its_long_soak() -> None:
    # Learn a program with a 25-minute soak (hold set long while learning), then go back to
    # the default hold: the program keeps the cycle alive through the soak.
    soak = [
        (30.0, 5 * MIN),
        (2000.0, 10 * MIN),
        (2.0, 25 * MIN),
        (100.0, 40 * MIN),
        (400.0, 8 * MIN),
    ]
    feed = Feed(CycleTracker(ApplianceType.WASHER, CycleSettings(finish_hold_s=40 * MIN)))
    run_cycles(feed, soak, soak, rest=90 * MIN)
    assert len(feed.finished()) == 2
    feed.tracker.apply_settings(CycleSettings())
    feed.run(soak)
    assert len(feed.finished()) == 2
    feed.hold(0.0, 60 * MIN)
    assert len(feed.finished()) == 3
    assert feed.finished()[-1].duration_s == pytest.approx(88 * MIN)


def test_early_finish_is_learned_with_its_real_end() -> None:
    # A cycle whose learned program ends at the drying phase gets a final pump-out after the
    # finish: the program learns the later end instead of reinforcing the early one.
    short = [(70.0, 20 * MIN), (2100.0, 15 * MIN), (70.0, 20 * MIN)]
    feed = Feed(CycleTracker(ApplianceType.DISHWASHER))
    run_cycles(feed, short, short, rest=120 * MIN)
    (program,) = feed.tracker.programs
    assert program.typical_duration_s == pytest.approx(55 * MIN)
    feed.run([*short, (0.0, 20 * MIN), (80.0, 2 * MIN)])
    feed.hold(0.0, 120 * MIN)
    assert feed.count(K.CYCLE_STARTED) == 3
    programs = feed.tracker.programs
    durations = sorted(d for p in programs for d in [p.typical_duration_s])
    assert max(durations) >= 55 * MIN
    total = sum(p.cycles for p in programs)
    assert total == 3


def test_rename_program_by_id() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    run_cycles(feed, washer_cycle(), washer_cycle())
    (program,) = feed.tracker.programs
    info = feed.tracker.rename_program(program.program_id, "  Cotton 40  ")
    assert info.name == "Cotton 40"
    assert info.display_name == "Cotton 40"
    assert feed.tracker.programs[0].name == "Cotton 40"
    assert all(r.program_name == "Cotton 40" for r in feed.tracker.history.recent)
    state = json.loads(json.dumps(feed.tracker.to_state()))
    restored = CycleTracker(ApplianceType.WASHER, state=state)
    assert restored.programs[0].name == "Cotton 40"
    assert restored.history.recent[-1].program_name == "Cotton 40"
    feed.tracker.rename_program(program.program_id, "")
    assert feed.tracker.programs[0].name is None
    with pytest.raises(KeyError):
        feed.tracker.rename_program(999, "x")


def test_forget_program() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    run_cycles(feed, washer_cycle(), washer_cycle())
    feed.run(washer_cycle()[:3])
    assert feed.tracker.program is not None
    (program,) = feed.tracker.programs
    feed.tracker.forget_program(program.program_id)
    assert feed.tracker.programs == ()
    assert feed.tracker.program is None
    with pytest.raises(KeyError):
        feed.tracker.forget_program(program.program_id)


def test_library_keeps_a_bounded_number_of_programs() -> None:
    library = ProgramLibrary(120.0)
    for i in range(MAX_PROGRAMS + 10):
        # Each cycle 20 % longer than the last (all under two days): every one is new.
        duration = 120.0 * 1.2**i
        bins = max(1, round(duration / 120.0))
        library.learn(Signature(bin_s=120.0, profile_w=(500,) * bins), duration, 10.0, float(i))
    assert len(library.programs) == MAX_PROGRAMS
    library.unlearn(12345)  # unknown: nothing happens
    restored = ProgramLibrary.from_state(json.loads(json.dumps(library.to_state())), 120.0)
    assert len(restored.programs) == MAX_PROGRAMS
    new_id = restored.learn(Signature(bin_s=120.0, profile_w=(1,)), 1e7, 1.0, 99.0)
    assert new_id not in library.programs


def test_unlearn_takes_back_the_last_cycle() -> None:
    library = ProgramLibrary(120.0)
    sig = Signature(bin_s=120.0, profile_w=(500,) * 30)
    pid = library.learn(sig, 3600.0, 100.0, 1.0)
    library.learn(sig, 3600.0, 100.0, 2.0)
    library.unlearn(pid)
    assert library.programs[pid].cycles == 1
    library.unlearn(pid)
    assert pid not in library.programs


def test_envelope_distance_tolerates_shifts() -> None:
    a = [0.0, 0.0, 2000.0, 2000.0, 100.0, 100.0, 0.0]
    b = [0.0, 2000.0, 2000.0, 100.0, 100.0, 0.0]
    distance, shift = envelope_distance(a, b)
    assert distance == pytest.approx(0.0)
    assert shift == 1
    far, _ = envelope_distance([2000.0] * 10, [0.0] * 10)
    assert far > 0.9
    assert envelope_distance([], []) == (0.0, 0)


def test_median_helpers() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert median_envelope([[1.0, 5.0], [3.0], [2.0, 7.0, 9.0]], 3) == (2, 5, 0)


def test_matcher_without_programs_never_matches() -> None:
    matcher = ProgramMatcher([], 120.0)
    assert matcher.update([100.0] * 20) is None
    assert matcher.expected_end(0.0, 100.0, 200.0, 6.0) is None


def flat_program(pid: int, cycles: int, length: int, heat: int = 0) -> Program:
    """Return a program of `length` two-minute bins at 300 W, run `cycles` times.

    `heat`: its first bins at 2000 W instead (an edge to align a cycle by).
    """
    p = Program(pid)
    profile = (2000,) * heat + (300,) * (length - heat)
    for i in range(cycles):
        p.add(Signature(bin_s=120.0, profile_w=profile), length * 120.0, 50.0, float(i))
    return p


def test_ambiguous_programs_give_no_match_unless_one_dominates() -> None:
    program = flat_program
    # Two programs with the same start and different lengths, seen equally often.
    even = ProgramMatcher([program(1, 3, 40), program(2, 3, 80)], 120.0)
    assert even.update([300.0] * 10) is None
    # One of them is the everyday program: it gives the estimate.
    skewed = ProgramMatcher([program(1, 3, 40), program(2, 30, 80)], 120.0)
    match = skewed.update([300.0] * 10)
    assert match is not None
    assert match.program_id == 2


def test_the_estimate_weighs_what_ran_lately_and_says_when_programs_disagree() -> None:
    # Two programs with the same start, 80 and 160 minutes long, each run three times.
    short, long = flat_program(1, 3, 40, heat=3), flat_program(2, 3, 80, heat=3)
    cycle = [2000.0] * 3 + [300.0] * 7
    elapsed = len(cycle) * 120.0
    even = ProgramMatcher([short, long], 120.0, {1: 5, 2: 5})
    even.update(cycle)
    estimate = even.estimate(elapsed)
    assert estimate is not None
    remaining, confident = estimate
    assert min(abs(remaining - (n * 120.0 - elapsed)) for n in (40, 80)) < 60.0
    assert confident is False
    # The household has run the long one lately: it is the estimate, and a confident one.
    lately_long = ProgramMatcher([short, long], 120.0, {2: 10})
    lately_long.update(cycle)
    estimate = lately_long.estimate(elapsed)
    assert estimate is not None
    assert estimate[0] == pytest.approx(80 * 120.0 - elapsed, abs=60.0)
    assert estimate[1] is True
    # Nothing fits a cycle unlike both: no estimate.
    unlike = ProgramMatcher([short, long], 120.0, {2: 10})
    unlike.update([40.0] * 10)
    assert unlike.estimate(elapsed) is None


def test_a_cycle_inside_an_even_phase_is_placed_by_all_the_shifts_that_fit() -> None:
    """Ahead by one to three bins fits an even phase as well as on time: count from between."""
    program = flat_program(1, 3, 40)
    matcher = ProgramMatcher([program], 120.0, {1: 3})
    matcher.update([300.0] * 10)
    estimate = matcher.estimate(1200.0)
    assert estimate is not None
    on_time = 40 * 120.0 - 1200.0
    # The best shift alone (on time, the smallest of the tied ones) would say `on_time`.
    assert on_time - 3 * 120.0 < estimate[0] < on_time - 60.0


def test_a_program_is_not_outrun_by_the_quiet_after_its_end() -> None:
    matcher = ProgramMatcher([flat_program(1, 3, 10)], 120.0)
    matcher.update([300.0] * 10 + [0.5] * 10)  # its ten bins, then twenty minutes of quiet
    assert matcher.finish_candidates() == [1]
    assert matcher.expected_end(0.0, 1200.0, 2400.0, 6.0) == 1200.0
    busy = ProgramMatcher([flat_program(1, 3, 10)], 120.0)
    busy.update([300.0] * 20)  # working on, twice its length: some other program
    assert busy.finish_candidates() == []


def test_weighted_median() -> None:
    assert weighted_median([]) is None
    assert weighted_median([(5.0, 0.0)]) is None
    assert weighted_median([(1.0, 1.0), (2.0, 1.0), (9.0, 1.5)]) == 2.0
    assert weighted_median([(1.0, 1.0), (2.0, 1.0), (9.0, 2.5)]) == 9.0
