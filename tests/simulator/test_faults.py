"""Injected faults change the signals the way the real faults do."""

from __future__ import annotations

from itertools import pairwise

from custom_components.appliance_care.simulator import (
    FAULTS,
    ApplianceKind,
    Fault,
    HomeSettings,
    PlugSettings,
    SimulatedHome,
)
from custom_components.appliance_care.simulator.air_conditioner import AirConditioner
from custom_components.appliance_care.simulator.clock import SECONDS_PER_DAY
from custom_components.appliance_care.simulator.faults import RAMP_S, FaultClock
from custom_components.appliance_care.simulator.home import make_appliance
from custom_components.appliance_care.simulator.programs import PhaseKind

from .support import START, T0, fridge_stats, median, run_cycle

WASHER = ApplianceKind.WASHER


def test_faults_apply_to_the_kinds_that_have_them() -> None:
    assert FAULTS[WASHER] == (Fault.CLOGGED_DRAIN, Fault.HEATER_SCALE, Fault.DIRTY_TUB)
    assert FAULTS[ApplianceKind.DRYER] == (Fault.CLOGGED_VENT,)
    assert FAULTS[ApplianceKind.DISHWASHER] == (Fault.CLOGGED_DRAIN, Fault.HEATER_SCALE)
    assert FAULTS[ApplianceKind.REFRIGERATOR] == (Fault.DOOR_SEAL, Fault.DUSTY_CONDENSER)
    assert FAULTS[ApplianceKind.AIR_CONDITIONER] == (Fault.DUSTY_CONDENSER,)
    assert FAULTS[ApplianceKind.WATER_PURIFIER] == ()
    assert FAULTS[ApplianceKind.AIR_PURIFIER] == ()


def test_sudden_faults_step_in_and_gradual_ones_ramp_over_days() -> None:
    clock = FaultClock([Fault.CLOGGED_DRAIN, Fault.HEATER_SCALE])
    clock.set_active({Fault.CLOGGED_DRAIN, Fault.HEATER_SCALE, Fault.DOOR_SEAL}, 100)
    assert clock.active == {Fault.CLOGGED_DRAIN, Fault.HEATER_SCALE}
    assert clock.severity(Fault.CLOGGED_DRAIN, 100) == 1.0
    assert clock.severity(Fault.HEATER_SCALE, 100) == 0.0
    half = 100 + RAMP_S[Fault.HEATER_SCALE] // 2
    assert 0.4 < clock.severity(Fault.HEATER_SCALE, half) < 0.6
    assert clock.severity(Fault.HEATER_SCALE, 100 + 30 * SECONDS_PER_DAY) == 1.0
    assert clock.severity(Fault.DOOR_SEAL, half) == 0.0
    # Re-applying keeps the onset; removing repairs; adding again starts over.
    clock.set_active({Fault.HEATER_SCALE}, half)
    assert 0.4 < clock.severity(Fault.HEATER_SCALE, half) < 0.6
    clock.set_active(set(), half)
    assert clock.severity(Fault.HEATER_SCALE, half) == 0.0
    clock.set_active({"heater_scale"}, half)  # type: ignore[arg-type]
    assert clock.severity(Fault.HEATER_SCALE, half) == 0.0
    for fault in (Fault.CLOGGED_VENT, Fault.DUSTY_CONDENSER):
        assert RAMP_S[fault] >= 3 * SECONDS_PER_DAY
    assert RAMP_S[Fault.DOOR_SEAL] == 0


def test_clogged_drain_lengthens_drain_phase() -> None:
    for kind, program in ((WASHER, "cotton_40"), (ApplianceKind.DISHWASHER, "eco_50")):
        healthy = run_cycle(kind, program, seed=5)
        clogged = run_cycle(kind, program, seed=5, faults={Fault.CLOGGED_DRAIN})
        pairs = list(zip(healthy.of(PhaseKind.DRAIN), clogged.of(PhaseKind.DRAIN), strict=True))
        ratios = [bad.seconds / good.seconds for good, bad in pairs]
        assert all(1.9 <= ratio <= 4.1 for ratio in ratios), ratios
        for _, bad in pairs:
            assert all(30 <= watts <= 80 for watts in clogged.reports_in(bad)), "the pump runs"
        assert clogged.minutes > healthy.minutes
        # Only drains change.
        other = [p.seconds for p in healthy.phases if p.kind is not PhaseKind.DRAIN]
        assert other == [p.seconds for p in clogged.phases if p.kind is not PhaseKind.DRAIN]


def test_heater_scale_lengthens_heating_at_the_same_power() -> None:
    for kind, program, heating in (
        (WASHER, "cotton_60", PhaseKind.HEAT),
        (ApplianceKind.DISHWASHER, "auto_45_65", PhaseKind.HEAT_CIRCULATE),
    ):
        healthy = run_cycle(kind, program, seed=2, after_days=6)
        scaled = run_cycle(kind, program, seed=2, faults={Fault.HEATER_SCALE}, after_days=6)
        for good, bad in zip(healthy.of(heating), scaled.of(heating), strict=True):
            assert 1.4 <= bad.seconds / good.seconds <= 1.6
            assert abs(median(scaled.reports_in(bad)) - median(healthy.reports_in(good))) < 150
        assert scaled.energy_kwh > healthy.energy_kwh


def test_heater_scale_builds_up_gradually() -> None:
    healthy = run_cycle(WASHER, "cotton_60", seed=2, after_days=1)
    early = run_cycle(WASHER, "cotton_60", seed=2, faults={Fault.HEATER_SCALE}, after_days=1)
    ratio = early.of(PhaseKind.HEAT)[0].seconds / healthy.of(PhaseKind.HEAT)[0].seconds
    assert 1.02 < ratio < 1.3


def test_clogged_vent_lengthens_drying_and_cycles_the_heater() -> None:
    healthy = run_cycle(ApplianceKind.DRYER, "cotton_cupboard", seed=3, after_days=5)
    clogged = run_cycle(
        ApplianceKind.DRYER, "cotton_cupboard", seed=3, faults={Fault.CLOGGED_VENT}, after_days=5
    )
    (good,) = healthy.of(PhaseKind.DRY)
    (bad,) = clogged.of(PhaseKind.DRY)
    assert 1.35 <= bad.seconds / good.seconds <= 1.85

    def switches(values: list[float]) -> int:
        return sum(1 for a, b in pairwise(values) if a > 1_000 >= b)

    assert switches(clogged.reports_in(bad)) > 3 * max(1, switches(healthy.reports_in(good)))
    first_half = [w for t, w in clogged.reports if bad.start <= t < bad.start + bad.seconds // 2]
    assert min(first_half) < 400, "the heater cycles from early on"


def test_dirty_tub_adds_an_extra_rinse() -> None:
    healthy = run_cycle(WASHER, "cotton_40", seed=7, after_days=4)
    dirty = run_cycle(WASHER, "cotton_40", seed=7, faults={Fault.DIRTY_TUB}, after_days=4)
    assert len(dirty.of(PhaseKind.FILL)) == len(healthy.of(PhaseKind.FILL)) + 1
    assert len(dirty.of(PhaseKind.SPIN)) == len(healthy.of(PhaseKind.SPIN)) + 1
    assert dirty.minutes > healthy.minutes + 10


def test_door_seal_raises_fridge_duty_cycle() -> None:
    healthy = fridge_stats(seed=2, days=2)
    leaking = fridge_stats(seed=2, days=2, faults={Fault.DOOR_SEAL})
    assert 1.15 <= leaking.duty / healthy.duty <= 1.35
    assert median(leaking.runs_min) > median(healthy.runs_min)
    assert median(leaking.offs_min) < median(healthy.offs_min)


def test_dusty_condenser_lengthens_fridge_runs_and_raises_power() -> None:
    healthy = fridge_stats(seed=3, days=2, after_days=8)
    dusty = fridge_stats(seed=3, days=2, after_days=8, faults={Fault.DUSTY_CONDENSER})
    assert 1.2 <= median(dusty.runs_min) / median(healthy.runs_min) <= 1.45
    assert dusty.kwh_per_day > healthy.kwh_per_day * 1.1


def test_dusty_condenser_ramps_in_over_days() -> None:
    healthy = fridge_stats(seed=3, days=1)
    fresh = fridge_stats(seed=3, days=1, faults={Fault.DUSTY_CONDENSER})
    assert median(fresh.runs_min) / median(healthy.runs_min) < 1.12


def _ac_day(faults: set[Fault]) -> tuple[float, float, float]:
    """Return median compressor run (min), mean compressor power and operating hours."""
    ac = make_appliance(ApplianceKind.AIR_CONDITIONER, t0=T0, seed=1, plug=PlugSettings())
    assert isinstance(ac, AirConditioner)
    ac.apply(faults, START.time().replace(hour=12), PlugSettings())
    t = T0 + 8 * SECONDS_PER_DAY
    ac.advance_to(t)
    runs: list[float] = []
    powers: list[float] = []
    since = None
    on_s = 0
    for _ in range(SECONDS_PER_DAY):
        t += 1
        ac.advance_to(t)
        on_s += ac.snapshot().running
        if ac.compressor_on:
            powers.append(ac.plug.power_w)
            since = t if since is None else since
        elif since is not None:
            runs.append((t - since) / 60)
            since = None
    return median(runs[1:]), sum(powers) / len(powers), on_s / 3600


def test_dusty_condenser_lengthens_air_conditioner_runs() -> None:
    healthy_run, healthy_w, hours = _ac_day(set())
    dusty_run, dusty_w, _ = _ac_day({Fault.DUSTY_CONDENSER})
    assert 5 <= hours <= 8
    assert dusty_run > healthy_run * 1.15
    assert 1.04 <= dusty_w / healthy_w <= 1.12


def test_faults_take_effect_live_and_foreign_faults_are_ignored() -> None:
    home = SimulatedHome(start=START, settings=HomeSettings())
    home.apply_settings(
        HomeSettings(
            faults={
                WASHER: frozenset({Fault.CLOGGED_DRAIN, Fault.DOOR_SEAL}),
                ApplianceKind.AIR_PURIFIER: frozenset({Fault.DUSTY_CONDENSER}),
            }
        )
    )
    assert home.appliance(WASHER).faults.active == {Fault.CLOGGED_DRAIN}
    assert home.appliance(ApplianceKind.AIR_PURIFIER).faults.active == frozenset()
    home.apply_settings(HomeSettings())
    assert home.appliance(WASHER).faults.active == frozenset()
