"""CompressorMonitor: runs, rolling duty cycle, cycles per day, defrost detection."""

from __future__ import annotations

from collections.abc import Iterable
import gzip
import json
import os
from pathlib import Path

import pytest

from custom_components.appliance_care.engine import (
    ApplianceType,
    CompressorEvent,
    CompressorEventKind,
    CompressorMonitor,
    CompressorSettings,
    StateError,
)

from .helpers import MIN, T0

K = CompressorEventKind
HOUR = 3600.0


class Fridge:
    """Feeds a monitor like a plug reporting on change, with ticks every 30 s."""

    def __init__(self, monitor: CompressorMonitor | None = None) -> None:
        self.monitor = monitor or CompressorMonitor(ApplianceType.REFRIGERATOR)
        self.t = T0
        self.events: list[CompressorEvent] = []

    def hold(self, watts: object, seconds: float) -> None:
        self.events.extend(self.monitor.power(self.t, watts))
        end = self.t + seconds
        while self.t + 30 < end:
            self.t += 30
            self.events.extend(self.monitor.tick(self.t))
        self.t = end
        self.events.extend(self.monitor.tick(self.t))

    def run(self, phases: Iterable[tuple[object, float]]) -> None:
        for watts, seconds in phases:
            self.hold(watts, seconds)

    def count(self, kind: CompressorEventKind) -> int:
        return sum(1 for e in self.events if e.kind is kind)


def healthy_hours(fridge: Fridge, hours: int, spike: bool = True) -> None:
    """Run 15 minutes on, 45 off per hour; each start with a 2-second 600 W spike."""
    for _ in range(hours):
        if spike:
            fridge.hold(600.0, 2)
        fridge.hold(100.0, 15 * MIN - (2 if spike else 0))
        fridge.hold(1.0, 45 * MIN)


def test_fridge_duty_cycle_and_cycles_per_day() -> None:
    fridge = Fridge()
    assert fridge.monitor.duty_cycle_24h is None
    assert fridge.monitor.cycles_per_day is None
    assert fridge.monitor.average_run_s is None
    healthy_hours(fridge, 48)
    monitor = fridge.monitor
    assert monitor.duty_cycle_24h == pytest.approx(0.25, abs=0.01)
    assert monitor.cycles_per_day == pytest.approx(24, abs=1.5)
    assert monitor.average_run_s == pytest.approx(15 * MIN, abs=5)
    assert monitor.last_run_s == pytest.approx(15 * MIN, abs=5)
    assert monitor.typical_power_w == pytest.approx(100.0, rel=0.1)
    assert monitor.observed_24h_s == pytest.approx(24 * HOUR, rel=0.05)
    assert monitor.runs == 48
    assert fridge.count(K.COMPRESSOR_STARTED) == 48
    assert fridge.count(K.COMPRESSOR_STOPPED) == 48


def test_running_flag_follows_the_compressor() -> None:
    fridge = Fridge()
    fridge.hold(100.0, 30)
    assert not fridge.monitor.running  # shorter than a run
    fridge.hold(100.0, 2 * MIN)
    assert fridge.monitor.running
    started = [e for e in fridge.events if e.kind is K.COMPRESSOR_STARTED]
    assert started[0].run_s is not None
    assert started[0].at - started[0].run_s == T0
    fridge.hold(0.0, MIN)
    assert not fridge.monitor.running


def test_defrost_detected() -> None:
    fridge = Fridge()
    healthy_hours(fridge, 6)
    assert not fridge.monitor.defrost_detected
    # Defrost heater: 300 W for 20 minutes, then a long recovery run.
    fridge.run([(300.0, 20 * MIN), (2.0, 10 * MIN), (100.0, 40 * MIN), (1.0, 40 * MIN)])
    (defrost,) = [e for e in fridge.events if e.kind is K.DEFROST]
    assert defrost.run_s == pytest.approx(20 * MIN, abs=31)
    assert fridge.monitor.defrost_detected
    assert fridge.monitor.last_defrost_at == pytest.approx(defrost.at)
    assert fridge.monitor.defrosts == 1
    # The heater does not count as compressor time.
    assert fridge.monitor.typical_power_w == pytest.approx(100.0, rel=0.1)
    healthy_hours(fridge, 25)
    assert not fridge.monitor.defrost_detected


def test_startup_spikes_are_not_defrost() -> None:
    fridge = Fridge()
    healthy_hours(fridge, 30, spike=True)
    assert fridge.count(K.DEFROST) == 0


def test_unavailable_and_gaps_are_not_observed_time() -> None:
    fridge = Fridge()
    healthy_hours(fridge, 3)
    fridge.hold(100.0, 5 * MIN)
    fridge.hold(None, 2 * HOUR)  # unavailable: the run ends, nothing is observed
    assert not fridge.monitor.running
    observed = fridge.monitor.observed_24h_s
    fridge.t += 2 * HOUR  # a silence longer than max_gap_s
    fridge.hold(1.0, MIN)
    assert fridge.monitor.observed_24h_s == pytest.approx(observed + MIN, abs=1)
    fridge.hold("garbage", MIN)
    assert fridge.monitor.power(float("nan"), 1.0) == ()


def test_clock_backwards_keeps_going() -> None:
    fridge = Fridge()
    healthy_hours(fridge, 2)
    fridge.hold(100.0, 5 * MIN)
    fridge.t -= HOUR
    fridge.hold(100.0, 5 * MIN)
    fridge.hold(1.0, 5 * MIN)
    stopped = [e for e in fridge.events if e.kind is K.COMPRESSOR_STOPPED]
    assert stopped[-1].run_s == pytest.approx(10 * MIN, abs=31)
    fridge.t -= 1
    fridge.hold(1.0, MIN)


def test_compressor_state_roundtrip() -> None:
    fridge = Fridge()
    healthy_hours(fridge, 26)
    fridge.hold(100.0, 5 * MIN)
    state = json.loads(json.dumps(fridge.monitor.to_state()))
    restored = Fridge(CompressorMonitor(ApplianceType.FREEZER, state=state))
    restored.t = fridge.t
    assert restored.monitor.running
    assert restored.monitor.duty_cycle_24h == pytest.approx(fridge.monitor.duty_cycle_24h)
    restored.hold(100.0, 10 * MIN)
    restored.hold(1.0, MIN)
    assert restored.count(K.COMPRESSOR_STARTED) == 0  # the run continued
    assert restored.monitor.runs == fridge.monitor.runs + 1
    with pytest.raises(StateError):
        CompressorMonitor(state={"version": 9})
    with pytest.raises(StateError):
        CompressorMonitor(state={"buckets": [[1.0]]})


def test_settings_apply() -> None:
    monitor = CompressorMonitor()
    settings = CompressorSettings(on_threshold_w=50.0)
    monitor.apply_settings(settings)
    assert monitor.settings is settings


def _tracebase(name: str) -> Path | None:
    root = os.environ.get("APPLIANCE_CARE_DATA")
    base = Path(root) if root else Path(__file__).resolve().parents[3] / "shared" / "data"
    path = base / "tracebase-fridges" / name
    return path if path.exists() else None


@pytest.mark.parametrize("name", ["fridge_599393.csv.gz", "fridge_B83B9E.csv.gz"])
def test_real_healthy_fridges_show_no_defrost(name: str) -> None:
    path = _tracebase(name)
    if path is None:
        pytest.skip("tracebase data not available")
    from datetime import UTC, datetime  # noqa: PLC0415

    monitor = CompressorMonitor()
    events: list[CompressorEvent] = []
    with gzip.open(path, "rt") as handle:
        next(handle)
        for line in handle:
            stamp, watts = line.rstrip().split(",")
            at = datetime.fromisoformat(stamp).replace(tzinfo=UTC).timestamp()
            events.extend(monitor.power(at, float(watts)))
    assert not any(e.kind is K.DEFROST for e in events)
    assert monitor.runs > 300
    duty = monitor.duty_cycle_24h
    assert duty is not None
    assert 0.1 < duty < 0.5
