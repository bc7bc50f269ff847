"""Remaining time from the first minutes: priors, programs that could be running, a match."""

from __future__ import annotations

from custom_components.appliance_care.engine import ApplianceType, CycleTracker
from custom_components.appliance_care.engine.priors import TYPICAL_CYCLE_S

from .helpers import MIN, WASHER, WASHER_S, Feed


def test_a_new_washer_gets_a_low_confidence_estimate_in_its_first_minutes() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    assert feed.tracker.remaining_s is None  # no cycle
    feed.run(WASHER[:2])  # fill and heating: 20 minutes
    tracker = feed.tracker
    assert tracker.cycle_start is not None
    elapsed = tracker.elapsed_s
    assert elapsed is not None
    assert tracker.remaining_s == TYPICAL_CYCLE_S[ApplianceType.WASHER] - elapsed
    assert tracker.remaining_confident is False


def test_a_learned_program_gives_a_confident_estimate_that_never_reaches_zero() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    for _ in range(3):
        feed.run(WASHER)
        feed.hold(0.5, 5 * 60 * MIN)
    feed.run(WASHER[:4])
    tracker = feed.tracker
    remaining, elapsed = tracker.remaining_s, tracker.elapsed_s
    assert remaining is not None
    assert elapsed is not None
    assert tracker.remaining_confident is True
    assert abs(elapsed + remaining - WASHER_S) < 6 * MIN
    # Running late: still at least a minute ahead, never in the past.
    feed.run(WASHER[4:-1])
    feed.hold(60.0, 30 * MIN)
    late = tracker.remaining_s
    assert late is None or late >= 60.0


def test_an_experienced_appliance_running_something_new_is_not_guessed() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    for _ in range(3):
        feed.run(WASHER)
        feed.hold(0.5, 5 * 60 * MIN)
    feed.run(((40.0, 5 * MIN), (600.0, 60 * MIN)))  # nothing like its program
    assert feed.tracker.remaining_s is None
    assert feed.tracker.remaining_confident is None


def test_an_experienced_appliance_s_first_minutes_are_estimated_from_its_habits() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    for _ in range(3):
        feed.run(WASHER)
        feed.hold(0.5, 5 * 60 * MIN)
    feed.hold(2000.0, 4 * MIN)  # too early for any program to match
    tracker = feed.tracker
    elapsed = tracker.elapsed_s
    assert elapsed is not None
    assert tracker.remaining_confident is False
    (program,) = tracker.programs
    assert tracker.remaining_s == program.typical_duration_s - elapsed


def test_a_cycle_running_past_its_program_is_still_a_minute_from_its_end() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    for _ in range(3):
        feed.run(WASHER)
        feed.hold(0.5, 5 * 60 * MIN)
    feed.run(WASHER[:-1])
    feed.hold(60.0, WASHER[-1][1] + 10 * MIN)  # its last phase runs ten minutes long
    assert feed.tracker.remaining_confident is True
    assert feed.tracker.remaining_s == 60.0


# The same start as WASHER, with a wash twice as long: the two differ after an hour.
LONG_WASH = (*WASHER[:2], (100.0, 80 * MIN), *WASHER[3:])


def test_the_estimate_follows_the_program_run_lately() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    for phases in [LONG_WASH] * 40 + [WASHER] * 30:  # the household changed its habit
        feed.run(phases)
        feed.hold(0.5, 5 * 60 * MIN)
    lengths = sorted(round(p.typical_duration_s / MIN) for p in feed.tracker.programs)
    assert lengths == [round(WASHER_S / MIN), round(WASHER_S / MIN) + 40]
    feed.run(WASHER[:2])
    feed.hold(100.0, 25 * MIN)  # mid-wash: both programs fit as well
    tracker = feed.tracker
    remaining, elapsed = tracker.remaining_s, tracker.elapsed_s
    assert remaining is not None
    assert elapsed is not None
    # The long program ran more often, but not lately.
    assert abs(elapsed + remaining - WASHER_S) < 6 * MIN
    assert tracker.remaining_confident is True
    program = tracker.program  # the program shown is the one the estimate follows
    assert program is not None
    assert round(program.typical_duration_s / MIN) == round(WASHER_S / MIN)
