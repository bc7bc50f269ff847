"""Air conditioner, water purifier and air purifier: operation, power and filter wear."""

from __future__ import annotations

from datetime import time

from custom_components.appliance_care.simulator import ApplianceKind, PlugSettings
from custom_components.appliance_care.simulator.air_conditioner import AirConditioner
from custom_components.appliance_care.simulator.appliance import Appliance
from custom_components.appliance_care.simulator.clock import SECONDS_PER_DAY, hour_of_day
from custom_components.appliance_care.simulator.home import make_appliance
from custom_components.appliance_care.simulator.purifiers import (
    AIR_FILTER_LIFE_H,
    FAN_W,
    AirPurifier,
    FanLevel,
    WaterPurifier,
)

from .support import T0, median


def _lone(
    kind: ApplianceKind, schedule: time | None, seed: int = 1
) -> tuple[Appliance, list[tuple[int, float]]]:
    reports: list[tuple[int, float]] = []
    appliance = make_appliance(
        kind, t0=T0, seed=seed, plug=PlugSettings(), sink=lambda t, w: reports.append((t, w))
    )
    appliance.apply((), schedule, PlugSettings())
    return appliance, reports


def test_air_conditioner_runs_from_its_schedule_for_hours() -> None:
    ac, reports = _lone(ApplianceKind.AIR_CONDITIONER, time(12, 0))
    assert isinstance(ac, AirConditioner)
    filter_before = ac.snapshot().filter_used_pct
    assert filter_before is not None
    on_hours: set[int] = set()
    compressor: list[float] = []
    room: list[float] = []
    t = T0
    for _ in range(SECONDS_PER_DAY):
        t += 1
        ac.advance_to(t)
        if ac.snapshot().running:
            on_hours.add(hour_of_day(t))
            if ac.compressor_on:
                compressor.append(ac.plug.power_w)
            if t % 600 == 0:
                value = ac.snapshot().interior_temperature_c
                assert value is not None
                room.append(value)
    assert min(on_hours) == 12
    assert 5 <= len(on_hours) <= 9
    assert 600 <= median(compressor) <= 1_500
    assert 23 <= median(room[-10:]) <= 25.5, "the room is held near the set point"
    fan = [w for _, w in reports if 20 <= w <= 60]
    assert fan, "the fan alone shows between compressor runs"
    filter_after = ac.snapshot().filter_used_pct
    assert filter_after is not None
    # 500 h rated life: 5-9 h of operation use 1-1.8 %.
    assert 0.9 <= filter_after - filter_before <= 1.9


def test_air_conditioner_without_schedule_stays_off() -> None:
    ac, reports = _lone(ApplianceKind.AIR_CONDITIONER, None)
    ac.advance_to(T0 + 2 * SECONDS_PER_DAY)
    assert all(w < 3 for _, w in reports)
    assert not ac.snapshot().running


def test_water_purifier_dispenses_through_the_day_and_wears_its_filter() -> None:
    purifier, reports = _lone(ApplianceKind.WATER_PURIFIER, time(7, 0))
    assert isinstance(purifier, WaterPurifier)
    before = purifier.snapshot()
    draws: list[float] = []
    litres = 0.0
    t = T0
    for _ in range(2 * SECONDS_PER_DAY):
        t += 1
        purifier.advance_to(t)
        now = purifier.snapshot().water_dispensed_l
        assert now is not None
        if now > litres:
            draws.append(now - litres)
            assert hour_of_day(t) >= 7 or hour_of_day(t) == 0
        litres = now
    assert 12 <= len(draws) <= 45
    assert all(0.2 - 1e-9 <= d <= 1.5 + 1e-9 for d in draws), draws
    after = purifier.snapshot()
    assert before.filter_used_pct is not None
    assert after.filter_used_pct is not None
    # Rated 2,000 L: every litre uses 0.05 %.
    assert abs((after.filter_used_pct - before.filter_used_pct) - litres * 0.05) < 1e-6
    compressor = [w for _, w in reports if 40 <= w <= 100]
    assert 60 <= median(compressor) <= 95


def test_water_purifier_day_begins_with_a_glass_at_its_scheduled_time() -> None:
    """The first draw of every day comes at the schedule, so a new demo shows water at once."""
    purifier, _ = _lone(ApplianceKind.WATER_PURIFIER, time(7, 0))
    for day in range(3):
        start = T0 + day * SECONDS_PER_DAY + 7 * 3600
        purifier.advance_to(start - 1)
        before = purifier.snapshot().water_dispensed_l
        purifier.advance_to(start + 90)  # a glass at 1.2 L a minute
        after = purifier.snapshot().water_dispensed_l
        assert before is not None
        assert after is not None
        assert after - before >= 0.2, f"day {day}"


def test_water_purifier_without_schedule_still_keeps_its_water_cold() -> None:
    purifier, reports = _lone(ApplianceKind.WATER_PURIFIER, None)
    purifier.advance_to(T0 + SECONDS_PER_DAY)
    assert purifier.snapshot().water_dispensed_l == 0
    assert any(w > 50 for _, w in reports)


def test_air_purifier_speeds_vary_over_the_day_and_wear_the_filter() -> None:
    purifier, reports = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=3)
    assert isinstance(purifier, AirPurifier)
    before = purifier.snapshot().filter_used_pct
    levels: set[FanLevel] = set()
    weighted = 0.0
    t = T0
    for _ in range(SECONDS_PER_DAY):
        t += 1
        purifier.advance_to(t)
        if purifier.level is not None:
            levels.add(purifier.level)
            weighted += (0.4, 0.7, 1.0, 1.6)[purifier.level] / 3600
    assert len(levels) >= 3
    assert FanLevel.SLEEP in levels
    powers = [w for _, w in reports if w > 1]
    assert min(powers) >= 4
    assert max(powers) <= 50
    after = purifier.snapshot().filter_used_pct
    assert before is not None
    assert after is not None
    assert abs((after - before) - weighted / AIR_FILTER_LIFE_H * 100) < 0.01
    assert FAN_W[FanLevel.SLEEP] == 5.0
    assert FAN_W[FanLevel.HIGH] == 45.0


def test_air_purifier_without_schedule_stands_by() -> None:
    purifier, reports = _lone(ApplianceKind.AIR_PURIFIER, None)
    purifier.advance_to(T0 + SECONDS_PER_DAY)
    assert all(w < 1.5 for _, w in reports)
    assert purifier.snapshot().filter_used_pct is not None
