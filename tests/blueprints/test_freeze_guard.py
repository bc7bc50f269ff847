"""The freeze guard: a mocked weather forecast in the evening, real Freeze risk sensors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from tests.integration.conftest import appliance_subentry, async_add_appliance

from .common import NOTIFY, messages, run_errors, set_power, settle, setup_automation, setup_washer

FILE = "freeze_guard.yaml"
WEATHER = "weather.home"
OUTDOOR = "sensor.outdoor_temperature"
WASHER_FREEZE = "binary_sensor.washer_freeze_risk"
DISHWASHER_FREEZE = "binary_sensor.dishwasher_freeze_risk"
DISHWASHER_POWER = "sensor.dishwasher_plug_power"
# The tests start on Sunday 1 November 2026 at 23:00 in the test time zone (US/Pacific); the
# first evening check is on Monday at 19:00.
EVENING = datetime.fromisoformat("2026-11-02T19:00:00-08:00")
ADVICE = (
    "Drain the water from their hoses and pump as the manual says, close the water tap to "
    "them, or heat the room."
)

type Forecast = Callable[[datetime], list[dict[str, Any]]]


@pytest.fixture
async def appliances(hass: HomeAssistant) -> None:
    """Set up a washer and a dishwasher, both marked as standing in an unheated place."""
    hass.states.async_set(OUTDOOR, "3.0", {"unit_of_measurement": "°C"})
    await setup_washer(hass, {"place": {"unheated_place": True, "outdoor_sensor": OUTDOOR}})
    set_power(hass, 0.5, DISHWASHER_POWER)
    await async_add_appliance(
        hass,
        appliance_subentry(
            "dishwasher",
            "Dishwasher",
            power=DISHWASHER_POWER,
            options={"place": {"unheated_place": True}},
        ),
        options={"place": {"unheated_place": True}},
    )
    await hass.async_block_till_done()
    for sensor in (WASHER_FREEZE, DISHWASHER_FREEZE):
        assert hass.states.is_state(sensor, "off")


def mock_weather(hass: HomeAssistant, forecast: Forecast, unit: str = "°C") -> list[dict[str, Any]]:
    """Provide weather.home and a weather.get_forecasts answering with forecast(now)."""
    hass.states.async_set(WEATHER, "cloudy", {"temperature_unit": unit, "friendly_name": "Home"})
    asked: list[dict[str, Any]] = []

    async def get_forecasts(call: ServiceCall) -> ServiceResponse:
        asked.append(dict(call.data))
        return {WEATHER: {"forecast": forecast(dt_util.now())}}

    hass.services.async_register(
        "weather", "get_forecasts", get_forecasts, supports_response=SupportsResponse.ONLY
    )
    return asked


def hourly(lows: dict[int, float], mild: float = 4.0) -> Forecast:
    """Return an hourly forecast for 48 hours (and 3 past hours): mild, with these lows."""

    def forecast(now: datetime) -> list[dict[str, Any]]:
        start = now.replace(minute=0, second=0, microsecond=0)
        return [
            {
                "datetime": (start + timedelta(hours=hour)).isoformat(),
                "temperature": lows.get(hour, mild),
                "condition": "clear-night",
            }
            for hour in range(-3, 49)
        ]

    return forecast


async def until_evening(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Move time to the evening check (the time trigger fires on the dot)."""
    freezer.move_to(EVENING - timedelta(seconds=30))
    async_fire_time_changed(hass)
    await settle(hass)
    freezer.move_to(EVENING)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


INPUTS = {
    "freeze_sensors": [WASHER_FREEZE, DISHWASHER_FREEZE],
    "weather_entity": WEATHER,
    "notify_entities": [NOTIFY],
}


async def test_evening_warning_from_the_hourly_forecast(
    hass: HomeAssistant, appliances: None, frozen_start: FrozenDateTimeFactory
) -> None:
    # -3.5 °C at 03:00 tonight; the -9 °C two nights ahead is beyond the 24 hours, and the
    # -15 °C three hours ago is past.
    asked = mock_weather(hass, hourly({8: -3.5, 30: -9.0, -3: -15.0}))
    notified = async_mock_service(hass, "notify", "send_message")
    recorded = async_mock_service(hass, "test", "record")
    await setup_automation(
        hass,
        FILE,
        INPUTS
        | {
            "custom_actions": [
                {
                    "action": "test.record",
                    "data": {
                        "reason": "{{ reason }}",
                        "appliances": "{{ appliances }}",
                        "low_c": "{{ low_c }}",
                    },
                }
            ]
        },
    )
    await until_evening(hass, frozen_start)
    assert asked == [{"entity_id": [WEATHER], "type": "hourly"}]
    assert messages(notified) == [
        (
            "Frost forecast: protect Washer and Dishwasher",
            (
                "Frost is forecast: down to -3.5 °C around Tue 03:00. Washer and Dishwasher "
                f"stand in an unheated place. {ADVICE}"
            ),
        )
    ]
    assert [call.data for call in recorded] == [
        {"reason": "forecast", "appliances": ["Washer", "Dishwasher"], "low_c": -3.5}
    ]
    assert run_errors(hass, FILE) == []


async def test_mild_nights_and_lows_above_the_threshold_send_nothing(
    hass: HomeAssistant, appliances: None, frozen_start: FrozenDateTimeFactory
) -> None:
    asked = mock_weather(hass, hourly({8: -1.5, 9: 0.0}))
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(hass, FILE, INPUTS)
    await until_evening(hass, frozen_start)
    assert len(asked) == 1
    assert notified == []
    assert run_errors(hass, FILE) == []


async def test_the_threshold_and_look_ahead_are_inputs(
    hass: HomeAssistant, appliances: None, frozen_start: FrozenDateTimeFactory
) -> None:
    mock_weather(hass, hourly({8: -1.5, 30: -9.0}))
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        INPUTS | {"freeze_sensors": [WASHER_FREEZE], "frost_threshold": 0, "look_ahead_hours": 36},
    )
    await until_evening(hass, frozen_start)
    assert messages(notified) == [
        (
            "Frost forecast: protect Washer",
            (
                "Frost is forecast: down to -9.0 °C around Wed 01:00. Washer stands in an "
                f"unheated place. {ADVICE}"
            ),
        )
    ]
    assert run_errors(hass, FILE) == []


async def test_daily_forecast_in_fahrenheit(
    hass: HomeAssistant, appliances: None, frozen_start: FrozenDateTimeFactory
) -> None:
    """A day's low counts when the day begins within the look-ahead (tomorrow's: tonight's)."""

    def daily(now: datetime) -> list[dict[str, Any]]:
        today = dt_util.start_of_local_day(now)
        return [
            {
                "datetime": (today + timedelta(days=day)).isoformat(),
                "temperature": 40.0,
                "templow": low,
            }
            for day, low in ((0, 10.0), (1, 27.0), (2, 5.0))
        ]

    asked = mock_weather(hass, daily, unit="°F")
    notified = async_mock_service(hass, "notify", "send_message")
    recorded = async_mock_service(hass, "test", "record")
    await setup_automation(
        hass,
        FILE,
        INPUTS
        | {
            "forecast_type": "daily",
            "custom_actions": [{"action": "test.record", "data": {"low_c": "{{ low_c }}"}}],
        },
    )
    await until_evening(hass, frozen_start)
    assert asked == [{"entity_id": [WEATHER], "type": "daily"}]
    # 27 °F is -2.8 °C, at or below -2 °C; today's low was this morning, and the day after
    # tomorrow begins beyond the 24 hours.
    assert messages(notified) == [
        (
            "Frost forecast: protect Washer and Dishwasher",
            (
                "Frost is forecast: down to 27.0 °F on Tuesday. Washer and Dishwasher stand "
                f"in an unheated place. {ADVICE}"
            ),
        )
    ]
    assert [call.data for call in recorded] == [{"low_c": -2.8}]
    assert run_errors(hass, FILE) == []


async def test_a_failing_forecast_skips_the_evening_check(
    hass: HomeAssistant, appliances: None, frozen_start: FrozenDateTimeFactory
) -> None:
    """A weather entity that cannot answer (no hourly forecast): tonight's check is skipped."""

    def no_hourly(now: datetime) -> list[dict[str, Any]]:
        raise HomeAssistantError("Weather entity does not support 'hourly' forecast")

    asked = mock_weather(hass, no_hourly)
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(hass, FILE, INPUTS)
    await until_evening(hass, frozen_start)
    assert len(asked) == 1
    assert notified == []
    # The failed step is in the trace (and the log); the run went on and ended quietly.
    assert run_errors(hass, FILE) == [
        "action/0/choose/0/sequence/0: Weather entity does not support 'hourly' forecast"
    ]


async def test_a_freeze_risk_sensor_turning_on_warns_at_once(
    hass: HomeAssistant, appliances: None, frozen_start: FrozenDateTimeFactory
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {"freeze_sensors": [WASHER_FREEZE, DISHWASHER_FREEZE], "notify_entities": [NOTIFY]},
    )
    # The home's outdoor sensor reads a frost: both appliances in unheated places are at risk.
    hass.states.async_set(OUTDOOR, "-7.0", {"unit_of_measurement": "°C"})
    await settle(hass)
    assert hass.states.is_state(WASHER_FREEZE, "on")
    assert hass.states.is_state(DISHWASHER_FREEZE, "on")
    assert sorted(messages(notified))[1:] == [
        (
            "Frost may freeze Washer",
            (
                "Washer stands in an unheated place; outdoors it is -7 °C and the forecast "
                "goes down to \N{EN DASH} °C (frost warning at -5 °C). Drain the hoses and the "
                "pump, close the tap, or heat the room."
            ),
        )
    ]
    assert sorted(messages(notified))[0][0] == "Frost may freeze Dishwasher"
    # Colder still: the sensors stay on, no second warning.
    hass.states.async_set(OUTDOOR, "-9.0", {"unit_of_measurement": "°C"})
    await settle(hass)
    assert len(notified) == 2
    assert run_errors(hass, FILE) == []


async def test_sensor_warnings_can_be_turned_off(
    hass: HomeAssistant, appliances: None, frozen_start: FrozenDateTimeFactory
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {
            "freeze_sensors": [WASHER_FREEZE],
            "notify_on_sensor": False,
            "notify_entities": [NOTIFY],
        },
    )
    hass.states.async_set(OUTDOOR, "-7.0", {"unit_of_measurement": "°C"})
    await settle(hass)
    assert hass.states.is_state(WASHER_FREEZE, "on")
    assert notified == []
    assert run_errors(hass, FILE) == []
