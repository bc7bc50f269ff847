"""The cycle finished reminder, driven by real appliances behind smart plugs."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from tests.integration.conftest import appliance_subentry, async_add_appliance

from .common import (
    FINISH_HOLD_MIN,
    NOTIFY,
    WASH,
    WASHER_DOOR,
    messages,
    run_errors,
    run_profile,
    set_power,
    settle,
    setup_automation,
    wait,
    wait_until,
)

FILE = "cycle_finished_reminder.yaml"
FINISHED = (
    "Washer finished",
    ("Washer finished its cycle (Program 1) after 1 h 26 min, using 0.70 kWh. Time to unload it."),
)
DRYER_POWER = "sensor.dryer_plug_power"
# A short dryer cycle: heater and drum for 20 minutes, then off; it finishes after 7 quiet
# minutes.
DRY = [(2100, 20), (0.5, 0)]


def reminder(index: int, limit: int, minutes: int, name: str = "Washer") -> tuple[str, str]:
    """Return the reminder notification the blueprint sends."""
    return (
        f"{name} is waiting to be unloaded",
        (
            f"Reminder {index} of {limit}: {name} finished {minutes} min ago and has not been "
            "unloaded yet."
        ),
    )


async def finish_the_wash(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, notified: list[object]
) -> None:
    """Run a wash until the first notification, at the finish."""
    await run_profile(hass, freezer, WASH)
    await wait_until(hass, freezer, lambda: len(notified) == 1, FINISH_HOLD_MIN + 5)
    state = hass.states.get("sensor.washer_status")
    assert state is not None
    assert state.state == "finished"


async def test_finish_notifies_and_reminds_until_unloaded(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    recorded = async_mock_service(hass, "test", "record")
    await setup_automation(
        hass,
        FILE,
        {
            "appliances": ["event.washer_cycle"],
            "notify_entities": [NOTIFY],
            "custom_actions": [
                {
                    "action": "test.record",
                    "data": {
                        "reminder": "{{ reminder }}",
                        "appliance": "{{ appliance }}",
                        "title": "{{ title }}",
                    },
                }
            ],
        },
    )

    await finish_the_wash(hass, frozen_start, notified)
    assert messages(notified) == [FINISHED]
    assert notified[0].data["entity_id"] == [NOTIFY]
    assert [call.data for call in recorded] == [
        {"reminder": 0, "appliance": "Washer", "title": "Washer finished"}
    ]

    # Every 30 minutes (the default) while the washer waits to be unloaded.
    await wait(hass, frozen_start, 29.5)
    assert len(notified) == 1
    await wait(hass, frozen_start, 0.5)
    assert messages(notified)[1:] == [reminder(1, 4, 30)]
    await wait(hass, frozen_start, 30)
    assert messages(notified)[1:] == [reminder(1, 4, 30), reminder(2, 4, 60)]
    assert [call.data["reminder"] for call in recorded] == [0, 1, 2]

    # Opening the door unloads the washer: no more reminders.
    hass.states.async_set(WASHER_DOOR, "on", {"device_class": "door"})
    await settle(hass)
    state = hass.states.get("event.washer_cycle")
    assert state is not None
    assert state.attributes["event_type"] == "appliance_unloaded"
    await wait(hass, frozen_start, 120)
    assert len(notified) == 3
    assert len(recorded) == 3
    assert run_errors(hass, FILE) == []


async def test_reminders_stop_at_the_limit(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {
            "appliances": ["event.washer_cycle"],
            "notify_entities": [NOTIFY],
            "reminder_minutes": 10,
            "max_reminders": 2,
        },
    )
    await finish_the_wash(hass, frozen_start, notified)
    await wait(hass, frozen_start, 90)
    assert messages(notified) == [FINISHED, reminder(1, 2, 10), reminder(2, 2, 20)]
    state = hass.states.get("sensor.washer_status")
    assert state is not None
    assert state.state == "finished", "still not unloaded, but the limit is reached"
    assert run_errors(hass, FILE) == []


async def test_status_leaving_finished_stops_the_reminders(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    """The status sensor is the second sign of unloading, beside the event entity."""
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {"appliances": ["event.washer_cycle"], "notify_entities": [NOTIFY], "reminder_minutes": 10},
    )
    await finish_the_wash(hass, frozen_start, notified)
    await wait(hass, frozen_start, 10)
    assert messages(notified) == [FINISHED, reminder(1, 4, 10)]
    status = hass.states.get("sensor.washer_status")
    assert status is not None
    hass.states.async_set(status.entity_id, "unloaded", status.attributes)
    await settle(hass)
    await wait(hass, frozen_start, 60)
    assert len(notified) == 2
    assert run_errors(hass, FILE) == []


async def test_no_reminders_when_the_limit_is_zero(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {"appliances": ["event.washer_cycle"], "notify_entities": [NOTIFY], "max_reminders": 0},
    )
    await finish_the_wash(hass, frozen_start, notified)
    await wait(hass, frozen_start, 120)
    assert messages(notified) == [FINISHED]
    assert run_errors(hass, FILE) == []


async def test_each_appliance_gets_its_own_reminders(
    hass: HomeAssistant, washer_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    """A dryer finishing does not cancel the washer's reminders, nor the other way round."""
    set_power(hass, 0.5, DRYER_POWER)
    await async_add_appliance(hass, appliance_subentry("dryer", "Dryer", power=DRYER_POWER))
    await hass.async_block_till_done()
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {"appliances": ["event.washer_cycle", "event.dryer_cycle"], "notify_entities": [NOTIFY]},
    )

    await finish_the_wash(hass, frozen_start, notified)
    await run_profile(hass, frozen_start, DRY, DRYER_POWER)
    await wait_until(hass, frozen_start, lambda: len(notified) == 2, 10)
    title, message = messages(notified)[1]
    assert title == "Dryer finished"
    assert message.startswith("Dryer finished its cycle (Program 1) after 20 min, using ")

    # The washer's first reminder comes 30 minutes after its finish, the dryer's after its.
    await wait_until(hass, frozen_start, lambda: len(notified) == 3, 30)
    assert messages(notified)[2] == reminder(1, 4, 30)
    hass.states.async_set(WASHER_DOOR, "on", {"device_class": "door"})
    await settle(hass)
    await wait(hass, frozen_start, 60)
    assert messages(notified)[3:] == [reminder(1, 4, 30, "Dryer"), reminder(2, 4, 60, "Dryer")]
    assert run_errors(hass, FILE) == []
