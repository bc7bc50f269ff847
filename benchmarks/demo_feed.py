"""One appliance of the demo home, run headless and fed to the engine as the demo feeds it.

What Home Assistant does with a demo appliance, without Home Assistant: the simulated
appliance's sensors are read at each change and handed on as readings (sources/demo.py:
`snapshot_values`, the plug's last report as the power, values shown to one decimal, a
value only when it changed); readings go to the cycle tracker or compressor monitor
(appliance.py) and, except those only the engine takes, to the care rules (care_watch.py);
the engine's events go to the care rules (coordinator.py); the engine ticks every 30 s and
the care rules every minute (a tick, then the compressor's figures). At 1x, the demo's
default speed, simulated and wall time are one.

Injecting a fault changes the demo's options, which reloads it: the simulated appliance,
the engine and the care rules are saved and read back, and the fault's onset is then.
The simulated appliances of a home are independent of each other (each has its own
seeded generator), so running one alone gives what it does in the home.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
import importlib
import json
from typing import Any

from common import engine

care = importlib.import_module("engine.care")
sim = importlib.import_module("simulator")
sim_home = importlib.import_module("simulator.home")

# The demo home's first day; any start gives the same figures, as schedules are daily.
DEMO_START = datetime(2025, 1, 6, tzinfo=UTC)
DAY_S = 86_400
# sources/base.py ENGINE_TICK and coordinator.py CARE_TICK, in simulated seconds at 1x.
ENGINE_TICK_S = 30
CARE_TICK_S = 60
# sources/demo.py SHOWN_DECIMALS: the care rules read what is shown.
SHOWN_DECIMALS = 1
# sources/demo.py DEMO_ENGINES: demo appliances whose plug feeds an engine.
DEMO_ENGINES: dict[str, str] = {
    "washer": "washer",
    "dryer": "dryer",
    "dishwasher": "dishwasher",
    "refrigerator": "refrigerator",
}
# coordinator.py ENGINE_ONLY, as far as the demo gives such readings.
ENGINE_ONLY = frozenset({"power"})

type Values = dict[str, float | bool | None]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, SHOWN_DECIMALS)


def snapshot_values(snapshot: Any) -> Values:
    """Return what sources/demo.py `snapshot_values` gives, keyed by SignalKind's value."""
    values: Values = {"power": snapshot.power_w}
    if snapshot.door_open is not None:
        values["door"] = snapshot.door_open
    if snapshot.freezer_temperature_c is not None:
        values["compartment_temperature"] = _rounded(snapshot.interior_temperature_c)
    if snapshot.ambient_temperature_c is not None:
        values["ambient_temperature"] = _rounded(snapshot.ambient_temperature_c)
    if snapshot.filter_used_pct is not None:
        values["filter_used"] = _rounded(snapshot.filter_used_pct)
    return values


@dataclass
class DemoRun:
    """What the care rules raised and cleared while one demo appliance ran."""

    kind: str
    seed: int
    start: float
    onset: float | None
    end: float = 0.0
    changes: list[tuple[float, Any]] = field(default_factory=list)
    """(time of the input, CareChange) in the order they came."""
    cycles: int = 0

    def first_raised(self, kinds: Collection[str], after: float) -> tuple[float, str] | None:
        """Return (time, kind) of the first finding of `kinds` raised at or after `after`."""
        for t, change in self.changes:
            if change.raised and t >= after and change.finding.kind.value in kinds:
                return t, change.finding.kind.value
        return None

    def raised_kinds(self, after: float = 0.0) -> list[str]:
        """Return the kinds of every finding raised at or after `after`, in order."""
        return [c.finding.kind.value for t, c in self.changes if c.raised and t >= after]


class DemoFeed:
    """The engine and care rules of one demo appliance, with the demo's routing."""

    CARE_READINGS: Mapping[str, str] = {
        "door": "door",
        "compartment_temperature": "temperature",
        "ambient_temperature": "ambient",
        "filter_used": "filter_usage",
    }
    """care_watch.py `feed`: the CareMonitor method each of the demo's readings goes to."""

    def __init__(self, kind: str, run: DemoRun) -> None:
        """Start with a fresh engine and fresh care rules, as a new demo home does."""
        self.kind = kind
        self.run = run
        self.subject = care.CareSubject(kind)
        type_name = DEMO_ENGINES.get(kind)
        self.appliance_type = engine.ApplianceType(type_name) if type_name else None
        self.engine: Any = self._new_engine(None, None)
        self.care: Any = care.CareMonitor(self.subject, care.default_care_settings(self.subject))
        self.emitted: Values = {}
        self.power_w: float | None = None

    def _new_engine(self, state: dict[str, Any] | None, at: float | None) -> Any:
        kind = self.appliance_type
        if kind is None:
            return None
        if kind.has_cycles:
            return engine.CycleTracker(
                kind, engine.default_settings(kind), state=state, restored_at=at
            )
        return engine.CompressorMonitor(kind, engine.default_compressor_settings(kind), state=state)

    def reload(self, at: float) -> None:
        """Save and read back the engine and the care rules, as a reload of the demo does."""
        if self.engine is not None:
            state = json.loads(json.dumps(self.engine.to_state()))
            self.engine = self._new_engine(state, at)
        saved = json.loads(json.dumps(self.care.to_state()))
        settings = care.default_care_settings(self.subject)
        self.care = care.CareMonitor(self.subject, settings, state=saved, restored_at=at)
        self.emitted = {}

    # ------------------------------------------------------------------ inputs

    def changed(self, at: float, values: Values) -> None:
        """Take the readings of the values that changed since last emitted (demo._changed)."""
        readings = [
            (k, v) for k, v in values.items() if k not in self.emitted or self.emitted[k] != v
        ]
        if not readings:
            return
        self.emitted.update(readings)
        events: list[Any] = []
        changes: list[Any] = []
        for kind, value in readings:
            events += self._engine_reading(at, kind, value)
            if kind not in ENGINE_ONLY:
                changes += self._care_reading(at, kind, value)
        self._after(at, events, changes)

    def engine_tick(self, at: float) -> None:
        """Let 30 s pass for the engine."""
        if self.engine is not None:
            self._after(at, list(self.engine.tick(at)), [])

    def care_tick(self, at: float) -> None:
        """Let a minute pass for the care rules, with the compressor's figures if any."""
        changes = list(self.care.tick(at))
        compressor = self.engine
        if isinstance(compressor, engine.CompressorMonitor):
            changes += self.care.compressor_stats(
                at,
                running=compressor.running,
                duty_cycle_24h=compressor.duty_cycle_24h,
                power_w=self.power_w,
            )
        self._after(at, [], changes)

    def _engine_reading(self, at: float, kind: str, value: Any) -> Sequence[Any]:
        tracker = self.engine
        if tracker is None:
            return ()
        if kind == "power":
            self.power_w = value
            return tuple(tracker.power(at, value))
        if kind == "door" and isinstance(tracker, engine.CycleTracker):
            return tuple(tracker.door(at, value))
        return ()

    def _care_reading(self, at: float, kind: str, value: Any) -> Sequence[Any]:
        method = self.CARE_READINGS.get(kind)
        return tuple(getattr(self.care, method)(at, value)) if method is not None else ()

    def _after(self, at: float, events: list[Any], changes: list[Any]) -> None:
        for event in events:
            changes += self._engine_event(event)
        self.run.changes.extend((at, change) for change in changes)

    def _engine_event(self, event: Any) -> Sequence[Any]:
        monitor = self.care
        if isinstance(event, engine.CompressorEvent):
            return tuple(monitor.compressor(event))
        kind = event.kind
        if kind is engine.CycleEventKind.CYCLE_STARTED:
            return tuple(monitor.cycle_started(event.at))
        if kind is engine.CycleEventKind.CYCLE_FINISHED and event.cycle is not None:
            self.run.cycles += 1
            program = self.engine.program_info(event.cycle.program_id)
            return tuple(monitor.cycle_finished(event.cycle, program))
        if kind is engine.CycleEventKind.APPLIANCE_UNLOADED:
            return tuple(monitor.unloaded(event.at))
        return ()


class DemoAppliance:
    """One simulated appliance as the demo home runs it, with its plug's reports."""

    def __init__(self, kind: str, seed: int, t0: int) -> None:
        """Create the appliance healthy at t0, on the demo's plug and household schedule."""
        self.kind = sim.ApplianceKind(kind)
        self.seed = seed
        self.plug = sim.PlugSettings()
        self.schedule = sim.DEFAULT_SCHEDULES.get(self.kind)
        self.reports: list[tuple[int, float]] = []
        self.model: Any = self._make(t0, frozenset(), None)

    def _make(self, t: int, faults: frozenset[Any], state: Any) -> Any:
        model = sim_home.make_appliance(
            self.kind, t0=t, seed=self.seed, plug=self.plug, sink=self._report
        )
        model.apply(faults, self.schedule, self.plug)
        if state is not None:
            model.restore(state)
        self.reports.clear()
        return model

    def _report(self, at: int, watts: float) -> None:
        self.reports.append((at, watts))

    def reload_with(self, fault: str, t: int) -> None:
        """Save the appliance and read it back with a fault, as changed options do."""
        state = json.loads(json.dumps(self.model.to_state()))
        self.model = self._make(t, frozenset({sim.Fault(fault)}), state)

    def take_reports(self) -> list[tuple[int, float]]:
        """Return the plug's reports since the last call."""
        reports, self.reports = self.reports, []
        return reports


def run_demo(
    kind: str,
    seed: int,
    *,
    days: float,
    fault: str | None = None,
    onset_days: float = 14.0,
    speed: int = 1,
    stop_on: Collection[str] = (),
) -> DemoRun:
    """Run one demo appliance for `days`, injecting `fault` after `onset_days`.

    The appliance runs with the demo's defaults: plug settings, and for cycle appliances
    a daily start at the simulator's household schedule (the selected program, the
    first, every day). At `speed` above 1 the demo advances its home once a second of
    wall time, so `speed` simulated seconds at a time, and shows what the sensors say
    then; its engine ticks every max(30, speed) simulated seconds and its care rules
    every max(60, speed). With `stop_on`, the run ends at the first finding of those
    kinds raised after the onset.
    """
    t0 = int(DEMO_START.timestamp())
    end = t0 + round(days * DAY_S)
    onset = t0 + round(onset_days * DAY_S) if fault is not None else None
    run = DemoRun(kind, seed, float(t0), None if onset is None else float(onset))
    appliance = DemoAppliance(kind, seed, t0)
    feed = DemoFeed(kind, run)
    feed.changed(float(t0), snapshot_values(appliance.model.snapshot()))
    home_tick = max(1, speed)
    ticks = {"home": home_tick, "engine": max(ENGINE_TICK_S, home_tick)}
    ticks["care"] = max(CARE_TICK_S, home_tick)
    due = {name: t0 + every for name, every in ticks.items()}
    t, seen = t0, 0
    while t < end:
        if stop_on and run.onset is not None and len(run.changes) > seen:
            seen = len(run.changes)
            if run.first_raised(stop_on, run.onset) is not None:
                break
        # At 1x the home's one-second ticks see every report: step from event to event.
        home_t = appliance.model.next_event_at if home_tick == 1 else due["home"]
        t = min(home_t, due["engine"], due["care"], end)
        if onset is not None and t0 < onset <= t:
            t = onset
        appliance.model.advance_to(t)
        values = snapshot_values(appliance.model.snapshot())
        reports = appliance.take_reports()
        if home_tick == 1:
            for at, watts in reports:
                feed.changed(float(at), {"power": watts})
            del values["power"]
        if home_tick == 1 or t >= due["home"]:
            feed.changed(float(t), values)
        if fault is not None and t == onset:
            appliance.reload_with(fault, t)
            feed.reload(float(t))
            feed.changed(float(t), snapshot_values(appliance.model.snapshot()))
            onset = None
        for name, every in ticks.items():
            if t >= due[name]:
                due[name] += every
                if name == "engine":
                    feed.engine_tick(float(t))
                elif name == "care":
                    feed.care_tick(float(t))
    run.end = float(t)
    return run
