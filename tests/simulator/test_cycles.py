"""Washer, dryer and dishwasher: programs, phases, powers, durations and energies."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
import re

import pytest

from custom_components.appliance_care.simulator import (
    CYCLE_KINDS,
    PROGRAMS,
    ApplianceKind,
    HomeSettings,
    PlugSettings,
    SimulatedHome,
)
from custom_components.appliance_care.simulator.cycle import CycleAppliance
from custom_components.appliance_care.simulator.home import make_appliance
from custom_components.appliance_care.simulator.programs import PhaseKind

from .support import START, T0, median, run_cycle

WASHER = ApplianceKind.WASHER
DRYER = ApplianceKind.DRYER
DISHWASHER = ApplianceKind.DISHWASHER
SEEDS = (1, 2, 3)

# (kind, program): (minutes low, high), (kWh low, high) for every seed.
EXPECTED = {
    (WASHER, "cotton_40"): ((120, 150), (0.75, 1.05)),
    (WASHER, "cotton_60"): ((135, 165), (1.25, 1.65)),
    (WASHER, "eco_40_60"): ((180, 225), (0.6, 0.95)),
    (WASHER, "quick_30"): ((25, 38), (0.2, 0.4)),
    (DRYER, "cotton_cupboard"): ((60, 150), (1.5, 3.0)),
    (DRYER, "cotton_extra_dry"): ((60, 150), (1.5, 3.0)),
    (DRYER, "cotton_iron"): ((60, 150), (1.5, 3.0)),
    (DRYER, "synthetics"): ((55, 150), (1.3, 3.0)),
    (DISHWASHER, "eco_50"): ((180, 240), (0.7, 1.05)),
    (DISHWASHER, "auto_45_65"): ((110, 140), (1.15, 1.6)),
    (DISHWASHER, "intensive_70"): ((120, 150), (1.35, 1.7)),
    (DISHWASHER, "quick_45"): ((30, 47), (0.35, 0.6)),
}


def test_every_cycle_kind_offers_three_to_five_snake_case_programs() -> None:
    for kind in ApplianceKind:
        programs = PROGRAMS[kind]
        if kind in CYCLE_KINDS:
            assert 3 <= len(programs) <= 5
            assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in programs)
        else:
            assert programs == ()
    assert PROGRAMS[WASHER][0] == "cotton_40"
    assert set(EXPECTED) == {(k, p) for k in CYCLE_KINDS for p in PROGRAMS[k]}


@pytest.mark.parametrize(("kind", "program"), sorted(EXPECTED))
def test_program_duration_and_energy_like_real_machines(kind: ApplianceKind, program: str) -> None:
    (low_min, high_min), (low_kwh, high_kwh) = EXPECTED[kind, program]
    for seed in SEEDS:
        run = run_cycle(kind, program, seed=seed)
        assert low_min <= run.minutes <= high_min, (seed, run.minutes)
        assert low_kwh <= run.energy_kwh <= high_kwh, (seed, run.energy_kwh)


def test_cycles_vary_from_one_to_the_next() -> None:
    runs = [run_cycle(WASHER, "cotton_40", seed=seed) for seed in range(1, 7)]
    assert len({round(run.minutes) for run in runs}) >= 3
    assert len({round(run.energy_kwh, 2) for run in runs}) >= 3


def test_washer_cotton_40_has_soak_pause_near_zero() -> None:
    run = run_cycle(WASHER, "cotton_40")
    (soak,) = run.of(PhaseKind.SOAK)
    assert 8 * 60 <= soak.seconds <= 12 * 60
    assert all(1.0 <= watts <= 3.0 for watts in run.reports_in(soak))


def test_eco_programs_soak_long() -> None:
    run = run_cycle(WASHER, "eco_40_60")
    assert max(phase.seconds for phase in run.of(PhaseKind.SOAK)) >= 15 * 60


def test_washer_phases_draw_their_typical_power() -> None:
    run = run_cycle(WASHER, "cotton_40")
    kinds = [phase.kind for phase in run.phases]
    assert kinds[:3] == [PhaseKind.FILL, PhaseKind.HEAT, PhaseKind.WASH]
    for phase in run.of(PhaseKind.FILL):
        assert all(5 <= watts <= 60 for watts in run.reports_in(phase))
    (heat,) = run.of(PhaseKind.HEAT)
    heating = run.reports_in(heat)
    assert all(1_750 <= watts <= 2_400 for watts in heating)
    assert max(heating) - min(heating) > 60, "the drum turns while the element heats"
    for phase in run.of(PhaseKind.WASH)[:2]:
        values = run.reports_in(phase)
        assert max(values) > 100
        assert min(values) < 10, "the motor pauses between tumbles"
    for phase in run.of(PhaseKind.DRAIN):
        assert all(30 <= watts <= 80 for watts in run.reports_in(phase))
    spins = run.of(PhaseKind.SPIN)
    assert len(spins) == 4, "one spin after the main wash, two rinses, the final spin"
    for phase in spins:
        values = run.reports_in(phase)
        assert 300 <= max(values) <= 650
        assert values[0] < max(values), "spins ramp up"
    rinses = [p for p in run.phases if p.kind is PhaseKind.FILL]
    assert len(rinses) == 4


def test_washer_rinses_are_fill_wash_drain() -> None:
    run = run_cycle(WASHER, "cotton_60")
    kinds = [phase.kind for phase in run.phases]
    text = " ".join(kinds)
    assert text.count("fill wash drain spin") >= 3


def test_dryer_dries_then_cools_then_tumbles_against_creases() -> None:
    run = run_cycle(DRYER, "cotton_cupboard")
    kinds = [phase.kind for phase in run.phases]
    assert kinds == [PhaseKind.DRY, PhaseKind.COOL]
    (dry,) = run.of(PhaseKind.DRY)
    values = run.reports_in(dry)
    assert max(values) > 1_900
    assert min(values) < 400, "the element cycles on its thermostat near the end"
    (cool,) = run.of(PhaseKind.COOL)
    assert all(150 <= watts <= 300 for watts in run.reports_in(cool))


def test_dryer_anti_crease_tumbles_after_the_end() -> None:
    reports: list[tuple[int, float]] = []
    dryer = make_appliance(
        DRYER, t0=T0, seed=4, plug=PlugSettings(), sink=lambda t, w: reports.append((t, w))
    )
    assert isinstance(dryer, CycleAppliance)
    dryer.start(0)
    t = T0
    while dryer.busy:
        t += 60
        dryer.advance_to(t)
    end = t
    dryer.advance_to(end + 2 * 3600)
    after = [(at - end, w) for at, w in reports if at >= end]
    tumbles = [at for (at, w), (_, prev) in zip(after[1:], after, strict=False) if w > 150 >= prev]
    assert len(tumbles) >= 4
    assert max(tumbles) <= 3_700, "anti-crease stops after an hour at most"
    assert all(b - a >= 100 for a, b in pairwise(tumbles))


def test_dishwasher_dries_near_zero_before_the_end() -> None:
    run = run_cycle(DISHWASHER, "eco_50")
    last = run.phases[-1]
    assert last.kind is PhaseKind.DRY_REST
    assert 20 * 60 <= last.seconds <= 60 * 60
    assert all(1.0 <= watts <= 5.0 for watts in run.reports_in(last))
    heats = run.of(PhaseKind.HEAT_CIRCULATE)
    assert len(heats) == 2
    assert all(1_800 <= w <= 2_300 for w in run.reports_in(heats[-1]))
    circulating = run.reports_in(run.of(PhaseKind.CIRCULATE)[1])
    assert 40 <= median(circulating) <= 90


def test_idle_machines_draw_standby_power() -> None:
    home = SimulatedHome(start=START, settings=HomeSettings())
    for hour in range(1, 30):
        home.advance(START + timedelta(hours=hour))
    for kind in CYCLE_KINDS:
        snapshot = home.snapshot(kind)
        assert 0.5 <= snapshot.power_w <= 2.0
        assert not snapshot.running
