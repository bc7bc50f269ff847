"""The demo household's past: machines used by habit, every plug report handed over."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta

from custom_components.appliance_care.simulator import (
    ApplianceKind,
    Fault,
    HomeSettings,
    SimulatedHome,
)
from custom_components.appliance_care.simulator.clock import (
    SECONDS_PER_DAY,
    SECONDS_PER_HOUR,
    from_seconds,
    to_seconds,
)
from custom_components.appliance_care.simulator.faults import (
    FAULT_FOUND_WITHIN_S,
    HEALTHY_BEFORE_FAULT_S,
)
from custom_components.appliance_care.simulator.household import (
    DRYER_AFTER_S,
    HABITS,
    PAST_LEAD_FACTOR,
    PAST_STEP_S,
    PastHousehold,
    PastStep,
    fault_onsets,
)

from .support import START

WASHER = ApplianceKind.WASHER
DRYER = ApplianceKind.DRYER
DISHWASHER = ApplianceKind.DISHWASHER
OFFSET_S = 9 * SECONDS_PER_HOUR  # a household nine hours ahead of UTC


def _live(
    days: int, *, seed: int = 3, later: Sequence[tuple[int, HomeSettings]] = ()
) -> tuple[SimulatedHome, PastHousehold, list[PastStep]]:
    home = SimulatedHome(start=START, settings=HomeSettings(seed=seed))
    household = PastHousehold(home, seed=seed, utc_offset_s=OFFSET_S, later=later)
    end = to_seconds(START + timedelta(days=days))
    steps = list(household.steps(end, frozenset({WASHER, DRYER, DISHWASHER})))
    return home, household, steps


def test_the_household_uses_its_machines_by_habit() -> None:
    home, household, steps = _live(28)
    finished = Counter(kind for step in steps for kind in step.finished)
    # About 4.5 washes and 6 dishwasher runs a week; most washes are dried.
    assert 12 <= finished[WASHER] <= 24
    assert 16 <= finished[DISHWASHER] <= 28
    assert 0.4 * finished[WASHER] <= finished[DRYER] <= finished[WASHER]
    assert len(household.started) == sum(finished.values()) + sum(map(home.busy, home.kinds))
    # Starts fall in the habit's local hours: weekday evenings, weekend mornings.
    habit = HABITS[WASHER]
    for at in _starts(household, WASHER):
        local = from_seconds(at + OFFSET_S)
        first, last = habit.weekday_hours if local.weekday() < 5 else habit.weekend_hours
        hour = local.hour + local.minute / 60
        assert first <= hour <= last + PAST_STEP_S / SECONDS_PER_HOUR


def test_a_dryer_load_follows_a_finished_wash() -> None:
    _, household, steps = _live(21)
    washer_ends = [step.at for step in steps if WASHER in step.finished]
    assert _starts(household, DRYER)
    for at in _starts(household, DRYER):
        waited = [at - end for end in washer_ends if end <= at]
        assert waited, "no dryer load without a wash before it"
        assert DRYER_AFTER_S[0] - PAST_STEP_S <= min(waited) <= DRYER_AFTER_S[1] + PAST_STEP_S


def test_every_plug_report_is_handed_over_in_order() -> None:
    home, _, steps = _live(3)
    reports = [report for step in steps for report in step.reports.get(WASHER, [])]
    times = [at for at, _ in reports]
    assert times == sorted(times)
    assert len(reports) >= 3 * SECONDS_PER_DAY / 60, "at least the plug's heartbeats"
    assert all(
        step.at - PAST_STEP_S < at <= step.at
        for step in steps
        for at, _ in step.reports.get(WASHER, [])
    )
    assert ApplianceKind.AIR_PURIFIER not in {kind for step in steps for kind in step.reports}
    assert home.now == START + timedelta(days=3)


def test_the_same_seed_lives_the_same_past() -> None:
    first = [(s.at, s.finished) for s in _live(7, seed=5)[2] if s.finished]
    again = [(s.at, s.finished) for s in _live(7, seed=5)[2] if s.finished]
    other = [(s.at, s.finished) for s in _live(7, seed=6)[2] if s.finished]
    assert first == again
    assert first != other


def test_faults_begin_when_the_household_is_told() -> None:
    onset = to_seconds(START + timedelta(days=2))
    faulty = HomeSettings(seed=3, faults={WASHER: frozenset({Fault.CLOGGED_DRAIN})})
    both = HomeSettings(
        seed=3,
        faults={
            WASHER: frozenset({Fault.CLOGGED_DRAIN}),
            ApplianceKind.DRYER: frozenset({Fault.CLOGGED_VENT}),
        },
    )
    later = [(onset + 2 * SECONDS_PER_DAY, both), (onset, faulty)]
    home, _, _ = _live(1, later=later)
    assert not home.settings.faults, "not yet"
    home, _, _ = _live(3, later=later)
    assert home.settings.faults == faulty.faults
    assert home.appliance(WASHER).faults.active == {Fault.CLOGGED_DRAIN}
    home, _, _ = _live(5, later=later)
    assert home.appliance(ApplianceKind.DRYER).faults.active == {Fault.CLOGGED_VENT}


def _starts(household: PastHousehold, kind: ApplianceKind) -> list[int]:
    return [at for at, started, _ in household.started if started is kind]


def test_faults_begin_twice_as_long_before_the_end_as_their_findings_take() -> None:
    start = to_seconds(START)
    end = start + 28 * SECONDS_PER_DAY
    settings = HomeSettings(
        seed=3,
        faults={
            WASHER: frozenset({Fault.CLOGGED_DRAIN}),
            ApplianceKind.REFRIGERATOR: frozenset({Fault.DOOR_SEAL}),
            DISHWASHER: frozenset({Fault.HEATER_SCALE}),
        },
    )
    onsets = fault_onsets(settings, start=start, end=end)
    began = {
        (kind, fault): at
        for at, later in reversed(onsets)
        for kind, faults in later.faults.items()
        for fault in faults
    }
    found = FAULT_FOUND_WITHIN_S
    lead = PAST_LEAD_FACTOR
    assert began[WASHER, Fault.CLOGGED_DRAIN] == end - lead * found[WASHER][Fault.CLOGGED_DRAIN]
    fridge = ApplianceKind.REFRIGERATOR
    assert began[fridge, Fault.DOOR_SEAL] == end - lead * found[fridge][Fault.DOOR_SEAL]
    # The dishwasher's scale takes longer to find than the past leaves after learning.
    assert began[DISHWASHER, Fault.HEATER_SCALE] == start + HEALTHY_BEFORE_FAULT_S
    # Each change keeps the faults begun before it; the last has them all.
    assert onsets[-1][1].faults == settings.faults
    assert [at for at, _ in onsets] == sorted(at for at, _ in onsets)
    assert fault_onsets(HomeSettings(seed=3), start=start, end=end) == []
