"""Care dates agree: next-due sensors, due sensors, last-done sensors and the to-do list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.todo import DOMAIN as TODO_DOMAIN, TodoServices
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care.const import CONF_PURCHASE_DATE
from custom_components.appliance_care.engine.care.reminders import (
    TYPICAL_CYCLES_PER_YEAR,
    YEAR_DAYS,
)
from custom_components.appliance_care.engine.care.types import CareSubject

from .conftest import add_plug_sensors, appliance_subentry, async_add_appliance
from .test_watched_appliance import _state, _wait

TODO = "todo.appliance_maintenance"
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
    dryings_a_day = TYPICAL_CYCLES_PER_YEAR[CareSubject.DRYER] / YEAR_DAYS
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
    hass: HomeAssistant, demo_home: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    await _wait(hass, frozen_start, 60)
    item = await _todo_item(hass, "dryer", "lint_filter_clean")
    await hass.services.async_call(
        TODO_DOMAIN,
        TodoServices.UPDATE_ITEM,
        {ATTR_ENTITY_ID: TODO, "item": item["uid"], "status": "completed"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert _state(hass, "sensor.dryer_cycles_since_lint_filter_clean") == "0"
    due, next_date = await _assert_agree(hass, "dryer", "lint_filter_clean")
    assert not due
    assert next_date <= _local_date(30)


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
