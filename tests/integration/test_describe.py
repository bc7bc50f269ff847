"""Findings carry codes and numbers; `describe_finding` puts them into the user's words."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import probatio as vol
import pytest

from custom_components.appliance_care.const import DOMAIN

from .test_care import _washer, _washes

TUB = "binary_sensor.washer_tub_clean_due"


async def _describe(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, "describe_finding", data, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


async def test_finding_attributes_and_events_are_codes_and_numbers(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    await _washer(hass, {"care": {"tub_clean_due_cycles": 1}})
    await _washes(hass, frozen_start, 1)
    state = hass.states.get(TUB)
    assert state is not None
    assert state.state == "on"
    shown = {
        k: v for k, v in state.attributes.items() if k not in ("friendly_name", "device_class")
    }
    assert set(shown) == {"kind", "severity", "since", "fix", "values"}
    assert (shown["kind"], shown["severity"], shown["fix"]) == (
        "tub_clean_due",
        "info",
        "tub_clean",
    )
    assert shown["values"]["cycles"] == 1
    assert all(isinstance(v, int | float) for v in shown["values"].values())
    care = hass.states.get("event.washer_care")
    assert care is not None
    assert "evidence" not in care.attributes
    assert "advice" not in care.attributes


@pytest.mark.parametrize(
    ("language", "title", "message_start"),
    [
        ("en", "A tub clean is due on Washer", "Washes since the last tub clean of Washer: 31 (4"),
        ("ko", "Washer의 통세척이 필요합니다", "Washer는 마지막 통세척 후 31회(고온 4회)"),
    ],
)
async def test_a_finding_is_described_in_the_chosen_language(
    hass: HomeAssistant, language: str, title: str, message_start: str
) -> None:
    await _washer(hass, {})
    values = {"cycles": 31, "hot_cycles": 4, "days": 40.0, "limit": 30.0, "limit_days": 30}
    described = await _describe(
        hass, kind="tub_clean_due", values=values, name="Washer", language=language
    )
    assert described["title"] == title
    assert described["message"].startswith(message_start)
    assert "{" not in described["message"]


async def test_unknown_and_missing_numbers_never_fail(hass: HomeAssistant) -> None:
    await _washer(hass, {})
    described = await _describe(
        hass, kind="freeze_risk", values={"outdoor_c": -7.04, "forecast_min_c": "unknown"}, name="W"
    )
    assert "-7.0 °C" in described["message"]
    assert "\N{EN DASH} °C" in described["message"], "an unknown number is a dash"
    assert "? °C" in described["message"], "a number not given is a question mark"
    cleared = await _describe(hass, kind="freeze_risk", name="W", cleared=True)
    assert cleared == {
        "title": "W: Freeze risk",
        "message": "Finding cleared",
        "kind_name": "Freeze risk",
    }
    with pytest.raises(vol.Invalid):
        await _describe(hass, kind="not_a_finding")
