"""Status means what it says: phases, programmed quiet spells, real pauses."""

from __future__ import annotations

from custom_components.appliance_care.engine import (
    ApplianceType,
    CycleEventKind,
    CycleStatus,
    CycleTracker,
)

from .helpers import MIN, Feed

SOAKING_WASH = (
    (30.0, 4 * MIN),
    (2000.0, 10 * MIN),
    (100.0, 15 * MIN),
    (2.0, 12 * MIN),  # the program's soak
    (100.0, 15 * MIN),
    (45.0, 90.0),
    (450.0, 5 * MIN),
)


def _phases(feed: Feed, phases: tuple[tuple[float, float], ...]) -> list[str | None]:
    seen = []
    for watts, seconds in phases:
        feed.hold(watts, seconds - 30.0)
        seen.append(feed.tracker.phase)
        feed.wait(30.0)
    return seen


def test_a_washer_s_phases_are_told_from_its_power() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    seen = _phases(feed, SOAKING_WASH)
    assert seen == [
        None,  # not a cycle yet: a fill alone starts none
        "heating",
        "washing",
        "soaking",
        "washing",
        "washing",
        "spinning",
    ]
    assert feed.count(CycleEventKind.CYCLE_PAUSED) == 0
    feed.hold(0.5, 5 * MIN)
    assert feed.tracker.phase is None  # finished: no phase


def test_a_dishwasher_dries_and_a_dryer_cools_down() -> None:
    dishwasher = Feed(CycleTracker(ApplianceType.DISHWASHER))
    assert _phases(dishwasher, ((70.0, 10 * MIN), (2100.0, 10 * MIN), (0.5, 20 * MIN))) == [
        "washing",
        "heating",
        "drying",
    ]
    assert dishwasher.tracker.status is CycleStatus.RUNNING
    dryer = Feed(CycleTracker(ApplianceType.DRYER))
    phases = ((2400.0, 20 * MIN), (230.0, 2 * MIN), (2400.0, 10 * MIN), (230.0, 8 * MIN))
    assert _phases(dryer, phases) == ["drying", "drying", "drying", "cooling"]


def test_a_learned_soak_runs_on_and_a_longer_stop_is_a_pause() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    for _ in range(3):
        feed.run(SOAKING_WASH)
        feed.hold(0.5, 6 * 60 * MIN)
    assert feed.count(CycleEventKind.CYCLE_FINISHED) == 3
    assert feed.count(CycleEventKind.CYCLE_PAUSED) == 0
    # The same program, stopped where it should be washing: paused.
    feed.run((*SOAKING_WASH[:2], (100.0, 5 * MIN)))
    feed.hold(2.0, 12 * MIN)
    assert feed.tracker.status is CycleStatus.PAUSED
    assert feed.count(CycleEventKind.CYCLE_PAUSED) == 1
    feed.run(SOAKING_WASH[2:3])
    assert feed.count(CycleEventKind.CYCLE_RESUMED) == 1
    assert feed.tracker.status is CycleStatus.RUNNING


def test_a_door_opened_mid_cycle_is_a_pause() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.run(SOAKING_WASH[:3])
    feed.events.extend(feed.tracker.door(feed.t, True))
    feed.hold(2.0, 2 * MIN)
    assert feed.tracker.status is CycleStatus.PAUSED
    feed.events.extend(feed.tracker.door(feed.t, False))
    feed.run(SOAKING_WASH[4:])
    kinds = feed.kinds()
    assert kinds.count(CycleEventKind.CYCLE_PAUSED) == 1
    assert kinds.count(CycleEventKind.CYCLE_RESUMED) == 1
    assert feed.tracker.status is CycleStatus.RUNNING


def test_a_door_closed_again_resumes_a_machine_that_never_stopped() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.run(SOAKING_WASH[:3])
    feed.events.extend(feed.tracker.door(feed.t, True))
    feed.wait(20.0)
    assert feed.tracker.status is CycleStatus.PAUSED
    feed.events.extend(feed.tracker.door(feed.t, False))
    assert feed.tracker.status is CycleStatus.RUNNING  # its power never fell quiet
    assert feed.count(CycleEventKind.CYCLE_RESUMED) == 1


def test_a_dishwasher_soaks_before_it_heats_and_a_long_spin_is_a_wash() -> None:
    dishwasher = Feed(CycleTracker(ApplianceType.DISHWASHER))
    assert _phases(dishwasher, ((70.0, 10 * MIN), (0.5, 8 * MIN)))[-1] == "soaking"
    washer = Feed(CycleTracker(ApplianceType.WASHER))
    heavy = ((30.0, 4 * MIN), (2000.0, 10 * MIN), (45.0, 90.0), (300.0, 20 * MIN))
    assert _phases(washer, heavy)[-1] == "washing"  # a quarter of an hour is no spin
