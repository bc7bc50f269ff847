"""Connected washers of the real LG ThinQ, SmartThings and Home Connect integrations.

Each test sets up the real core integration with its client library (mocked only at the
network boundary, see the harnesses), then Appliance Care on its washer, and drives the
machine through its fixtures' state changes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import DOMAIN as REPAIRS_DOMAIN, repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.appliance_care.const import DOMAIN
from custom_components.appliance_care.sources.connected_map import Run

from .conftest import CONNECTED_ID, async_watch, connected_subentry, our_entity, record_events
from .home_connect_harness import async_setup_home_connect
from .lg_thinq_harness import async_setup_lg_thinq
from .smartthings_harness import async_setup_smartthings

START = "2026-11-02T07:00:00+00:00"


class Harness(Protocol):
    """What every integration's harness offers the tests here."""

    device_ids: dict[str, str]

    async def async_set_run(self, appliance: str, run: Run) -> None: ...
    async def async_set_remaining(self, appliance: str, minutes: int | None) -> None: ...
    async def async_set_program(self, appliance: str, program: str) -> None: ...
    async def async_unload(self) -> None: ...


@dataclass(frozen=True)
class Case:
    """One integration: its harness, and how its washer is driven."""

    domain: str
    program: str | None
    """A course the washer reports (None: the integration shows none for a washer)."""
    metered: bool
    """The integration reports the washer's power and energy."""


CASES = {
    "lg_thinq": Case("lg_thinq", None, metered=False),
    "smartthings": Case("smartthings", "cotton", metered=True),
    "home_connect": Case("home_connect", "LaundryCare.Washer.Program.Cotton", metered=False),
}


@pytest.fixture
async def harness(
    request: pytest.FixtureRequest,
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
) -> AsyncIterator[Harness]:
    """Set up the integration a test is parametrised with, on its made-up devices."""
    freezer.move_to(START)
    domain = request.param
    if domain == "lg_thinq":
        made: Any = await async_setup_lg_thinq(hass, aioclient_mock)
    elif domain == "smartthings":
        made = await async_setup_smartthings(hass, aioclient_mock)
    else:
        made = await async_setup_home_connect(hass)
    yield made
    for entry in hass.config_entries.async_entries(DOMAIN):
        await hass.config_entries.async_unload(entry.entry_id)
    await made.async_unload()


async def _pass(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float) -> None:
    """Let time pass in 30 s steps, as the engine's tick does."""
    for _ in range(round(minutes * 2)):
        freezer.tick(timedelta(seconds=30))
        async_fire_time_changed(hass)
    await hass.async_block_till_done()


def _state(hass: HomeAssistant, key: str) -> str:
    state = hass.states.get(our_entity(hass, key))
    assert state is not None
    return state.state


@pytest.mark.parametrize("harness", list(CASES), indirect=True)
async def test_care_entities_join_the_washers_own_device(
    hass: HomeAssistant, harness: Harness
) -> None:
    washer = harness.device_ids["washer"]
    domain = next(iter(dr.async_get(hass).async_get(washer).identifiers))[0]  # type: ignore[union-attr]
    await async_watch(hass, connected_subentry(washer, domain))
    ours = [
        entry
        for entry in er.async_entries_for_device(er.async_get(hass), washer)
        if entry.platform == DOMAIN
    ]
    keys = {entry.unique_id.removeprefix(f"{CONNECTED_ID}_") for entry in ours}
    assert {"status", "program", "remaining", "finishes_at", "cycle_count", "cycle"} <= keys
    # Beside the integration's own entities, none of ours takes a name shown already.
    entries = er.async_entries_for_device(er.async_get(hass), washer)
    shown = {e.entity_id: s.name for e in entries if (s := hass.states.get(e.entity_id))}
    ours = [shown[e.entity_id] for e in entries if e.platform == DOMAIN and e.entity_id in shown]
    theirs = {shown[e.entity_id] for e in entries if e.platform != DOMAIN and e.entity_id in shown}
    assert len(ours) == len(set(ours))
    assert not set(ours) & theirs, set(ours) & theirs
    # No second device of Appliance Care's own for the washer.
    assert not [
        device
        for device in dr.async_get(hass).devices
        if (DOMAIN, CONNECTED_ID) in device.identifiers
    ]
    assert _state(hass, "status") in ("off", "idle")


@pytest.mark.parametrize("appliance", ["washer", "dryer", "dishwasher"])
@pytest.mark.parametrize("harness", list(CASES), indirect=True)
async def test_a_cycle_finishes_on_time_when_the_cloud_is_late_and_only_once(
    hass: HomeAssistant, harness: Harness, freezer: FrozenDateTimeFactory, appliance: str
) -> None:
    machine = harness.device_ids[appliance]
    domain = next(iter(dr.async_get(hass).async_get(machine).identifiers))[0]  # type: ignore[union-attr]
    case = CASES[domain]
    program = case.program if appliance == "washer" else None
    await async_watch(hass, connected_subentry(machine, domain, appliance, title=appliance))
    fired, stop = record_events(hass, our_entity(hass, "cycle"))
    if program is not None:
        await harness.async_set_program(appliance, program)
    await harness.async_set_remaining(appliance, 60)
    await harness.async_set_run(appliance, Run.RUNNING)
    assert _state(hass, "status") == "running"
    assert [e["event_type"] for e in fired] == ["cycle_started"]
    assert 58 <= float(_state(hass, "remaining")) <= 60

    await _pass(hass, freezer, 30)
    await harness.async_set_remaining(appliance, 30)
    assert 29 <= float(_state(hass, "remaining")) <= 30
    await harness.async_set_run(appliance, Run.PAUSED)
    assert _state(hass, "status") == "paused"
    await harness.async_set_run(appliance, Run.RUNNING)
    assert _state(hass, "status") == "running"

    # The countdown ends; the machine still says running (its cloud is late).
    await _pass(hass, freezer, 30)
    await harness.async_set_remaining(appliance, 0)
    assert _state(hass, "status") == "running"
    await _pass(hass, freezer, 2)
    assert _state(hass, "status") == "finished"
    kinds = [e["event_type"] for e in fired]
    assert kinds.count("cycle_finished") == 1
    finished = next(e for e in fired if e["event_type"] == "cycle_finished")
    assert 59 <= finished["duration_min"] <= 61
    assert (finished["energy_kwh"] is not None) is case.metered
    if program is not None:
        # The machine's course key, shown as a name.
        assert finished["program"] == "Cotton"

    # The cloud's own "finished" comes later: no second finish.
    await _pass(hass, freezer, 5)
    await harness.async_set_run(appliance, Run.FINISHED)
    await harness.async_set_run(appliance, Run.IDLE)
    assert [e["event_type"] for e in fired].count("cycle_finished") == 1
    assert _state(hass, "cycle_count") == "1"
    stop()


@pytest.mark.parametrize("harness", list(CASES), indirect=True)
async def test_a_run_that_jumps_to_off_without_finishing(
    hass: HomeAssistant, harness: Harness, freezer: FrozenDateTimeFactory
) -> None:
    washer = harness.device_ids["washer"]
    domain = next(iter(dr.async_get(hass).async_get(washer).identifiers))[0]  # type: ignore[union-attr]
    await async_watch(hass, connected_subentry(washer, domain))
    fired, stop = record_events(hass, our_entity(hass, "cycle"))
    # Cancelled after ten minutes of an hour: no cycle.
    await harness.async_set_remaining("washer", 60)
    await harness.async_set_run("washer", Run.RUNNING)
    await _pass(hass, freezer, 10)
    await harness.async_set_run("washer", Run.OFF)
    assert _state(hass, "status") == "off"
    assert "cycle_finished" not in [e["event_type"] for e in fired]
    # Off at the end of its countdown, without "finished": a cycle, once.
    await harness.async_set_remaining("washer", 40)
    await harness.async_set_run("washer", Run.RUNNING)
    await _pass(hass, freezer, 38)
    await harness.async_set_remaining("washer", 2)
    await harness.async_set_run("washer", Run.OFF)
    kinds = [e["event_type"] for e in fired]
    assert kinds.count("cycle_started") == 2
    assert kinds.count("cycle_finished") == 1
    assert _state(hass, "status") == "finished"
    stop()


@pytest.mark.parametrize("harness", ["lg_thinq"], indirect=True)
async def test_lg_error_codes_and_tub_clean_counter(
    hass: HomeAssistant, harness: Any, issue_registry: ir.IssueRegistry
) -> None:
    washer = harness.device_ids["washer"]
    await async_watch(hass, connected_subentry(washer, "lg_thinq"))
    error = our_entity(hass, "finding_appliance_error")
    assert hass.states.get(error).state == "off"  # type: ignore[union-attr]
    await harness.async_set_run("washer", Run.RUNNING)
    await harness.async_set_error("washer", "water_drain_error")
    await harness.async_set_run("washer", Run.ERROR)
    state = hass.states.get(error)
    assert state is not None
    assert state.state == "on"
    assert state.attributes["values"] == {"code": "water_drain_error", "cause": "drain"}
    issue = issue_registry.async_get_issue(DOMAIN, f"{CONNECTED_ID}_appliance_error")
    assert issue is not None
    assert issue.translation_key == "appliance_error_drain"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["code"] == "water_drain_error"
    # The machine runs again: the error is over.
    await harness.async_set_error("washer", None)
    await harness.async_set_run("washer", Run.RUNNING)
    assert hass.states.get(error).state == "off"  # type: ignore[union-attr]

    # The machine's own count of cycles since its tub clean makes the reminder due.
    due = our_entity(hass, "finding_tub_clean_due")
    await harness.async_set_tub_clean_count("washer", 12)
    assert hass.states.get(due).state == "off"  # type: ignore[union-attr]
    await harness.async_set_tub_clean_count("washer", 31)
    assert hass.states.get(due).state == "on"  # type: ignore[union-attr]
    # It runs its tub-clean course: the count goes back, recorded as maintenance.
    await harness.async_set_tub_clean_count("washer", 0)
    assert hass.states.get(due).state == "off"  # type: ignore[union-attr]
    assert hass.states.get(our_entity(hass, "last_tub_clean")).state not in ("unknown", None)  # type: ignore[union-attr]


@pytest.mark.parametrize("harness", ["home_connect"], indirect=True)
async def test_home_connect_dishwasher_faults_are_findings(
    hass: HomeAssistant, harness: Any
) -> None:
    dishwasher = harness.device_ids["dishwasher"]
    await async_watch(
        hass, connected_subentry(dishwasher, "home_connect", "dishwasher", title="Dishwasher")
    )
    error = our_entity(hass, "finding_appliance_error")
    await harness.async_set_error("dishwasher", "Dishcare.Dishwasher.Event.SaltLack")
    state = hass.states.get(error)
    assert state is not None
    assert state.state == "on"
    assert state.attributes["values"]["cause"] == "detergent"
    await harness.async_set_error("dishwasher", None)
    assert hass.states.get(error).state == "off"  # type: ignore[union-attr]


@pytest.mark.parametrize("harness", list(CASES), indirect=True)
async def test_removing_the_device_removes_the_care_entities_and_asks(
    hass: HomeAssistant, harness: Harness, issue_registry: ir.IssueRegistry
) -> None:
    washer = harness.device_ids["washer"]
    domain = next(iter(dr.async_get(hass).async_get(washer).identifiers))[0]  # type: ignore[union-attr]
    entry = await async_watch(hass, connected_subentry(washer, domain))
    status = our_entity(hass, "status")
    dr.async_get(hass).async_remove_device(washer)
    await hass.async_block_till_done()
    assert er.async_get(hass).async_get(status) is None
    issue = issue_registry.async_get_issue(DOMAIN, f"device_removed_{CONNECTED_ID}")
    assert issue is not None
    assert issue.is_fixable
    # The appliance and what it recorded stay until the user removes it, in Repairs.
    assert CONNECTED_ID in entry.subentries
    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    flow = await manager.async_init(DOMAIN, data={"issue_id": f"device_removed_{CONNECTED_ID}"})
    assert flow["step_id"] == "confirm"
    assert flow["description_placeholders"] == {"name": "Washer"}
    result = await manager.async_configure(flow["flow_id"], {})
    await hass.async_block_till_done()
    assert result["type"] == "create_entry"
    assert CONNECTED_ID not in entry.subentries
    assert issue_registry.async_get_issue(DOMAIN, f"device_removed_{CONNECTED_ID}") is None


@pytest.mark.parametrize("harness", ["smartthings", "home_connect"], indirect=True)
async def test_removing_the_integration_removes_the_care_entities_and_asks(
    hass: HomeAssistant, harness: Any, issue_registry: ir.IssueRegistry
) -> None:
    washer = harness.device_ids["washer"]
    domain = next(iter(dr.async_get(hass).async_get(washer).identifiers))[0]  # type: ignore[union-attr]
    await async_watch(hass, connected_subentry(washer, domain))
    status = our_entity(hass, "status")
    assert await hass.config_entries.async_remove(harness.entry.entry_id)
    await hass.async_block_till_done()
    assert er.async_get(hass).async_get(status) is None
    assert issue_registry.async_get_issue(DOMAIN, f"device_removed_{CONNECTED_ID}") is not None


@pytest.mark.parametrize("harness", ["lg_thinq"], indirect=True)
async def test_hours_without_the_run_state_finish_nothing_before_the_countdown(
    hass: HomeAssistant, harness: Any, freezer: FrozenDateTimeFactory
) -> None:
    washer = harness.device_ids["washer"]
    await async_watch(hass, connected_subentry(washer, "lg_thinq"))
    fired, stop = record_events(hass, our_entity(hass, "cycle"))
    await harness.async_set_remaining("washer", 180)
    await harness.async_set_run("washer", Run.RUNNING)
    # The cloud goes away for two hours of a three-hour cycle.
    run_state = harness.entity_id("washer", "sensor", "current_state")
    hass.states.async_set(run_state, "unavailable")
    await _pass(hass, freezer, 120)
    assert _state(hass, "status") == "unavailable"
    assert "cycle_finished" not in [e["event_type"] for e in fired]
    # It comes back: still the same cycle, finished once when the machine says so.
    await harness.async_set_run("washer", Run.RUNNING)
    assert _state(hass, "status") == "running"
    await _pass(hass, freezer, 50)
    await harness.async_set_run("washer", Run.FINISHED)
    kinds = [e["event_type"] for e in fired]
    assert kinds == ["cycle_started", "cycle_finished"]
    stop()


@pytest.mark.parametrize("harness", ["lg_thinq"], indirect=True)
async def test_an_error_told_by_an_event_clears_after_a_restart(
    hass: HomeAssistant, harness: Any
) -> None:
    washer = harness.device_ids["washer"]
    entry = await async_watch(hass, connected_subentry(washer, "lg_thinq"))
    error = our_entity(hass, "finding_appliance_error")
    await harness.async_set_run("washer", Run.RUNNING)
    await harness.async_set_error("washer", "door_open_error")
    assert hass.states.get(error).state == "on"  # type: ignore[union-attr]
    # Appliance Care stops; meanwhile the machine is mended and runs again.
    assert await hass.config_entries.async_unload(entry.entry_id)
    await harness.async_set_error("washer", None)
    await harness.async_set_run("washer", Run.PAUSED)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    # The error the event told before the restart is over: no event says so, the state does.
    assert hass.states.get(error).state == "off"  # type: ignore[union-attr]


@pytest.mark.parametrize("harness", ["lg_thinq"], indirect=True)
async def test_a_fridges_own_water_filter_gets_a_forecast(
    hass: HomeAssistant, harness: Any, freezer: FrozenDateTimeFactory
) -> None:
    fridge = harness.device_ids["refrigerator"]
    await async_watch(
        hass, connected_subentry(fridge, "lg_thinq", "refrigerator", title="Refrigerator")
    )
    # No run state, no cycles: care only, from the door and the filter.
    assert _state(hass, "finding_filter_replace_soon") == "off"
    # The fixture's filter has 71 % left; it wears 4 points a day from now on.
    for left in range(67, 19, -4):
        freezer.tick(timedelta(days=1))
        async_fire_time_changed(hass)
        await harness.async_set_filter_left("refrigerator", left)
    forecast = date.fromisoformat(_state(hass, "filter_replace_by"))
    # The 23 % left last about six days: within the notice, so the finding is up.
    today = dt_util.now().date()
    assert today + timedelta(days=5) <= forecast <= today + timedelta(days=7)
    assert _state(hass, "finding_filter_replace_soon") == "on"
