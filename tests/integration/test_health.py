"""The health index sensor of an appliance in Home Assistant."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from custom_components.appliance_care.care_watch import _health_trend
from custom_components.appliance_care.const import CONF_PURCHASE_DATE, DOMAIN

from .conftest import add_plug_sensors, power_sensor_entry

INDEX = "sensor.washer_health_index"


def _index(hass: HomeAssistant) -> tuple[int, dict[str, object]]:
    state = hass.states.get(INDEX)
    assert state is not None
    return int(state.state), dict(state.attributes)


async def test_the_index_takes_off_age_and_repairs_with_its_reasons(hass: HomeAssistant) -> None:
    add_plug_sensors(hass)
    # Bought five years before the test's date (2026-11-02): half a washer's typical life.
    entry = power_sensor_entry("washer", "Washer", **{CONF_PURCHASE_DATE: "2021-11-02"})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    index, attributes = _index(hass)
    assert index == 85
    assert attributes["main_reason"] == "age"
    reasons = attributes["reasons"]
    assert isinstance(reasons, list)
    assert reasons[0] == {"code": "age", "points": 15.0, "years": 5.0, "typical_years": 10.0}
    # A repair is part of its record: three points.
    device = next(iter(dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)))
    await hass.services.async_call(
        DOMAIN, "record_repair", {"device_id": device.id, "what": "Door seal"}, blocking=True
    )
    await hass.async_block_till_done()
    index, attributes = _index(hass)
    assert index == 82
    assert {"code": "repairs", "points": 3.0, "count": 1} in attributes["reasons"]  # type: ignore[operator]


async def test_without_a_purchase_date_the_age_is_left_out(hass: HomeAssistant) -> None:
    add_plug_sensors(hass)
    entry = power_sensor_entry("washer", "Washer")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    index, attributes = _index(hass)
    assert index == 100
    assert attributes["main_reason"] == "none"
    assert {"code": "age_unknown", "points": 0.0} in attributes["reasons"]  # type: ignore[operator]


def test_a_saved_health_trend_keeps_only_what_an_index_can_be() -> None:
    saved = {"health": {"2026-01": 90, "bad": 5, "2026-02": 101, "2026-03": True, "2026-04": 7}}
    assert _health_trend(saved) == {"2026-01": 90, "2026-04": 7}
    assert _health_trend({"health": ["not", "a", "mapping"]}) == {}
    assert _health_trend(None) == {}
