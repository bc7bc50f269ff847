"""The maintenance due reminder: a real washer and dryer whose maintenance falls due."""

from __future__ import annotations

from datetime import datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from tests.integration.conftest import appliance_subentry, async_add_appliance

from .common import (
    FINISH_HOLD_MIN,
    NOTIFY,
    WASH,
    messages,
    run_errors,
    run_profile,
    set_power,
    settle,
    setup_automation,
    setup_washer,
    wait_until,
)

FILE = "maintenance_due.yaml"
TUB = "binary_sensor.washer_tub_clean_due"
LINT = "binary_sensor.dryer_lint_filter_clean_due"
DRYER_POWER = "sensor.dryer_plug_power"
# A short dryer cycle: heater and drum for 20 minutes, then off.
DRY = [(2100, 20), (0.5, 0)]
# The tests start on Sunday 1 November 2026 at 23:00 (US/Pacific).
MONDAY = datetime.fromisoformat("2026-11-02T10:00:00-08:00")


# The sensor's numbers, in the blueprint's own words.
def tub_evidence(days: int) -> str:
    """Return the tub clean's figures as the reminder lists them."""
    return f"1 cycle and {days} {'day' if days == 1 else 'days'} since the last one"


TUB_EVIDENCE = tub_evidence(0)
DONE_TUB = "APPLIANCE_CARE_DONE:" + TUB
DONE_LINT = "APPLIANCE_CARE_DONE:" + LINT


@pytest.fixture
async def due(hass: HomeAssistant, frozen_start: FrozenDateTimeFactory) -> None:
    """A washer due a tub clean and a dryer due a lint filter clean, after one cycle each."""
    await setup_washer(hass, {"care": {"tub_clean_due_cycles": 1}})
    set_power(hass, 0.5, DRYER_POWER)
    await async_add_appliance(
        hass,
        appliance_subentry(
            "dryer", "Dryer", power=DRYER_POWER, options={"care": {"lint_filter_due_cycles": 1}}
        ),
        options={"care": {"lint_filter_due_cycles": 1}},
    )
    await hass.async_block_till_done()
    await run_profile(hass, frozen_start, WASH)
    await run_profile(hass, frozen_start, DRY, DRYER_POWER)
    await wait_until(
        hass,
        frozen_start,
        lambda: hass.states.is_state(TUB, "on") and hass.states.is_state(LINT, "on"),
        FINISH_HOLD_MIN + 5,
    )


async def move_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    """Move time to a moment (time triggers fire on the dot)."""
    freezer.move_to(when - timedelta(seconds=30))
    async_fire_time_changed(hass)
    await settle(hass)
    freezer.move_to(when)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


def tap(hass: HomeAssistant, action: str) -> None:
    """Tap an action button of a companion app notification."""
    hass.bus.async_fire("mobile_app_notification_action", {"action": action})


async def test_reminds_on_the_chosen_days_until_done(
    hass: HomeAssistant, due: None, frozen_start: FrozenDateTimeFactory
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    recorded = async_mock_service(hass, "test", "record")
    await setup_automation(
        hass,
        FILE,
        {
            "due_sensors": [TUB, LINT],
            "weekdays": ["mon", "wed"],
            "reminder_time": "10:00:00",
            "notify_entities": [NOTIFY],
            "custom_actions": [
                {"action": "test.record", "data": {"actions": "{{ actions }}", "due": "{{ due }}"}}
            ],
        },
    )
    lint = hass.states.get(LINT)
    assert lint is not None
    lint_evidence = f"{lint.attributes['values']['cycles']} cycle and 0 days since the last one"

    await move_to(hass, frozen_start, MONDAY - timedelta(hours=1))
    assert notified == []
    await move_to(hass, frozen_start, MONDAY)
    assert messages(notified) == [
        (
            "2 maintenance tasks due",
            f"Washer, tub clean: {TUB_EVIDENCE}\nDryer, lint filter clean: {lint_evidence}",
        )
    ]
    assert recorded[0].data["actions"] == [
        {"action": DONE_TUB, "title": "Washer: tub cleaned"},
        {"action": DONE_LINT, "title": "Dryer: lint filter cleaned"},
    ]
    first = recorded[0].data["due"][0]
    assert {key: first[key] for key in ("entity_id", "appliance", "kind", "maintenance")} == {
        "entity_id": TUB,
        "appliance": "Washer",
        "kind": "tub_clean_due",
        "maintenance": "tub_clean",
    }

    # The dryer's lint filter is cleaned; Tuesday is not a reminder day.
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.dryer_lint_filter_cleaned"},
        blocking=True,
    )
    assert hass.states.is_state(LINT, "off")
    await move_to(hass, frozen_start, MONDAY + timedelta(days=1))
    assert len(notified) == 1
    await move_to(hass, frozen_start, MONDAY + timedelta(days=2))
    assert messages(notified)[1:] == [
        ("Maintenance due: Washer, tub clean", f"Washer, tub clean: {tub_evidence(2)}")
    ]

    # Once the tub clean is recorded too, nothing is due: no more reminders.
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.washer_tub_cleaned"}, blocking=True
    )
    await move_to(hass, frozen_start, MONDAY + timedelta(days=7))
    assert len(notified) == 2
    assert run_errors(hass, FILE) == []


async def test_done_taps_record_the_maintenance(
    hass: HomeAssistant, due: None, frozen_start: FrozenDateTimeFactory
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass,
        FILE,
        {"due_sensors": [TUB, LINT], "record_done": True, "notify_entities": [NOTIFY]},
    )
    # Taps of other notifications, and of sensors this automation does not follow, do nothing.
    tap(hass, "OPEN_GARAGE")
    tap(hass, "APPLIANCE_CARE_DONE:binary_sensor.washer_small_load")
    await hass.async_block_till_done()
    assert notified == []

    tap(hass, DONE_LINT)
    await hass.async_block_till_done()
    assert hass.states.is_state(LINT, "off")
    last_clean = hass.states.get("sensor.dryer_last_lint_filter_clean")
    assert last_clean is not None
    assert dt_util.parse_datetime(last_clean.state) == dt_util.utcnow()
    assert messages(notified) == [
        (
            "Dryer: lint filter cleaned",
            f"Recorded as done, {dt_util.now().strftime('%a %d %b %H:%M')}.",
        )
    ]
    # A second tap on the same button: already done, nothing more.
    tap(hass, DONE_LINT)
    await hass.async_block_till_done()
    assert len(notified) == 1
    assert hass.states.is_state(TUB, "on")
    assert run_errors(hass, FILE) == []


async def test_done_taps_are_ignored_unless_turned_on(
    hass: HomeAssistant, due: None, frozen_start: FrozenDateTimeFactory
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(hass, FILE, {"due_sensors": [TUB], "notify_entities": [NOTIFY]})
    tap(hass, DONE_TUB)
    await hass.async_block_till_done()
    assert hass.states.is_state(TUB, "on")
    assert notified == []
    # The default schedule: Saturdays at 10:00.
    await move_to(hass, frozen_start, MONDAY + timedelta(days=4))
    assert notified == []
    await move_to(hass, frozen_start, MONDAY + timedelta(days=5))
    assert messages(notified) == [
        ("Maintenance due: Washer, tub clean", f"Washer, tub clean: {tub_evidence(5)}")
    ]
    assert run_errors(hass, FILE) == []
