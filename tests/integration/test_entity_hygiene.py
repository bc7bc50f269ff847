"""Entities as a core reviewer expects them: categories, defaults, names, models, no leftovers."""

from __future__ import annotations

from collections import defaultdict
from types import MappingProxyType

from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care.const import CONF_PLACE, DOMAIN

from .conftest import (
    add_plug_sensors,
    appliance_id,
    appliance_subentry,
    async_add_appliance,
)

DIAGNOSTIC = {
    "sensor.washer_elapsed_time",
    "sensor.washer_cycles_since_tub_clean",
    "sensor.refrigerator_compressor_duty_cycle",
    "sensor.refrigerator_last_defrost",
    "binary_sensor.refrigerator_defrost_detected",
    "sensor.washer_firmware_version",
}
DISABLED_BY_DEFAULT = {
    "sensor.refrigerator_compressor_cycles_per_day",
    "sensor.refrigerator_average_compressor_run",
    "sensor.washer_firmware_version",
}


async def test_technical_entities_are_diagnostic_and_noise_is_disabled(
    hass: HomeAssistant, demo_home: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    for entity_id in DIAGNOSTIC | DISABLED_BY_DEFAULT:
        entry = entity_registry.async_get(entity_id)
        assert entry is not None, entity_id
        if entity_id in DIAGNOSTIC:
            assert entry.entity_category is EntityCategory.DIAGNOSTIC, entity_id
        if entity_id in DISABLED_BY_DEFAULT:
            assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION, entity_id
            assert hass.states.get(entity_id) is None
    # What the user looks at stays in the main list.
    for entity_id in ("sensor.washer_status", "sensor.washer_remaining_time"):
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.entity_category is None


@pytest.mark.parametrize("language", ["en", "ko"])
async def test_no_two_entities_of_a_device_share_a_name(
    entity_registry_enabled_by_default: None,
    hass: HomeAssistant,
    demo_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    language: str,
) -> None:
    hass.config.language = language
    demo_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    names: dict[str, list[str]] = defaultdict(list)
    for entry in er.async_entries_for_config_entry(entity_registry, demo_entry.entry_id):
        state = hass.states.get(entry.entity_id)
        assert state is not None, entry.entity_id
        names[str(entry.device_id)].append(str(state.name))
    assert names
    for device_names in names.values():
        assert len(device_names) == len(set(device_names)), sorted(device_names)


MODELS = {"en": ("Washer-dryer", "Simulated washer"), "ko": ("세탁건조기", "시뮬레이션 세탁기")}


@pytest.mark.parametrize("language", MODELS)
async def test_the_model_is_a_translated_type_not_a_key(
    hass: HomeAssistant,
    demo_home: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    language: str,
) -> None:
    washer_dryer, demo_washer = MODELS[language]
    hass.config.language = language
    assert await hass.config_entries.async_reload(demo_home.entry_id)
    add_plug_sensors(hass)
    entry = await async_add_appliance(hass, appliance_subentry("washer_dryer", "Combo"))
    await hass.async_block_till_done()
    combo = device_registry.async_get_device_by_identifier(
        (DOMAIN, appliance_id(entry, 1)), entry.entry_id
    )
    assert combo is not None
    assert combo.model == washer_dryer
    assert combo.model_id is None
    models = {
        device.model
        for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    }
    assert demo_washer in models
    assert not any(model and "_" in model for model in models)


async def test_a_finding_whose_option_was_removed_leaves_the_registry(
    hass: HomeAssistant, entity_registry: er.EntityRegistry
) -> None:
    add_plug_sensors(hass)
    entry = await async_add_appliance(
        hass, appliance_subentry("washer", "Washer", options={"place": {"unheated_place": True}})
    )
    assert entity_registry.async_get("binary_sensor.washer_freeze_risk") is not None
    subentry = entry.subentries[appliance_id(entry)]
    hass.config_entries.async_update_subentry(
        entry, subentry, data=MappingProxyType({**subentry.data, CONF_PLACE: {}})
    )
    await hass.async_block_till_done()
    assert entity_registry.async_get("binary_sensor.washer_freeze_risk") is None
    assert entity_registry.async_get("binary_sensor.washer_tub_clean_due") is not None
