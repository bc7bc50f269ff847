"""Behaviour of CycleTracker: starts, pauses, finishes, unloading, outages, clocks, restarts."""

from __future__ import annotations

import json

import pytest

from custom_components.appliance_care.engine import (
    ApplianceType,
    CycleEventKind,
    CycleSettings,
    CycleStatus,
    CycleTracker,
    FinishReason,
    StateError,
    UnloadReason,
    default_settings,
)

from .helpers import MIN, T0, WASHER_S, Feed, phases_energy_wh, washer_cycle

K = CycleEventKind


def washer() -> Feed:
    return Feed(CycleTracker(ApplianceType.WASHER))


def test_cycle_starts_dated_back_and_finishes_with_energy() -> None:
    feed = washer()
    feed.hold(0.0, 10 * MIN)
    assert feed.tracker.status is CycleStatus.OFF
    phases = washer_cycle()
    feed.run(phases)
    feed.hold(0.0, 40 * MIN)
    assert feed.kinds()[0] is K.CYCLE_STARTED
    assert feed.events[0].cycle_start == T0 + 10 * MIN
    (record,) = feed.finished()
    assert record.start == T0 + 10 * MIN
    assert record.duration_s == pytest.approx(WASHER_S)
    assert record.energy_wh == pytest.approx(phases_energy_wh(phases), rel=0.01)
    assert record.finished_at >= record.end + default_settings(ApplianceType.WASHER).finish_hold_s
    assert record.number == 1
    assert feed.tracker.cycle_count == 1
    assert feed.tracker.last_cycle == record
    assert feed.tracker.status is CycleStatus.FINISHED


def test_running_cycle_reports_elapsed_and_energy() -> None:
    feed = washer()
    assert feed.tracker.elapsed_s is None
    assert feed.tracker.cycle_energy_wh is None
    feed.hold(2000.0, 10 * MIN)
    assert feed.tracker.status is CycleStatus.RUNNING
    assert feed.tracker.elapsed_s == pytest.approx(10 * MIN)
    assert feed.tracker.cycle_energy_wh == pytest.approx(2000.0 / 6, rel=0.01)
    assert feed.tracker.cycle_start == T0
    assert feed.tracker.power_w == 2000.0


def test_soak_pause_does_not_finish_cycle() -> None:
    # A 20-minute soak at standby draw (eco programs): the blueprint's 5-minute rule would
    # finish here.
    feed = washer()
    feed.run([(30.0, 5 * MIN), (2000.0, 10 * MIN), (2.0, 15 * MIN)])
    # Part of the program, not a pause: still running, soaking.
    assert feed.tracker.status is CycleStatus.RUNNING
    assert feed.tracker.phase == "soaking"
    feed.run([(2.0, 5 * MIN), (100.0, 30 * MIN)])
    assert K.CYCLE_PAUSED not in feed.kinds()
    assert K.CYCLE_FINISHED not in feed.kinds()
    feed.hold(0.0, 40 * MIN)
    (record,) = feed.finished()
    assert record.duration_s == pytest.approx(65 * MIN)


def test_rinse_pauses_and_dips_do_not_finish_cycle() -> None:
    feed = washer()
    phases = washer_cycle()
    feed.run(phases)
    feed.hold(0.0, 40 * MIN)
    assert feed.count(K.CYCLE_FINISHED) == 1
    assert feed.count(K.CYCLE_STARTED) == 1


def test_dishwasher_drying_phase_is_not_a_finish() -> None:
    feed = Feed(CycleTracker(ApplianceType.DISHWASHER))
    feed.run(
        [
            (70.0, 20 * MIN),
            (2100.0, 15 * MIN),
            (70.0, 30 * MIN),
            (2100.0, 12 * MIN),
            (0.0, 55 * MIN),  # drying: nothing drawn for most of an hour
            (80.0, 2 * MIN),  # final pump-out
        ]
    )
    assert K.CYCLE_FINISHED not in feed.kinds()
    assert feed.tracker.status is CycleStatus.PAUSED or feed.tracker.status is (CycleStatus.RUNNING)
    feed.hold(0.0, 90 * MIN)
    (record,) = feed.finished()
    assert record.duration_s == pytest.approx(134 * MIN)


def test_anti_crease_tumbles_do_not_start_new_cycle() -> None:
    feed = Feed(CycleTracker(ApplianceType.DRYER))
    feed.run([(2300.0, 60 * MIN), (250.0, 10 * MIN)])
    end = feed.t
    for _ in range(30):  # two hours of 20-second tumbles every 4 minutes
        feed.hold(220.0, 20)
        feed.hold(1.0, 4 * MIN - 20)
    assert feed.count(K.CYCLE_STARTED) == 1
    (record,) = feed.finished()
    assert record.end == pytest.approx(end, abs=30)  # the first tumble follows at once
    # Finished soon after the end, not held back by the tumbles.
    assert record.finished_at - record.end < 10 * MIN


def test_dryer_starts_new_cycle_after_anti_crease_when_heating() -> None:
    feed = Feed(CycleTracker(ApplianceType.DRYER))
    feed.run([(2300.0, 60 * MIN), (1.0, 20 * MIN), (2300.0, 30 * MIN), (0.0, 30 * MIN)])
    assert feed.count(K.CYCLE_STARTED) == 2
    assert len(feed.finished()) == 2


def test_delayed_start_standby_does_not_count() -> None:
    # Waiting for a delayed start: the display draws 9 W (above the active threshold) for
    # three hours, then the program runs.
    feed = washer()
    feed.hold(9.0, 3 * 60 * MIN)
    assert K.CYCLE_STARTED not in feed.kinds()
    assert feed.tracker.status is CycleStatus.IDLE
    start = feed.t
    feed.run(washer_cycle())
    feed.hold(0.0, 40 * MIN)
    (record,) = feed.finished()
    assert record.start == pytest.approx(start)


def test_short_blips_do_not_start_cycles() -> None:
    feed = washer()
    for _ in range(10):
        feed.hold(0.0, 20 * MIN)
        feed.hold(60.0, 1 * MIN)  # program selection, door lock
    feed.hold(0.0, 20 * MIN)
    assert feed.kinds() == []


def test_off_and_idle_follow_standby_power() -> None:
    feed = washer()
    feed.hold(0.2, MIN)
    assert feed.tracker.status is CycleStatus.OFF
    feed.hold(1.5, MIN)
    assert feed.tracker.status is CycleStatus.IDLE
    feed.hold(0.0, MIN)
    assert feed.tracker.status is CycleStatus.OFF


def test_unavailable_sensor_does_not_finish() -> None:
    feed = washer()
    feed.run([(30.0, 5 * MIN), (2000.0, 10 * MIN), (0.0, 5 * MIN)])
    feed.hold(None, 25 * MIN)  # unavailable for 25 minutes: no data, no finish
    assert K.CYCLE_FINISHED not in feed.kinds()
    feed.hold("unavailable", 2 * MIN)
    feed.run([(100.0, 30 * MIN)])
    assert K.CYCLE_FINISHED not in feed.kinds()
    feed.hold(0.0, 40 * MIN)
    (record,) = feed.finished()
    assert record.gap_s == pytest.approx(27 * MIN)
    assert record.finish_reason is FinishReason.QUIET


def test_long_outage_with_low_power_finishes_honestly() -> None:
    feed = washer()
    feed.run([(30.0, 5 * MIN), (2000.0, 10 * MIN), (100.0, 20 * MIN)])
    last_activity = feed.t
    feed.hold(None, 3 * 60 * MIN)
    assert K.CYCLE_FINISHED not in feed.kinds()
    feed.hold(0.0, MIN)
    (record,) = feed.finished()
    assert record.finish_reason is FinishReason.OUTAGE
    assert record.end == pytest.approx(last_activity)
    assert record.finished_at > last_activity + 3 * 60 * MIN - 1


def test_unknown_for_too_long_finishes_at_last_activity() -> None:
    feed = washer()
    feed.run([(30.0, 5 * MIN), (2000.0, 10 * MIN)])
    end = feed.t
    feed.hold(None, 7 * 60 * MIN)
    (record,) = feed.finished()
    assert record.finish_reason is FinishReason.OUTAGE
    assert record.end == pytest.approx(end)


def test_activity_after_long_outage_is_a_new_cycle() -> None:
    feed = washer()
    feed.run([(30.0, 5 * MIN), (2000.0, 10 * MIN)])
    feed.hold(None, 2 * 60 * MIN)
    feed.run([(2000.0, 10 * MIN), (0.0, 40 * MIN)])
    assert feed.count(K.CYCLE_STARTED) == 2
    first, second = feed.finished()
    assert first.finish_reason is FinishReason.OUTAGE
    assert second.start > first.end


def test_non_numeric_states_count_as_unavailable() -> None:
    feed = washer()
    for value in ("unknown", "", "abc", float("nan"), float("inf"), -50.0, 1e9, True, [1]):
        feed.hold(value, MIN)
        assert feed.tracker.power_w is None
    feed.hold("12.5", MIN)
    assert feed.tracker.power_w == 12.5
    feed.hold(-0.3, MIN)
    assert feed.tracker.power_w == 0.0


def test_invalid_times_are_ignored() -> None:
    tracker = CycleTracker(ApplianceType.WASHER)
    assert tracker.power(float("nan"), 100.0) == ()
    assert tracker.tick(float("inf")) == ()
    assert tracker.door(float("nan"), True) == ()
    assert tracker.energy(float("nan"), 5.0) == ()
    assert tracker.power_w is None


def test_clock_jump_backwards_is_ignored() -> None:
    feed = washer()
    feed.run([(30.0, 5 * MIN), (2000.0, 15 * MIN)])
    feed.t -= 60 * MIN  # the clock is set back an hour mid-cycle
    feed.run([(100.0, 40 * MIN), (0.0, 40 * MIN)])
    (record,) = feed.finished()
    assert feed.count(K.CYCLE_STARTED) == 1
    assert record.duration_s == pytest.approx(60 * MIN)
    assert record.start <= record.end <= record.finished_at


def test_small_backward_steps_are_clamped() -> None:
    feed = washer()
    feed.hold(2000.0, 10 * MIN)
    feed.t -= 1.0
    feed.hold(2000.0, 10 * MIN)
    assert feed.tracker.elapsed_s == pytest.approx(20 * MIN, abs=2)


def test_clock_jump_forward_by_days_is_a_gap() -> None:
    feed = washer()
    feed.run([(30.0, 5 * MIN), (2000.0, 15 * MIN)])
    end = feed.t
    feed.t += 3 * 86400  # no tick for three days
    feed.hold(0.0, MIN)
    (record,) = feed.finished()
    assert record.end == pytest.approx(end)
    assert record.finish_reason is FinishReason.OUTAGE
    # The 2 kW held over the jump is not counted: 5 min at 30 W + 15 min at 2 kW.
    assert record.energy_wh == pytest.approx(2.5 + 500, rel=0.01)


def test_restart_mid_cycle_continues() -> None:
    feed = washer()
    phases = washer_cycle()
    feed.run(phases[:3])
    state = json.loads(json.dumps(feed.tracker.to_state()))
    before = list(feed.events)
    # Home Assistant restarts: a minute later a new tracker continues from the state.
    feed.tracker = CycleTracker(ApplianceType.WASHER, state=state, restored_at=feed.t + MIN)
    feed.t += MIN
    assert feed.tracker.status is CycleStatus.RUNNING
    feed.run(phases[3:])
    feed.hold(0.0, 40 * MIN)
    assert [e.kind for e in before] == [K.CYCLE_STARTED]
    assert feed.count(K.CYCLE_STARTED) == 1
    (record,) = feed.finished()
    assert record.start == T0
    assert record.duration_s == pytest.approx(WASHER_S + MIN)
    assert record.gap_s == pytest.approx(MIN)
    assert feed.tracker.cycle_count == 1


def test_restart_after_long_gap_with_low_power_finishes() -> None:
    feed = washer()
    feed.run(washer_cycle()[:3])
    end = feed.t
    state = feed.tracker.to_state()
    tracker = CycleTracker(ApplianceType.WASHER, state=state, restored_at=end + 5 * 3600)
    events = tracker.power(end + 5 * 3600, 0.0)
    (finished,) = [e for e in events if e.kind is K.CYCLE_FINISHED]
    assert finished.cycle is not None
    assert finished.cycle.end == pytest.approx(end)
    assert finished.cycle.finish_reason is FinishReason.OUTAGE


def test_restore_rejects_unreadable_state() -> None:
    with pytest.raises(StateError):
        CycleTracker(ApplianceType.WASHER, state={"now": "yesterday"})
    with pytest.raises(StateError):
        CycleTracker(ApplianceType.WASHER, state={"version": 99})
    with pytest.raises(StateError):
        CycleTracker(ApplianceType.WASHER, state={"status": "exploded"})
    with pytest.raises(StateError):
        CycleTracker(ApplianceType.WASHER, state={"live": {"start": 1.0, "profile": [1.0]}})


def test_restore_of_empty_state_starts_fresh() -> None:
    tracker = CycleTracker(ApplianceType.WASHER, state={})
    assert tracker.cycle_count == 0
    assert tracker.status is CycleStatus.OFF


def test_door_open_after_finish_marks_unloaded() -> None:
    feed = washer()
    feed.events.extend(feed.tracker.door(feed.t, False))
    feed.run(washer_cycle())
    feed.events.extend(feed.tracker.door(feed.t, True))  # opened mid-cycle: ignored
    feed.events.extend(feed.tracker.door(feed.t, False))
    feed.hold(0.0, 5 * 60 * MIN)  # no timeout with a door sensor
    assert feed.tracker.status is CycleStatus.FINISHED
    feed.events.extend(feed.tracker.door(feed.t, None))
    feed.events.extend(feed.tracker.door(feed.t, True))
    assert feed.tracker.door_open is True
    assert feed.tracker.status is CycleStatus.UNLOADED
    unloaded = feed.events[-1]
    assert unloaded.kind is K.APPLIANCE_UNLOADED
    assert unloaded.unload_reason is UnloadReason.DOOR
    assert unloaded.cycle == feed.tracker.last_cycle
    feed.hold(0.0, 20 * MIN)
    assert feed.tracker.status is CycleStatus.OFF


def test_unload_timeout_without_door_sensor() -> None:
    feed = washer()
    feed.run(washer_cycle())
    feed.hold(1.0, 60 * MIN)
    assert feed.tracker.status is CycleStatus.FINISHED
    feed.wait(2 * 60 * MIN)
    assert feed.kinds()[-1] is K.APPLIANCE_UNLOADED
    assert feed.events[-1].unload_reason is UnloadReason.TIMEOUT
    feed.wait(20 * MIN)
    assert feed.tracker.status is CycleStatus.IDLE


def test_new_cycle_while_finished_unloads_first() -> None:
    feed = washer()
    feed.run(washer_cycle())
    feed.hold(0.0, 40 * MIN)
    feed.run(washer_cycle())
    kinds = feed.kinds()
    index = kinds.index(K.APPLIANCE_UNLOADED)
    assert kinds[index + 1] is K.CYCLE_STARTED
    assert feed.events[index].unload_reason is UnloadReason.NEW_CYCLE


def test_energy_meter_readings_are_used() -> None:
    feed = washer()
    feed.events.extend(feed.tracker.energy(feed.t, 1000.0))
    feed.run([(30.0, 5 * MIN), (2000.0, 15 * MIN)])
    feed.events.extend(feed.tracker.energy(feed.t, 1600.0))
    assert feed.tracker.cycle_energy_wh == pytest.approx(600.0)
    feed.events.extend(feed.tracker.energy(feed.t, 10.0))  # meter reset: power is used
    assert feed.tracker.cycle_energy_wh == pytest.approx(502.5, rel=0.01)
    feed.events.extend(feed.tracker.energy(feed.t, "unavailable"))


def test_settings_can_change_live() -> None:
    feed = washer()
    fast = CycleSettings(finish_hold_s=10 * MIN)
    feed.tracker.apply_settings(fast)
    assert feed.tracker.settings is fast
    feed.run([(30.0, 5 * MIN), (2000.0, 10 * MIN), (0.0, 12 * MIN)])
    assert K.CYCLE_FINISHED in feed.kinds()


def test_fridge_type_is_rejected() -> None:
    with pytest.raises(ValueError, match="no cycles"):
        CycleTracker(ApplianceType.REFRIGERATOR)
