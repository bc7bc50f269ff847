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
TUB_CLEAN_DUE = (
    "Washer: Tub clean due (info)",
    (
        "1 cycle (0 of them hot) since 2026-11-02 (no tub clean recorded); due every 1 cycles "
        "or every 30 days.\nRun a tub-clean program (or the hottest program) with the drum "
        "empty, then leave the door and the detergent drawer ajar to dry."
    ),
)
LAUNDRY_LEFT_IN_WARNING = (
    "Washer: Laundry left in (warning)",
    (
        "The laundry has been in the drum for 8 h since the cycle finished.\nTake the laundry "
        "out and leave the door ajar: damp laundry in a closed drum starts to smell."
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


async def test_warnings_are_notified_with_evidence_and_advice(
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
    assert messages(notified)[1:] == [
        ("Washer: Laundry left in cleared", "Washer no longer reports: laundry left in.")
    ]
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
                        "advice": "{{ advice }}",
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
    assert messages(notified)[1:] == [
        ("Washer: Tub clean due cleared", "Washer no longer reports: tub clean due.")
    ]
    assert [call.data for call in recorded] == [
        {
            "appliance": "Washer",
            "kind": "tub_clean_due",
            "severity": "info",
            "cleared": False,
            "advice": TUB_CLEAN_DUE[1].split("\n")[1],
        },
        {
            "appliance": "Washer",
            "kind": "tub_clean_due",
            "severity": "info",
            "cleared": True,
            "advice": TUB_CLEAN_DUE[1].split("\n")[1],
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


def fire_care_event(hass: HomeAssistant, at: str, event_type: str, **attributes: str) -> None:
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
        evidence="The fridge has been at 12 degrees for 2 h.",
        advice="Check the door.",
    )
    fire_care_event(
        hass,
        "2026-11-02T07:00:00.001+00:00",
        "finding_raised",
        kind="door_open_too_long",
        severity="warning",
        evidence="The door has been open for 10 min.",
        advice="Close the door.",
    )
    fire_care_event(
        hass,
        "2026-11-02T07:00:00.002+00:00",
        "finding_raised",
        kind="duty_cycle_drift",
        severity="info",
        evidence="Runs more than usual.",
        advice="Clean the coils.",
    )
    await settle(hass)
    await hass.async_block_till_done()
    assert messages(notified) == [
        (
            "Fridge: Temperature out of range (critical)",
            "The fridge has been at 12 degrees for 2 h.\nCheck the door.",
        ),
        (
            "Fridge: Door open too long (warning)",
            "The door has been open for 10 min.\nClose the door.",
        ),
    ]
    assert run_errors(hass, FILE) == []
