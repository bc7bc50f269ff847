"""What a cycle costs: priced as it is drawn, at a price that changes during the cycle."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.energy.data import async_get_manager
from homeassistant.core import Event, HomeAssistant, callback
import pytest

from custom_components.appliance_care.const import CONF_PRICE_ENTITY
from custom_components.appliance_care.engine.cost import CycleCost
from custom_components.appliance_care.price import _grid_price

from .conftest import add_plug_sensors, appliance_subentry, home_entry
from .test_watched_appliance import _run_profile, _state, _wait

PRICE = "sensor.electricity_price"
# Fill, heat, wash, drain, spin: the price changes after the heating.
CHEAP = [(20, 3), (2000, 15)]
DEAR = [(180, 25), (45, 3), (400, 8), (1, 0)]


def _set_price(hass: HomeAssistant, price: str, unit: str = "EUR/kWh") -> None:
    hass.states.async_set(PRICE, price, {"unit_of_measurement": unit})


def _finished(hass: HomeAssistant) -> list[dict[str, Any]]:
    fired: list[dict[str, Any]] = []

    @callback
    def _listen(event: Event[Any]) -> None:
        new = event.data["new_state"]
        if (
            event.data["entity_id"] == "event.washer_cycle"
            and new is not None
            and new.attributes.get("event_type") == "cycle_finished"
        ):
            fired.append(dict(new.attributes))

    hass.bus.async_listen("state_changed", _listen)
    return fired


async def _washer(hass: HomeAssistant, options: dict[str, Any]) -> None:
    add_plug_sensors(hass)
    entry = home_entry(appliance_subentry("washer", "Washer"), options=options)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _energy_kwh(profile: list[tuple[float, float]]) -> float:
    return sum(watts * minutes / 60 for watts, minutes in profile) / 1000


async def test_a_cycle_is_priced_as_it_draws_through_a_changing_price(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    _set_price(hass, "0.10")
    await _washer(hass, {CONF_PRICE_ENTITY: PRICE})
    finished = _finished(hass)
    await _run_profile(hass, frozen_start, CHEAP)
    _set_price(hass, "400", "EUR/MWh")  # 0.40 per kWh, told per MWh
    await _run_profile(hass, frozen_start, DEAR)
    await _wait(hass, frozen_start, 10)
    (event,) = finished
    expected = _energy_kwh(CHEAP) * 0.10 + _energy_kwh(DEAR) * 0.40
    assert event["cost"] == pytest.approx(expected, rel=0.03)
    assert event["currency"] == hass.config.currency
    # At one price all along it would have been far cheaper: the tariff counted.
    assert event["cost"] > event["energy_kwh"] * 0.10 * 1.5
    assert float(_state(hass, "sensor.washer_last_cycle_cost")) == pytest.approx(event["cost"])
    state = hass.states.get("sensor.washer_last_cycle_cost")
    assert state is not None
    assert state.attributes["unit_of_measurement"] == hass.config.currency
    assert state.attributes["device_class"] == "monetary"


async def test_the_energy_dashboard_price_is_used_and_garbage_prices_are_not(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    manager = await async_get_manager(hass)
    await manager.async_update(
        {
            "energy_sources": [
                {
                    "type": "grid",
                    "stat_energy_from": "sensor.grid_import",
                    "stat_energy_to": None,
                    "stat_cost": None,
                    "entity_energy_price": None,
                    "number_energy_price": 0.25,
                    "stat_compensation": None,
                    "entity_energy_price_export": None,
                    "number_energy_price_export": None,
                    "cost_adjustment_day": 0.0,
                }
            ]
        }
    )
    await _washer(hass, {})
    finished = _finished(hass)
    await _run_profile(hass, frozen_start, CHEAP + DEAR)
    await _wait(hass, frozen_start, 10)
    (event,) = finished
    assert event["cost"] == pytest.approx(event["energy_kwh"] * 0.25, rel=0.01)


async def test_without_a_price_the_cost_is_unknown(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    _set_price(hass, "unavailable")
    await _washer(hass, {CONF_PRICE_ENTITY: PRICE})
    finished = _finished(hass)
    await _run_profile(hass, frozen_start, CHEAP + DEAR)
    await _wait(hass, frozen_start, 10)
    (event,) = finished
    assert event["cost"] is None
    assert event["currency"] is None
    assert _state(hass, "sensor.washer_last_cycle_cost") == "unknown"


def test_the_accumulator_carries_a_price_through_a_gap_and_survives_garbage() -> None:
    cost = CycleCost()
    cost.update(7, 500.0, 0.2)  # 0.5 kWh at 0.20
    cost.update(7, 1500.0, None)  # the price unknown a while: still 0.20
    cost.update(7, 2000.0, 1.0)
    assert cost.finish(7, 2000.0, 1.0) == pytest.approx(0.1 + 0.2 + 0.5)
    again = CycleCost.from_state(cost.to_state())
    assert again.cost_of(7) == pytest.approx(0.8)
    assert again.cost_of(6) is None
    for garbage in (None, [], {"cost": "x"}, {"energy_wh": float("nan")}, {"cycle": 1.5}):
        assert CycleCost.from_state(garbage).last_cost is None
    assert _grid_price({"energy_sources": [{"type": "solar"}, "x"]}) == (None, None)
    legacy = {"energy_sources": [{"type": "grid", "flow_from": [{"entity_energy_price": "s"}]}]}
    assert _grid_price(legacy) == ("s", None)


@pytest.mark.parametrize("garbage", ["nan", "inf", "1e12", "cheap"])
async def test_a_garbage_price_is_no_price(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory, garbage: str
) -> None:
    _set_price(hass, garbage)
    await _washer(hass, {CONF_PRICE_ENTITY: PRICE})
    finished = _finished(hass)
    await _run_profile(hass, frozen_start, CHEAP + DEAR)
    await _wait(hass, frozen_start, 10)
    (event,) = finished
    assert event["cost"] is None
