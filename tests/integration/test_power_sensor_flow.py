"""Adding, reconfiguring and tuning an appliance behind a power sensor (a subentry)."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import entity_registry as er
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care.care_options import care_option_keys
from custom_components.appliance_care.const import (
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_PLACE,
    CONF_POWER_SENSOR,
    CONF_PURCHASE_DATE,
    CONF_THRESHOLDS,
    SUBENTRY_APPLIANCE,
)
from custom_components.appliance_care.engine import ApplianceType, contradictions
from custom_components.appliance_care.engine.care import CareSubject
from custom_components.appliance_care.engine_options import defaults_for, option_fields

from .conftest import (
    add_plug_sensors,
    appliance_of,
    appliance_subentry,
    async_add_appliance,
    care_of,
    home_entry,
)

TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / "appliance_care" / "translations"


async def _home(hass: HomeAssistant) -> MockConfigEntry:
    entry = home_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def _start_add(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_APPLIANCE), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["power_sensor", "connected", "generic"]
    result = await _configure(hass, str(result["flow_id"]), {"next_step_id": "power_sensor"})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "power_sensor"
    return str(result["flow_id"])


async def _configure(hass: HomeAssistant, flow_id: str, data: dict[str, Any]) -> Any:
    return await hass.config_entries.subentries.async_configure(flow_id, data)


async def _reconfigure(hass: HomeAssistant, entry: MockConfigEntry, step: str) -> Any:
    subentry_id = next(iter(entry.subentries))
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_APPLIANCE),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id},
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["sensors", "thresholds"]
    return await _configure(hass, result["flow_id"], {"next_step_id": step})


async def test_washer_behind_a_plug_is_added(hass: HomeAssistant) -> None:
    add_plug_sensors(hass)
    plug = er.async_get(hass).async_get_or_create("sensor", "test", "plug_power_id")
    hass.states.async_set(plug.entity_id, "0.8", {"unit_of_measurement": "W"})
    entry = await _home(hass)
    flow_id = await _start_add(hass, entry)
    result = await _configure(
        hass,
        flow_id,
        {
            CONF_NAME: " Washer ",
            CONF_APPLIANCE_TYPE: "washer",
            CONF_POWER_SENSOR: plug.entity_id,
            CONF_ENERGY_SENSOR: "sensor.plug_energy",
            CONF_DOOR_SENSOR: "binary_sensor.washer_door_contact",
            CONF_PURCHASE_DATE: "2021-05-01",
        },
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    (subentry,) = entry.subentries.values()
    assert subentry.title == "Washer"
    # A registered sensor is kept by its registry id, so renaming it changes nothing.
    assert subentry.data == {
        CONF_APPLIANCE_TYPE: "washer",
        CONF_POWER_SENSOR: plug.id,
        CONF_ENERGY_SENSOR: "sensor.plug_energy",
        CONF_DOOR_SENSOR: "binary_sensor.washer_door_contact",
        CONF_PURCHASE_DATE: "2021-05-01",
        CONF_THRESHOLDS: {},
        CONF_PLACE: {},
        CONF_CARE: {},
    }
    assert subentry.unique_id == plug.id
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.washer_status") is not None


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({CONF_POWER_SENSOR: "sensor.missing_power"}, CONF_POWER_SENSOR, "entity_not_found"),
        ({CONF_POWER_SENSOR: "sensor.plug_energy"}, CONF_POWER_SENSOR, "not_a_power_sensor"),
        ({CONF_ENERGY_SENSOR: "sensor.plug_power"}, CONF_ENERGY_SENSOR, "same_as_power_sensor"),
        ({CONF_DOOR_SENSOR: "binary_sensor.gone"}, CONF_DOOR_SENSOR, "entity_not_found"),
        ({CONF_PURCHASE_DATE: "2099-01-01"}, CONF_PURCHASE_DATE, "purchase_date_in_future"),
        ({CONF_NAME: "   "}, CONF_NAME, "name_required"),
    ],
)
async def test_bad_input_gives_translated_errors_and_can_be_corrected(
    hass: HomeAssistant, changes: dict[str, str], field: str, error: str
) -> None:
    add_plug_sensors(hass)
    entry = await _home(hass)
    flow_id = await _start_add(hass, entry)
    good = {
        CONF_NAME: "Washer",
        CONF_APPLIANCE_TYPE: "washer",
        CONF_POWER_SENSOR: "sensor.plug_power",
    }
    result = await _configure(hass, flow_id, {**good, **changes})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    result = await _configure(hass, flow_id, good)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_same_power_sensor_cannot_be_added_twice(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    flow_id = await _start_add(hass, washer_entry)
    result = await _configure(
        hass,
        flow_id,
        {CONF_NAME: "Again", CONF_APPLIANCE_TYPE: "dryer", CONF_POWER_SENSOR: "sensor.plug_power"},
    )
    # An error under the field, keeping what was typed.
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_POWER_SENSOR: "already_watched"}
    schema = result["data_schema"].schema
    suggested = {str(key): (key.description or {}).get("suggested_value") for key in schema}
    assert suggested[CONF_NAME] == "Again"


async def test_reconfigure_changes_name_and_sensors_and_keeps_type(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    hass.states.async_set("sensor.other_plug_power", "1.0", {"unit_of_measurement": "W"})
    result = await _reconfigure(hass, washer_entry, "sensors")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "sensors"
    result = await _configure(
        hass,
        result["flow_id"],
        {CONF_NAME: "Utility washer", CONF_POWER_SENSOR: "sensor.other_plug_power"},
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    (subentry,) = washer_entry.subentries.values()
    assert subentry.title == "Utility washer"
    assert subentry.unique_id == "sensor.other_plug_power"
    assert subentry.data[CONF_POWER_SENSOR] == "sensor.other_plug_power"
    assert subentry.data[CONF_APPLIANCE_TYPE] == "washer"
    assert CONF_DOOR_SENSOR not in subentry.data, "a sensor cleared in the form is gone"
    assert washer_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.utility_washer_status") is None, "entity ids stay"
    assert hass.states.get("sensor.washer_status") is not None


async def test_reconfigure_refuses_a_sensor_another_appliance_uses(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    hass.states.async_set("sensor.dryer_plug_power", "1.0", {"unit_of_measurement": "W"})
    await async_add_appliance(
        hass, appliance_subentry("dryer", "Dryer", power="sensor.dryer_plug_power")
    )
    result = await _reconfigure(hass, washer_entry, "sensors")
    result = await _configure(
        hass, result["flow_id"], {CONF_NAME: "Washer", CONF_POWER_SENSOR: "sensor.dryer_plug_power"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_POWER_SENSOR: "already_watched"}


async def test_thresholds_start_at_the_type_defaults_and_are_saved(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    result = await _reconfigure(hass, washer_entry, "thresholds")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "thresholds"
    schema = result["data_schema"].schema
    suggested = {str(key): key.description["suggested_value"] for key in schema}
    assert suggested["finish_hold_min"] > 0
    result = await _configure(hass, result["flow_id"], {**suggested, "finish_hold_min": 20})
    assert result.get("step_id") == "place", result
    result = await _configure(hass, result["flow_id"], {"unheated_place": True})
    assert result["step_id"] == "care"
    care_keys = {str(key) for key in result["data_schema"].schema}
    assert {"tub_clean_due_cycles", "freeze_threshold_c"} <= care_keys
    result = await _configure(
        hass, result["flow_id"], {"tub_clean_due_cycles": 25, "freeze_threshold_c": -3}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    (subentry,) = washer_entry.subentries.values()
    assert subentry.data[CONF_THRESHOLDS]["finish_hold_min"] == 20
    assert subentry.data[CONF_PLACE] == {"unheated_place": True}
    assert subentry.data[CONF_CARE]["tub_clean_due_cycles"] == 25
    assert subentry.data[CONF_CARE]["freeze_threshold_c"] == -3
    assert subentry.data[CONF_POWER_SENSOR] == "sensor.plug_power", "the sensors stay"
    tracker = appliance_of(washer_entry).tracker
    assert tracker is not None
    assert tracker.settings.finish_hold_s == 20 * 60
    care = care_of(washer_entry)
    assert care.finding_kinds()[-1] == "freeze_risk"


async def test_negative_threshold_is_refused_by_the_form_and_nothing_is_saved(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    result = await _reconfigure(hass, washer_entry, "thresholds")
    with pytest.raises(InvalidData) as raised:
        await _configure(hass, result["flow_id"], {"finish_hold_min": -5})
    assert "finish_hold_min" in raised.value.schema_errors
    (subentry,) = washer_entry.subentries.values()
    assert "finish_hold_min" not in subentry.data[CONF_THRESHOLDS]


async def test_fridge_thresholds_are_compressor_settings(
    hass: HomeAssistant, fridge_entry: MockConfigEntry
) -> None:
    result = await _reconfigure(hass, fridge_entry, "thresholds")
    keys = {str(key) for key in result["data_schema"].schema}
    assert "on_threshold_w" in keys
    assert "finish_hold_min" not in keys


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_care_option_is_translated(language: str) -> None:
    translations = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    step = translations["config_subentries"]["appliance"]["step"]["care"]
    for subject in CareSubject:
        for key in care_option_keys(subject, unheated=True):
            assert step["data"].get(key), f"{language}: {key} has no name"
            assert step["data_description"].get(key), f"{language}: {key} has no description"


async def test_fridge_options_ask_for_temperature_limits(
    hass: HomeAssistant, fridge_entry: MockConfigEntry
) -> None:
    result = await _reconfigure(hass, fridge_entry, "thresholds")
    schema = result["data_schema"].schema
    result = await _configure(
        hass, result["flow_id"], {str(key): key.description["suggested_value"] for key in schema}
    )
    result = await _configure(hass, result["flow_id"], {})
    assert result["step_id"] == "care"
    result = await _configure(
        hass,
        result["flow_id"],
        {"door_open_warning_min": 5, "temperature_high_c": 9, "temperature_low_c": 0},
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    care = care_of(fridge_entry)
    assert care.monitor is not None


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_threshold_of_every_type_is_translated(language: str) -> None:
    translations = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    step = translations["config_subentries"]["appliance"]["step"]["thresholds"]
    for appliance_type in ApplianceType:
        for key in option_fields(appliance_type):
            assert step["data"].get(key), f"{language}: {key} has no name"
            assert step["data_description"].get(key), f"{language}: {key} has no description"


async def test_the_same_sensor_cannot_be_compartment_and_room_temperature(
    hass: HomeAssistant, fridge_entry: MockConfigEntry
) -> None:
    hass.states.async_set("sensor.kitchen", "21", {"unit_of_measurement": "°C"})
    result = await _reconfigure(hass, fridge_entry, "thresholds")
    schema = result["data_schema"].schema
    result = await _configure(
        hass, result["flow_id"], {str(key): key.description["suggested_value"] for key in schema}
    )
    both = {"temperature_sensor": "sensor.kitchen", "ambient_sensor": "sensor.kitchen"}
    result = await _configure(hass, result["flow_id"], both)
    assert result["step_id"] == "place"
    assert result["errors"] == {"ambient_sensor": "same_as_compartment_sensor"}
    result = await _configure(hass, result["flow_id"], {"ambient_sensor": "sensor.kitchen"})
    assert result["step_id"] == "care"


async def _threshold_form(
    hass: HomeAssistant, entry: MockConfigEntry
) -> tuple[str, dict[str, Any]]:
    result = await _reconfigure(hass, entry, "thresholds")
    schema = result["data_schema"].schema
    return result["flow_id"], {str(key): key.description["suggested_value"] for key in schema}


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"off_threshold_w": 6.0}, {"off_threshold_w": "off_not_below_active"}),
        ({"start_threshold_w": 4.0}, {"start_threshold_w": "start_below_active"}),
        ({"pause_after_min": 30.0}, {"pause_after_min": "pause_not_below_finish"}),
        ({"finish_hold_min": 200.0}, {"finish_hold_min": "finish_above_longest"}),
    ],
)
async def test_contradictory_thresholds_are_refused_under_their_field(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    changes: dict[str, float],
    errors: dict[str, str],
) -> None:
    flow_id, suggested = await _threshold_form(hass, washer_entry)
    result = await _configure(hass, flow_id, {**suggested, **changes})
    assert result["step_id"] == "thresholds"
    assert result["errors"] == errors
    shown = {str(key): key.description["suggested_value"] for key in result["data_schema"].schema}
    assert shown[next(iter(changes))] == next(iter(changes.values())), "what was typed stays"
    (subentry,) = washer_entry.subentries.values()
    assert subentry.data[CONF_THRESHOLDS] == {}


async def test_a_fridge_off_level_above_its_on_level_is_refused(
    hass: HomeAssistant, fridge_entry: MockConfigEntry
) -> None:
    flow_id, suggested = await _threshold_form(hass, fridge_entry)
    result = await _configure(hass, flow_id, {**suggested, "off_threshold_w": 40.0})
    assert result["errors"] == {"off_threshold_w": "off_above_on"}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_contradiction_has_a_text(language: str) -> None:
    translations = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    texts = translations["config_subentries"]["appliance"]["error"]
    source = (Path(contradictions.__code__.co_filename)).read_text(encoding="utf-8")
    codes = set(re.findall(r'found\["\w+"\] = "(\w+)"|return \{"\w+": "(\w+)"\}', source))
    for code in {c for pair in codes for c in pair if c}:
        assert texts.get(code), f"{language}: {code} has no text"


def test_the_defaults_of_every_type_agree() -> None:
    for appliance_type in ApplianceType:
        assert contradictions(defaults_for(appliance_type)) == {}, appliance_type


async def test_every_number_in_the_forms_has_its_unit(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    flow_id, suggested = await _threshold_form(hass, washer_entry)
    form = await _configure(hass, flow_id, {**suggested, "off_threshold_w": 99.0})
    for key in form["data_schema"].schema:
        config = form["data_schema"].schema[key].config
        assert config.get("unit_of_measurement"), f"{key} has no unit"
    form = await _configure(hass, flow_id, suggested)
    form = await _configure(hass, flow_id, {})
    assert form["step_id"] == "care"
    for key in form["data_schema"].schema:
        config = form["data_schema"].schema[key].config
        assert config.get("unit_of_measurement"), f"{key} has no unit"


async def test_a_washer_is_not_asked_for_temperatures_it_has_no_use_for(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    flow_id, suggested = await _threshold_form(hass, washer_entry)
    result = await _configure(hass, flow_id, suggested)
    assert result["step_id"] == "place"
    assert [str(key) for key in result["data_schema"].schema] == ["unheated_place"]


async def test_an_other_appliance_skips_the_place(hass: HomeAssistant) -> None:
    add_plug_sensors(hass)
    entry = await async_add_appliance(hass, appliance_subentry("other", "Kettle"))
    flow_id, suggested = await _threshold_form(hass, entry)
    result = await _configure(hass, flow_id, suggested)
    assert result["type"] is FlowResultType.ABORT, "no place and no care options to ask"
    await hass.async_block_till_done()


async def test_temperature_limits_show_in_fahrenheit_on_a_us_installation(
    hass: HomeAssistant, fridge_entry: MockConfigEntry
) -> None:
    hass.config.units = US_CUSTOMARY_SYSTEM
    flow_id, suggested = await _threshold_form(hass, fridge_entry)
    await _configure(hass, flow_id, suggested)
    result = await _configure(hass, flow_id, {})
    assert result["step_id"] == "care"
    schema = result["data_schema"].schema
    shown = {str(key): key.description["suggested_value"] for key in schema}
    units = {str(key): schema[key].config.get("unit_of_measurement") for key in schema}
    assert units["temperature_high_c"] == "°F"
    assert shown["temperature_high_c"] == 46.5, "8 °C, to the half degree"
    result = await _configure(
        hass,
        flow_id,
        {"door_open_warning_min": 5, "temperature_high_c": 41.0, "temperature_low_c": 32.0},
    )
    assert result["type"] is FlowResultType.ABORT
    (subentry,) = fridge_entry.subentries.values()
    assert subentry.data[CONF_CARE]["temperature_high_c"] == 5.0
    assert subentry.data[CONF_CARE]["temperature_low_c"] == 0.0
    await hass.async_block_till_done()
    settings = care_of(fridge_entry).monitor
    assert settings is not None
    assert settings.settings.temperature_high_c == 5.0
    # Reopened, the saved °C show as the °F typed.
    flow_id, suggested = await _threshold_form(hass, fridge_entry)
    await _configure(hass, flow_id, suggested)
    result = await _configure(hass, flow_id, {})
    shown = {str(k): k.description["suggested_value"] for k in result["data_schema"].schema}
    assert shown["temperature_high_c"] == 41.0


async def test_the_thresholds_name_the_type_in_the_users_language(hass: HomeAssistant) -> None:
    hass.config.language = "ko"
    add_plug_sensors(hass)
    entry = await async_add_appliance(hass, appliance_subentry("washer_dryer", "Combo"))
    result = await _reconfigure(hass, entry, "thresholds")
    assert result["description_placeholders"] == {"appliance_type": "세탁건조기"}
