"""The demo's connected washer: a course chosen mid-cycle is the next start's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.appliance_care.simulator.connected_washer import (
    COURSES,
    ConnectedWasher,
    MachineState,
)

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def test_a_course_chosen_while_one_runs_waits_for_the_next_start() -> None:
    washer = ConnectedWasher()
    washer.daily = False
    short, long = sorted(COURSES, key=COURSES.__getitem__)[0], max(COURSES, key=COURSES.__getitem__)
    washer.select(short)
    assert washer.start(NOW)
    later = NOW + timedelta(minutes=10)
    washer.select(long)
    washer.advance(later)
    report = washer.report(later)
    assert report.state is MachineState.RUNNING
    assert report.course == short
    assert report.remaining_min == COURSES[short] - 10
    end = NOW + timedelta(minutes=COURSES[short])
    washer.advance(end)
    assert washer.ended == end
    restored = ConnectedWasher(washer.to_state())
    assert restored.running == short
    assert restored.course == long
    # Idle again, it shows the course selected for the next start.
    idle = end + timedelta(days=1)
    assert restored.report(idle).course == long
