"""Adding, reconfiguring and tuning an appliance behind a power sensor."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care.care_options import care_option_keys
from custom_components.appliance_care.const import (
    CONF_APPLIANCE_TYPE,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_POWER_SENSOR,
    CONF_PURCHASE_DATE,
    CONF_SOURCE,
    DOMAIN,
    SOURCE_POWER_SENSOR,
)
from custom_components.appliance_care.engine import ApplianceType
from custom_components.appliance_care.engine.care import CareSubject
from custom_components.appliance_care.engine_options import option_fields

from .conftest import add_plug_sensors

TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / "appliance_care" / "translations"


async def _start_power_sensor_flow(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["power_sensor", "demo"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "power_sensor"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "power_sensor"
    return str(result["flow_id"])


async def test_washer_behind_a_plug_is_added(hass: HomeAssistant) -> None:
    add_plug_sensors(hass)
    flow_id = await _start_power_sensor_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {
            CONF_NAME: " Washer ",
            CONF_APPLIANCE_TYPE: "washer",
            CONF_POWER_SENSOR: "sensor.plug_power",
            CONF_ENERGY_SENSOR: "sensor.plug_energy",
            CONF_DOOR_SENSOR: "binary_sensor.washer_door_contact",
            CONF_PURCHASE_DATE: "2021-05-01",
        },
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Washer"
    assert result["data"] == {
        CONF_SOURCE: SOURCE_POWER_SENSOR,
        CONF_APPLIANCE_TYPE: "washer",
        CONF_POWER_SENSOR: "sensor.plug_power",
        CONF_ENERGY_SENSOR: "sensor.plug_energy",
        CONF_DOOR_SENSOR: "binary_sensor.washer_door_contact",
        CONF_PURCHASE_DATE: "2021-05-01",
    }
    assert result["result"].unique_id == "sensor.plug_power"
    assert result["result"].state is ConfigEntryState.LOADED
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
    flow_id = await _start_power_sensor_flow(hass)
    good = {
        CONF_NAME: "Washer",
        CONF_APPLIANCE_TYPE: "washer",
        CONF_POWER_SENSOR: "sensor.plug_power",
    }
    result = await hass.config_entries.flow.async_configure(flow_id, {**good, **changes})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    result = await hass.config_entries.flow.async_configure(flow_id, good)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_same_power_sensor_cannot_be_added_twice(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    flow_id = await _start_power_sensor_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {CONF_NAME: "Again", CONF_APPLIANCE_TYPE: "dryer", CONF_POWER_SENSOR: "sensor.plug_power"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_changes_name_and_sensors_and_keeps_type(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    hass.states.async_set("sensor.other_plug_power", "1.0", {"unit_of_measurement": "W"})
    result = await washer_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_NAME: "Utility washer", CONF_POWER_SENSOR: "sensor.other_plug_power"},
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert washer_entry.title == "Utility washer"
    assert washer_entry.unique_id == "sensor.other_plug_power"
    assert washer_entry.data[CONF_POWER_SENSOR] == "sensor.other_plug_power"
    assert washer_entry.data[CONF_APPLIANCE_TYPE] == "washer"


async def test_reconfigure_refuses_a_sensor_another_appliance_uses(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    hass.states.async_set("sensor.dryer_plug_power", "1.0", {"unit_of_measurement": "W"})
    MockConfigEntry(
        domain=DOMAIN,
        title="Dryer",
        unique_id="sensor.dryer_plug_power",
        data={
            CONF_SOURCE: SOURCE_POWER_SENSOR,
            CONF_APPLIANCE_TYPE: "dryer",
            CONF_POWER_SENSOR: "sensor.dryer_plug_power",
        },
    ).add_to_hass(hass)
    result = await washer_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_NAME: "Washer", CONF_POWER_SENSOR: "sensor.dryer_plug_power"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_POWER_SENSOR: "already_watched"}


async def test_demo_home_cannot_be_reconfigured(
    hass: HomeAssistant, demo_home: MockConfigEntry
) -> None:
    result = await demo_home.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "demo_not_reconfigurable"


async def test_thresholds_start_at_the_type_defaults_and_are_saved(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(washer_entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "thresholds"
    schema = result["data_schema"].schema
    suggested = {str(key): key.description["suggested_value"] for key in schema}
    assert suggested["finish_hold_min"] > 0
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**suggested, "finish_hold_min": 20}
    )
    assert result.get("step_id") == "place", result
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"unheated_place": True, "weather": "weather.home"}
    )
    assert result["step_id"] == "care"
    care_keys = {str(key) for key in result["data_schema"].schema}
    assert {"tub_clean_due_cycles", "freeze_threshold_c"} <= care_keys
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"tub_clean_due_cycles": 25, "freeze_threshold_c": -3}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert washer_entry.options["finish_hold_min"] == 20
    assert washer_entry.options["place"] == {"unheated_place": True, "weather": "weather.home"}
    assert washer_entry.options["care"]["tub_clean_due_cycles"] == 25
    assert washer_entry.options["care"]["freeze_threshold_c"] == -3
    tracker = washer_entry.runtime_data.appliances[0].tracker
    assert tracker is not None
    assert tracker.settings.finish_hold_s == 20 * 60
    care = washer_entry.runtime_data.cares[0]
    assert care.finding_kinds()[-1] == "freeze_risk"


async def test_negative_threshold_is_refused_by_the_form_and_nothing_is_saved(
    hass: HomeAssistant, washer_entry: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(washer_entry.entry_id)
    with pytest.raises(InvalidData) as raised:
        await hass.config_entries.options.async_configure(
            result["flow_id"], {"finish_hold_min": -5}
        )
    assert "finish_hold_min" in raised.value.schema_errors
    assert "finish_hold_min" not in washer_entry.options


async def test_fridge_thresholds_are_compressor_settings(
    hass: HomeAssistant, fridge_entry: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(fridge_entry.entry_id)
    keys = {str(key) for key in result["data_schema"].schema}
    assert "on_threshold_w" in keys
    assert "finish_hold_min" not in keys


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_care_option_is_translated(language: str) -> None:
    translations = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    step = translations["options"]["step"]["care"]
    for subject in CareSubject:
        for key in care_option_keys(subject, unheated=True):
            assert step["data"].get(key), f"{language}: {key} has no name"
            assert step["data_description"].get(key), f"{language}: {key} has no description"


async def test_fridge_options_ask_for_temperature_limits(
    hass: HomeAssistant, fridge_entry: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(fridge_entry.entry_id)
    schema = result["data_schema"].schema
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {str(key): key.description["suggested_value"] for key in schema}
    )
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["step_id"] == "care"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"door_open_warning_min": 5, "temperature_high_c": 9, "temperature_low_c": 0},
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    care = fridge_entry.runtime_data.cares[0]
    assert care.monitor is not None


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_threshold_of_every_type_is_translated(language: str) -> None:
    translations = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    step = translations["options"]["step"]["thresholds"]
    for appliance_type in ApplianceType:
        for key in option_fields(appliance_type):
            assert step["data"].get(key), f"{language}: {key} has no name"
            assert step["data_description"].get(key), f"{language}: {key} has no description"
