"""Wall-clock jumps in the middle of a cycle, in a running Home Assistant.

The test clock moves the wall clock and the monotonic clock together, as time passing
does. A jump is the wall clock moving without the monotonic clock: `jump_clock` holds the
monotonic clock back by the size of the jump, as NTP stepping a wrong clock or a virtual
machine resuming does. Jumps backward cannot be staged here (the test clock would take the
event loop's timers back with it); the engine's tests hold them (a report older than the
last one).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
import time

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.appliance_care.sources import base

from .conftest import appliance_of, simulation_of
from .test_watched_appliance import (
    WASH_WITH_SOAK,
    _record_events,
    _run_profile,
    _state,
    _wait,
)

# The wash's length in minutes: heat, wash, soak, rinses, spin.
WASH_MINUTES = sum(minutes for _, minutes in WASH_WITH_SOAK)

type JumpClock = Callable[[timedelta], None]


@pytest.fixture
def jump_clock(monkeypatch: pytest.MonkeyPatch, frozen_start: FrozenDateTimeFactory) -> JumpClock:
    """Return a function that moves the wall clock alone, by any step."""
    behind = [0.0]
    monkeypatch.setattr(base, "_monotonic", lambda: time.monotonic() - behind[0])

    def _jump(step: timedelta) -> None:
        frozen_start.tick(step)
        behind[0] += step.total_seconds()

    return _jump


@pytest.mark.parametrize("jump", [timedelta(hours=2), timedelta(days=2)])
async def test_a_forward_jump_mid_wash_is_not_a_finish(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
    jump_clock: JumpClock,
    jump: timedelta,
) -> None:
    events = _record_events(hass, "event.washer_cycle")
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[:3])
    elapsed_before = float(_state(hass, "sensor.washer_elapsed_time"))
    jump_clock(jump)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    await _wait(hass, frozen_start, 1)
    assert _state(hass, "sensor.washer_status") == "running"
    elapsed = float(_state(hass, "sensor.washer_elapsed_time"))
    assert elapsed_before < elapsed < elapsed_before + 5, "the jump is not counted"
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[3:])
    await _wait(hass, frozen_start, 60)
    assert events.count("cycle_finished") == 1
    assert _state(hass, "sensor.washer_cycles") == "1"
    duration = float(_state(hass, "sensor.washer_last_cycle_duration"))
    assert WASH_MINUTES - 5 <= duration <= WASH_MINUTES + 5


async def test_an_outage_is_not_taken_for_a_jump(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
    jump_clock: JumpClock,
) -> None:
    """Home Assistant stopped for two hours: no reports, so the span is a gap, not a jump."""
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[:3])
    assert await hass.config_entries.async_unload(washer_entry.entry_id)
    await hass.async_block_till_done()
    # A restart starts a new monotonic clock: here, one far behind the wall clock.
    jump_clock(timedelta(hours=2))
    assert await hass.config_entries.async_setup(washer_entry.entry_id)
    await hass.async_block_till_done()
    tracker = appliance_of(washer_entry).tracker
    assert tracker is not None
    start = tracker.cycle_start
    # The outage was a data gap: the cycle either ended at it or still counts it.
    assert start is None or (tracker.elapsed_s is not None and tracker.elapsed_s >= 2 * 3600)


async def test_the_demo_home_keeps_its_time_through_a_jump(
    hass: HomeAssistant, demo_home: MockConfigEntry, jump_clock: JumpClock
) -> None:
    simulation = simulation_of(demo_home)
    before = simulation.home.now
    jump_clock(timedelta(days=2))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    moved = simulation.home.now - before
    assert moved < timedelta(hours=1), "a two-day jump of the wall clock is not simulated"


def test_the_jump_watch_tells_jumps_from_time_passing(monkeypatch: pytest.MonkeyPatch) -> None:
    mono = [100.0]
    monkeypatch.setattr(base, "_monotonic", lambda: mono[0])
    watch = base.JumpWatch()
    assert watch.due(1_000.0), "no look yet"
    assert watch.forward_jump(1_000.0) == 0.0, "the first look only sets the reference"
    assert not watch.due(1_005.0), "a report seconds after a look needs no clock read"
    assert watch.due(1_011.0)
    mono[0] += 600
    assert watch.forward_jump(1_600.0) == 0.0, "ten minutes passed on both clocks"
    mono[0] += 30
    assert watch.forward_jump(1_635.0) == 0.0, "a few seconds of slewing are no jump"
    mono[0] += 30
    assert watch.forward_jump(1_665.0 + 7_200) == pytest.approx(7_200)
    mono[0] += 30
    assert watch.forward_jump(1_695.0) == 0.0, "the clock set back is the engine's to hold"


def test_jumps_are_told_by_the_boot_time_clock_where_there_is_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A host that was suspended is a gap in the readings, not a clock set forward."""
    boot_clock = 12_345
    seconds = {boot_clock: 5_000.0}
    monkeypatch.setattr(base, "BOOTTIME", boot_clock)
    monkeypatch.setattr(time, "clock_gettime", lambda clock: seconds[clock])
    assert base._monotonic() == 5_000.0
    # The boot-time clock went on through a suspend: no jump is told.
    watch = base.JumpWatch()
    watch.forward_jump(1_000.0)
    seconds[boot_clock] += 7_200.0
    assert watch.forward_jump(8_200.0) == 0.0
    # Without one, the monotonic clock is read.
    monkeypatch.setattr(base, "BOOTTIME", None)
    monkeypatch.setattr(time, "monotonic", lambda: 42.0)
    assert base._monotonic() == 42.0
