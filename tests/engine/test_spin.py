"""A washer's final drain and spin: timed per cycle, kept, and judged by the diagnosis."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
import gzip
import os
from pathlib import Path
from statistics import median

import pytest

from custom_components.appliance_care.engine import (
    ApplianceType,
    CycleEvent,
    CycleEventKind,
    CycleRecord,
    CycleTracker,
)
from custom_components.appliance_care.engine.care import CareSubject
from custom_components.appliance_care.engine.care.diagnosis import DiagnosisFacts, run_diagnosis
from custom_components.appliance_care.engine.spin import SpinMeter
from custom_components.appliance_care.simulator import write_trace
from custom_components.appliance_care.simulator.model import ApplianceKind, Fault

from .helpers import MIN, Feed

ACTIVE_W = 6.0
START = datetime(2024, 3, 4, tzinfo=UTC)

# fill, wash, drain, spin, a few loosening tumbles.
FINAL = ((20.0, 3 * MIN), (120.0, 10 * MIN), (45.0, 90.0), (420.0, 4 * MIN), (90.0, 60.0))


def _meter(phases: tuple[tuple[float, float], ...], t: float = 0.0) -> tuple[SpinMeter, float]:
    meter = SpinMeter()
    for watts, seconds in phases:
        meter.take(t, watts, ACTIVE_W)
        t += seconds
    meter.take(t, 1.0, ACTIVE_W)
    return meter, t


def test_the_final_spin_and_the_drain_before_it_are_timed() -> None:
    meter, end = _meter(FINAL)
    assert meter.final(end) == (240.0, 90.0)


def test_a_spin_holds_through_a_ramp_step_and_a_short_spin_is_none() -> None:
    ramped = ((45.0, 60.0), (130.0, 10.0), (300.0, 50.0), (130.0, 10.0), (400.0, 60.0))
    meter, end = _meter(ramped)
    assert meter.final(end) == (120.0, 60.0)  # from the first spin power, dip included
    blip = ((45.0, 60.0), (300.0, 30.0), (60.0, 120.0))
    meter, end = _meter(blip)
    assert meter.final(end) == (0.0, None)


def test_a_long_dip_splits_spins_and_a_spin_long_before_the_end_is_not_final() -> None:
    meter, end = _meter(((300.0, 120.0), (120.0, 60.0), (300.0, 90.0)))
    assert meter.final(end) == (90.0, 0.0)  # the second spin; no drain fed it
    meter, end = _meter(((45.0, 60.0), (300.0, 120.0), (80.0, 20 * MIN)))
    assert meter.final(end) == (0.0, None)


def test_a_spin_under_way_at_the_end_counts_up_to_the_end() -> None:
    meter = SpinMeter()
    meter.take(0.0, 45.0, ACTIVE_W)
    meter.take(60.0, 400.0, ACTIVE_W)
    assert meter.final(200.0) == (140.0, 60.0)


def test_the_meter_survives_a_restart_and_a_clock_jump_and_garbage_starts_afresh() -> None:
    meter = SpinMeter()
    meter.take(0.0, 45.0, ACTIVE_W)
    meter.take(90.0, 400.0, ACTIVE_W)
    restored = SpinMeter.from_state(meter.to_state())
    restored.shift(3600.0)
    restored.take(3600.0 + 330.0, 1.0, ACTIVE_W)
    assert restored.final(3600.0 + 330.0) == (240.0, 90.0)
    for garbage in (None, [1, 2], ["x"] * 9, [9.0] + [0.0] * 8, [0.0, "x", *[0.0] * 7]):
        assert SpinMeter.from_state(garbage).final(100.0) == (0.0, None)


def test_the_tracker_keeps_the_figures_with_the_record_and_across_a_restart() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.run(FINAL)
    feed.hold(0.5, 60 * MIN)
    (record,) = feed.finished()
    assert (record.spin_s, record.drain_s) == (240.0, 90.0)
    again = CycleTracker(ApplianceType.WASHER, state=feed.tracker.to_state())
    assert again.history.recent[-1] == replace(record, energy_wh=round(record.energy_wh, 2))
    # A dryer's drum is not timed as a spin.
    dryer = Feed(CycleTracker(ApplianceType.DRYER))
    dryer.run(((2400.0, 40 * MIN), (220.0, 10 * MIN)))
    dryer.hold(0.5, 90 * MIN)
    assert dryer.finished()[0].spin_s is None


def test_records_without_the_figures_or_with_garbage_in_them_still_load() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.run(FINAL)
    feed.hold(0.5, 60 * MIN)
    state = feed.tracker.to_state()
    history = state["history"]
    assert isinstance(history, dict)
    saved = history["recent"][0]
    assert saved[-2:] == [240.0, 90.0]
    for tail in ([], ["x", True], [-5.0, 1e12]):
        history["recent"][0] = [*saved[:-2], *tail]
        loaded = CycleTracker(ApplianceType.WASHER, state=state).history.recent[0]
        assert (loaded.spin_s, loaded.drain_s) == (None, None)
        assert loaded.signature is not None


def _cycles(path: Path) -> list[CycleRecord]:
    tracker = CycleTracker(ApplianceType.WASHER)
    records = []
    last = None
    for line in path.read_text().splitlines()[1:]:
        stamp, watts = line.split(",")
        at = datetime.fromisoformat(stamp).replace(tzinfo=UTC).timestamp()
        events: list[CycleEvent] = []
        while last is not None and last + 30 < at:
            last += 30
            events += tracker.tick(last)
        events += tracker.power(at, float(watts))
        records += [
            e.cycle
            for e in events
            if e.kind is CycleEventKind.CYCLE_FINISHED and e.cycle is not None
        ]
        last = at
    return records


def _facts(records: list[CycleRecord]) -> DiagnosisFacts:
    return DiagnosisFacts(
        subject=CareSubject.WASHER,
        source="demo",
        available=True,
        cycles_engine=True,
        cycles=len(records),
        recent=len(records),
        spin_rows=tuple((r.program_id, r.spin_s, r.drain_s) for r in records),
    )


def test_the_demo_washer_s_clogged_drain_is_named_by_the_drain_check(tmp_path: Path) -> None:
    traces = []
    for days, faults in ((0, frozenset()), (20, frozenset({Fault.CLOGGED_DRAIN}))):
        path = tmp_path / f"washer_{days}.csv"
        write_trace(
            ApplianceKind.WASHER,
            path,
            start=START + timedelta(days=days),
            duration=timedelta(days=20 if not days else 4),
            faults=faults,
            seed=2,
        )
        traces.append(_cycles(path))
    healthy, clogged = traces
    healthy_drains = [r.drain_s or 0.0 for r in healthy]
    clogged_drains = [r.drain_s or 0.0 for r in clogged]
    assert max(healthy_drains) < min(clogged_drains)
    assert median(healthy_drains) * 2 < median(clogged_drains)
    assert all(r.spin_s and r.spin_s > 100 for r in healthy + clogged)
    checks = {c.check_id: c for c in run_diagnosis(_facts(healthy))}
    assert checks["drain_time"].result == "ok"
    assert checks["spin_time"].result == "ok"
    checks = {c.check_id: c for c in run_diagnosis(_facts(healthy + clogged[:3]))}
    assert checks["drain_time"].result in ("warning", "problem")
    assert (
        checks["drain_time"].evidence["drain_s"]
        > 2 * checks["drain_time"].evidence["usual_drain_s"]
    )
    assert checks["spin_time"].result == "ok"


def test_a_washer_that_stopped_spinning_is_a_problem_and_too_few_cycles_are_not_judged() -> None:
    rows = [(1, 300.0, 90.0)] * 5 + [(1, 0.0, None)] * 3
    checks = {c.check_id: c.result for c in run_diagnosis(_facts([]))}
    assert checks["spin_time"] == "not_enough_data"
    facts = replace(_facts([]), spin_rows=tuple(rows))
    checks = {c.check_id: c.result for c in run_diagnosis(facts)}
    assert checks["spin_time"] == "problem"
    assert checks["drain_time"] == "not_enough_data"  # no drain before a missing spin
    short = replace(facts, spin_rows=tuple(rows[:5] + [(1, 100.0, 90.0)] * 3))
    assert {c.check_id: c.result for c in run_diagnosis(short)}["spin_time"] == "warning"
    dryer = replace(facts, subject=CareSubject.DRYER)
    assert {c.check_id: c.result for c in run_diagnosis(dryer)}["spin_time"] == "not_applicable"


def test_unavailable_time_is_judged_after_an_hour() -> None:
    def result(share: float | None, watched: float) -> str:
        facts = replace(_facts([]), unavailable_share=share, watched_s=watched)
        return next(c.result for c in run_diagnosis(facts) if c.check_id == "unavailable_time")

    assert result(None, 0.0) == "not_applicable"
    assert result(0.5, 600.0) == "not_enough_data"
    assert result(0.0, 7200.0) == "ok"
    assert result(0.05, 7200.0) == "warning"
    assert result(0.2, 7200.0) == "problem"


def test_a_real_washer_is_never_warned_over_eight_months() -> None:
    """REFIT House 2's washer, March to October 2014: judged after every cycle."""
    root = os.environ.get("APPLIANCE_CARE_DATA")
    base = Path(root) if root else Path(__file__).resolve().parents[3] / "shared" / "data"
    months = [base / "refit-house2" / f"REFIT_House2_2014-{m:02}.csv.gz" for m in range(3, 11)]
    if not all(path.exists() for path in months):
        pytest.skip("REFIT data not available")
    tracker = CycleTracker(ApplianceType.WASHER)
    records: list[CycleRecord] = []
    for path in months:
        with gzip.open(path, "rt") as handle:
            column = next(handle).rstrip().split(",").index("WashingMachine")
            for line in handle:
                cells = line.rstrip().split(",")
                at = datetime.fromisoformat(cells[0]).replace(tzinfo=UTC).timestamp()
                events = tracker.tick(at - 30) + tracker.power(at, float(cells[column] or 0))
                records += [
                    e.cycle
                    for e in events
                    if e.kind is CycleEventKind.CYCLE_FINISHED and e.cycle is not None
                ]
    assert len(records) > 150
    assert sum(1 for r in records if r.spin_s) > 0.9 * len(records)
    judged = 0
    for n in range(10, len(records) + 1):
        checks = run_diagnosis(_facts(records[max(0, n - 30) : n]))
        results = {
            c.check_id: c.result for c in checks if c.check_id in ("drain_time", "spin_time")
        }
        judged += results["drain_time"] != "not_enough_data"
        assert set(results.values()) <= {"ok", "not_enough_data"}, (n, results)
    assert judged > 100
