"""Care findings to notifications: a real washer's findings, and a fridge's as reported."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_mock_service

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
    setup_washer,
    wait,
    wait_until,
)

FILE = "care_finding.yaml"
CARE = "event.washer_care"
# The findings' own texts (translations/en.json), filled from their numbers.
TUB_CLEAN_DUE = (
    "A tub clean is due on Washer",
    (
        "Washes since the last tub clean of Washer: 1 (0 of them hot), over 0 days. One is "
        "due every 1 washes or 30 days. Run a tub-clean program with the drum empty, then "
        "leave the door ajar."
    ),
)
LAUNDRY_LEFT_IN_WARNING = (
    "Washed laundry is waiting in Washer",
    (
        "The laundry has been in Washer for 8 hours since the cycle finished (limit 2 "
        "hours). Take it out before it starts to smell."
    ),
)


async def wash(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Run one wash until the washer reports it finished."""
    await run_profile(hass, freezer, WASH)
    await wait_until(
        hass,
        freezer,
        lambda: hass.states.is_state("sensor.washer_status", "finished"),
        FINISH_HOLD_MIN + 5,
    )


async def test_warnings_are_notified_in_the_findings_own_words(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    """By default warnings and critical findings only: not the info ones before."""
    await setup_washer(hass, {"care": {"tub_clean_due_cycles": 1}})
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass, FILE, {"appliances": [CARE], "notify_entities": [NOTIFY], "notify_cleared": True}
    )
    await wash(hass, frozen_start)
    assert hass.states.is_state("binary_sensor.washer_tub_clean_due", "on")
    # The laundry stays in the drum: info after 2 hours (not notified), warning after 8.
    await wait(hass, frozen_start, 2 * 60 + 1)
    laundry = hass.states.get("binary_sensor.washer_laundry_left_in")
    assert laundry is not None
    assert (laundry.state, laundry.attributes["severity"]) == ("on", "info")
    assert notified == []
    await wait_until(hass, frozen_start, lambda: len(notified) == 1, 6 * 60 + 5)
    assert messages(notified) == [LAUNDRY_LEFT_IN_WARNING]
    assert notified[0].data["entity_id"] == [NOTIFY]

    # Unloading clears the finding; it was notified, so its clearing is too.
    hass.states.async_set(WASHER_DOOR, "on", {"device_class": "door"})
    await settle(hass)
    assert messages(notified)[1:] == [("Washer: Laundry left in", "Finding cleared")]
    await wait(hass, frozen_start, 60)
    assert len(notified) == 2
    assert run_errors(hass, FILE) == []


async def test_chosen_kinds_and_the_clear_after_recording(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    await setup_washer(hass, {"care": {"tub_clean_due_cycles": 1}})
    notified = async_mock_service(hass, "notify", "send_message")
    recorded = async_mock_service(hass, "test", "record")
    await setup_automation(
        hass,
        FILE,
        {
            "appliances": [CARE],
            "severities": ["info"],
            "kinds": ["tub_clean_due"],
            "notify_cleared": True,
            "notify_entities": [NOTIFY],
            "custom_actions": [
                {
                    "action": "test.record",
                    "data": {
                        "appliance": "{{ appliance }}",
                        "kind": "{{ kind }}",
                        "severity": "{{ severity }}",
                        "cleared": "{{ cleared }}",
                        "cycles": "{{ values.cycles }}",
                    },
                }
            ],
        },
    )
    await wash(hass, frozen_start)
    assert messages(notified) == [TUB_CLEAN_DUE]
    # Laundry left in (info too) is not a chosen kind.
    await wait(hass, frozen_start, 3 * 60)
    assert hass.states.is_state("binary_sensor.washer_laundry_left_in", "on")
    assert len(notified) == 1

    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.washer_tub_cleaned"}, blocking=True
    )
    await settle(hass)
    assert hass.states.is_state("binary_sensor.washer_tub_clean_due", "off")
    assert messages(notified)[1:] == [("Washer: Tub clean due", "Finding cleared")]
    assert [call.data for call in recorded] == [
        {
            "appliance": "Washer",
            "kind": "tub_clean_due",
            "severity": "info",
            "cleared": False,
            "cycles": 1,
        },
        {
            "appliance": "Washer",
            "kind": "tub_clean_due",
            "severity": "info",
            "cleared": True,
            "cycles": 1,
        },
    ]
    assert run_errors(hass, FILE) == []


async def test_clears_are_not_notified_unless_asked(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    await setup_washer(hass, {"care": {"tub_clean_due_cycles": 1}})
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass, FILE, {"appliances": [CARE], "severities": ["info"], "notify_entities": [NOTIFY]}
    )
    await wash(hass, frozen_start)
    assert messages(notified) == [TUB_CLEAN_DUE]
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.washer_tub_cleaned"}, blocking=True
    )
    await settle(hass)
    state = hass.states.get(CARE)
    assert state is not None
    assert state.attributes["event_type"] == "finding_cleared"
    assert len(notified) == 1
    assert run_errors(hass, FILE) == []


def fire_care_event(hass: HomeAssistant, at: str, event_type: str, **attributes: object) -> None:
    """Report a care event as a fridge's Care event entity would."""
    hass.states.async_set(
        "event.fridge_care",
        at,
        {"event_type": event_type, "friendly_name": "Fridge", **attributes},
    )


async def test_findings_at_the_same_moment_are_each_notified(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    """Queued runs: two findings raised together both notify, in order."""
    await setup_washer(hass, {})
    hass.states.async_set("event.fridge_care", "unknown", {"friendly_name": "Fridge"})
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass, FILE, {"appliances": ["event.fridge_care"], "notify_entities": [NOTIFY]}
    )
    fire_care_event(
        hass,
        "2026-11-02T07:00:00.000+00:00",
        "finding_raised",
        kind="temperature_out_of_range",
        severity="critical",
        values={"celsius": 12.0, "minutes": 120, "limit_c": 8.0},
    )
    fire_care_event(
        hass,
        "2026-11-02T07:00:00.001+00:00",
        "finding_raised",
        kind="door_open_too_long",
        severity="warning",
        values={"minutes": 10, "limit_minutes": 3},
    )
    fire_care_event(
        hass,
        "2026-11-02T07:00:00.002+00:00",
        "finding_raised",
        kind="duty_cycle_drift",
        severity="info",
        values={},
    )
    await settle(hass)
    await hass.async_block_till_done()
    assert messages(notified) == [
        (
            "Fridge is too warm or too cold",
            (
                "Inside Fridge it has been 12 °C for 120 minutes (limit 8 °C). Check the door "
                "and the setting; move food that must stay cold."
            ),
        ),
        (
            "The door of Fridge is open",
            "The door of Fridge has been open for 10 minutes (warning after 3). Close it.",
        ),
    ]
    assert run_errors(hass, FILE) == []
