"""The care rules on an installation in US customary units: temperatures come in °F."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest

from .conftest import add_plug_sensors, power_sensor_entry
from .test_watched_appliance import _state, _wait

INSIDE = "sensor.fridge_inside"
OUT_OF_RANGE = "binary_sensor.fridge_temperature_out_of_range"
FREEZE = "binary_sensor.washer_freeze_risk"

type Forecasts = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]


@pytest.fixture(autouse=True)
def us_customary(hass: HomeAssistant) -> None:
    """Run on an installation set to US customary units."""
    hass.config.units = US_CUSTOMARY_SYSTEM


async def _fridge(hass: HomeAssistant) -> None:
    add_plug_sensors(hass, power="2.0")
    entry = power_sensor_entry(
        "refrigerator", "Fridge", options={"place": {"temperature_sensor": INSIDE}}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize(("reading", "out_of_range"), [("37", "off"), ("50", "on"), ("26", "on")])
async def test_a_fridge_in_fahrenheit_is_judged_in_celsius(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory, reading: str, out_of_range: str
) -> None:
    await _fridge(hass)
    hass.states.async_set(INSIDE, reading, {"unit_of_measurement": "°F"})
    await hass.async_block_till_done()
    await _wait(hass, frozen_start, 180)
    assert _state(hass, OUT_OF_RANGE) == out_of_range


def _forecast(lows: tuple[float, ...]) -> Forecasts:
    async def forecasts(call: ServiceCall) -> ServiceResponse:
        now = dt_util.utcnow()
        return {
            "weather.home": {
                "forecast": [
                    {"datetime": (now + timedelta(hours=3 + 6 * i)).isoformat(), "temperature": t}
                    for i, t in enumerate(lows)
                ]
            }
        }

    return forecasts


@pytest.mark.parametrize(
    ("entity_unit", "lows", "risk"),
    [
        ("°F", (45.0, 20.0, 38.0), "on"),  # 20 °F is -6.7 °C
        ("°F", (45.0, 36.0, 38.0), "off"),  # above freezing all along
        # The user set this weather entity to °C: 1 °C is no frost (1 °F would be).
        ("°C", (5.0, 1.0, 3.0), "off"),
        ("°C", (5.0, -8.0, 3.0), "on"),
    ],
)
async def test_a_forecast_is_read_in_its_weather_entitys_unit(
    hass: HomeAssistant,
    frozen_start: FrozenDateTimeFactory,
    entity_unit: str,
    lows: tuple[float, ...],
    risk: str,
) -> None:
    hass.states.async_set("weather.home", "cloudy", {"temperature_unit": entity_unit})
    hass.services.async_register(
        "weather", "get_forecasts", _forecast(lows), supports_response=SupportsResponse.ONLY
    )
    add_plug_sensors(hass)
    entry = power_sensor_entry(
        "washer", "Washer", options={"place": {"unheated_place": True, "weather": "weather.home"}}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await _wait(hass, frozen_start, 31)
    assert _state(hass, FREEZE) == risk


async def test_an_outdoor_sensor_in_fahrenheit_is_frost_below_32(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    hass.states.async_set("sensor.outside", "20", {"unit_of_measurement": "°F"})
    add_plug_sensors(hass)
    entry = power_sensor_entry(
        "washer",
        "Washer",
        options={"place": {"unheated_place": True, "outdoor_sensor": "sensor.outside"}},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await _wait(hass, frozen_start, 31)
    assert _state(hass, FREEZE) == "on"


async def test_texts_of_temperature_findings_are_in_fahrenheit(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    """Repairs and described findings show °F on a US customary installation."""
    await _fridge(hass)
    hass.states.async_set(INSIDE, "50", {"unit_of_measurement": "°F"})
    await hass.async_block_till_done()
    await _wait(hass, frozen_start, 180)
    issues = ir.async_get(hass).issues.values()
    (repair,) = [i for i in issues if i.issue_id.endswith("temperature_out_of_range")]
    assert repair.translation_placeholders is not None
    assert repair.translation_placeholders["temperature_unit"] == "°F"
    assert repair.translation_placeholders["celsius"] == "50"
    assert repair.translation_placeholders["limit_c"] == "46.4", "the 8 °C limit"
    described = await hass.services.async_call(
        "appliance_care",
        "describe_finding",
        {"kind": "freeze_risk", "values": {"outdoor_c": -7.0, "threshold_c": -5.0}, "name": "W"},
        blocking=True,
        return_response=True,
    )
    assert isinstance(described, dict)
    assert "19.4 °F" in described["message"]
    assert "23 °F" in described["message"]
    assert "°C" not in described["message"]
