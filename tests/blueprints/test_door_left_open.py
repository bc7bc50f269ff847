"""The door left open warning, with door contacts as their integration would report them."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_mock_service

from .common import NOTIFY, messages, run_errors, settle, setup_automation, wait

FILE = "door_left_open.yaml"
FRIDGE_DOOR = "binary_sensor.fridge_door"
FREEZER_DOOR = "binary_sensor.freezer_door"


def set_door(hass: HomeAssistant, entity_id: str, state: str) -> None:
    """Report a door contact; on means open."""
    name = "Fridge door" if entity_id == FRIDGE_DOOR else "Freezer door"
    hass.states.async_set(entity_id, state, {"device_class": "door", "friendly_name": name})


def first(name: str, minutes: int) -> tuple[str, str]:
    """Return the first warning."""
    return (f"{name} is open", f"{name} has been open for {minutes} min. Please close it.")


def urgent(name: str, minutes: int) -> tuple[str, str]:
    """Return an escalation."""
    return (
        f"URGENT: {name} is still open",
        f"{name} has been open for {minutes} min! Close it now to keep the food cold.",
    )


def closed(name: str, minutes: int) -> tuple[str, str]:
    """Return the all-clear."""
    return (f"{name} is closed", f"{name} was closed after {minutes} min.")


async def test_short_openings_are_not_reported(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    set_door(hass, FRIDGE_DOOR, "off")
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(hass, FILE, {"doors": [FRIDGE_DOOR], "notify_entities": [NOTIFY]})
    for _ in range(3):
        set_door(hass, FRIDGE_DOOR, "on")
        await wait(hass, frozen_start, 1.5)
        set_door(hass, FRIDGE_DOOR, "off")
        await wait(hass, frozen_start, 5)
    assert notified == []
    assert run_errors(hass, FILE) == []


async def test_warns_escalates_and_gives_the_all_clear(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    set_door(hass, FRIDGE_DOOR, "off")
    notified = async_mock_service(hass, "notify", "send_message")
    every_warning = async_mock_service(hass, "test", "record")
    speaker = async_mock_service(hass, "test", "announce")
    await setup_automation(
        hass,
        FILE,
        {
            "doors": [FRIDGE_DOOR],
            "notify_entities": [NOTIFY],
            "custom_actions": [
                {"action": "test.record", "data": {"escalation": "{{ escalation }}"}}
            ],
            "escalation_actions": [
                {"action": "test.announce", "data": {"message": "{{ message }}"}}
            ],
        },
    )
    set_door(hass, FRIDGE_DOOR, "on")
    await settle(hass)

    await wait(hass, frozen_start, 1.5)
    assert notified == []
    await wait(hass, frozen_start, 0.5)
    assert messages(notified) == [first("Fridge door", 2)]
    assert speaker == [], "the speaker is for escalations"

    # Every 3 minutes (the default), more urgently, with the speaker.
    await wait(hass, frozen_start, 3)
    assert messages(notified)[1:] == [urgent("Fridge door", 5)]
    await wait(hass, frozen_start, 3)
    assert messages(notified)[1:] == [urgent("Fridge door", 5), urgent("Fridge door", 8)]
    assert [call.data["message"] for call in speaker] == [
        urgent("Fridge door", 5)[1],
        urgent("Fridge door", 8)[1],
    ]
    assert [call.data["escalation"] for call in every_warning] == [0, 1, 2]

    await wait(hass, frozen_start, 1)
    set_door(hass, FRIDGE_DOOR, "off")
    await settle(hass)
    assert messages(notified)[3:] == [closed("Fridge door", 9)]
    await wait(hass, frozen_start, 30)
    assert len(notified) == 4
    assert len(speaker) == 2
    assert run_errors(hass, FILE) == []


async def test_escalations_stop_at_the_limit(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    set_door(hass, FRIDGE_DOOR, "off")
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {
            "doors": [FRIDGE_DOOR],
            "notify_entities": [NOTIFY],
            "open_minutes": 5,
            "escalate_minutes": 10,
            "max_escalations": 2,
        },
    )
    set_door(hass, FRIDGE_DOOR, "on")
    await wait(hass, frozen_start, 60)
    assert messages(notified) == [
        first("Fridge door", 5),
        urgent("Fridge door", 15),
        urgent("Fridge door", 25),
    ]
    # Past the limit the automation no longer watches the door: no all-clear either.
    set_door(hass, FRIDGE_DOOR, "off")
    await wait(hass, frozen_start, 5)
    assert len(notified) == 3
    assert run_errors(hass, FILE) == []


async def test_each_door_is_watched_on_its_own(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    set_door(hass, FRIDGE_DOOR, "off")
    set_door(hass, FREEZER_DOOR, "off")
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {
            "doors": [FRIDGE_DOOR, FREEZER_DOOR],
            "notify_entities": [NOTIFY],
            "notify_when_closed": False,
        },
    )
    set_door(hass, FRIDGE_DOOR, "on")
    await wait(hass, frozen_start, 1)
    set_door(hass, FREEZER_DOOR, "on")
    await wait(hass, frozen_start, 2)
    assert messages(notified) == [first("Fridge door", 2), first("Freezer door", 2)]
    # Closing the fridge stops its warnings, not the freezer's.
    set_door(hass, FRIDGE_DOOR, "off")
    await wait(hass, frozen_start, 3)
    assert messages(notified)[2:] == [urgent("Freezer door", 5)]
    assert run_errors(hass, FILE) == []
