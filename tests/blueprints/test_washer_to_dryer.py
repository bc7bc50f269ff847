"""From washer to dryer: a real washer behind a plug, and the demo home's dryer."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from .common import (
    FINISH_HOLD_MIN,
    NOTIFY,
    WASH,
    WASHER_DOOR,
    messages,
    run_errors,
    run_profile,
    settle,
    setup_automation,
    wait,
    wait_until,
)

FILE = "washer_to_dryer.yaml"
# The washer behind sensor.plug_power is set up first and keeps the plain entity ids; the
# demo home's dryer is the only dryer.
WASHER = "event.washer_cycle"
DRYER = "event.dryer_cycle"
DRYER_PROGRAM = "select.dryer_program_to_run"
DRYER_START = "button.dryer_start"


def state_of(hass: HomeAssistant, entity_id: str) -> str:
    """Return an entity's state."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def reminder(index: int, limit: int, minutes: int, note: str = "") -> tuple[str, str]:
    """Return a reminder notification."""
    return (
        "The laundry is waiting in the Washer",
        (
            f"Reminder {index} of {limit}: the Washer finished {minutes} min ago. Move the laundry "
            f"to the Dryer.{note}"
        ),
    )


async def finish_the_wash(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, notified: list[object]
) -> None:
    """Run a wash until the first notification, at the finish."""
    await run_profile(hass, freezer, WASH)
    await wait_until(hass, freezer, lambda: len(notified) == 1, FINISH_HOLD_MIN + 5)
    assert state_of(hass, "sensor.washer_status") == "finished"


async def test_preselects_the_dryer_and_stops_when_the_dryer_starts(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    demo_home: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
) -> None:
    assert state_of(hass, DRYER_PROGRAM) == "cotton_cupboard"
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {
            "washer_event": WASHER,
            "dryer_event": DRYER,
            "dryer_program_select": DRYER_PROGRAM,
            # As shown in the interface; the option is cotton_iron.
            "dryer_program": "Cotton iron",
            "notify_entities": [NOTIFY],
        },
    )
    await finish_the_wash(hass, frozen_start, notified)
    assert state_of(hass, DRYER_PROGRAM) == "cotton_iron"
    note = " Its program is set to cotton_iron."
    assert messages(notified) == [
        (
            "Washer finished",
            "Washer finished its cycle (Program 1). Move the laundry to the Dryer." + note,
        )
    ]
    # Every 15 minutes (the default).
    await wait(hass, frozen_start, 30)
    assert messages(notified)[1:] == [reminder(1, 4, 15, note), reminder(2, 4, 30, note)]

    # The laundry goes into the dryer, which starts: the reminders stop, though the washer's
    # door was not seen opening.
    await hass.services.async_call("button", "press", {"entity_id": DRYER_START}, blocking=True)
    await wait_until(
        hass,
        frozen_start,
        lambda: (
            hass.states.get(DRYER) is not None
            and hass.states.get(DRYER).attributes.get("event_type") == "cycle_started"
        ),
        10,
    )
    await wait(hass, frozen_start, 60)
    assert len(notified) == 3
    assert state_of(hass, "sensor.washer_status") == "finished"
    assert run_errors(hass, FILE) == []


async def test_unknown_program_is_not_selected_and_unloading_stops(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    demo_home: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    selected = async_mock_service(hass, "select", "select_option")
    await setup_automation(
        hass,
        FILE,
        {
            "washer_event": WASHER,
            "dryer_event": DRYER,
            "dryer_program_select": DRYER_PROGRAM,
            "dryer_program": "cotton_40",
            "notify_entities": [NOTIFY],
            "reminder_minutes": 10,
        },
    )
    await finish_the_wash(hass, frozen_start, notified)
    assert selected == []
    assert messages(notified) == [
        (
            "Washer finished",
            (
                "Washer finished its cycle (Program 1). Move the laundry to the Dryer. The Dryer "
                "offers no program cotton_40 (it offers cotton_cupboard, cotton_extra_dry, "
                "cotton_iron, synthetics)."
            ),
        )
    ]
    await wait(hass, frozen_start, 10)
    assert messages(notified)[1:] == [reminder(1, 4, 10)]
    hass.states.async_set(WASHER_DOOR, "on", {"device_class": "door"})
    await settle(hass)
    await wait(hass, frozen_start, 60)
    assert len(notified) == 2
    assert run_errors(hass, FILE) == []


async def test_without_a_program_the_dryer_is_left_alone(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    demo_home: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    selected = async_mock_service(hass, "select", "select_option")
    await setup_automation(
        hass,
        FILE,
        {
            "washer_event": WASHER,
            "dryer_event": DRYER,
            "notify_entities": [NOTIFY],
            "reminder_minutes": 20,
            "max_reminders": 2,
        },
    )
    await finish_the_wash(hass, frozen_start, notified)
    await wait(hass, frozen_start, 60)
    assert selected == []
    assert messages(notified) == [
        (
            "Washer finished",
            "Washer finished its cycle (Program 1). Move the laundry to the Dryer.",
        ),
        reminder(1, 2, 20),
        reminder(2, 2, 40),
    ]
    assert run_errors(hass, FILE) == []


async def test_a_busy_dryer_is_left_alone_and_its_old_load_does_not_count(
    hass: HomeAssistant,
    washer_entry: MockConfigEntry,
    demo_home: MockConfigEntry,
    frozen_start: FrozenDateTimeFactory,
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {
            "washer_event": WASHER,
            "dryer_event": DRYER,
            "dryer_program_select": DRYER_PROGRAM,
            "dryer_program": "cotton_iron",
            "notify_entities": [NOTIFY],
            "reminder_minutes": 15,
            "max_reminders": 12,
        },
    )
    # The dryer starts an earlier load during the wash and is still drying at its end.
    await run_profile(hass, frozen_start, WASH[:4])
    await hass.services.async_call("button", "press", {"entity_id": DRYER_START}, blocking=True)
    await run_profile(hass, frozen_start, WASH[4:])
    await wait_until(hass, frozen_start, lambda: len(notified) == 1, FINISH_HOLD_MIN + 5)
    assert state_of(hass, "sensor.dryer_status") == "running"
    assert state_of(hass, DRYER_PROGRAM) == "cotton_cupboard"
    assert messages(notified) == [
        (
            "Washer finished",
            (
                "Washer finished its cycle (Program 1). Move the laundry to the Dryer. The Dryer "
                "did not accept the program cotton_iron."
            ),
        )
    ]

    # The earlier load finishes: the washer's laundry still waits.
    await wait_until(
        hass,
        frozen_start,
        lambda: (
            (state := hass.states.get(DRYER)) is not None
            and state.attributes.get("event_type") == "cycle_finished"
        ),
        90,
    )
    reminders_before = len(notified)
    await wait(hass, frozen_start, 15)
    assert len(notified) == reminders_before + 1

    # The washer's laundry goes in and the dryer starts: the reminders stop.
    await hass.services.async_call("button", "press", {"entity_id": DRYER_START}, blocking=True)
    await wait_until(
        hass,
        frozen_start,
        lambda: (
            (state := hass.states.get(DRYER)) is not None
            and state.attributes.get("event_type") == "cycle_started"
        ),
        15,
    )
    count = len(notified)
    await wait(hass, frozen_start, 60)
    assert len(notified) == count
    # The refused program is the only error, and did not stop the run.
    errors = run_errors(hass, FILE)
    assert len(errors) == 1
    assert "already running" in errors[0]
