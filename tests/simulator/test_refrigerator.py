"""The fridge-freezer: thermostat cycles, door openings, defrosts and temperatures."""

from __future__ import annotations

from custom_components.appliance_care.simulator import ApplianceKind, PlugSettings
from custom_components.appliance_care.simulator.clock import SECONDS_PER_DAY, hour_of_day
from custom_components.appliance_care.simulator.home import make_appliance
from custom_components.appliance_care.simulator.refrigerator import FridgeMode, Refrigerator

from .support import T0, fridge_stats, median


def _fridge(seed: int = 1) -> tuple[Refrigerator, list[tuple[int, float]]]:
    reports: list[tuple[int, float]] = []
    fridge = make_appliance(
        ApplianceKind.REFRIGERATOR,
        t0=T0,
        seed=seed,
        plug=PlugSettings(),
        sink=lambda t, w: reports.append((t, w)),
    )
    assert isinstance(fridge, Refrigerator)
    return fridge, reports


def test_fridge_duty_cycle_between_30_and_50_percent() -> None:
    for seed in (1, 2, 3, 4):
        stats = fridge_stats(seed=seed, days=2)
        assert 0.30 <= stats.duty <= 0.50, (seed, stats.duty)
        assert 10 <= median(stats.runs_min) <= 25, (seed, median(stats.runs_min))
        assert 20 <= median(stats.offs_min) <= 50, (seed, median(stats.offs_min))
        assert 0.6 <= stats.kwh_per_day <= 1.4


def test_fridge_temperatures_stay_in_their_bands() -> None:
    stats = fridge_stats(seed=1, days=2)
    assert min(stats.fridge) >= 2.5
    assert max(stats.fridge) <= 9.0
    assert median(stats.fridge) < 5.5
    assert -23 <= median(stats.freezer) <= -15
    assert max(stats.freezer) <= -8


def test_compressor_power_start_spike_and_electronics() -> None:
    fridge, reports = _fridge()
    fridge.advance_to(T0 + 2 * SECONDS_PER_DAY)
    values = [w for _, w in reports]
    running = [w for w in values if 60 <= w < 150]
    assert running, "compressor runs are reported"
    assert 70 <= median(running) <= 120
    assert max(values) >= 200, "a start spike shows now and then"
    idle = [w for w in values if w < 5]
    assert idle
    assert all(1.0 <= w <= 3.0 for w in idle)


def test_door_openings_light_the_lamp_mostly_at_meal_times() -> None:
    fridge = _fridge(seed=5)[0]
    opened_by_hour = [0] * 24
    lamp: list[float] = []
    t = T0
    was_open = False
    before_w = fridge.plug.power_w
    for _ in range(3 * SECONDS_PER_DAY):
        t += 1
        fridge.advance_to(t)
        snapshot = fridge.snapshot()
        if snapshot.door_open and not was_open:
            opened_by_hour[hour_of_day(t)] += 1
            lamp.append(fridge.plug.power_w - before_w)
        was_open = bool(snapshot.door_open)
        before_w = fridge.plug.power_w
    total = sum(opened_by_hour)
    assert 60 <= total <= 180, "about 40 openings a day"
    night = sum(opened_by_hour[0:5])
    meals = sum(opened_by_hour[h] for h in (7, 12, 18, 19))
    assert night <= 3
    assert meals >= total / 4
    assert sum(10 <= w <= 25 for w in lamp) >= 0.9 * len(lamp)


def test_defrost_heater_runs_then_a_long_recovery_run() -> None:
    fridge = _fridge(seed=2)[0]
    t = T0
    defrost_powers: list[float] = []
    defrost_s = 0
    recovery_s = 0
    phase = "before"
    ordinary_runs: list[int] = []
    run_start = None
    while phase != "done" and t < T0 + 4 * SECONDS_PER_DAY:
        t += 1
        fridge.advance_to(t)
        mode = fridge.mode
        if phase == "before":
            if mode is FridgeMode.COOLING and run_start is None:
                run_start = t
            elif mode is FridgeMode.OFF and run_start is not None:
                ordinary_runs.append(t - run_start)
                run_start = None
            if mode is FridgeMode.DEFROST:
                phase = "defrost"
        if phase == "defrost":
            if mode is FridgeMode.DEFROST:
                defrost_s += 1
                defrost_powers.append(fridge.plug.power_w)
            elif mode is FridgeMode.COOLING:
                phase = "recovery"
        if phase == "recovery":
            if mode is FridgeMode.COOLING:
                recovery_s += 1
            else:
                phase = "done"
    assert phase == "done"
    assert 15 * 60 <= defrost_s <= 30 * 60
    assert 150 <= median(defrost_powers) <= 250
    assert recovery_s > 1.2 * median([float(r) for r in ordinary_runs[1:]])


def test_ambient_follows_a_daily_sine() -> None:
    fridge = _fridge(seed=1)[0]
    ambient = []
    for hour in range(24):
        fridge.advance_to(T0 + hour * 3600)
        value = fridge.snapshot().ambient_temperature_c
        assert value is not None
        ambient.append(value)
    assert 17.5 <= min(ambient) <= 21
    assert 22 <= max(ambient) <= 25.5
    assert ambient.index(max(ambient)) in range(13, 18)
    assert ambient.index(min(ambient)) in (*range(6), 23)


def test_warmer_room_means_higher_duty() -> None:
    fridge = _fridge(seed=1)[0]
    on_by_hour = [0] * 24
    t = T0
    for _ in range(4 * SECONDS_PER_DAY):
        t += 1
        fridge.advance_to(t)
        on_by_hour[hour_of_day(t)] += fridge.mode is FridgeMode.COOLING
    # Night (cool room, no doors) against afternoon (warm room).
    assert sum(on_by_hour[1:5]) < sum(on_by_hour[14:18])
