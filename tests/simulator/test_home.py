"""The simulated home: its clock, commands, schedules, snapshots and determinism."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
import time as wall_time

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.appliance_care.simulator import (
    CYCLE_KINDS,
    DEFAULT_SCHEDULES,
    FIRMWARE_VERSIONS,
    PROGRAMS,
    ApplianceKind,
    ApplianceSnapshot,
    HomeSettings,
    PlugSettings,
    SimulatedHome,
    SimulationError,
)

from .support import START

WASHER = ApplianceKind.WASHER


def _home(**kwargs: object) -> SimulatedHome:
    return SimulatedHome(start=START, settings=HomeSettings(**kwargs))  # type: ignore[arg-type]


def _advance(home: SimulatedHome, minutes: float, step_s: float = 60) -> bool:
    changed = False
    end = home.now + timedelta(minutes=minutes)
    while home.now < end:
        changed |= home.advance(min(end, home.now + timedelta(seconds=step_s)))
    return changed


def _comparable(snapshot: ApplianceSnapshot) -> tuple[object, ...]:
    return (
        snapshot.power_w,
        snapshot.power_reported_at,
        round(snapshot.energy_kwh, 9),
        snapshot.door_open,
        snapshot.running,
        snapshot.program,
        snapshot.delayed_start_remaining_s,
        snapshot.interior_temperature_c,
        snapshot.freezer_temperature_c,
        snapshot.filter_used_pct,
        snapshot.water_dispensed_l,
        snapshot.pm25_ugm3,
    )


def test_home_has_all_seven_appliances_with_their_sensors() -> None:
    home = _home()
    assert home.kinds == tuple(ApplianceKind)
    assert home.now == START
    for kind in home.kinds:
        snapshot = home.snapshot(kind)
        assert snapshot.kind is kind
        assert snapshot.firmware_version == FIRMWARE_VERSIONS[kind]
        assert snapshot.power_reported_at == START
        assert snapshot.energy_kwh == 0
        assert (snapshot.door_open is not None) == (
            kind in CYCLE_KINDS or kind is ApplianceKind.REFRIGERATOR
        )
        assert (snapshot.interior_temperature_c is not None) == (
            kind in {ApplianceKind.REFRIGERATOR, ApplianceKind.AIR_CONDITIONER}
        )
        assert (snapshot.freezer_temperature_c is not None) == (kind is ApplianceKind.REFRIGERATOR)
        assert (snapshot.ambient_temperature_c is not None) == (kind is ApplianceKind.REFRIGERATOR)
        assert (snapshot.filter_used_pct is not None) == (
            kind
            in {
                ApplianceKind.AIR_CONDITIONER,
                ApplianceKind.WATER_PURIFIER,
                ApplianceKind.AIR_PURIFIER,
            }
        )
        assert (snapshot.water_dispensed_l is not None) == (kind is ApplianceKind.WATER_PURIFIER)
        assert (snapshot.pm25_ugm3 is not None) == (kind is ApplianceKind.AIR_PURIFIER)
        assert snapshot.programs == PROGRAMS[kind]
        assert snapshot.program == (PROGRAMS[kind][0] if kind in CYCLE_KINDS else None)
        assert snapshot.delayed_start_remaining_s is None


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SimulatedHome(start=datetime(2026, 1, 1), settings=HomeSettings())  # noqa: DTZ001
    home = _home()
    with pytest.raises(ValueError, match="timezone-aware"):
        home.advance(datetime(2026, 1, 2))  # noqa: DTZ001


def test_other_time_zones_are_converted_to_utc() -> None:
    home = SimulatedHome(
        start=START.astimezone(timezone(timedelta(hours=9))), settings=HomeSettings()
    )
    assert home.now == START
    assert home.now.utcoffset() == timedelta(0)


def test_start_runs_the_selected_program_and_refuses_a_second_start() -> None:
    home = _home()
    home.select_program(WASHER, "quick_30")
    home.start(WASHER)
    snapshot = home.snapshot(WASHER)
    assert snapshot.running
    assert snapshot.program == "quick_30"
    with pytest.raises(SimulationError) as raised:
        home.start(WASHER)
    assert raised.value.key == "already_running"
    with pytest.raises(SimulationError) as raised:
        home.select_program(WASHER, "cotton_60")
    assert raised.value.key == "already_running"
    _advance(home, 10)
    assert home.snapshot(WASHER).power_w > 5
    _advance(home, 40)
    assert not home.snapshot(WASHER).running
    home.select_program(WASHER, "cotton_60")
    assert home.snapshot(WASHER).program == "cotton_60"


def test_commands_on_the_wrong_appliance_or_program_are_refused() -> None:
    home = _home()
    with pytest.raises(SimulationError) as raised:
        home.start(ApplianceKind.REFRIGERATOR)
    assert raised.value.key == "not_a_cycle_appliance"
    with pytest.raises(SimulationError) as raised:
        home.select_program(ApplianceKind.AIR_PURIFIER, "turbo")
    assert raised.value.key == "not_a_cycle_appliance"
    with pytest.raises(SimulationError) as raised:
        home.select_program(WASHER, "boil_95")
    assert raised.value.key == "unknown_program"
    assert str(raised.value)


def test_delayed_start_waits_then_runs() -> None:
    home = _home()
    home.start(ApplianceKind.DISHWASHER, delay=timedelta(hours=1))
    snapshot = home.snapshot(ApplianceKind.DISHWASHER)
    assert not snapshot.running
    assert snapshot.delayed_start_remaining_s == 3600
    with pytest.raises(SimulationError):
        home.start(ApplianceKind.DISHWASHER)
    _advance(home, 30)
    snapshot = home.snapshot(ApplianceKind.DISHWASHER)
    assert snapshot.delayed_start_remaining_s == 1800
    assert snapshot.power_w < 5
    _advance(home, 31)
    snapshot = home.snapshot(ApplianceKind.DISHWASHER)
    assert snapshot.running
    assert snapshot.delayed_start_remaining_s is None


def test_negative_delay_starts_at_once() -> None:
    home = _home()
    home.start(WASHER, delay=timedelta(minutes=-5))
    assert home.snapshot(WASHER).running


def test_schedules_start_cycles_daily_with_the_door_opened_for_loading() -> None:
    home = _home(schedules={WASHER: time(9, 0)})
    door_opened: list[datetime] = []
    starts: list[datetime] = []
    was_open = was_running = False
    for _ in range(2 * 24 * 60 * 2):
        home.advance(home.now + timedelta(seconds=30))
        snapshot = home.snapshot(WASHER)
        if snapshot.door_open and not was_open:
            door_opened.append(home.now)
        if snapshot.running and not was_running:
            starts.append(home.now)
        was_open, was_running = bool(snapshot.door_open), snapshot.running
    assert [s.replace(second=0, microsecond=0) for s in starts] == [
        START.replace(hour=9) + timedelta(days=day) for day in (0, 1)
    ]
    for start in starts:
        loading = [d for d in door_opened if timedelta(0) < start - d <= timedelta(minutes=5)]
        assert loading, "the door opens to load the machine just before the start"
        unloading = [d for d in door_opened if timedelta(0) < d - start <= timedelta(hours=5)]
        assert unloading, "the door opens to unload after the end"


def test_schedule_changes_take_effect_live() -> None:
    home = _home(schedules={WASHER: time(9, 0)})
    home.apply_settings(HomeSettings(schedules={WASHER: time(2, 0)}))
    home.apply_settings(HomeSettings(schedules={WASHER: time(2, 0)}))
    _advance(home, 2 * 60 + 5)
    assert home.snapshot(WASHER).running
    home.apply_settings(HomeSettings())
    assert home.settings == HomeSettings()
    _advance(home, 24 * 60)
    assert not home.snapshot(WASHER).running


def test_same_seed_same_home() -> None:
    homes = [_home(seed=7, schedules=DEFAULT_SCHEDULES) for _ in range(2)]
    for home in homes:
        home.start(ApplianceKind.DRYER, delay=timedelta(minutes=3))
        _advance(home, 30 * 60, step_s=97)
    assert homes[0].to_state() == homes[1].to_state()
    for kind in ApplianceKind:
        assert homes[0].snapshot(kind) == homes[1].snapshot(kind)
    other = _home(seed=8, schedules=DEFAULT_SCHEDULES)
    _advance(other, 30 * 60, step_s=97)
    assert other.to_state() != homes[0].to_state()


@settings(max_examples=15, deadline=None)
@given(steps=st.lists(st.integers(min_value=1, max_value=2_400), min_size=1, max_size=8))
def test_advancing_in_any_steps_gives_the_same_home(steps: list[int]) -> None:
    schedules = {kind: time(0, 10) for kind in ApplianceKind}
    total = sum(steps)
    stepped = _home(seed=3, schedules=schedules)
    for step in steps:
        stepped.advance(stepped.now + timedelta(seconds=step))
    at_once = _home(seed=3, schedules=schedules)
    at_once.advance(START + timedelta(seconds=total))
    for kind in ApplianceKind:
        assert _comparable(stepped.snapshot(kind)) == pytest.approx(
            _comparable(at_once.snapshot(kind))
        )


def test_clock_jump_back_is_ignored() -> None:
    home = _home()
    _advance(home, 30)
    state = home.to_state()
    assert not home.advance(START + timedelta(minutes=10))
    assert home.now == START + timedelta(minutes=30)
    assert home.to_state() == state


def test_fractions_of_a_second_accumulate() -> None:
    home = _home()
    for _ in range(240):
        home.advance(home.now + timedelta(seconds=0.5))
    assert home.now == START + timedelta(minutes=2)
    assert home.snapshot(WASHER).power_reported_at == START + timedelta(minutes=2)


def test_advance_reports_whether_anything_visible_changed() -> None:
    home = _home()
    assert not home.advance(START + timedelta(milliseconds=300)), "no second passed"
    assert home.advance(START + timedelta(seconds=61)), "heartbeats are reports"
    quiet = SimulatedHome(start=START, settings=HomeSettings(plug=PlugSettings(heartbeat_s=3_600)))
    quiet.advance(START + timedelta(seconds=5))
    changed = [quiet.advance(START + timedelta(seconds=5 + s)) for s in range(1, 60)]
    assert not all(changed), "standby seconds without reports are invisible"


def test_long_gap_fast_forwards() -> None:
    home = _home(schedules=DEFAULT_SCHEDULES)
    home.start(WASHER)
    _advance(home, 20)
    assert home.snapshot(WASHER).running
    began = wall_time.perf_counter()
    assert home.advance(START + timedelta(days=90))
    assert wall_time.perf_counter() - began < 2.0
    assert home.now == START + timedelta(days=90)
    # Daily cycles, standby, the fridge and the rest went on; figures are plausible.
    washer = home.snapshot(WASHER)
    assert 90 * 0.5 <= washer.energy_kwh <= 90 * 1.3
    fridge = home.snapshot(ApplianceKind.REFRIGERATOR)
    assert 90 * 0.6 <= fridge.energy_kwh <= 90 * 1.5
    assert fridge.interior_temperature_c is not None
    assert 2 <= fridge.interior_temperature_c <= 8
    for kind in ApplianceKind:
        snapshot = home.snapshot(kind)
        assert snapshot.power_reported_at > START + timedelta(days=89)
    water = home.snapshot(ApplianceKind.WATER_PURIFIER).water_dispensed_l
    assert water is not None
    assert water > 90 * 2
    # The home goes on normally afterwards.
    _advance(home, 24 * 60, step_s=600)
    assert home.snapshot(ApplianceKind.DISHWASHER).energy_kwh > 0


def test_the_door_stays_shut_while_a_program_runs() -> None:
    home = _home(schedules={WASHER: time(9, 0)})
    _advance(home, 8 * 60 + 50)
    home.start(WASHER)
    opened_while_running = False
    starts = 0
    was_running = True
    for _ in range(3 * 60):
        _advance(home, 1)
        snapshot = home.snapshot(WASHER)
        opened_while_running |= bool(snapshot.running and snapshot.door_open)
        starts += snapshot.running and not was_running
        was_running = snapshot.running
    assert not opened_while_running
    assert starts == 0, "the scheduled start is skipped while the manual one runs"


def test_long_gap_finishes_a_delayed_start() -> None:
    home = _home()
    home.start(WASHER, delay=timedelta(hours=2))
    home.start(ApplianceKind.DRYER, delay=timedelta(days=2))
    home.advance(START + timedelta(hours=12))
    assert not home.snapshot(WASHER).running
    assert home.snapshot(WASHER).delayed_start_remaining_s is None
    assert home.snapshot(WASHER).energy_kwh > 0.7
    remaining = home.snapshot(ApplianceKind.DRYER).delayed_start_remaining_s
    assert remaining == 36 * 3600
