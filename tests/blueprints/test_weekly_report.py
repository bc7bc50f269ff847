"""The weekly report: real appliances, the recorder's statistics through recorder.get_statistics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from tests.integration.conftest import (
    add_plug_sensors,
    appliance_subentry,
    async_add_appliance,
    power_sensor_entry,
)

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
)

FILE = "weekly_report.yaml"
PLUG_ENERGY = "sensor.plug_energy"
DISHWASHER_POWER = "sensor.dishwasher_plug_power"
# The tests start on Sunday 1 November 2026 at 23:00 in the test time zone (US/Pacific); the
# report is due on Monday at 18:00 and covers the 7 days up to 17:00.
REPORT_AT = datetime.fromisoformat("2026-11-02T18:00:00-08:00")
WINDOW_END = datetime.fromisoformat("2026-11-02T17:00:00-08:00")
# A week of wall-clock time: the window began in summer time.
WINDOW_START = datetime.fromisoformat("2026-10-26T17:00:00-07:00")
INPUTS = {
    "appliances": ["event.washer_cycle", "event.dishwasher_cycle"],
    "weekday": "mon",
    "report_time": "18:00:00",
    "notify_entities": [NOTIFY],
}
TITLE = "Appliances, week to Mon 02 Nov 17:00"


@pytest.fixture
def mock_recorder_before_hass(async_setup_recorder_instance: Any) -> None:
    """Prepare the recorder's test database before Home Assistant starts."""


@pytest.fixture
async def appliances(hass: HomeAssistant) -> None:
    """Set up a washer behind a metered smart plug (a device), and a dishwasher."""
    plug_entry = MockConfigEntry(domain="test", title="Smart plug")
    plug_entry.add_to_hass(hass)
    plug = dr.async_get(hass).async_get_or_create(
        config_entry_id=plug_entry.entry_id, identifiers={("test", "plug")}, name="Washer plug"
    )
    for key in ("power", "energy"):
        er.async_get(hass).async_get_or_create(
            "sensor",
            "test",
            f"plug_{key}",
            suggested_object_id=f"plug_{key}",
            config_entry=plug_entry,
            device_id=plug.id,
        )
    add_plug_sensors(hass)
    hass.states.async_set(
        PLUG_ENERGY,
        "12.5",
        {"unit_of_measurement": "kWh", "device_class": "energy", "state_class": "total_increasing"},
    )
    washer = power_sensor_entry("washer", "Washer", door_sensor=WASHER_DOOR)
    washer.add_to_hass(hass)
    assert await hass.config_entries.async_setup(washer.entry_id)
    set_power(hass, 0.5, DISHWASHER_POWER)
    await async_add_appliance(
        hass, appliance_subentry("dishwasher", "Dishwasher", power=DISHWASHER_POWER)
    )


def import_hourly(
    hass: HomeAssistant, statistic_id: str, unit: str | None, total: Callable[[datetime], float]
) -> None:
    """Import hourly statistics of a total, as the recorder compiles them, for 9 days."""
    first = (WINDOW_START - timedelta(days=2)).astimezone(dt_util.UTC)
    hours = [first + timedelta(hours=n) for n in range(11 * 24)]
    async_import_statistics(
        hass,
        StatisticMetaData(
            has_sum=True,
            mean_type=StatisticMeanType.NONE,
            name=None,
            source="recorder",
            statistic_id=statistic_id,
            unit_class="energy" if unit == "kWh" else None,
            unit_of_measurement=unit,
        ),
        [StatisticData(start=hour, state=total(hour), sum=total(hour)) for hour in hours],
    )


async def run_a_wash(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> datetime:
    """Run one real wash; return when it finished."""
    await run_profile(hass, freezer, WASH)
    await wait(hass, freezer, FINISH_HOLD_MIN + 1)
    state = hass.states.get("event.washer_cycle")
    assert state is not None
    assert state.attributes["event_type"] == "cycle_finished"
    finished = dt_util.parse_datetime(state.state)
    assert finished is not None
    return finished


async def until_report(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Move time to the report (the time trigger fires on the dot)."""
    freezer.move_to(REPORT_AT - timedelta(seconds=30))
    async_fire_time_changed(hass)
    await settle(hass)
    freezer.move_to(REPORT_AT)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_weekly_report_counts_the_week_from_statistics(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    appliances: None,
    frozen_start: FrozenDateTimeFactory,
) -> None:
    notified = async_mock_service(hass, "notify", "send_message")
    await setup_automation(hass, FILE, INPUTS)
    finished = await run_a_wash(hass, frozen_start)
    finished_hour = finished.replace(minute=0, second=0, microsecond=0)

    # What the recorder compiled: the washer's one cycle, in the hour it finished. The plug's
    # meter also counted another load before the week and one after its end (at 17:00, in the
    # hour the report's statistics do not have yet).
    def cycles(hour: datetime) -> float:
        return 1.0 if hour >= finished_hour else 0.0

    def energy(hour: datetime) -> float:
        total = 0.0
        if hour >= WINDOW_START - timedelta(hours=2):
            total += 1.5
        if hour >= finished_hour:
            total += 0.7
        if hour >= WINDOW_END:
            total += 0.3
        return total

    import_hourly(hass, "sensor.washer_cycles", None, cycles)
    import_hourly(hass, "sensor.dishwasher_cycles", None, lambda _: 0.0)
    import_hourly(hass, PLUG_ENERGY, "kWh", energy)
    await async_wait_recording_done(hass)

    await until_report(hass, frozen_start)
    assert messages(notified) == [
        (
            TITLE,
            (
                "Washer: 1 cycle this week; 1 in total; 0.70 kWh this week; "
                "last cycle: Program 1, 1 h 26 min, 0.70 kWh\n"
                "Dishwasher: 0 cycles this week; 0 in total; no cycle yet"
            ),
        )
    ]
    assert run_errors(hass, FILE) == []


async def test_weekly_report_without_statistics(
    hass: HomeAssistant, appliances: None, frozen_start: FrozenDateTimeFactory
) -> None:
    """Without the recorder, the report shows the totals and the last cycles."""
    notified = async_mock_service(hass, "notify", "send_message")
    recorded = async_mock_service(hass, "test", "record")
    await setup_automation(
        hass,
        FILE,
        INPUTS
        | {
            "use_statistics": False,
            "custom_actions": [{"action": "test.record", "data": {"report": "{{ report }}"}}],
        },
    )
    await run_a_wash(hass, frozen_start)
    await until_report(hass, frozen_start)
    assert messages(notified) == [
        (
            TITLE,
            (
                "Washer: 1 in total; last cycle: Program 1, 1 h 26 min, 0.70 kWh\n"
                "Dishwasher: 0 in total; no cycle yet"
            ),
        )
    ]
    assert recorded[0].data["report"][0] == {
        "name": "Washer",
        "cycles_total": 1,
        "cycles_week": None,
        "energy_week": None,
        "energy_unit": "kWh",
        "last_program": "Program 1",
        "last_duration_min": 86.0,
        "last_energy_kwh": 0.705,
    }
    # Only on the chosen weekday.
    frozen_start.move_to(REPORT_AT + timedelta(days=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len(notified) == 1
    assert run_errors(hass, FILE) == []
