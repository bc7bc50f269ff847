"""Air conditioner, water purifier and air purifier: operation, power, filter wear, room air."""

from __future__ import annotations

from datetime import time
import math
from typing import Any

import pytest

from custom_components.appliance_care.simulator import ApplianceKind, PlugSettings
from custom_components.appliance_care.simulator.air_conditioner import AirConditioner
from custom_components.appliance_care.simulator.air_purifier import (
    AIR_FILTER_LIFE_H,
    CADR_M3_PER_H,
    COOKING_HOURS,
    FAN_W,
    AirPurifier,
    FanLevel,
    level_for,
    room_air,
)
from custom_components.appliance_care.simulator.appliance import Appliance
from custom_components.appliance_care.simulator.clock import (
    SECONDS_PER_DAY,
    SECONDS_PER_HOUR,
    hour_of_day,
)
from custom_components.appliance_care.simulator.home import make_appliance
from custom_components.appliance_care.simulator.purifiers import WaterPurifier

from .support import T0, median


def _lone(
    kind: ApplianceKind, schedule: time | None, seed: int = 1, t0: int = T0
) -> tuple[Appliance, list[tuple[int, float]]]:
    reports: list[tuple[int, float]] = []
    appliance = make_appliance(
        kind, t0=t0, seed=seed, plug=PlugSettings(), sink=lambda t, w: reports.append((t, w))
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


def _pm25(purifier: Appliance) -> float:
    value = purifier.snapshot().pm25_ugm3
    assert value is not None
    return value


def _air_by_hour(purifier: Appliance, day: int = 1) -> list[float]:
    """Return the room's PM2.5 at the end of each hour of a day (day 0 settles in)."""
    values = []
    for hour in range(24):
        purifier.advance_to(T0 + day * SECONDS_PER_DAY + (hour + 1) * SECONDS_PER_HOUR - 1)
        values.append(_pm25(purifier))
    return values


def test_room_air_rises_at_cooking_hours_without_the_purifier() -> None:
    purifier, _ = _lone(ApplianceKind.AIR_PURIFIER, None)
    # Outdoors 8-15 ug/m3; indoors without sources 70 % of it.
    assert 5.0 <= _pm25(purifier) <= 11.0
    air = _air_by_hour(purifier)
    morning = air[10]  # 10:59 UTC, before lunch
    assert 5.0 <= morning <= 11.0
    assert air[12] > 5 * morning, "lunch"
    assert air[19] > 5 * morning, "dinner"
    assert air[16] < air[12] / 2, "the air clears between meals"
    assert max(air) < 400


def test_higher_fan_levels_clear_the_air_faster() -> None:
    def minutes_to_good(cadr_m3_per_h: float) -> float:
        air = room_air(source_ug_per_h=0.0, outdoor_ugm3=12.0, cadr_m3_per_h=cadr_m3_per_h)
        wait = air.time_to(100.0, 12.0)
        return math.inf if wait is None else wait / 60

    without = minutes_to_good(0.0)
    by_level = [minutes_to_good(CADR_M3_PER_H[level]) for level in FanLevel]
    assert without > 3 * 60, "air exchange and settling alone take hours"
    assert by_level == sorted(by_level, reverse=True)
    assert len(set(by_level)) == len(by_level)
    assert by_level[FanLevel.SLEEP] < without
    # The rated 240 m3/h in a 50 m3 room: from a cooking peak to good air in under 30 min.
    assert by_level[FanLevel.HIGH] < 30
    assert by_level[FanLevel.SLEEP] > 60


def test_auto_level_follows_the_air() -> None:
    purifier, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=3)
    assert isinstance(purifier, AirPurifier)
    end = T0 + 2 * SECONDS_PER_DAY
    level = purifier.level
    chosen: list[tuple[int, FanLevel, float]] = []
    while (t := purifier.next_event_at) <= end:
        purifier.advance_to(t)
        if purifier.level is not None and purifier.level is not level:
            chosen.append((t, purifier.level, _pm25(purifier)))
        level = purifier.level
    awake = [(t, level, pm) for t, level, pm in chosen if level is not FanLevel.SLEEP]
    assert {level for _, level, _ in awake} == {FanLevel.LOW, FanLevel.MEDIUM, FanLevel.HIGH}
    for _, level, pm in awake:
        assert level is level_for(pm), (level, pm)
    busy = [level for t, level, _ in awake if level > FanLevel.LOW]
    assert busy
    assert all(
        hour_of_day(t) in COOKING_HOURS or hour_of_day(t) - 1 in COOKING_HOURS
        for t, level, _ in awake
        if level > FanLevel.LOW
    ), "faster only while and just after cooking"


def test_the_same_seed_gives_the_same_air() -> None:
    runs = []
    for seed in (5, 5, 6):
        purifier, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=seed)
        runs.append(_air_by_hour(purifier))
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_fast_forward_keeps_the_air_and_the_energy_coherent() -> None:
    fine, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=2)
    coarse, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=2)
    week = T0 + 7 * SECONDS_PER_DAY + 9 * SECONDS_PER_HOUR  # a Monday morning, purifier on
    fine.advance_to(week)
    coarse.fast_forward(week)
    assert coarse.snapshot().energy_kwh == pytest.approx(fine.snapshot().energy_kwh, rel=0.15)
    assert 1.0 <= _pm25(coarse) <= 12.0, "cleaned overnight-settled air at low speed"
    coarse.advance_to(week + SECONDS_PER_HOUR)
    assert 1.0 <= _pm25(coarse) <= 12.0


@pytest.mark.parametrize("damage", ["dusty", None, True, -1.0, math.nan, math.inf, 1e9, [3]])
def test_a_damaged_room_air_state_starts_fresh(damage: Any) -> None:
    purifier, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=4)
    purifier.advance_to(T0 + 12 * SECONDS_PER_HOUR)  # lunch
    state = purifier.to_state()
    assert state["details"]["pm25_ugm3"] == _pm25(purifier)
    clock = T0 + 12 * SECONDS_PER_HOUR
    fresh, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=4, t0=clock)
    state["details"]["pm25_ugm3"] = damage
    resumed, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=4, t0=clock)
    resumed.restore(state)
    assert _pm25(resumed) == _pm25(fresh)
    assert resumed.snapshot().filter_used_pct == fresh.snapshot().filter_used_pct
    resumed.advance_to(clock + 2 * SECONDS_PER_HOUR)
    assert 0.0 <= _pm25(resumed) < 400


def test_room_air_survives_a_restart_and_an_older_state_keeps_its_filter() -> None:
    purifier, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=4)
    clock = T0 + 12 * SECONDS_PER_HOUR
    purifier.advance_to(clock)
    state = purifier.to_state()
    resumed, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=4, t0=clock)
    resumed.restore(state)
    assert _pm25(resumed) == _pm25(purifier)
    del state["details"]["pm25_ugm3"]
    older, _ = _lone(ApplianceKind.AIR_PURIFIER, time(7, 0), seed=4, t0=clock)
    older.restore(state)
    assert older.snapshot().filter_used_pct == purifier.snapshot().filter_used_pct
    assert 5.0 <= _pm25(older) <= 11.0, "the room's air without sources"
