"""The SmartThings map against the real SmartThings integration and client library."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import timedelta

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.appliance_care.engine import ApplianceType
from custom_components.appliance_care.sources.connected_map import EntityRule, Run, Signal
from custom_components.appliance_care.sources.smartthings import MAP

from .smartthings_harness import (
    API,
    APPLIANCES,
    CYCLE_MACHINES,
    STREAM_URL,
    SUBSCRIPTION_ID,
    SmartThingsHarness,
    async_setup_smartthings,
)

TYPES = {
    "washer": ApplianceType.WASHER,
    "dryer": ApplianceType.DRYER,
    "dishwasher": ApplianceType.DISHWASHER,
    "refrigerator": ApplianceType.REFRIGERATOR,
}
SIGNALS = {
    "washer": {
        Signal.RUN_STATE,
        Signal.PROGRAM,
        Signal.FINISH_AT,
        Signal.DOOR,
        Signal.POWER,
        Signal.ENERGY,
    },
    "dryer": {
        Signal.RUN_STATE,
        Signal.PROGRAM,
        Signal.FINISH_AT,
        Signal.DOOR,
        Signal.POWER,
        Signal.ENERGY,
    },
    "dishwasher": {
        Signal.RUN_STATE,
        Signal.PROGRAM,
        Signal.FINISH_AT,
        Signal.DOOR,
        Signal.POWER,
        Signal.ENERGY,
    },
    "refrigerator": {Signal.DOOR, Signal.POWER, Signal.ENERGY},
}
"""What each fixture device gives Appliance Care through the map."""


@pytest.fixture
async def harness(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> AsyncGenerator[SmartThingsHarness]:
    """Set up SmartThings with the fixture devices; unload it after the test."""
    harness = await async_setup_smartthings(hass, aioclient_mock)
    yield harness
    await harness.async_unload()


def matched(harness: SmartThingsHarness, appliance: str) -> list[tuple[EntityRule, str]]:
    """Return the rules that match an entity of a fixture device, with that entity."""
    registry = er.async_get(harness.hass)
    return [
        (rule, entry.entity_id)
        for entry in er.async_entries_for_device(registry, harness.device_ids[appliance])
        for rule in MAP.rules
        if rule.matches(entry.domain, entry.translation_key, entry.unique_id)
    ]


def rules_for(appliance: str, signal: Signal) -> list[EntityRule]:
    """Return the rules of one signal that apply to a kind of appliance."""
    return [
        rule
        for rule in MAP.rules
        if rule.signal is signal and rule.appliance in (None, TYPES[appliance])
    ]


def state(harness: SmartThingsHarness, entity_id: str) -> str:
    """Return an entity's state."""
    current = harness.hass.states.get(entity_id)
    assert current is not None, entity_id
    return current.state


POWER_SUFFIX = "_main_switch_switch_switch"


def run_entities(harness: SmartThingsHarness, appliance: str) -> tuple[str, str, str]:
    """Return the power, machine-state and job-state entities of a cycle machine."""
    return (
        harness.entity_id(appliance, "binary_sensor", POWER_SUFFIX),
        harness.entity_id(appliance, "sensor", f"{appliance}_machine_state"),
        harness.entity_id(appliance, "sensor", f"{appliance}_job_state"),
    )


def run_rules(appliance: str) -> tuple[EntityRule, EntityRule, EntityRule]:
    """Return the power, machine-state and job-state rules of a cycle machine."""
    rules = rules_for(appliance, Signal.RUN_STATE)
    power = next(rule for rule in rules if rule.unique_id_suffix == POWER_SUFFIX)
    machine = next(r for r in rules if r.translation_key == f"{appliance}_machine_state")
    job = next(r for r in rules if r.translation_key == f"{appliance}_job_state")
    assert len(rules) == 3, rules
    return power, machine, job


def readings(harness: SmartThingsHarness, appliance: str) -> tuple[Run | None, ...]:
    """Return what each run-state entity of a machine says, through its rule."""
    return tuple(
        rule.states.get(state(harness, entity_id))
        for rule, entity_id in zip(
            run_rules(appliance), run_entities(harness, appliance), strict=True
        )
    )


def read_run(harness: SmartThingsHarness, appliance: str) -> Run | None:
    """Read a machine's run states together, as the map's module says they are read."""
    power, machine, job = readings(harness, appliance)
    if power is Run.OFF:
        return Run.OFF
    if machine is Run.PAUSED:
        return Run.PAUSED
    return job if job is not None else machine


def test_map_is_valid() -> None:
    """Every rule names its entity one way, and only run states carry states."""
    assert MAP.domain == "smartthings"
    assert not MAP.errors
    for rule in MAP.rules:
        assert (rule.translation_key is None) != (rule.unique_id_suffix is None), rule
        assert bool(rule.states) == (rule.signal is Signal.RUN_STATE), rule


async def test_every_rule_finds_its_entity(harness: SmartThingsHarness) -> None:
    """Each fixture device has an entity for every rule of its kind, and the map is used."""
    used: set[int] = set()
    for appliance in APPLIANCES:
        found = matched(harness, appliance)
        used.update(id(rule) for rule, _ in found)
        assert {rule.signal for rule, _ in found} == SIGNALS[appliance], appliance
        for rule, entity_id in found:
            assert rule.appliance in (None, TYPES[appliance]), (appliance, rule, entity_id)
            assert state(harness, entity_id) != STATE_UNAVAILABLE, entity_id
        for rule in MAP.rules:
            if rule.appliance is TYPES[appliance]:
                assert any(r is rule for r, _ in found), (appliance, rule)
    assert used == {id(rule) for rule in MAP.rules}


async def test_run_state_options_are_mapped(harness: SmartThingsHarness) -> None:
    """Every state a run-state entity can take is in its rule, and no other."""
    for appliance in CYCLE_MACHINES:
        power, machine, job = run_entities(harness, appliance)
        power_rule, *sensor_rules = run_rules(appliance)
        assert set(power_rule.states) == {"on", "off"}
        for rule, entity_id in zip(sensor_rules, (machine, job), strict=True):
            current = harness.hass.states.get(entity_id)
            assert current is not None
            assert current.attributes.get("device_class") == "enum"
            assert set(current.attributes["options"]) == set(rule.states), entity_id
        current = harness.hass.states.get(power)
        assert current is not None
        assert current.attributes.get("device_class") == "power"


@pytest.mark.parametrize("appliance", CYCLE_MACHINES)
async def test_run_state_follows_the_machine(harness: SmartThingsHarness, appliance: str) -> None:
    """Running, paused, running, finished, idle, off and on again read as the harness set."""
    assert read_run(harness, appliance) is Run.IDLE
    steps = (Run.RUNNING, Run.PAUSED, Run.RUNNING, Run.FINISHED, Run.IDLE, Run.OFF, Run.RUNNING)
    for run in steps:
        await harness.async_set_run(appliance, run)
        assert read_run(harness, appliance) is run, (appliance, run, readings(harness, appliance))
        # Each entity is in a state its rule knows (a dishwasher's idle job state is none).
        for entity_id, reading in zip(
            run_entities(harness, appliance), readings(harness, appliance), strict=True
        ):
            if reading is None:
                assert appliance == "dishwasher", entity_id
                assert run in (Run.IDLE, Run.OFF), entity_id
                assert state(harness, entity_id) == "unknown", entity_id
    with pytest.raises(NotImplementedError):
        await harness.async_set_run(appliance, Run.ERROR)


@pytest.mark.parametrize("appliance", CYCLE_MACHINES)
async def test_finish_at_moves(harness: SmartThingsHarness, appliance: str) -> None:
    """The completion time follows the machine's time left."""
    (rule,) = rules_for(appliance, Signal.FINISH_AT)
    entity_id = harness.entity_id(appliance, rule.platform, str(rule.translation_key))
    current = harness.hass.states.get(entity_id)
    assert current is not None
    assert current.attributes.get("device_class") == "timestamp"
    for minutes in (95, 42, None):
        await harness.async_set_remaining(appliance, minutes)
        finish = dt_util.parse_datetime(state(harness, entity_id))
        assert finish is not None
        expected = dt_util.utcnow() + timedelta(minutes=minutes or 0)
        # SmartThings gives whole seconds, and the clock runs on while the event travels.
        assert abs(finish - expected) < timedelta(seconds=3), (minutes, finish)


@pytest.mark.parametrize(
    ("appliance", "program", "shown"),
    [
        ("washer", "heavy", "heavy"),
        ("dryer", "lowHeat", "lowHeat"),
        ("dishwasher", "intensive", "intensive"),
        ("dishwasher", "rinseOnly", "rinse_only"),
    ],
)
async def test_program_moves(
    harness: SmartThingsHarness, appliance: str, program: str, shown: str
) -> None:
    """The programme entity shows the course the machine reports."""
    (rule,) = rules_for(appliance, Signal.PROGRAM)
    entity_id = harness.entity_id(appliance, rule.platform, str(rule.translation_key))
    assert state(harness, entity_id) != shown
    await harness.async_set_program(appliance, program)
    assert state(harness, entity_id) == shown


DOORS = {
    "washer": ["door"],
    "dryer": ["door"],
    "dishwasher": ["door"],
    "refrigerator": ["cooler_door", "freezer_door"],
}
"""Each fixture device's door entities, by translation key."""


@pytest.mark.parametrize("appliance", APPLIANCES)
async def test_door_moves(harness: SmartThingsHarness, appliance: str) -> None:
    """Each door entity is on while its door is open."""
    doors = {
        str(rule.translation_key): entity_id
        for rule, entity_id in matched(harness, appliance)
        if rule.signal is Signal.DOOR
    }
    assert sorted(doors) == DOORS[appliance]
    first = doors[DOORS[appliance][0]]
    assert state(harness, first) == "off"
    await harness.async_set_door(appliance, True)
    assert state(harness, first) == "on"
    await harness.async_set_door(appliance, False)
    assert state(harness, first) == "off"
    if appliance == "refrigerator":
        freezer = doors["freezer_door"]
        await harness.async_push(appliance, "freezer", "contactSensor", "contact", "open")
        assert state(harness, freezer) == "on"
        assert state(harness, first) == "off"
        await harness.async_push(appliance, "freezer", "contactSensor", "contact", "closed")
        assert state(harness, freezer) == "off"


@pytest.mark.parametrize("appliance", APPLIANCES)
async def test_power_and_energy_move(harness: SmartThingsHarness, appliance: str) -> None:
    """The power consumption report gives watts and a kWh meter."""
    (power_rule,) = rules_for(appliance, Signal.POWER)
    (energy_rule,) = rules_for(appliance, Signal.ENERGY)
    power_id = harness.entity_id(appliance, "sensor", str(power_rule.unique_id_suffix))
    energy_id = harness.entity_id(appliance, "sensor", str(energy_rule.unique_id_suffix))
    await harness.async_set_power(appliance, 1850.5, 2_461_300)
    assert float(state(harness, power_id)) == pytest.approx(1850.5)
    assert float(state(harness, energy_id)) == pytest.approx(2461.3)
    energy = harness.hass.states.get(energy_id)
    power = harness.hass.states.get(power_id)
    assert energy is not None
    assert power is not None
    assert energy.attributes["unit_of_measurement"] == "kWh"
    assert power.attributes["unit_of_measurement"] == "W"
    await harness.async_set_power(appliance, 3.0, 2_462_000)
    assert float(state(harness, power_id)) == pytest.approx(3.0)
    assert float(state(harness, energy_id)) == pytest.approx(2462.0)


async def test_water_filter_is_shown_as_use(harness: SmartThingsHarness) -> None:
    """The refrigerator's water filter sensor shows the per cent used: the map leaves it out."""
    entity_id = harness.entity_id("refrigerator", "sensor", "water_filter_usage")
    assert not [rule for rule, eid in matched(harness, "refrigerator") if eid == entity_id]
    await harness.async_set_filter_left("refrigerator", 70)
    assert state(harness, entity_id) == "30"


@pytest.mark.parametrize("appliance", APPLIANCES)
async def test_what_smartthings_does_not_show(harness: SmartThingsHarness, appliance: str) -> None:
    """Error codes and tub-clean counts have no entity to drive."""
    with pytest.raises(NotImplementedError):
        await harness.async_set_error(appliance, "4C")
    with pytest.raises(NotImplementedError):
        await harness.async_set_tub_clean_count(appliance, 40)
    if appliance != "refrigerator":
        with pytest.raises(NotImplementedError):
            await harness.async_set_filter_left(appliance, 50)
    else:
        with pytest.raises(NotImplementedError):
            await harness.async_set_run(appliance, Run.RUNNING)


async def test_events_come_through_the_stream(
    harness: SmartThingsHarness, aioclient_mock: AiohttpClientMocker
) -> None:
    """The client opened the subscription's event stream and removes it at unload."""
    calls = [(method.lower(), str(url)) for method, url, *_ in aioclient_mock.mock_calls]
    assert ("get", STREAM_URL) in calls
    assert ("post", f"{API}/subscriptions") in calls
    await harness.async_unload()
    calls = [(method.lower(), str(url)) for method, url, *_ in aioclient_mock.mock_calls]
    assert ("delete", f"{API}/subscriptions/{SUBSCRIPTION_ID}") in calls
