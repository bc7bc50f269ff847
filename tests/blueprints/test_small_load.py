"""The small loads notice: a real washer's finding, and findings as its entities report them."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.trace.const import DATA_TRACE
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed, async_mock_service

from .common import (
    FINISH_HOLD_MIN,
    NOTIFY,
    WASH,
    messages,
    run_errors,
    run_profile,
    settle,
    setup_automation,
    setup_washer,
    wait,
)

FILE = "small_load.yaml"
CARE = "event.washer_care"
SMALL_LOAD = "binary_sensor.washer_small_load"
# The washer's program with a quarter of the heating: it uses about half the energy.
SMALL_WASH = [(20, 3), (2000, 4), (180, 25), (2, 12), (220, 20), (45, 3), (400, 8), (1, 0)]


def values(small: int, washes: int) -> dict[str, float]:
    """Return the numbers of a small-load finding (engine/care/laundry.py)."""
    return {"small_cycles": small, "window_cycles": washes, "energy_ratio_pct": 60}


def notice(small: int, washes: int) -> tuple[str, str]:
    """Return the notice the blueprint sends: the finding's own text (translations/en.json)."""
    return (
        "Washer ran a small load",
        (
            f"{small} of the last {washes} washes of Washer were small loads (below 60 % of "
            "their program's usual energy). Fuller loads save water and energy."
        ),
    )


async def wash(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, profile: list[tuple[float, float]]
) -> None:
    """Run one wash, and wait a while after it finished."""
    await run_profile(hass, freezer, profile)
    await wait(hass, freezer, FINISH_HOLD_MIN + 5)
    assert hass.states.is_state("sensor.washer_status", "finished")


async def test_a_real_small_load_finding_is_notified_once(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    """Both entities of the washer picked: the finding is notified once, by its event."""
    await setup_washer(hass, {"care": {"small_load_raise_cycles": 1}})
    notified = async_mock_service(hass, "notify", "send_message")
    recorded = async_mock_service(hass, "test", "record")
    await setup_automation(
        hass,
        FILE,
        {
            "washers": [CARE, SMALL_LOAD],
            "notify_entities": [NOTIFY],
            "custom_actions": [
                {
                    "action": "test.record",
                    "data": {"small_loads": "{{ small_loads }}", "washes": "{{ washes }}"},
                }
            ],
        },
    )
    # The program's usual energy is known after three full washes; then a small one.
    for _ in range(3):
        await wash(hass, frozen_start, WASH)
    assert hass.states.is_state(SMALL_LOAD, "off")
    await wash(hass, frozen_start, SMALL_WASH)
    assert hass.states.is_state(SMALL_LOAD, "on")
    await settle(hass)
    assert messages(notified) == [notice(1, 2)]
    assert [call.data for call in recorded] == [{"small_loads": 1, "washes": 2}]
    # The sensor's run stopped at the conditions (its washer's event entity is picked).
    assert runs(hass) == [
        (f"state of {CARE}", "finished"),
        (f"state of {SMALL_LOAD}", "failed_conditions"),
    ]
    assert run_errors(hass, FILE) == []


def runs(hass: HomeAssistant) -> list[tuple[str, str]]:
    """Return what triggered the automation's runs, and how each ended, in order."""
    found = []
    for trace in hass.data[DATA_TRACE]["automation.small_load"].runs.values():
        short = trace.as_short_dict()
        found.append((short["trigger"], short["script_execution"]))
    return found


def report(hass: HomeAssistant, at: str, kind: str = "small_load", sensor: bool = True) -> None:
    """Report a finding as the washer's Care event entity (and its problem sensor) would."""
    attributes = {
        "kind": kind,
        "severity": "info",
        "since": at,
        "values": values(4, 10) if kind == "small_load" else {"cycles": 1},
    }
    care = hass.states.get(CARE)
    assert care is not None
    hass.states.async_set(
        CARE, at, {**care.attributes, "event_type": "finding_raised", **attributes}
    )
    if sensor:
        entity_id = SMALL_LOAD if kind == "small_load" else "binary_sensor.washer_tub_clean_due"
        state = hass.states.get(entity_id)
        assert state is not None
        hass.states.async_set(entity_id, "on", {**state.attributes, **attributes})


async def test_the_small_load_sensor_alone_works_too(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    await setup_washer(hass, {})
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(hass, FILE, {"washers": [SMALL_LOAD], "notify_entities": [NOTIFY]})
    report(hass, "2026-11-02T07:00:00.000+00:00")
    await settle(hass)
    assert messages(notified) == [notice(4, 10)]
    # Other findings of the washer are not small loads.
    report(hass, "2026-11-02T07:00:00.001+00:00", kind="tub_clean_due")
    await settle(hass)
    assert len(notified) == 1
    assert run_errors(hass, FILE) == []


async def test_at_most_n_notices_a_week(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    """With 2 a week, notices are at least 3.5 days apart; held-back ones do not count."""
    await setup_washer(hass, {})
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(
        hass, FILE, {"washers": [CARE], "max_per_week": 2, "notify_entities": [NOTIFY]}
    )

    async def days_later(days: float) -> None:
        frozen_start.tick(timedelta(days=days))
        async_fire_time_changed(hass)
        await settle(hass)

    report(hass, "2026-11-02T07:00:00+00:00", sensor=False)
    await settle(hass)
    assert len(notified) == 1
    # Another finding a day later (not a small load) is not a notice and does not count.
    await days_later(1)
    report(hass, "2026-11-03T07:00:00+00:00", kind="tub_clean_due", sensor=False)
    await days_later(1)
    report(hass, "2026-11-04T07:00:00+00:00", sensor=False)
    await settle(hass)
    assert len(notified) == 1, "2 days after the first: held back"
    await days_later(1.5)
    report(hass, "2026-11-05T19:00:00+00:00", sensor=False)
    await settle(hass)
    assert messages(notified) == [notice(4, 10), notice(4, 10)]
    await days_later(1)
    report(hass, "2026-11-06T19:00:00+00:00", sensor=False)
    await settle(hass)
    assert len(notified) == 2
    assert run_errors(hass, FILE) == []
