"""Care dates agree: next-due sensors, due sensors, last-done sensors and the to-do list."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.todo import DOMAIN as TODO_DOMAIN, TodoServices
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.appliance_care.const import CONF_PURCHASE_DATE
from custom_components.appliance_care.engine.care.reminders import (
    LABEL_CYCLES_PER_YEAR,
    YEAR_DAYS,
)
from custom_components.appliance_care.engine.care.types import CareSubject

from .conftest import (
    add_plug_sensors,
    appliance_subentry,
    async_add_appliance,
    demo_options,
    demo_subentry,
    home_entry,
)
from .test_watched_appliance import WASH_WITH_SOAK, _run_profile, _state, _wait

TODO = "todo.appliance_maintenance"
# A tumble dryer on a plug, in (watts, minutes): heating with the drum turning, cool-down.
DRYING = [(2200, 50), (250, 10), (1, 0)]
# The demo home's recurring maintenance: appliance, maintenance, its button's entity id.
DEMO_REMINDERS = (
    ("washer", "tub_clean", "button.washer_tub_cleaned"),
    ("connected_washer", "tub_clean", "button.connected_washer_tub_cleaned"),
    ("dryer", "lint_filter_clean", "button.dryer_lint_filter_cleaned"),
    ("dishwasher", "filter_clean", "button.dishwasher_filter_cleaned"),
    ("air_conditioner", "filter_clean", "button.air_conditioner_filter_cleaned"),
    ("air_purifier", "filter_clean", "button.air_purifier_filter_cleaned"),
)
DUE_SENSOR = {
    "tub_clean": "tub_clean_due",
    "lint_filter_clean": "lint_filter_clean_due",
    "filter_clean": "filter_clean_due",
}


async def _todo_item(hass: HomeAssistant, appliance: str, kind: str) -> dict[str, Any]:
    """Return the to-do item of one appliance's chore (named "Air conditioner: ...")."""
    response = await hass.services.async_call(
        TODO_DOMAIN,
        TodoServices.GET_ITEMS,
        {ATTR_ENTITY_ID: TODO},
        blocking=True,
        return_response=True,
    )
    items = response[TODO]["items"]  # type: ignore[index, call-overload]
    name = appliance.replace("_", " ").capitalize()
    (item,) = (i for i in items if i["summary"].startswith(f"{name}: ") and i["uid"].endswith(kind))
    return dict(item)


def _local_date(days_from_now: float) -> date:
    return dt_util.as_local(dt_util.utcnow() + timedelta(days=days_from_now)).date()


async def _assert_agree(hass: HomeAssistant, appliance: str, kind: str) -> tuple[bool, date]:
    """Assert the due sensor, next date and to-do item of one chore agree; return them."""
    due = _state(hass, f"binary_sensor.{appliance}_{DUE_SENSOR[kind]}") == "on"
    next_text = _state(hass, f"sensor.{appliance}_next_{kind}")
    assert next_text not in {"unknown", "unavailable"}, (appliance, kind)
    next_date = dt_util.parse_date(next_text)
    assert next_date is not None
    item = await _todo_item(hass, appliance, kind)
    assert item["status"] == ("needs_action" if due else "completed"), (appliance, kind)
    assert item.get("due") == next_text, (appliance, kind)
    today = dt_util.now().date()
    if due:
        assert next_date <= today, (appliance, kind, next_date)
    else:
        assert next_date > today, (appliance, kind, next_date)
    return due, next_date


async def _press(hass: HomeAssistant, button: str) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
    )
    await hass.async_block_till_done()


async def test_demo_care_dates_agree_on_day_one_and_after_each_maintenance(
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    await _wait(hass, frozen_start, 2)
    for appliance, kind, _button in DEMO_REMINDERS:
        due, _ = await _assert_agree(hass, appliance, kind)
        assert not due, "nothing falls due on a new appliance's first day"
        assert _state(hass, f"sensor.{appliance}_last_{kind}") == "unknown"
    # No dryings seen yet: the lint filter is dated by a typical household's use.
    dryings_a_day = LABEL_CYCLES_PER_YEAR[CareSubject.DRYER] / YEAR_DAYS
    assert _state(hass, "sensor.dryer_next_lint_filter_clean") == str(
        _local_date(5 / dryings_a_day)
    )
    for appliance, kind, button in DEMO_REMINDERS:
        await _press(hass, button)
        last = dt_util.parse_datetime(_state(hass, f"sensor.{appliance}_last_{kind}"))
        assert last is not None
        assert abs((last - dt_util.utcnow()).total_seconds()) < 60
        due, next_date = await _assert_agree(hass, appliance, kind)
        assert not due
        assert next_date <= _local_date(30), "dated from the recorded clean"
    assert _state(hass, "sensor.dryer_next_lint_filter_clean") == str(
        _local_date(5 / dryings_a_day)
    )
    assert _state(hass, "sensor.washer_next_tub_clean") == str(_local_date(30))
    assert _state(hass, "sensor.air_conditioner_next_filter_clean") == str(_local_date(14))
    # A tub clean done by hand on the connected washer counts on from the machine's count.
    assert _state(hass, "sensor.connected_washer_cycles_since_tub_clean") == "0"


async def test_checking_a_chore_dates_the_next_one_from_it(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    add_plug_sensors(hass)
    bought = dt_util.now().date() - timedelta(days=40)
    await async_add_appliance(
        hass, appliance_subentry("washer", "Washer", **{CONF_PURCHASE_DATE: bought.isoformat()})
    )
    for _ in range(4):  # used enough for its month to count
        await _run_profile(hass, frozen_start, WASH_WITH_SOAK)
        await _wait(hass, frozen_start, 60)
    due, _ = await _assert_agree(hass, "washer", "tub_clean")
    assert due, "a month since its purchase, used enough"
    assert _state(hass, "sensor.washer_last_tub_clean") == "unknown"
    item = await _todo_item(hass, "washer", "tub_clean")
    await hass.services.async_call(
        TODO_DOMAIN,
        TodoServices.UPDATE_ITEM,
        {ATTR_ENTITY_ID: TODO, "item": item["uid"], "status": "completed"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert _state(hass, "sensor.washer_cycles_since_tub_clean") == "0"
    # Checking the item recorded the clean, now: the next date counts from it.
    last = dt_util.parse_datetime(_state(hass, "sensor.washer_last_tub_clean"))
    assert last is not None
    assert abs((last - dt_util.utcnow()).total_seconds()) < 60
    due, next_date = await _assert_agree(hass, "washer", "tub_clean")
    assert not due
    assert next_date <= _local_date(30)
    assert next_date == _local_date(30)


@pytest.mark.parametrize(("bought_days_ago", "next_in_days"), [(10, 20), (0, 30)])
async def test_a_new_washer_counts_from_its_purchase_date(
    hass: HomeAssistant, bought_days_ago: int, next_in_days: int
) -> None:
    add_plug_sensors(hass)
    bought = dt_util.now().date() - timedelta(days=bought_days_ago)
    await async_add_appliance(
        hass, appliance_subentry("washer", "Washer", **{CONF_PURCHASE_DATE: bought.isoformat()})
    )
    assert _state(hass, "sensor.washer_next_tub_clean") == str(bought + timedelta(days=30))
    assert dt_util.parse_date(_state(hass, "sensor.washer_next_tub_clean")) == (
        dt_util.now().date() + timedelta(days=next_in_days)
    )
    await _assert_agree(hass, "washer", "tub_clean")


async def _move_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: datetime) -> None:
    """Move the clock on to a moment; the care tick (each minute) comes after it."""
    freezer.move_to(moment)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    await _wait(hass, freezer, 1)


async def _assert_due_today(hass: HomeAssistant, appliance: str, kind: str, *, due: bool) -> None:
    """Assert a chore is due, and dated today, or not due and dated later."""
    is_due, next_date = await _assert_agree(hass, appliance, kind)
    assert is_due == due, (appliance, kind)
    assert (next_date == dt_util.now().date()) == due, (appliance, kind, next_date)


async def test_a_washer_falls_due_at_the_local_midnight_of_its_date(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    """Its month ends at midday: from midnight on, its date is today and it is due."""
    add_plug_sensors(hass)
    shown = dt_util.now().date() + timedelta(days=2)
    bought = shown - timedelta(days=30)
    entry = await async_add_appliance(
        hass, appliance_subentry("washer", "Washer", **{CONF_PURCHASE_DATE: bought.isoformat()})
    )
    for _ in range(4):  # the interval counts once the washer was used
        await _run_profile(hass, frozen_start, WASH_WITH_SOAK)
        await _wait(hass, frozen_start, 60)
    midnight = dt_util.start_of_local_day(shown)
    await _move_to(hass, frozen_start, midnight - timedelta(minutes=3))
    await _assert_due_today(hass, "washer", "tub_clean", due=False)
    assert _state(hass, "sensor.washer_next_tub_clean") == str(shown), "tomorrow"

    await _move_to(hass, frozen_start, midnight)
    assert dt_util.now().date() == shown
    await _assert_due_today(hass, "washer", "tub_clean", due=True)
    assert _state(hass, "binary_sensor.washer_tub_clean_due") == "on"

    # A restart keeps it due and dated.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await _wait(hass, frozen_start, 1)
    await _assert_due_today(hass, "washer", "tub_clean", due=True)


async def test_a_dryer_estimate_is_tomorrow_until_it_falls_due(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    """A drying every eight hours: the fifth is expected today, shown tomorrow until done."""
    add_plug_sensors(hass, power="1")
    await async_add_appliance(hass, appliance_subentry("dryer", "Dryer"))
    for _ in range(4):
        await _run_profile(hass, frozen_start, DRYING)
        await _move_to(hass, frozen_start, dt_util.utcnow() + timedelta(hours=7))
    assert _state(hass, "sensor.dryer_cycles_since_lint_filter_clean") == "4"
    today = dt_util.now().date()
    await _assert_due_today(hass, "dryer", "lint_filter_clean", due=False)
    assert _state(hass, "sensor.dryer_next_lint_filter_clean") == str(today + timedelta(days=1))

    # On the day shown, still not dried a fifth time: not today, not due.
    await _move_to(hass, frozen_start, dt_util.start_of_local_day(today + timedelta(days=1)))
    await _assert_due_today(hass, "dryer", "lint_filter_clean", due=False)

    await _run_profile(hass, frozen_start, DRYING)
    await _wait(hass, frozen_start, 5)
    await _assert_due_today(hass, "dryer", "lint_filter_clean", due=True)


async def test_the_fast_demo_shows_today_exactly_while_due(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    """At 60x a simulated month passes in twelve hours, across a local midnight."""
    entry = home_entry(demo_subentry(demo_options(speed=60.0)))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    seen_due: set[str] = set()
    for _ in range(18):
        await _wait(hass, frozen_start, 40)
        for appliance, kind, _button in DEMO_REMINDERS:
            if _state(hass, f"sensor.{appliance}_next_{kind}") == "unknown":
                # A filter not used since its interval ended: due on its first day of use.
                assert _state(hass, f"binary_sensor.{appliance}_{DUE_SENSOR[kind]}") == "off"
                continue
            due, _next_date = await _assert_agree(hass, appliance, kind)
            if due:
                seen_due.add(appliance)
    assert seen_due, "chores fell due in a simulated month"
