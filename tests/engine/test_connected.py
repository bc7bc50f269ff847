"""ConnectedTracker: a connected machine's cycles from its own state and countdown."""

from __future__ import annotations

import json
import math

import pytest

from custom_components.appliance_care.engine import (
    ApplianceType,
    CycleEvent,
    CycleEventKind,
    CycleStatus,
    FinishReason,
)
from custom_components.appliance_care.engine.care import CareMonitor, CareSubject
from custom_components.appliance_care.engine.connected import ConnectedTracker
from custom_components.appliance_care.engine.machine_run import (
    FINISH_GRACE_S,
    POST_FINISH_S,
    Run,
)

T0 = 1_790_000_000.0
MIN = 60.0


def _kinds(events: tuple[CycleEvent, ...] | list[CycleEvent]) -> list[str]:
    return [str(e.kind) for e in events]


class Machine:
    """Drives a tracker as a cloud reports a washer, and keeps every event."""

    def __init__(self, tracker: ConnectedTracker | None = None) -> None:
        self.tracker = tracker or ConnectedTracker(ApplianceType.WASHER)
        self.events: list[CycleEvent] = []
        self.now = T0

    def at(self, minutes: float) -> float:
        self.now = T0 + minutes * MIN
        return self.now

    def run(self, minutes: float, run: object) -> None:
        self.events += self.tracker.machine_state(self.at(minutes), run)

    def left(self, minutes: float, left_min: float | None) -> None:
        seconds = None if left_min is None else left_min * MIN
        self.events += self.tracker.remaining(self.at(minutes), seconds)

    def course(self, minutes: float, name: object) -> None:
        self.events += self.tracker.course(self.at(minutes), name)

    def wait(self, until: float) -> None:
        minutes = (self.now - T0) / MIN
        while minutes < until:
            minutes = min(until, minutes + 0.5)
            self.events += self.tracker.tick(self.at(minutes))

    def wash(self, start: float, length: float, course: str = "Cotton") -> None:
        """A wash whose cloud says finished on time."""
        self.course(start, course)
        self.left(start, length)
        self.run(start, Run.RUNNING)
        self.wait(start + length - 1)
        self.left(start + length - 1, 1)
        self.run(start + length, Run.FINISHED)
        self.run(start + length + 2, Run.OFF)


def test_the_machines_word_starts_pauses_and_finishes_once() -> None:
    m = Machine()
    m.course(0, "Cotton")
    m.left(0, 60)
    m.run(0, Run.RUNNING)
    assert m.tracker.status is CycleStatus.RUNNING
    assert m.tracker.remaining_s == 60 * MIN
    m.run(20, Run.PAUSED)
    m.run(25, Run.RUNNING)
    m.left(58, 1)
    m.run(59, Run.FINISHED)
    m.run(60, Run.FINISHED)
    m.run(61, Run.OFF)
    assert _kinds(m.events) == [
        "cycle_started",
        "cycle_paused",
        "cycle_resumed",
        "cycle_finished",
    ]
    record = m.tracker.last_cycle
    assert record is not None
    assert record.finish_reason is FinishReason.MACHINE
    assert record.duration_s == 59 * MIN
    assert record.program_name == "Cotton"
    assert not record.metered
    assert record.energy_wh == 0.0
    # Off after the finish: still finished until unloaded.
    assert m.tracker.status is CycleStatus.FINISHED


def test_a_late_cloud_is_overtaken_by_the_countdown() -> None:
    m = Machine()
    m.left(0, 45)
    m.run(0, Run.RUNNING)
    m.wait(45)
    assert _kinds(m.events) == ["cycle_started"]
    m.wait(45 + FINISH_GRACE_S / MIN + 0.5)
    assert _kinds(m.events) == ["cycle_started", "cycle_finished"]
    record = m.tracker.last_cycle
    assert record is not None
    assert record.finish_reason is FinishReason.MACHINE_TIME
    assert record.end == T0 + 45 * MIN  # the countdown's end, not the late report
    # The cloud says running a while longer, then finished: the same cycle, told once.
    m.run(50, Run.RUNNING)
    m.run(55, Run.FINISHED)
    assert _kinds(m.events) == ["cycle_started", "cycle_finished"]
    assert m.tracker.cycle_count == 1


def test_a_cloud_that_missed_the_end_and_the_next_start_gives_a_new_cycle() -> None:
    m = Machine()
    m.left(0, 30)
    m.run(0, Run.RUNNING)
    m.wait(33)
    assert m.tracker.cycle_count == 1
    # The same "running" repeated (a restart, another entity changing) is no new load, however late.
    m.run(80, Run.RUNNING)
    m.run(200, Run.RUNNING)
    assert _kinds(m.events).count("cycle_started") == 1
    # Never a finished or off in between, but a fresh countdown: a new load.
    m.left(210, 50)
    assert _kinds(m.events)[-1] == "cycle_started"
    assert _kinds(m.events).count("cycle_started") == 2
    assert m.tracker.cycle_start == T0 + 210 * MIN


def test_a_pause_or_an_error_outside_a_cycle_starts_none() -> None:
    m = Machine()
    m.run(0, Run.ERROR)
    m.run(20, Run.PAUSED)
    m.run(40, Run.IDLE)
    assert m.events == []
    assert m.tracker.cycle_count == 0


def test_a_blip_right_after_a_finish_is_no_second_cycle() -> None:
    m = Machine()
    m.wash(0, 60)
    # A dryer's anti-crease turn, or a cloud repeating itself, minutes after the finish.
    m.run(65, Run.RUNNING)
    m.run(65.2, Run.FINISHED)
    assert _kinds(m.events).count("cycle_started") == 1
    assert _kinds(m.events).count("cycle_finished") == 1
    # A real next load soon after comes with its countdown.
    m.left(66, 40)
    m.run(66, Run.RUNNING)
    assert _kinds(m.events).count("cycle_started") == 2
    # ... and one without a countdown, once the blip window is over.
    m.run(70, Run.OFF)
    m.run(70 + POST_FINISH_S / MIN + 1, Run.RUNNING)
    assert _kinds(m.events).count("cycle_started") == 3


def test_a_course_told_after_the_start_is_the_cycles() -> None:
    m = Machine()
    m.wash(0, 60)
    m.wash(120, 60)
    m.course(300, "Cotton")  # the last course is still shown when the next starts
    m.left(300, 30)
    m.run(300, Run.RUNNING)
    m.course(301, "Quick 30")
    assert m.tracker.course_name == "Quick 30"
    assert m.tracker.remaining_plausible is None  # nothing learned of Quick 30 yet
    m.wait(331.5 + FINISH_GRACE_S / MIN)
    assert _kinds(m.events).count("cycle_finished") == 3
    quick = next(p for p in m.tracker.programs if p.name == "Quick 30")
    assert quick.cycles == 1
    cotton = next(p for p in m.tracker.programs if p.name == "Cotton")
    assert cotton.cycles == 2


def test_a_clock_jump_moves_the_countdown_with_the_cycle() -> None:
    m = Machine()
    m.left(0, 60)
    m.run(0, Run.RUNNING)
    m.wait(10)
    m.tracker.clock_jumped(3000.0)
    # In the jumped clock's time, fifty minutes are still left: no early finish.
    m.events += m.tracker.tick(m.at(10) + 3000.0)
    assert m.tracker.machine_remaining_s == pytest.approx(50 * MIN)
    m.events += m.tracker.tick(m.at(40) + 3000.0)
    assert "cycle_finished" not in _kinds(m.events)


def test_cancelled_early_is_no_cycle_but_off_at_the_end_is() -> None:
    m = Machine()
    m.left(0, 60)
    m.run(0, Run.RUNNING)
    m.run(10, Run.OFF)
    assert m.tracker.status is CycleStatus.OFF
    assert m.tracker.cycle_count == 0
    assert "cycle_finished" not in _kinds(m.events)
    m.left(20, 40)
    m.run(20, Run.RUNNING)
    m.left(57, 3)
    m.run(58, Run.IDLE)
    assert _kinds(m.events).count("cycle_finished") == 1
    assert m.tracker.last_cycle is not None
    assert m.tracker.last_cycle.finish_reason is FinishReason.MACHINE


def test_a_learned_course_checks_the_machines_remaining_time() -> None:
    m = Machine()
    m.wash(0, 60)
    m.wash(120, 62)
    (cotton,) = m.tracker.programs
    assert cotton.name == "Cotton"
    assert cotton.cycles == 2
    # A third wash whose machine says, ten minutes in, that it has five minutes left.
    m.course(300, "Cotton")
    m.run(300, Run.RUNNING)
    m.left(310, 5)
    assert m.tracker.machine_remaining_s == 5 * MIN
    assert m.tracker.remaining_plausible is False
    assert m.tracker.remaining_s == pytest.approx(51 * MIN)
    # Not believed, so its running out finishes nothing.
    m.wait(330)
    assert _kinds(m.events).count("cycle_finished") == 2
    # A plausible figure is the machine's own.
    m.left(331, 30)
    assert m.tracker.remaining_plausible is True
    assert m.tracker.remaining_s == 30 * MIN


@pytest.mark.parametrize("garbage", [-5.0, math.nan, math.inf, 1e12, "soon", True, None])
def test_garbage_countdowns_are_ignored(garbage: object) -> None:
    m = Machine()
    m.left(0, 40)
    m.run(0, Run.RUNNING)
    m.events += m.tracker.remaining(m.at(1), garbage)
    assert m.tracker.machine_remaining_s == 39 * MIN


def test_unknown_states_decide_nothing() -> None:
    m = Machine()
    m.run(0, "spinning_sideways")
    m.run(1, None)
    assert m.events == []
    assert m.tracker.status is CycleStatus.OFF
    m.run(2, Run.RUNNING)
    m.run(3, "???")
    assert m.tracker.status is CycleStatus.RUNNING


def test_a_countdown_that_ended_before_the_start_is_an_old_one() -> None:
    # The cloud's finish time of the last cycle is still there when the next one starts.
    m = Machine()
    m.left(0, 0)
    m.run(5, Run.RUNNING)
    m.wait(20)
    assert m.tracker.status is CycleStatus.RUNNING
    assert m.tracker.machine_remaining_s is None


def test_a_restart_mid_cycle_keeps_the_cycle_and_its_course() -> None:
    m = Machine()
    m.wash(0, 60)
    m.wash(120, 60)
    m.course(300, "Cotton")
    m.left(300, 60)
    m.run(300, Run.RUNNING)
    state = json.loads(json.dumps(m.tracker.to_state()))
    restored = ConnectedTracker(ApplianceType.WASHER, state=state, restored_at=T0 + 330 * MIN)
    assert restored.status is CycleStatus.RUNNING
    assert restored.course_name == "Cotton"
    assert restored.learned_remaining_s == pytest.approx(30 * MIN)
    again = Machine(restored)
    again.left(359, 1)
    again.run(360, Run.FINISHED)
    assert _kinds(again.events) == ["cycle_finished"]
    assert restored.cycle_count == 3
    assert restored.programs[0].cycles == 3
    assert restored.last_cycle is not None
    assert not restored.last_cycle.metered


def test_impossible_saved_countdowns_are_bounded() -> None:
    m = Machine()
    m.left(0, 60)
    m.run(0, Run.RUNNING)
    state = json.loads(json.dumps(m.tracker.to_state()))
    state["connected"]["machine_end"] = T0 + 1e9
    state["connected"]["courses"] = {"Cotton": "x", "Eco": 999}
    restored = ConnectedTracker(ApplianceType.WASHER, state=state, restored_at=T0 + 60)
    assert restored.machine_remaining_s is not None
    assert restored.machine_remaining_s <= 24 * 3600
    # Courses whose program is gone or whose id is no number are dropped.
    assert restored.to_state()["connected"]["courses"] == {}


def test_a_power_sensor_under_the_machine_measures_each_cycle() -> None:
    m = Machine()
    m.tracker.power(m.at(0), 2.0)
    m.left(0, 60)
    m.run(0, Run.RUNNING)
    m.tracker.power(m.at(1), 500.0)
    m.wait(59)
    m.tracker.power(m.at(59), 2.0)
    m.run(60, Run.FINISHED)
    record = m.tracker.last_cycle
    assert record is not None
    assert record.metered
    assert record.energy_wh == pytest.approx(500 * 58 / 60 + 2 * 2 / 60, rel=0.01)
    assert record.peak_w == 500.0


def test_an_unmetered_cycle_asks_no_energy_rule() -> None:
    # A washer without power: its cycles count for the tub, never as small loads.
    m = Machine()
    care = CareMonitor(CareSubject.WASHER)
    for start in range(0, 40 * 180, 180):
        m.wash(start, 60)
    changes = []
    for event in m.events:
        if event.kind is CycleEventKind.CYCLE_FINISHED and event.cycle is not None:
            changes += care.cycle_finished(event.cycle, m.tracker.programs[0])
    kinds = {str(c.finding.kind) for c in changes if c.raised}
    assert "tub_clean_due" in kinds
    assert "small_load" not in kinds
    assert "program_drift" not in kinds
