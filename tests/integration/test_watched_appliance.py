"""Cycle intelligence inside Home Assistant, driven by a power sensor with frozen time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.text import ATTR_VALUE, DOMAIN as TEXT_DOMAIN, SERVICE_SET_VALUE
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.appliance_care.appliance import appliance_storage_key
from custom_components.appliance_care.const import DOMAIN
from custom_components.appliance_care.engine.signals import SignalKind
from custom_components.appliance_care.sensor import ApplianceSensor

from .conftest import (
    add_plug_sensors,
    appliance_id,
    appliance_of,
    appliance_subentry,
    async_add_appliance,
    coordinators,
    demo_options,
    power_sensor_entry,
    set_demo_options,
)

POWER = "sensor.plug_power"
DOOR = "binary_sensor.washer_door_contact"
STEP = timedelta(seconds=30)

# A washer's cotton 40 shape, in (watts, minutes): heat, wash, a 12-minute soak at
# near-zero power, rinses and spin, then standby.
WASH_WITH_SOAK = [
    (20, 3),
    (2000, 15),
    (180, 25),
    (2, 12),
    (220, 20),
    (45, 3),
    (400, 8),
    (1, 0),
]
# A dishwasher: heated wash, rinse, a 40-minute drying phase at 1 W, final pump-out.
DISHWASH_WITH_DRYING = [
    (70, 5),
    (2100, 20),
    (70, 30),
    (2100, 10),
    (1, 40),
    (60, 3),
    (0.8, 0),
]


def _set_power(hass: HomeAssistant, watts: float | str) -> None:
    hass.states.async_set(POWER, str(watts), {"unit_of_measurement": "W", "device_class": "power"})


async def _wait(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float) -> None:
    elapsed = timedelta(0)
    while elapsed < timedelta(minutes=minutes):
        freezer.tick(STEP)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        elapsed += STEP


async def _run_profile(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    profile: list[tuple[float, float]],
    on_step: Any = None,
) -> None:
    for watts, minutes in profile:
        _set_power(hass, watts)
        await hass.async_block_till_done()
        await _wait(hass, freezer, minutes)
        if on_step is not None:
            on_step()


async def _name_program(hass: HomeAssistant, name: str) -> None:
    await hass.services.async_call(
        TEXT_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: "text.washer_program_name", ATTR_VALUE: name},
        blocking=True,
    )


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _record_events(hass: HomeAssistant, entity_id: str) -> list[str]:
    fired: list[str] = []

    @callback
    def _listen(event: Event[Any]) -> None:
        if event.data["entity_id"] == entity_id and event.data["new_state"] is not None:
            fired.append(event.data["new_state"].attributes.get("event_type"))

    hass.bus.async_listen("state_changed", _listen)
    return fired


async def test_a_soak_is_part_of_the_wash_neither_a_pause_nor_a_finish(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    events = _record_events(hass, "event.washer_cycle")
    statuses: list[tuple[str, str]] = []
    await _run_profile(
        hass,
        frozen_start,
        WASH_WITH_SOAK[:4],
        on_step=lambda: statuses.append(
            (_state(hass, "sensor.washer_status"), _state(hass, "sensor.washer_phase"))
        ),
    )
    # Twelve minutes at 2 W inside a wash is a soak.
    assert statuses[1:] == [("running", "heating"), ("running", "washing"), ("running", "soaking")]
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[4:])
    await _wait(hass, frozen_start, 60)
    assert _state(hass, "sensor.washer_status") == "finished"
    assert _state(hass, "sensor.washer_cycles") == "1"
    assert events.count("cycle_finished") == 1
    assert events[:2] == ["cycle_started", "cycle_finished"]
    assert float(_state(hass, "sensor.washer_last_cycle_duration")) >= 80
    assert float(_state(hass, "sensor.washer_last_cycle_energy")) > 0.5


async def test_a_final_spin_finishes_the_wash_when_its_hold_runs_out_not_a_tick_later(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[:-1])
    # The quiet begins 20 s after a tick: the ticks come 10, 40, 70 and 100 s into it.
    frozen_start.tick(timedelta(seconds=20))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    _set_power(hass, 1)
    await hass.async_block_till_done()
    finished_after = None
    for second in range(1, 121):
        frozen_start.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        if _state(hass, "sensor.washer_status") == "finished":
            finished_after = second
            break
    assert finished_after is not None
    # The end sign's hold is 90 s: the finish comes then, not at the tick 100 s in.
    assert 90 <= finished_after <= 92


async def test_dishwasher_drying_phase_is_not_a_finish(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    add_plug_sensors(hass)
    entry = power_sensor_entry("dishwasher", "Dishwasher")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await _run_profile(hass, frozen_start, DISHWASH_WITH_DRYING[:5])
    assert _state(hass, "sensor.dishwasher_status") == "running"
    assert _state(hass, "sensor.dishwasher_phase") == "drying"
    assert _state(hass, "sensor.dishwasher_cycles") == "0"
    await _run_profile(hass, frozen_start, DISHWASH_WITH_DRYING[5:])
    await _wait(hass, frozen_start, 90)
    assert _state(hass, "sensor.dishwasher_cycles") == "1"
    # The cycle ends at the final pump-out, after the drying phase.
    assert float(_state(hass, "sensor.dishwasher_last_cycle_duration")) >= 105


async def test_door_opening_after_finish_marks_unloaded(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    events = _record_events(hass, "event.washer_cycle")
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK)
    await _wait(hass, frozen_start, 60)
    assert _state(hass, "sensor.washer_status") == "finished"
    hass.states.async_set(DOOR, "on", {"device_class": "door"})
    await hass.async_block_till_done()
    assert _state(hass, "sensor.washer_status") == "unloaded"
    assert events[-1] == "appliance_unloaded"


async def test_unavailable_sensor_does_not_finish_the_cycle(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[:3])
    _set_power(hass, STATE_UNAVAILABLE)
    await hass.async_block_till_done()
    await _wait(hass, frozen_start, 20)
    # What shows the present goes unavailable with the sensor; counts stay true.
    assert _state(hass, "sensor.washer_status") == STATE_UNAVAILABLE
    assert _state(hass, "sensor.washer_cycles") == "0"
    tracker = appliance_of(washer_entry).tracker
    assert tracker is not None
    assert str(tracker.status) in ("running", "paused"), "the cycle is kept meanwhile"
    _set_power(hass, "not a number")
    await hass.async_block_till_done()
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[4:5])
    assert _state(hass, "sensor.washer_status") in ("running", "paused")
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[5:])
    await _wait(hass, frozen_start, 60)
    assert _state(hass, "sensor.washer_cycles") == "1"


async def test_restart_mid_cycle_continues_the_same_cycle(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[:3])
    elapsed_before = float(_state(hass, "sensor.washer_elapsed_time"))
    assert await hass.config_entries.async_unload(washer_entry.entry_id)
    await hass.async_block_till_done()
    frozen_start.tick(timedelta(minutes=2))
    assert await hass.config_entries.async_setup(washer_entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, "sensor.washer_status") in ("running", "paused")
    await _wait(hass, frozen_start, 1)
    assert float(_state(hass, "sensor.washer_elapsed_time")) >= elapsed_before + 2
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[3:])
    await _wait(hass, frozen_start, 60)
    assert _state(hass, "sensor.washer_cycles") == "1"


async def test_similar_cycles_form_a_program_that_can_be_named(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    for _ in range(3):
        await _run_profile(hass, frozen_start, WASH_WITH_SOAK)
        await _wait(hass, frozen_start, 90)
    assert _state(hass, "sensor.washer_cycles") == "3"
    await _name_program(hass, "Cotton 40")
    assert _state(hass, "text.washer_program_name") == "Cotton 40"
    assert _state(hass, "sensor.washer_program") == "Cotton 40"
    # The next cycle of the same shape is recognised, with a remaining time.
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[:3])
    assert _state(hass, "sensor.washer_program") == "Cotton 40"
    assert float(_state(hass, "sensor.washer_remaining_time")) > 0


async def test_naming_an_unmatched_running_cycle_never_renames_the_last_program(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    for _ in range(2):
        await _run_profile(hass, frozen_start, WASH_WITH_SOAK)
        await _wait(hass, frozen_start, 90)
    await _name_program(hass, "Cotton 40")
    # A quick wash of another shape: no learned program matches it while it runs.
    await _run_profile(hass, frozen_start, [(1500, 4), (300, 10)])
    assert _state(hass, "sensor.washer_status") == "running"
    assert _state(hass, "text.washer_program_name") == ""
    with pytest.raises(ServiceValidationError) as raised:
        await _name_program(hass, "Quick")
    assert raised.value.translation_key == "program_not_known_yet"
    tracker = appliance_of(washer_entry).tracker
    assert tracker is not None
    assert [p.name for p in tracker.programs] == ["Cotton 40"]


async def test_naming_before_any_program_is_refused(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    assert _state(hass, "text.washer_program_name") == "", "empty, not the word unknown"
    with pytest.raises(ServiceValidationError) as raised:
        await _name_program(hass, "Cotton")
    assert raised.value.translation_key == "no_program_yet"


async def test_unreadable_history_is_kept_and_reported(
    hass: HomeAssistant, hass_storage: dict[str, Any], issue_registry: ir.IssueRegistry
) -> None:
    add_plug_sensors(hass)
    entry = power_sensor_entry("washer", "Washer")
    key = appliance_storage_key(appliance_id(entry))
    garbage = {"appliance_type": "washer", "engine": {"version": "??", "live": [1, 2]}}
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": garbage}
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, "sensor.washer_status") in ("off", "idle")
    assert hass_storage[f"{key}.unreadable"]["data"]["stored"] == garbage
    issue = issue_registry.async_get_issue(DOMAIN, f"unreadable_history_{appliance_id(entry)}")
    assert issue is not None
    assert issue.translation_key == "unreadable_history"


async def test_fridge_compressor_runs_become_duty_cycle(
    entity_registry_enabled_by_default: None,
    hass: HomeAssistant,
    fridge_entry: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
) -> None:
    for _ in range(30):
        _set_power(hass, 95)
        await hass.async_block_till_done()
        await _wait(hass, frozen_start, 15)
        assert _state(hass, "binary_sensor.fridge_compressor") == "on"
        _set_power(hass, 2)
        await hass.async_block_till_done()
        await _wait(hass, frozen_start, 30)
    assert _state(hass, "binary_sensor.fridge_compressor") == "off"
    duty = float(_state(hass, "sensor.fridge_compressor_duty_cycle"))
    assert 30 <= duty <= 37, duty
    assert 28 <= float(_state(hass, "sensor.fridge_compressor_cycles_per_day")) <= 36
    assert 14 <= float(_state(hass, "sensor.fridge_average_compressor_run")) <= 16


async def test_demo_washer_plug_feeds_the_same_cycle_engine(
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    assert _state(hass, "sensor.washer_status") in ("off", "idle")
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.washer_start"}, blocking=True
    )
    await _wait(hass, frozen_start, 10)
    assert _state(hass, "sensor.washer_status") in ("running", "paused")
    washer = next(c for c in coordinators(demo_home) if c.profile.name == "Washer")
    assert washer.source.demo is not None
    assert {SignalKind.POWER, SignalKind.DOOR} <= washer.profile.signals
    assert float(_state(hass, "sensor.washer_power")) > 0


async def test_demo_at_60x_counts_a_whole_washer_cycle_in_simulated_time(
    hass: HomeAssistant, demo_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    demo_entry.add_to_hass(hass)
    set_demo_options(hass, demo_entry, demo_options(speed=60))
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.washer_start"}, blocking=True
    )
    # Four real minutes are four simulated hours: a cotton 40 cycle and its finish hold.
    for _ in range(240):
        frozen_start.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    assert _state(hass, "sensor.washer_cycles") == "1"
    duration = float(_state(hass, "sensor.washer_last_cycle_duration"))
    assert 120 <= duration <= 160, "a cotton 40 cycle lasts over two simulated hours"
    # The care rules counted the cycle on the same (simulated) timeline ...
    assert _state(hass, "sensor.washer_cycles_since_tub_clean") == "1"
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.washer_tub_cleaned"}, blocking=True
    )
    # ... and what they record is shown at the wall-clock moment it happened.
    cleaned = dt_util.parse_datetime(_state(hass, "sensor.washer_last_tub_clean"))
    assert cleaned is not None
    assert abs((cleaned - dt_util.utcnow()).total_seconds()) < 1
    assert _state(hass, "sensor.washer_cycles_since_tub_clean") == "0"


async def test_unavailable_power_sensor_is_logged_once_and_its_return_once(
    hass: HomeAssistant, washer_entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="custom_components.appliance_care")
    for value in (STATE_UNAVAILABLE, "unknown", STATE_UNAVAILABLE, "12.0", "13.0"):
        _set_power(hass, value)
        await hass.async_block_till_done()
    gone = [r for r in caplog.records if "gives no power reading" in r.getMessage()]
    back = [r for r in caplog.records if "gives power readings again" in r.getMessage()]
    assert len(gone) == 1
    assert len(back) == 1


async def test_demo_times_shown_to_the_user_are_wall_clock_times(
    hass: HomeAssistant, demo_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    # At 60x an hour of simulated washing ends one wall-clock minute from now, so a
    # "finishes at" built from simulated time must be mapped back to the wall clock.
    demo_entry.add_to_hass(hass)
    set_demo_options(hass, demo_entry, demo_options(speed=60))
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    washer = appliance_of(demo_entry)
    in_an_hour = washer.wall_time(washer.engine_now() + 3600)
    assert abs((in_an_hour - dt_util.utcnow()).total_seconds() - 60) < 1
    # Ten wall minutes are ten simulated hours; a tub clean recorded now shows as now.
    await _wait(hass, frozen_start, 10)
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.washer_tub_cleaned"}, blocking=True
    )
    await hass.async_block_till_done()
    shown = dt_util.parse_datetime(_state(hass, "sensor.washer_last_tub_clean"))
    assert shown is not None
    assert abs((shown - dt_util.utcnow()).total_seconds()) < 60
    next_clean = dt_util.parse_date(_state(hass, "sensor.washer_next_tub_clean"))
    assert next_clean is not None
    assert next_clean > dt_util.now().date(), "dated from the wall clock, not simulated"


async def test_an_idle_appliance_is_not_written_and_a_running_cycle_is(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    key = appliance_storage_key(appliance_id(washer_entry))

    def saved_at() -> str | None:
        document = hass_storage.get(key)
        return None if document is None else document["data"]["saved_at"]

    before = saved_at()
    # Two idle hours of a plug reporting its standby flicker.
    for minute in range(0, 120, 2):
        _set_power(hass, 0.8 if minute % 4 else 0.9)
        await hass.async_block_till_done()
        await _wait(hass, frozen_start, 2)
    assert saved_at() == before, "nothing changed that is worth a write"
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[:2])
    await _wait(hass, frozen_start, 1)
    during = saved_at()
    assert during is not None
    assert during != before, "a running cycle's progress is saved"
    await _run_profile(hass, frozen_start, WASH_WITH_SOAK[2:])
    await _wait(hass, frozen_start, 60)
    after_finish = saved_at()
    assert after_finish != during
    await _wait(hass, frozen_start, 120)
    assert saved_at() == after_finish, "idle again: no more writes"


async def test_standby_about_the_off_level_is_shown_by_the_status_alone(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plug's standby about the off level flips off and idle at every report."""
    _set_power(hass, 0.2)
    await hass.async_block_till_done()
    worked_out: list[str] = []
    value = ApplianceSensor.native_value

    def spy(sensor: ApplianceSensor) -> object:
        worked_out.append(sensor.entity_description.key)
        return value.fget(sensor) if value.fget is not None else None

    monkeypatch.setattr(ApplianceSensor, "native_value", property(spy))
    shown = []
    for watts in (0.8, 0.3, 0.9, 0.2):
        _set_power(hass, watts)
        await hass.async_block_till_done()
        shown.append(_state(hass, "sensor.washer_status"))
    assert shown == ["idle", "off", "idle", "off"]
    # Only the status sensor looked again: the other sensors show nothing that changed.
    assert set(worked_out) == {"status"}
    # A cycle's start is news for every sensor.
    _set_power(hass, 2000)
    await hass.async_block_till_done()
    await _wait(hass, frozen_start, 3)
    assert _state(hass, "sensor.washer_status") == "running"
    assert {"elapsed", "remaining"} <= set(worked_out)


@pytest.mark.parametrize(("language", "label"), [("en", "Program 1"), ("ko", "코스 1")])
async def test_an_unnamed_program_is_a_numbered_label_in_the_users_language(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory, language: str, label: str
) -> None:
    hass.config.language = language
    add_plug_sensors(hass)
    await async_add_appliance(hass, appliance_subentry("washer", "Washer"))
    events: list[dict[str, Any]] = []

    @callback
    def _listen(event: Event[Any]) -> None:
        new = event.data["new_state"]
        if event.data["entity_id"] == "event.washer_cycle" and new is not None:
            events.append(dict(new.attributes))

    hass.bus.async_listen("state_changed", _listen)
    for _ in range(3):
        await _run_profile(hass, frozen_start, WASH_WITH_SOAK)
        await _wait(hass, frozen_start, 90)
    assert _state(hass, "sensor.washer_program") == label
    finished = [e for e in events if e.get("event_type") == "cycle_finished"]
    assert finished[-1]["program"] == label
    assert finished[-1]["program_id"] == 1


async def test_remaining_time_agrees_with_finishes_at_at_60x(
    hass: HomeAssistant, demo_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    demo_entry.add_to_hass(hass)
    set_demo_options(hass, demo_entry, demo_options(speed=60))
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()

    async def seconds(count: int) -> None:
        for _ in range(count):
            frozen_start.tick(timedelta(seconds=1))
            async_fire_time_changed(hass)
            await hass.async_block_till_done()

    for _ in range(2):  # two washes of one program: it is learned
        await hass.services.async_call(
            BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.washer_start"}, blocking=True
        )
        await seconds(240)
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.washer_start"}, blocking=True
    )
    await seconds(40)
    remaining = float(_state(hass, "sensor.washer_remaining_time"))
    finishes = dt_util.parse_datetime(_state(hass, "sensor.washer_finishes_at"))
    assert finishes is not None
    wait_min = (finishes - dt_util.utcnow()).total_seconds() / 60
    # An hour and more of simulated washing is a minute or two of wall time at 60x.
    assert 0 < remaining <= 3
    assert abs(remaining - wait_min) <= 1, (remaining, wait_min)
