"""Saving and resuming the home; damaged state never stops it."""

from __future__ import annotations

import copy
from datetime import time, timedelta
import json
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.appliance_care.simulator import (
    DEFAULT_SCHEDULES,
    ApplianceKind,
    Fault,
    HomeSettings,
    SimulatedHome,
)
from custom_components.appliance_care.simulator.cycle import CycleAppliance
from custom_components.appliance_care.simulator.refrigerator import Refrigerator

from .support import START

WASHER = ApplianceKind.WASHER
SETTINGS = HomeSettings(seed=4, schedules=DEFAULT_SCHEDULES)


def _advance(home: SimulatedHome, minutes: float, step_s: float = 60) -> None:
    end = home.now + timedelta(minutes=minutes)
    while home.now < end:
        home.advance(min(end, home.now + timedelta(seconds=step_s)))


def _busy_home() -> SimulatedHome:
    home = SimulatedHome(start=START, settings=SETTINGS)
    _advance(home, 13 * 60)  # past noon: the air conditioner and purifiers run
    home.select_program(WASHER, "cotton_60")
    home.start(WASHER)
    home.start(ApplianceKind.DISHWASHER, delay=timedelta(hours=2))
    _advance(home, 47)
    return home


def test_state_is_json_serialisable() -> None:
    state = _busy_home().to_state()
    assert json.loads(json.dumps(state)) == state
    assert state["clock"] == (START + timedelta(hours=13, minutes=47)).isoformat()


def test_state_roundtrip_keeps_running_cycle() -> None:
    home = _busy_home()
    state = json.loads(json.dumps(home.to_state()))
    resumed = SimulatedHome(start=START + timedelta(days=400), settings=SETTINGS, state=state)
    assert resumed.now == home.now, "the saved clock wins over start"
    for kind in ApplianceKind:
        before, after = home.snapshot(kind), resumed.snapshot(kind)
        assert after.energy_kwh == before.energy_kwh
        assert after.power_w == before.power_w
        assert after.power_reported_at == before.power_reported_at
        assert after.running == before.running
        assert after.program == before.program
        assert after.delayed_start_remaining_s == before.delayed_start_remaining_s
        assert after.filter_used_pct == before.filter_used_pct
        assert after.water_dispensed_l == before.water_dispensed_l
        assert after.pm25_ugm3 == before.pm25_ugm3
        if before.interior_temperature_c is not None:
            assert after.interior_temperature_c == pytest.approx(before.interior_temperature_c)
    washer = home.appliance(WASHER)
    washer_again = resumed.appliance(WASHER)
    assert isinstance(washer, CycleAppliance)
    assert isinstance(washer_again, CycleAppliance)
    assert washer_again.phase == washer.phase
    # The cycle goes on exactly as it would have: same phases, same power, same end.
    minutes = 0
    while home.snapshot(WASHER).running:
        assert resumed.snapshot(WASHER).running
        assert resumed.snapshot(WASHER).power_w == home.snapshot(WASHER).power_w
        assert washer_again.phase == washer.phase
        _advance(home, 1)
        _advance(resumed, 1)
        minutes += 1
    assert not resumed.snapshot(WASHER).running
    assert minutes > 60
    assert resumed.snapshot(ApplianceKind.DISHWASHER).running, "the delayed start came"


def test_state_roundtrip_keeps_faults_developing() -> None:
    settings = HomeSettings(faults={ApplianceKind.DRYER: frozenset({Fault.CLOGGED_VENT})})
    home = SimulatedHome(start=START, settings=settings)
    _advance(home, 2 * 24 * 60, step_s=3600)
    resumed = SimulatedHome(start=START, settings=settings, state=home.to_state())
    dryer = resumed.appliance(ApplianceKind.DRYER)
    severity = dryer.faults.severity(Fault.CLOGGED_VENT, dryer._t)
    assert 0.4 < severity < 0.6


def test_restoring_the_same_state_twice_gives_the_same_future() -> None:
    state = _busy_home().to_state()
    homes = [SimulatedHome(start=START, settings=SETTINGS, state=state) for _ in range(2)]
    for home in homes:
        _advance(home, 24 * 60, step_s=300)
    assert homes[0].to_state() == homes[1].to_state()


def test_corrupt_state_starts_fresh() -> None:
    fresh = SimulatedHome(start=START, settings=SETTINGS)
    for state in (
        {},
        {"appliances": "garbage", "clock": 12},
        {"clock": "not a time"},
        {"clock": "1970-01-01T00:00:00+00:00"},
        {"clock": "2026-01-05T00:00:00"},
        {"clock": 1.5, "appliances": {"washer": None, "toaster": {}}},
        {"version": 99, "appliances": {kind: [] for kind in ApplianceKind}},
    ):
        home = SimulatedHome(start=START, settings=SETTINGS, state=state)
        assert home.now == START
        for kind in ApplianceKind:
            assert home.snapshot(kind) == fresh.snapshot(kind)


def _mutations(state: dict[str, Any]) -> list[tuple[str, ...]]:
    """Return the paths of every leaf in a state."""
    paths: list[tuple[str, ...]] = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        else:
            paths.append(path)

    walk(state, ())
    return paths


BUSY_STATE = _busy_home().to_state()
LEAVES = _mutations(BUSY_STATE)
garbage = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(
    damage=st.lists(st.tuples(st.sampled_from(LEAVES), garbage), min_size=1, max_size=4),
)
def test_damaged_state_never_raises(damage: list[tuple[tuple[str, ...], Any]]) -> None:
    state = copy.deepcopy(BUSY_STATE)
    for path, value in damage:
        node = state
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    home = SimulatedHome(start=START, settings=SETTINGS, state=state)
    home.advance(home.now + timedelta(hours=2))
    for kind in ApplianceKind:
        snapshot = home.snapshot(kind)
        assert snapshot.energy_kwh >= 0
    json.dumps(home.to_state())


@settings(max_examples=100, deadline=None)
@given(state=st.recursive(garbage, lambda children: st.dictionaries(st.text(max_size=8), children)))
def test_any_garbage_state_never_raises(state: Any) -> None:
    home = SimulatedHome(start=START, settings=SETTINGS, state=state)
    home.advance(START + timedelta(minutes=5))


def test_delayed_start_survives_a_restart() -> None:
    home = SimulatedHome(start=START, settings=HomeSettings())
    home.start(ApplianceKind.DISHWASHER, delay=timedelta(minutes=30))
    _advance(home, 10)
    resumed = SimulatedHome(start=START, settings=HomeSettings(), state=home.to_state())
    assert resumed.snapshot(ApplianceKind.DISHWASHER).delayed_start_remaining_s == 20 * 60
    _advance(resumed, 21)
    assert resumed.snapshot(ApplianceKind.DISHWASHER).running


def test_restart_after_days_catches_up_quickly() -> None:
    home = _busy_home()
    state = home.to_state()
    resumed = SimulatedHome(start=START, settings=SETTINGS, state=state)
    energy = resumed.snapshot(ApplianceKind.REFRIGERATOR).energy_kwh
    assert resumed.advance(resumed.now + timedelta(days=3, hours=5))
    assert not resumed.snapshot(WASHER).running or resumed.now.time() > time(8, 0)
    assert resumed.snapshot(ApplianceKind.REFRIGERATOR).energy_kwh > energy + 2


def test_an_appliance_whose_state_breaks_unexpectedly_starts_fresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(self: Refrigerator, state: Any) -> None:
        raise RuntimeError("unexpected")

    state = _busy_home().to_state()
    monkeypatch.setattr(Refrigerator, "restore", explode)
    home = SimulatedHome(start=START, settings=SETTINGS, state=state)
    assert home.snapshot(ApplianceKind.REFRIGERATOR).energy_kwh == 0
    assert home.snapshot(WASHER).energy_kwh > 0


def test_unreadable_fault_onsets_restart_the_fault_ramp() -> None:
    settings = HomeSettings(faults={ApplianceKind.DRYER: frozenset({Fault.CLOGGED_VENT})})
    home = SimulatedHome(start=START, settings=settings)
    _advance(home, 2 * 24 * 60, step_s=3600)
    for onsets in ("garbage", {"clogged_vent": "yesterday"}, {"clogged_vent": 2**62}):
        state = home.to_state()
        state["appliances"]["dryer"]["faults"] = onsets
        resumed = SimulatedHome(start=START, settings=settings, state=state)
        dryer = resumed.appliance(ApplianceKind.DRYER)
        assert dryer.faults.severity(Fault.CLOGGED_VENT, dryer._t) == 0.0
