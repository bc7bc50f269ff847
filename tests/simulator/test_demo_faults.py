"""A fault injected into the demo home is found within the time stated for it."""

from __future__ import annotations

from datetime import UTC, datetime
import importlib
from pathlib import Path
import sys
from types import ModuleType

import pytest

from custom_components.appliance_care.coordinator import ENGINE_ONLY
from custom_components.appliance_care.simulator import ApplianceKind, Fault, SimulatedHome
from custom_components.appliance_care.simulator.clock import SECONDS_PER_DAY
from custom_components.appliance_care.simulator.faults import (
    FAULT_FOUND_WITHIN_S,
    HEALTHY_BEFORE_FAULT_S,
)
from custom_components.appliance_care.simulator.model import FAULTS, HomeSettings
from custom_components.appliance_care.sources.demo import DEMO_ENGINES, snapshot_values

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"
SEEDS = (1, 2)
STATED = [(kind, fault) for kind, faults in FAULT_FOUND_WITHIN_S.items() for fault in faults]


def _benchmark(name: str) -> ModuleType:
    """Return a benchmark module (they find the engine and the simulator by their path)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


def test_the_headless_demo_feeds_what_the_demo_feeds() -> None:
    feed = _benchmark("demo_feed")
    assert {str(k): str(v) for k, v in DEMO_ENGINES.items()} == feed.DEMO_ENGINES
    assert {str(k) for k in ENGINE_ONLY} >= feed.ENGINE_ONLY
    home = SimulatedHome(start=datetime(2026, 1, 5, tzinfo=UTC), settings=HomeSettings())
    home.advance(datetime(2026, 1, 5, 9, tzinfo=UTC))
    for kind in home.kinds:
        shown = {str(k): v for k, v in snapshot_values(home.snapshot(kind)).items()}
        assert feed.snapshot_values(home.snapshot(kind)) == shown, kind
        assert set(shown) - {"power"} <= set(feed.DemoFeed.CARE_READINGS)


def test_every_fault_names_its_findings_and_those_not_found_reliably_go_unstated() -> None:
    findings = _benchmark("demo_faults").FINDINGS
    injectable = {(kind, fault) for kind, faults in FAULTS.items() for fault in faults}
    assert {(str(k), str(f)) for k, f in injectable} == set(findings)
    unstated = injectable - set(STATED)
    assert unstated == {
        (ApplianceKind.AIR_CONDITIONER, Fault.DUSTY_CONDENSER),
        (ApplianceKind.WASHER, Fault.HEATER_SCALE),
    }
    for kind, fault in STATED:
        assert SECONDS_PER_DAY <= FAULT_FOUND_WITHIN_S[kind][fault] <= 21 * SECONDS_PER_DAY


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("kind", "fault"), STATED, ids=[f"{k}-{f}" for k, f in STATED])
def test_an_injected_fault_is_found_within_its_stated_time(
    kind: ApplianceKind, fault: Fault, seed: int
) -> None:
    findings = _benchmark("demo_faults").FINDINGS[str(kind), str(fault)]
    within = FAULT_FOUND_WITHIN_S[kind][fault]
    run = _benchmark("demo_feed").run_demo(
        str(kind),
        seed,
        days=(HEALTHY_BEFORE_FAULT_S + within) / SECONDS_PER_DAY,
        fault=str(fault),
        onset_days=HEALTHY_BEFORE_FAULT_S / SECONDS_PER_DAY,
        stop_on=findings,
    )
    assert run.onset is not None
    assert run.first_raised(findings, run.start) is not None
    found_at, _ = run.first_raised(findings, run.start)
    assert run.onset <= found_at <= run.onset + within


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", list(FAULT_FOUND_WITHIN_S))
def test_a_healthy_demo_appliance_raises_none_of_those_findings(
    kind: ApplianceKind, seed: int
) -> None:
    catalog = _benchmark("demo_faults").FINDINGS
    faults = FAULT_FOUND_WITHIN_S[kind]
    findings = {f for fault in faults for f in catalog[str(kind), str(fault)]}
    span = HEALTHY_BEFORE_FAULT_S + max(faults.values())
    run = _benchmark("demo_feed").run_demo(str(kind), seed, days=span / SECONDS_PER_DAY)
    assert not set(run.raised_kinds()) & findings
    assert run.end >= run.start + span
