"""The config and options flows of Appliance Care."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care.const import (
    CONF_FAULTS,
    CONF_SCHEDULES,
    CONF_SEED,
    CONF_SIMULATION,
    CONF_SOURCE,
    CONF_SPEED,
    DOMAIN,
    SOURCE_DEMO,
)


async def test_user_step_offers_demo_home(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert "demo" in result["menu_options"]


async def test_demo_home_is_created_with_chosen_speed(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "demo"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "demo"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_SPEED: 60})
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_SOURCE: SOURCE_DEMO}
    assert result["options"][CONF_SIMULATION][CONF_SPEED] == 60.0
    entry = result["result"]
    assert entry.unique_id == "demo_home"
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.demo_home is not None
    assert entry.runtime_data.demo_home.speed == 60.0
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_second_demo_home_is_refused(hass: HomeAssistant, demo_home: MockConfigEntry) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "demo"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_options_set_speed_faults_and_schedule_and_reload(
    hass: HomeAssistant, demo_home: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(demo_home.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SIMULATION: {CONF_SPEED: 120, CONF_SEED: 7},
            CONF_FAULTS: {CONF_FAULTS: ["washer_clogged_drain", "refrigerator_door_seal"]},
            CONF_SCHEDULES: {"washer": "08:30:00"},
        },
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert demo_home.options == {
        CONF_SIMULATION: {CONF_SPEED: 120.0, CONF_SEED: 7},
        CONF_FAULTS: {CONF_FAULTS: ["washer_clogged_drain", "refrigerator_door_seal"]},
        CONF_SCHEDULES: {"washer": "08:30:00"},
    }
    # The entry reloaded with the new options.
    assert demo_home.state is ConfigEntryState.LOADED
    assert demo_home.runtime_data.demo_home is not None
    assert demo_home.runtime_data.demo_home.speed == 120.0


async def test_options_form_shows_saved_schedule(
    hass: HomeAssistant, demo_entry: MockConfigEntry
) -> None:
    demo_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        demo_entry,
        options={**demo_entry.options, CONF_SCHEDULES: {"washer": "08:30:00"}},
    )
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_init(demo_entry.entry_id)
    schedules = result["data_schema"].schema[CONF_SCHEDULES].schema.schema
    suggested = {str(key): (key.description or {}).get("suggested_value") for key in schedules}
    assert suggested["washer"] == "08:30:00"
    assert suggested["dryer"] is None
