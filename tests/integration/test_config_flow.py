"""The home entry's flows, and the demo home's subentry flow."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.appliance_care.const import (
    CONF_FAULTS,
    CONF_HISTORY_WEEKS,
    CONF_OUTDOOR_SENSOR,
    CONF_SCHEDULES,
    CONF_SEED,
    CONF_SIMULATION,
    CONF_SPEED,
    CONF_WEATHER,
    DOMAIN,
    SUBENTRY_DEMO,
)
from custom_components.appliance_care.sources.demo_options import fault_tour
from tests.integration.conftest import demo_options, demo_subentry, home_entry, simulation_of


async def test_first_step_creates_the_home_with_its_settings(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OUTDOOR_SENSOR: "sensor.outdoor", CONF_WEATHER: "weather.home"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    assert entry.title == "Appliance Care"
    assert entry.options == {CONF_OUTDOOR_SENSOR: "sensor.outdoor", CONF_WEATHER: "weather.home"}
    assert entry.subentries == {}
    assert entry.state is ConfigEntryState.LOADED


async def test_first_step_can_bring_the_demo_home(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {"add_demo": True})
    await hass.async_block_till_done()
    entry = result["result"]
    (demo,) = entry.subentries.values()
    assert demo.subentry_type == SUBENTRY_DEMO
    assert demo.unique_id == "demo_home"
    assert hass.states.get("sensor.washer_status") is not None
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_one_home_only(hass: HomeAssistant, demo_home: MockConfigEntry) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "single_instance_allowed"


async def test_demo_home_is_added_with_chosen_speed(hass: HomeAssistant) -> None:
    entry = home_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_DEMO), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_SPEED: 60}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    (demo,) = entry.subentries.values()
    assert demo.data[CONF_SIMULATION][CONF_SPEED] == 60.0
    assert entry.state is ConfigEntryState.LOADED
    assert simulation_of(entry).speed == 60.0
    assert hass.states.get("sensor.washer_status") is not None


async def test_a_fault_tour_needs_a_past_and_reaches_the_demo_home(hass: HomeAssistant) -> None:
    entry = home_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_DEMO), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_SPEED: 60, CONF_HISTORY_WEEKS: 1, "fault_tour": True}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "fault_tour_needs_past"}
    # The form comes back with what was chosen.
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested == {CONF_SPEED: 60, CONF_HISTORY_WEEKS: 1, "fault_tour": True}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_SPEED: 60, CONF_HISTORY_WEEKS: 2, "fault_tour": True}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    (demo,) = entry.subentries.values()
    assert demo.data[CONF_SIMULATION][CONF_HISTORY_WEEKS] == 2
    assert demo.data[CONF_FAULTS][CONF_FAULTS] == fault_tour()
    # Its reconfigure keeps the past it began with on record.
    result = dict(await _reconfigure_demo(hass, entry))
    result = dict(
        await hass.config_entries.subentries.async_configure(
            str(result["flow_id"]),
            {
                CONF_SIMULATION: {CONF_SPEED: 60, CONF_SEED: 1},
                CONF_FAULTS: {CONF_FAULTS: []},
                CONF_SCHEDULES: {},
            },
        )
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    (demo,) = entry.subentries.values()
    assert demo.data[CONF_FAULTS][CONF_FAULTS] == []
    assert demo.data[CONF_SIMULATION][CONF_HISTORY_WEEKS] == 2
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_second_demo_home_is_refused(hass: HomeAssistant, demo_home: MockConfigEntry) -> None:
    result = await hass.config_entries.subentries.async_init(
        (demo_home.entry_id, SUBENTRY_DEMO), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def _reconfigure_demo(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, object]:
    (subentry_id,) = entry.subentries
    return dict(
        await hass.config_entries.subentries.async_init(
            (entry.entry_id, SUBENTRY_DEMO),
            context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id},
        )
    )


async def test_reconfigure_sets_speed_faults_and_schedule_and_reloads(
    hass: HomeAssistant, demo_home: MockConfigEntry
) -> None:
    result = await _reconfigure_demo(hass, demo_home)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    result = dict(
        await hass.config_entries.subentries.async_configure(
            str(result["flow_id"]),
            {
                CONF_SIMULATION: {CONF_SPEED: 120, CONF_SEED: 7},
                CONF_FAULTS: {CONF_FAULTS: ["washer_clogged_drain", "refrigerator_door_seal"]},
                CONF_SCHEDULES: {"washer": "08:30:00"},
            },
        )
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    (demo,) = demo_home.subentries.values()
    assert demo.data == {
        CONF_SIMULATION: {CONF_SPEED: 120.0, CONF_SEED: 7},
        CONF_FAULTS: {CONF_FAULTS: ["washer_clogged_drain", "refrigerator_door_seal"]},
        CONF_SCHEDULES: {"washer": "08:30:00"},
    }
    # The home reloaded with the new settings.
    assert demo_home.state is ConfigEntryState.LOADED
    assert simulation_of(demo_home).speed == 120.0


async def test_reconfigure_form_shows_saved_schedule(hass: HomeAssistant) -> None:
    entry = home_entry(demo_subentry({**demo_options(), CONF_SCHEDULES: {"washer": "08:30:00"}}))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    result = await _reconfigure_demo(hass, entry)
    schedules = result["data_schema"].schema[CONF_SCHEDULES].schema.schema  # type: ignore[attr-defined]
    suggested = {str(key): (key.description or {}).get("suggested_value") for key in schedules}
    assert suggested["washer"] == "08:30:00"
    assert suggested["dryer"] is None


async def test_reconfigure_offers_the_found_faults_and_keeps_one_the_home_has(
    hass: HomeAssistant,
) -> None:
    """A fault no care rule finds is not offered, but one the home has stays listed."""
    entry = home_entry(demo_subentry(demo_options(faults=["washer_heater_scale"])))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    result = await _reconfigure_demo(hass, entry)
    faults = result["data_schema"].schema[CONF_FAULTS].schema.schema  # type: ignore[attr-defined]
    (key,) = faults
    options = faults[key].config["options"]
    assert "washer_heater_scale" in options
    assert "air_conditioner_dusty_condenser" not in options
    assert "washer_clogged_drain" in options
    assert (key.description or {}).get("suggested_value") == ["washer_heater_scale"]
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_home_options_set_the_outdoor_sensor_and_weather(
    hass: HomeAssistant, demo_home: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(demo_home.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["settings", "blueprints"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "settings"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_WEATHER: "weather.home"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert demo_home.options == {CONF_WEATHER: "weather.home"}
    assert demo_home.state is ConfigEntryState.LOADED


async def test_the_first_step_adds_the_bundled_blueprints_once(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    entry = result["result"]
    assert entry.data == {"add_blueprints": True}, "on unless unticked"
    names = await _blueprint_names(hass)
    assert len(names) == len(BUNDLED_BLUEPRINTS)
    assert "appliance_care/door_left_open.yaml" in names
    # One the owner removes is not added back at the next start.
    await hass.services.async_call(
        DOMAIN, "uninstall_feature", {"id": "door_left_open"}, blocking=True
    )
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert "appliance_care/door_left_open.yaml" not in await _blueprint_names(hass)


async def test_blueprints_are_chosen_in_the_options(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"add_blueprints": False}
    )
    await hass.async_block_till_done()
    entry = result["result"]
    assert await _blueprint_names(hass) == set()
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "blueprints"}
    )
    assert result["step_id"] == "blueprints"
    schema = result["data_schema"].schema
    (field,) = schema
    options = schema[field].config["options"]
    assert {"value": "door_left_open", "label": "Fridge or freezer door left open"} in options
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"blueprints": ["door_left_open", "freeze_guard"]}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert await _blueprint_names(hass) == {
        "appliance_care/door_left_open.yaml",
        "appliance_care/freeze_guard.yaml",
    }
    # Unticked, one goes; the form starts from what is installed.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "blueprints"}
    )
    (field,) = result["data_schema"].schema
    assert sorted(field.default()) == ["door_left_open", "freeze_guard"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"blueprints": ["freeze_guard"]}
    )
    await hass.async_block_till_done()
    assert await _blueprint_names(hass) == {"appliance_care/freeze_guard.yaml"}


async def _blueprint_names(hass: HomeAssistant) -> set[str]:
    blueprints = await async_get_blueprints(hass).async_get_blueprints()
    return {name for name, blueprint in blueprints.items() if blueprint is not None}


BUNDLED_BLUEPRINTS = sorted(
    path.name
    for path in (
        Path(__file__).parents[2] / "custom_components/appliance_care/catalog/bundled/blueprints"
    ).glob("*.yaml")
)


async def test_a_new_demo_home_has_every_appliance_alive_at_once(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    """At the default speed, every appliance's power and main sensors move within minutes."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"add_demo": True, "add_blueprints": False}
    )
    await hass.async_block_till_done()
    entry = result["result"]
    (demo,) = entry.subentries.values()
    assert set(demo.data[CONF_SCHEDULES]) == {"air_conditioner", "air_purifier", "water_purifier"}
    watched = {
        "sensor.air_conditioner_power",
        "sensor.air_conditioner_room_temperature",
        "sensor.air_purifier_power",
        "sensor.air_purifier_pm2_5",
        "sensor.water_purifier_power",
        "sensor.water_purifier_water_dispensed",
        "sensor.refrigerator_power",
        "sensor.refrigerator_fridge_temperature",
    }
    seen: dict[str, set[str]] = {entity_id: set() for entity_id in watched}
    for _ in range(6 * 6):  # six minutes of wall time, 10 s at a time
        frozen_start.tick(timedelta(seconds=10))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        for entity_id, states in seen.items():
            states.add(hass.states.get(entity_id).state)  # type: ignore[union-attr]
    assert {entity_id for entity_id, states in seen.items() if len(states) < 2} == set()
    assert max(float(v) for v in seen["sensor.air_conditioner_power"]) > 30, "its fan at least"
    assert max(float(v) for v in seen["sensor.air_purifier_power"]) > 5, "the fan, not standby"
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_a_blueprint_the_catalog_no_longer_offers_stays_installed(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    entry = result["result"]
    catalog = entry.runtime_data.catalog
    offered = catalog.blueprints_offered()
    # The remote catalog that offered it was turned off: it is installed, not offered.
    monkeypatch.setattr(
        catalog,
        "blueprints_offered",
        lambda: {k: v for k, v in offered.items() if k != "door_left_open"},
    )
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "blueprints"}
    )
    (field,) = result["data_schema"].schema
    assert "door_left_open" not in field.default(), "only what can be shown is preselected"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"blueprints": ["freeze_guard"]}
    )
    await hass.async_block_till_done()
    names = await _blueprint_names(hass)
    assert "appliance_care/door_left_open.yaml" in names, "not offered, so not removed"
    assert names == {"appliance_care/door_left_open.yaml", "appliance_care/freeze_guard.yaml"}
