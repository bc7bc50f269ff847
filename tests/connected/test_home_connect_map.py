"""The Home Connect map against the real core integration and its real client library."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
import json
from pathlib import Path

from homeassistant.components import home_connect
from homeassistant.components.home_connect.sensor import EVENT_SENSORS
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest

from custom_components.appliance_care.engine import ApplianceType
from custom_components.appliance_care.sources.connected_map import EntityRule, Run, Signal
from custom_components.appliance_care.sources.home_connect import MAP

from .home_connect_harness import HomeConnectHarness, async_setup_home_connect

PROGRAM_APPLIANCES = ("washer", "dryer", "dishwasher")
FREEZER_DOOR = "Refrigeration.Common.Status.Door.Freezer"
DOOR_OPEN = "Refrigeration.Common.EnumType.Door.States.Open"
CYCLE = (Run.RUNNING, Run.PAUSED, Run.RUNNING, Run.FINISHED, Run.IDLE, Run.OFF, Run.ERROR)
PROGRAM_RULES = {
    "operation_state",
    "active_program",
    "selected_program",
    "program_finish_time",
    "program_progress",
    "door",
}
APPLIES: dict[str, set[str]] = {
    "washer": PROGRAM_RULES | {"poor_i_dos_1_fill_level", "poor_i_dos_2_fill_level"},
    "dryer": PROGRAM_RULES,
    "dishwasher": PROGRAM_RULES | {"salt_lack", "program_blocked_salt_lack", "rinse_aid_lack"},
    "refrigerator": {
        "refrigerator_door",
        "freezer_door",
        "refrigerator_door_alarm",
        "freezer_door_alarm",
        "freezer_temperature_alarm",
    },
}
"""The rules (by key) that find an entity on each fixture appliance."""
KNOWN_AS = {"dishwasher": ApplianceType.DISHWASHER, "refrigerator": ApplianceType.REFRIGERATOR}
"""The appliance type the rules tell for each fixture appliance (none for washer and dryer)."""
PROGRAMS = {
    "washer": ("LaundryCare.Washer.Program.EasyCare", "laundry_care_washer_program_easy_care"),
    "dryer": ("LaundryCare.Dryer.Program.Synthetic", "laundry_care_dryer_program_synthetic"),
    "dishwasher": ("Dishcare.Dishwasher.Program.Quick45", "dishcare_dishwasher_program_quick_45"),
}
SELECTED = {
    "washer": "laundry_care_washer_program_cotton",
    "dryer": "laundry_care_dryer_program_cotton",
    "dishwasher": "dishcare_dishwasher_program_eco_50",
}


def _key(rule: EntityRule) -> str:
    key = rule.translation_key or rule.unique_id_suffix
    assert key is not None
    return key


def _rule(key: str) -> EntityRule:
    (rule,) = (rule for rule in MAP.rules if _key(rule) == key)
    return rule


def _rules_of(signal: Signal) -> list[EntityRule]:
    return [rule for rule in MAP.rules if rule.signal is signal]


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _matching_entries(
    harness: HomeConnectHarness, appliance: str, rule: EntityRule
) -> list[er.RegistryEntry]:
    registry = er.async_get(harness.hass)
    return [
        entry
        for entry in er.async_entries_for_device(registry, harness.device_ids[appliance])
        if rule.matches(entry.domain, entry.translation_key, entry.unique_id)
    ]


@pytest.fixture
async def harness(hass: HomeAssistant) -> AsyncIterator[HomeConnectHarness]:
    """Home Connect set up with the fixture appliances, unloaded at the end."""
    harness = await async_setup_home_connect(hass)
    yield harness
    await harness.async_unload()
    assert harness.open_event_streams == 0


def test_every_rule_names_an_entity_home_connect_has() -> None:
    """Each rule's platform and translation key exist in the integration's strings."""
    strings = json.loads(
        (Path(home_connect.__file__).parent / "strings.json").read_text(encoding="utf-8")
    )
    keys = [_key(rule) for rule in MAP.rules]
    assert len(keys) == len(set(keys))
    assert MAP.domain == home_connect.DOMAIN
    for rule in MAP.rules:
        assert rule.translation_key in strings["entity"][rule.platform], rule


def test_every_error_rule_has_its_code_and_every_code_a_rule() -> None:
    """The event sensors read as errors and the codes in `errors` are the same events."""
    event_keys = {d.translation_key: str(d.key) for d in EVENT_SENSORS}
    codes = {event_keys[_key(rule)] for rule in _rules_of(Signal.ERROR)}
    assert codes == set(MAP.errors)
    for rule in _rules_of(Signal.ERROR):
        assert rule.no_error == {"off"}


async def test_rules_find_the_entities_of_each_appliance(harness: HomeConnectHarness) -> None:
    """Every rule that applies to a fixture appliance finds an entity there, and no other."""
    hass = harness.hass
    for appliance, expected in APPLIES.items():
        found: set[str] = set()
        told: set[ApplianceType] = set()
        for rule in MAP.rules:
            entries = _matching_entries(harness, appliance, rule)
            if not entries:
                continue
            found.add(_key(rule))
            if rule.appliance is not None:
                told.add(rule.appliance)
            for entry in entries:
                assert entry.disabled_by is None, entry.entity_id
                assert hass.states.get(entry.entity_id) is not None, entry.entity_id
                assert entry.entity_id == harness.entity_id(appliance, rule.platform, _key(rule))
        assert found == expected, appliance
        assert told == ({KNOWN_AS[appliance]} if appliance in KNOWN_AS else set()), appliance


async def test_operation_state_options_are_all_mapped(harness: HomeConnectHarness) -> None:
    """Every option of the operation state sensor has a `Run` in the rule."""
    rule = _rule("operation_state")
    for appliance in PROGRAM_APPLIANCES:
        state = harness.hass.states.get(harness.entity_id(appliance, "sensor", "operation_state"))
        assert state is not None
        assert set(state.attributes["options"]) == set(rule.states)


@pytest.mark.parametrize("appliance", PROGRAM_APPLIANCES)
async def test_run_state_follows_the_operation_state(
    harness: HomeConnectHarness, appliance: str
) -> None:
    """Running, paused, running, finished (and idle, off, error) read back as pushed."""
    rule = _rule("operation_state")
    entity_id = harness.entity_id(appliance, "sensor", "operation_state")
    assert rule.states[_state(harness.hass, entity_id)] is Run.IDLE
    for run in CYCLE:
        await harness.async_set_run(appliance, run)
        assert rule.states[_state(harness.hass, entity_id)] is run


def _finish_at(hass: HomeAssistant, entity_id: str) -> datetime:
    finish = dt_util.parse_datetime(_state(hass, entity_id))
    assert finish is not None
    return finish


@pytest.mark.parametrize("appliance", PROGRAM_APPLIANCES)
async def test_finish_time_and_progress_follow_the_program(
    harness: HomeConnectHarness, appliance: str
) -> None:
    """The finish time moves with the remaining time; progress follows; both only in a run."""
    hass = harness.hass
    finish = harness.entity_id(appliance, "sensor", "program_finish_time")
    progress = harness.entity_id(appliance, "sensor", "program_progress")
    assert _rule("program_finish_time").signal is Signal.FINISH_AT
    assert _state(hass, finish) == STATE_UNAVAILABLE
    assert _state(hass, progress) == STATE_UNAVAILABLE

    await harness.async_set_run(appliance, Run.RUNNING)
    await harness.async_set_remaining(appliance, 45)
    first = _finish_at(hass, finish)
    assert abs(first - (dt_util.utcnow() + timedelta(minutes=45))) < timedelta(minutes=1)
    await harness.async_set_remaining(appliance, 30)
    second = _finish_at(hass, finish)
    assert abs(second - (dt_util.utcnow() + timedelta(minutes=30))) < timedelta(minutes=1)
    assert second < first

    await harness.async_set_progress(appliance, 20)
    assert float(_state(hass, progress)) == 20
    await harness.async_set_progress(appliance, 65)
    assert float(_state(hass, progress)) == 65

    await harness.async_set_remaining(appliance, None)
    assert _state(hass, finish) == STATE_UNKNOWN
    await harness.async_set_run(appliance, Run.FINISHED)
    assert float(_state(hass, progress)) == 65
    await harness.async_set_run(appliance, Run.IDLE)
    assert _state(hass, finish) == STATE_UNAVAILABLE
    assert _state(hass, progress) == STATE_UNAVAILABLE


@pytest.mark.parametrize("appliance", PROGRAM_APPLIANCES)
async def test_program_follows_the_active_program(
    harness: HomeConnectHarness, appliance: str
) -> None:
    """The active program select shows the program pushed; the selected one the fixture's."""
    hass = harness.hass
    active = harness.entity_id(appliance, "select", "active_program")
    selected = harness.entity_id(appliance, "select", "selected_program")
    assert _state(hass, selected) == SELECTED[appliance]
    assert _state(hass, active) == STATE_UNKNOWN
    program, shown = PROGRAMS[appliance]
    await harness.async_set_program(appliance, program)
    assert _state(hass, active) == shown
    assert f"GET /api/homeappliances/{harness.ha_id(appliance)}/programs/available/{program}" in (
        harness.requests
    )


@pytest.mark.parametrize("appliance", PROGRAM_APPLIANCES)
async def test_door_sensor_opens_and_closes(harness: HomeConnectHarness, appliance: str) -> None:
    """The door ENUM sensor reads open and closed as pushed."""
    entity_id = harness.entity_id(appliance, "sensor", "door")
    assert _state(harness.hass, entity_id) == "closed"
    await harness.async_set_door(appliance, True)
    assert _state(harness.hass, entity_id) == "open"
    await harness.async_set_door(appliance, False)
    assert _state(harness.hass, entity_id) == "closed"


async def test_fridge_doors_open_and_close(harness: HomeConnectHarness) -> None:
    """The fridge's compartment doors are binary sensors, on while open."""
    hass = harness.hass
    fridge = harness.entity_id("refrigerator", "binary_sensor", "refrigerator_door")
    freezer = harness.entity_id("refrigerator", "binary_sensor", "freezer_door")
    assert (_state(hass, fridge), _state(hass, freezer)) == ("off", "off")
    await harness.async_set_door("refrigerator", True)
    assert (_state(hass, fridge), _state(hass, freezer)) == ("on", "off")
    await harness.async_push("refrigerator", "STATUS", {FREEZER_DOOR: DOOR_OPEN})
    assert _state(hass, freezer) == "on"
    await harness.async_set_door("refrigerator", False)
    assert _state(hass, fridge) == "off"


async def test_error_events_appear_and_clear(harness: HomeConnectHarness) -> None:
    """Each error entity of each appliance shows its event while present, and no error after."""
    hass = harness.hass
    checked = 0
    for appliance in APPLIES:
        ha_id = harness.ha_id(appliance)
        for rule in _rules_of(Signal.ERROR):
            for entry in _matching_entries(harness, appliance, rule):
                code = entry.unique_id.removeprefix(f"{ha_id}-")
                assert code in MAP.errors, code
                assert _state(hass, entry.entity_id) in rule.no_error
                await harness.async_set_error(appliance, code)
                assert _state(hass, entry.entity_id) not in rule.no_error
                assert _state(hass, entry.entity_id) == "present"
                await harness.async_set_error(appliance, None)
                assert _state(hass, entry.entity_id) in rule.no_error
                checked += 1
    assert checked == sum(
        len([k for k in keys if _rule(k).signal is Signal.ERROR]) for keys in APPLIES.values()
    )


async def test_unload_ends_the_event_stream(harness: HomeConnectHarness) -> None:
    """Unloading cancels the event listener, which closes its stream."""
    assert harness.open_event_streams == 1
    await harness.async_unload()
    assert harness.entry.state is ConfigEntryState.NOT_LOADED
    assert harness.open_event_streams == 0
