"""The LG ThinQ map against the real lg_thinq integration and its client library."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
import json
from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import lg_thinq
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.appliance_care.engine import ApplianceType
from custom_components.appliance_care.sources.connected_map import EntityRule, Run, Signal
from custom_components.appliance_care.sources.lg_thinq import MAP

from .lg_thinq_harness import LgThinqHarness, async_setup_lg_thinq

START = "2026-11-02T07:00:00+00:00"
CYCLE_APPLIANCES = ("washer", "dryer", "dishwasher")

KIND = {
    "washer": ApplianceType.WASHER,
    "dryer": ApplianceType.DRYER,
    "dishwasher": ApplianceType.DISHWASHER,
    "refrigerator": ApplianceType.REFRIGERATOR,
}

EXPECTED_RULES: dict[str, set[tuple[str, str]]] = {
    "washer": {
        ("sensor", "current_state"),
        ("sensor", "remain"),
        ("sensor", "cycle_count"),
        ("event", "error"),
    },
    "dryer": {
        ("sensor", "current_state"),
        ("sensor", "remain"),
        ("event", "error"),
    },
    "dishwasher": {
        ("sensor", "current_state"),
        ("sensor", "remain"),
        ("sensor", "current_dish_washing_course"),
        ("binary_sensor", "_door_state"),
        ("event", "error"),
    },
    "refrigerator": {
        ("binary_sensor", "_door_state"),
        ("sensor", "water_filter_1_remain_percent"),
        ("sensor", "_filter_remain_percent"),
    },
}
"""The rules of MAP each made-up device has an entity for: (platform, key or suffix)."""


def _name(rule: EntityRule) -> tuple[str, str]:
    key = rule.translation_key or rule.unique_id_suffix
    assert key is not None
    return rule.platform, key


def _rule(signal: Signal, platform: str, key: str) -> EntityRule:
    return next(
        rule for rule in MAP.rules if rule.signal is signal and _name(rule) == (platform, key)
    )


RUN_RULE = _rule(Signal.RUN_STATE, "sensor", "current_state")
ERROR_RULE = _rule(Signal.ERROR, "event", "error")


def _entries(lg: LgThinqHarness, appliance: str) -> list[er.RegistryEntry]:
    return er.async_entries_for_device(er.async_get(lg.hass), lg.device_ids[appliance])


def _matching(lg: LgThinqHarness, appliance: str, rule: EntityRule) -> list[str]:
    return [
        entry.entity_id
        for entry in _entries(lg, appliance)
        if rule.matches(entry.domain, entry.translation_key, entry.unique_id)
    ]


def _run(hass: HomeAssistant, entity_id: str) -> Run:
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state in RUN_RULE.states, f"{entity_id}: {state.state!r} is not mapped"
    return RUN_RULE.states[state.state]


@pytest.fixture
async def lg(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, freezer: FrozenDateTimeFactory
) -> AsyncIterator[LgThinqHarness]:
    """Give the test lg_thinq over the made-up devices, unloaded at the end."""
    freezer.move_to(START)
    harness = await async_setup_lg_thinq(hass, aioclient_mock)
    try:
        yield harness
    finally:
        await harness.async_unload()


async def test_every_rule_finds_its_entity(lg: LgThinqHarness) -> None:
    """Each rule that applies to a device matches exactly one of its entities; no other does."""
    names = {_name(rule) for rule in MAP.rules}
    for appliance, expected in EXPECTED_RULES.items():
        assert expected <= names, f"{appliance}: no rule for {expected - names}"
        for rule in MAP.rules:
            found = _matching(lg, appliance, rule)
            if _name(rule) in expected:
                assert len(found) == 1, f"{appliance}: {_name(rule)} matched {found}"
                state = lg.hass.states.get(found[0])
                assert state is not None
                assert state.state != "unavailable", found[0]
            else:
                assert not found, f"{appliance}: {_name(rule)} unexpectedly matched {found}"


async def test_rules_tell_the_right_appliance(lg: LgThinqHarness) -> None:
    """A rule that names an appliance type only matches that kind of appliance."""
    told: dict[str, set[ApplianceType]] = {}
    for appliance in EXPECTED_RULES:
        for rule in MAP.rules:
            if rule.appliance is not None and _matching(lg, appliance, rule):
                told.setdefault(appliance, set()).add(rule.appliance)
    assert told == {
        "washer": {ApplianceType.WASHER},
        "dishwasher": {ApplianceType.DISHWASHER},
        "refrigerator": {ApplianceType.REFRIGERATOR},
    }
    for appliance, kinds in told.items():
        assert kinds == {KIND[appliance]}


async def test_entity_ids(lg: LgThinqHarness) -> None:
    """The harness finds the entities under the ids lg_thinq gives them."""
    assert lg.entity_id("washer", "sensor", "current_state") == "sensor.washer_current_status"
    assert lg.entity_id("washer", "sensor", "remain") == "sensor.washer_remaining_time"
    assert lg.entity_id("washer", "sensor", "cycle_count") == "sensor.washer_cycles"
    assert lg.entity_id("washer", "event", "error") == "event.washer_error"
    assert lg.entity_id("dryer", "sensor", "current_state") == "sensor.dryer_current_status"
    assert lg.entity_id("dishwasher", "binary_sensor", "door_state") == (
        "binary_sensor.dishwasher_door"
    )
    assert lg.entity_id("dishwasher", "sensor", "current_dish_washing_course") == (
        "sensor.dishwasher_current_cycle"
    )
    assert lg.entity_id("refrigerator", "binary_sensor", "door_state") == (
        "binary_sensor.refrigerator_door"
    )
    with pytest.raises(LookupError):
        lg.entity_id("dryer", "sensor", "cycle_count")


@pytest.mark.parametrize("appliance", CYCLE_APPLIANCES)
async def test_run_state_follows_the_machine(lg: LgThinqHarness, appliance: str) -> None:
    """Running, paused, running again and finished read as those `Run`s; so do the rest."""
    entity_id = lg.entity_id(appliance, "sensor", "current_state")
    assert _run(lg.hass, entity_id) is Run.OFF
    for run in (
        Run.IDLE,
        Run.RUNNING,
        Run.PAUSED,
        Run.RUNNING,
        Run.FINISHED,
        Run.ERROR,
        Run.OFF,
    ):
        await lg.async_set_run(appliance, run)
        assert _run(lg.hass, entity_id) is run


@pytest.mark.parametrize("appliance", CYCLE_APPLIANCES)
async def test_every_run_state_option_is_mapped(lg: LgThinqHarness, appliance: str) -> None:
    """Every option of the run state sensor is in the rule's states."""
    state = lg.hass.states.get(lg.entity_id(appliance, "sensor", "current_state"))
    assert state is not None
    options = state.attributes["options"]
    assert len(options) > 10
    assert set(options) <= set(RUN_RULE.states)


def test_every_state_lg_thinq_names_is_mapped() -> None:
    """Every run state lg_thinq has a name for is mapped."""
    strings = json.loads(
        (Path(lg_thinq.__file__).parent / "strings.json").read_text(encoding="utf-8")
    )
    named = set(strings["entity"]["sensor"]["current_state"]["state"])
    assert named <= set(RUN_RULE.states)


@pytest.mark.parametrize("appliance", CYCLE_APPLIANCES)
async def test_finish_time_moves(
    lg: LgThinqHarness, appliance: str, freezer: FrozenDateTimeFactory
) -> None:
    """The remaining time shows as the finish time, and moves when the machine says so."""
    entity_id = lg.entity_id(appliance, "sensor", "remain")
    assert lg.hass.states.get(entity_id).state == STATE_UNKNOWN  # type: ignore[union-attr]
    await lg.async_set_run(appliance, Run.RUNNING)
    await lg.async_set_remaining(appliance, 95)
    finish = dt_util.parse_datetime(lg.hass.states.get(entity_id).state)  # type: ignore[union-attr]
    assert finish == dt_util.utcnow() + timedelta(minutes=95)
    freezer.tick(timedelta(minutes=30))
    await lg.async_set_remaining(appliance, 20)
    finish = dt_util.parse_datetime(lg.hass.states.get(entity_id).state)  # type: ignore[union-attr]
    assert finish == dt_util.utcnow() + timedelta(minutes=20)
    await lg.async_set_remaining(appliance, None)
    assert lg.hass.states.get(entity_id).state == STATE_UNKNOWN  # type: ignore[union-attr]


@pytest.mark.parametrize("appliance", CYCLE_APPLIANCES)
async def test_error_code_appears_and_clears(
    lg: LgThinqHarness, appliance: str, freezer: FrozenDateTimeFactory
) -> None:
    """An error code fires the error event with its code; once cleared, no event follows."""
    entity_id = lg.entity_id(appliance, "event", "error")
    state = lg.hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_UNKNOWN
    event_types = state.attributes["event_types"]
    assert set(event_types) <= set(MAP.errors) | ERROR_RULE.no_error

    code = "door_open_error"
    assert code in event_types
    await lg.async_set_run(appliance, Run.ERROR)
    await lg.async_set_error(appliance, code)
    state = lg.hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["event_type"] == code
    assert code in MAP.errors
    assert code not in ERROR_RULE.no_error
    fired_at = state.state
    assert dt_util.parse_datetime(fired_at) == dt_util.utcnow()

    freezer.tick(timedelta(minutes=5))
    await lg.async_set_error(appliance, None)
    await lg.async_set_run(appliance, Run.IDLE)
    state = lg.hass.states.get(entity_id)
    assert state is not None
    assert state.state == fired_at, "an event fired after the error cleared"
    assert _run(lg.hass, lg.entity_id(appliance, "sensor", "current_state")) is Run.IDLE


async def test_refrigerator_has_no_error_or_run_state(lg: LgThinqHarness) -> None:
    """lg_thinq shows neither for a refrigerator; the harness says so."""
    with pytest.raises(NotImplementedError):
        await lg.async_set_error("refrigerator", "unknown_error")
    with pytest.raises(NotImplementedError):
        await lg.async_set_run("refrigerator", Run.RUNNING)


async def test_tub_clean_count_moves(lg: LgThinqHarness) -> None:
    """The washer's cycles since its tub clean follow the machine."""
    entity_id = lg.entity_id("washer", "sensor", "cycle_count")
    assert lg.hass.states.get(entity_id).state == "12"  # type: ignore[union-attr]
    await lg.async_set_tub_clean_count("washer", 31)
    assert lg.hass.states.get(entity_id).state == "31"  # type: ignore[union-attr]
    await lg.async_set_tub_clean_count("washer", 0)
    assert lg.hass.states.get(entity_id).state == "0"  # type: ignore[union-attr]
    for appliance in ("dryer", "dishwasher"):
        with pytest.raises(NotImplementedError):
            await lg.async_set_tub_clean_count(appliance, 1)


async def test_filter_left_moves(lg: LgThinqHarness) -> None:
    """The refrigerator's water filter life left follows the machine."""
    entity_id = lg.entity_id("refrigerator", "sensor", "water_filter_1_remain_percent")
    state = lg.hass.states.get(entity_id)
    assert state is not None
    assert state.state == "71"
    assert state.attributes["unit_of_measurement"] == "%"
    await lg.async_set_filter_left("refrigerator", 8)
    assert lg.hass.states.get(entity_id).state == "8"  # type: ignore[union-attr]
    fresh_air = _matching(
        lg, "refrigerator", _rule(Signal.FILTER_LEFT, "sensor", "_filter_remain_percent")
    )
    state = lg.hass.states.get(fresh_air[0])
    assert state is not None
    assert state.state == "64"
    assert state.attributes["unit_of_measurement"] == "%"
    with pytest.raises(NotImplementedError):
        await lg.async_set_filter_left("washer", 50)


@pytest.mark.parametrize("appliance", ["dishwasher", "refrigerator"])
async def test_door_follows_the_machine(lg: LgThinqHarness, appliance: str) -> None:
    """The door sensor opens and closes with the machine's door."""
    entity_id = lg.entity_id(appliance, "binary_sensor", "door_state")
    assert lg.hass.states.get(entity_id).state == STATE_OFF  # type: ignore[union-attr]
    await lg.async_set_door(appliance, True)
    assert lg.hass.states.get(entity_id).state == STATE_ON  # type: ignore[union-attr]
    await lg.async_set_door(appliance, False)
    assert lg.hass.states.get(entity_id).state == STATE_OFF  # type: ignore[union-attr]


async def test_washer_and_dryer_show_no_door(lg: LgThinqHarness) -> None:
    """lg_thinq has no door entity for laundry machines; the harness says so."""
    for appliance in ("washer", "dryer"):
        with pytest.raises(NotImplementedError):
            await lg.async_set_door(appliance, True)


async def test_dishwasher_course_moves(lg: LgThinqHarness) -> None:
    """The dishwasher's course follows the machine; laundry machines show none."""
    entity_id = lg.entity_id("dishwasher", "sensor", "current_dish_washing_course")
    assert lg.hass.states.get(entity_id).state == "auto"  # type: ignore[union-attr]
    await lg.async_set_program("dishwasher", "HEAVY")
    assert lg.hass.states.get(entity_id).state == "heavy"  # type: ignore[union-attr]
    await lg.async_set_program("dishwasher", "eco")
    assert lg.hass.states.get(entity_id).state == "eco"  # type: ignore[union-attr]
    for appliance in ("washer", "dryer"):
        with pytest.raises(NotImplementedError):
            await lg.async_set_program(appliance, "COTTON")


async def test_pushes_arrive_by_mqtt_not_by_polling(
    lg: LgThinqHarness, aioclient_mock: AiohttpClientMocker
) -> None:
    """A change reaches the entities by the MQTT push alone: no status request is made."""

    def state_requests() -> int:
        return sum(
            1
            for method, url, _, _ in aioclient_mock.mock_calls
            if method.upper() == "GET" and url.path.endswith("/state")
        )

    before = state_requests()
    assert before == 4  # each device's first refresh
    await lg.async_set_run("washer", Run.RUNNING)
    assert lg.pushes == 1
    assert state_requests() == before
    assert _run(lg.hass, lg.entity_id("washer", "sensor", "current_state")) is Run.RUNNING
