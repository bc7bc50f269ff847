"""Quiet hours and electricity price: real appliances, a price sensor as its integration sets it."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from .common import (
    NOTIFY,
    WASH,
    messages,
    run_errors,
    run_profile,
    settle,
    setup_automation,
    wait_until,
)

FILE = "quiet_cheap_hours.yaml"
PRICE = "sensor.electricity_price"
# The tests start on Sunday 1 November 2026 at 23:00 in the test time zone (US/Pacific).
MONDAY = "2026-11-02T{}:00-08:00"


def set_price(hass: HomeAssistant, price: str) -> None:
    """Report the current electricity price, as a price integration would."""
    hass.states.async_set(PRICE, price, {"unit_of_measurement": "EUR/kWh"})


def event_type(hass: HomeAssistant, entity_id: str) -> str | None:
    """Return the last event type of an event entity."""
    state = hass.states.get(entity_id)
    assert state is not None
    return state.attributes.get("event_type")


@pytest.mark.parametrize(
    ("local_time", "price", "extra", "expected"),
    [
        pytest.param(
            None,
            None,
            {},
            (
                "Washer started during quiet hours",
                "Washer started a cycle during quiet hours (22:00 to 07:00).",
            ),
            id="quiet hours",
        ),
        pytest.param("10:00", "0.21", {}, None, id="day, cheap"),
        pytest.param(
            "10:00",
            "0.42",
            {},
            (
                "Washer started while power is expensive",
                "Washer started a cycle while power costs 0.42 EUR/kWh (above 0.3).",
            ),
            id="day, expensive",
        ),
        pytest.param(
            "06:55",
            "0.42",
            {},
            (
                "Washer started during quiet hours",
                (
                    "Washer started a cycle during quiet hours (22:00 to 07:00), while power costs "
                    "0.42 EUR/kWh (above 0.3)."
                ),
            ),
            id="quiet hours, expensive",
        ),
        pytest.param("07:00", "0.3", {}, None, id="end of quiet hours, at the threshold"),
        pytest.param(
            None,
            "0.1",
            {"quiet_start": "12:00:00", "quiet_end": "12:00:00"},
            None,
            id="quiet hours off",
        ),
        pytest.param(
            "13:00",
            None,
            {"quiet_start": "12:00:00", "quiet_end": "14:00:00"},
            (
                "Washer started during quiet hours",
                "Washer started a cycle during quiet hours (12:00 to 14:00).",
            ),
            id="quiet hours in the day",
        ),
    ],
)
async def test_starts_are_reported_during_quiet_hours_or_high_prices(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
    *,
    local_time: str | None,
    price: str | None,
    extra: dict[str, Any],
    expected: tuple[str, str] | None,
) -> None:
    if local_time is not None:
        frozen_start.move_to(MONDAY.format(local_time))
        async_fire_time_changed(hass)
        await settle(hass)
    inputs: dict[str, Any] = {"appliances": ["event.washer_cycle"], "notify_entities": [NOTIFY]}
    if price is not None:
        set_price(hass, price)
        inputs["price_sensor"] = PRICE
    notified = async_mock_service(hass, "notify", "send_message")
    hooked = async_mock_service(hass, "test", "record")
    inputs["started_actions"] = [
        {"action": "test.record", "data": {"reason": "{{ reason }}", "price": "{{ price }}"}}
    ]
    await setup_automation(hass, FILE, inputs | extra)

    await run_profile(hass, frozen_start, WASH[:2])
    assert event_type(hass, "event.washer_cycle") == "cycle_started"
    if expected is None:
        assert notified == []
        assert hooked == []
    else:
        assert messages(notified) == [expected]
        reason = (["quiet_hours"] if "quiet hours" in expected[1] else []) + (
            ["price"] if "costs" in expected[1] else []
        )
        assert [call.data["reason"] for call in hooked] == [reason]
    assert run_errors(hass, FILE) == []


async def test_cheap_power_lists_the_ready_appliances(
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    """The demo's idle appliances are listed; a hook starts the dishwasher."""
    set_price(hass, "0.42")
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {
            "appliances": ["event.washer_cycle", "event.dryer_cycle", "event.dishwasher_cycle"],
            # Not quiet at 23:00.
            "quiet_start": "01:00:00",
            "quiet_end": "06:00:00",
            "price_sensor": PRICE,
            "announce_cheap": True,
            "notify_entities": [NOTIFY],
            "cheap_actions": [
                {
                    "action": "button.press",
                    "target": {
                        "entity_id": "{{ ready | selectattr('name', 'eq', 'Dishwasher')"
                        " | map(attribute='start_button') | list }}"
                    },
                }
            ],
        },
    )
    set_price(hass, "0.35")
    await settle(hass)
    assert notified == [], "still above the threshold"

    set_price(hass, "0.18")
    await settle(hass)
    assert messages(notified) == [
        (
            "Power is cheap now",
            (
                "Power costs 0.18 EUR/kWh now (below 0.3). Ready to start: Washer (cotton_40), "
                "Dryer (cotton_cupboard), Dishwasher (eco_50)."
            ),
        )
    ]
    await wait_until(
        hass,
        frozen_start,
        lambda: event_type(hass, "event.dishwasher_cycle") == "cycle_started",
        30,
    )
    assert len(notified) == 1, "a start at a cheap price outside quiet hours is not reported"

    # Expensive, then cheap again: the running dishwasher is not ready any more.
    set_price(hass, "0.40")
    await settle(hass)
    set_price(hass, "0.20")
    await settle(hass)
    assert messages(notified)[1:] == [
        (
            "Power is cheap now",
            (
                "Power costs 0.2 EUR/kWh now (below 0.3). Ready to start: Washer (cotton_40), "
                "Dryer (cotton_cupboard)."
            ),
        )
    ]
    assert run_errors(hass, FILE) == []


@pytest.mark.parametrize(
    "inputs",
    [
        pytest.param({"announce_cheap": True}, id="in quiet hours"),
        pytest.param(
            {"announce_cheap": False, "quiet_start": "01:00:00", "quiet_end": "06:00:00"},
            id="not asked for",
        ),
    ],
)
async def test_cheap_power_is_not_announced(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
    inputs: dict[str, Any],
) -> None:
    set_price(hass, "0.42")
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {
            "appliances": ["event.washer_cycle"],
            "price_sensor": PRICE,
            "notify_entities": [NOTIFY],
        }
        | inputs,
    )
    state = hass.states.get("sensor.washer_status")
    assert state is not None
    assert state.state == "idle"
    set_price(hass, "0.18")
    await settle(hass)
    assert notified == []
    assert run_errors(hass, FILE) == []
