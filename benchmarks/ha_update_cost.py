"""Cost of one power update handled inside Home Assistant, against Home Assistant's state write.

Starts a real Home Assistant core in this process with the Appliance Care home entry and
one appliance subentry, a washer behind `sensor.plug_power` (followed by a
`PowerSensorSource` that feeds the appliance's `ApplianceCoordinator`), and times, taking
turns on the same reports:

A.  `hass.states.async_set` of an unwatched power sensor (`sensor.other_power`): Home
    Assistant's own state write and its state_changed event, nobody listening;
A+. A after, between its timed stretches, the same untimed work as B's engine ticks;
L.  the same write of a sensor followed by a do-nothing `async_track_state_change_event`
    listener: what Home Assistant itself spends to hand an event to any listener;
B0. the write of the watched `sensor.plug_power` with the engine's `CycleTracker.power`
    replaced by a stub: Appliance Care's source and coordinator without the engine;
B.  the write of the watched `sensor.plug_power`: Home Assistant's write, the source's
    listener, the coordinator, the care engine and whatever entity states that writes;
C.  the care engine alone (`CycleTracker.power`) on the same reports, outside Home Assistant.

The goal is (B - A) / A < 25 %. The reports are a replayed washer power sequence (the
simulator's smart plug, then REFIT house 2's one-minute data), only reports whose value
changes, so each one fires a real state_changed event. Two clocks:

- trace clock: each report carries its trace time (`async_set(..., timestamp=)`), anchored
  at the wall-clock time of the run, so the engine sees a washer's days as it would at home:
  cycles start, programs are learned and matched, cycles finish. The coordinator's 30 s
  engine tick is taken off the event loop's timer and called in trace time between the
  timed stretches.
- real clock: the reports carry the wall-clock time of the write (Home Assistant's default);
  a month of reports then lasts a fraction of a second for the engine. The engine's tick
  runs at the wall-clock time between the timed loops, as its timer would.

Then one B round with clocks around the integration's steps, and one under cProfile.

    python benchmarks/ha_update_cost.py [--rounds 7] [--updates 20000] [--pieces 20]
        [--trace simulator|refit] [--no-second-trace] [--data DIR] [--cpu 0]
        [--no-profile] [--no-real-clock] [--write-doc]
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Iterator, Sequence
import cProfile
import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import gc
import gzip
import logging
import os
from pathlib import Path
import platform
import pstats
import statistics
import sys
import tempfile
import time
from typing import Any
from unittest.mock import patch

# This checkout first on the path: Home Assistant's loader then finds its custom_components.
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from homeassistant import loader  # noqa: E402
from homeassistant.const import __version__ as ha_version  # noqa: E402
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback  # noqa: E402
from homeassistant.helpers import entity as ha_entity  # noqa: E402
from homeassistant.helpers.event import (  # noqa: E402
    async_track_state_change_event,
    async_track_time_interval,
)
from pytest_homeassistant_custom_component.common import (  # noqa: E402
    MockConfigEntry,
    async_test_home_assistant,
)
from ulid_transform import ulid_at_time  # noqa: E402

from custom_components.appliance_care.const import (  # noqa: E402
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_PLACE,
    CONF_POWER_SENSOR,
    CONF_THRESHOLDS,
    DOMAIN,
    ENTRY_VERSION,
    HOME_TITLE,
    SUBENTRY_APPLIANCE,
)
from custom_components.appliance_care.coordinator import ApplianceCoordinator  # noqa: E402
from custom_components.appliance_care.coordinator_push import ApplianceUpdate  # noqa: E402
from custom_components.appliance_care.engine import (  # noqa: E402
    ApplianceType,
    CycleEvent,
    CycleTracker,
)
from custom_components.appliance_care.simulator import ApplianceKind, write_trace  # noqa: E402
from custom_components.appliance_care.sources.power_sensor import PowerSensorSource  # noqa: E402

WATCHED = "sensor.plug_power"
SUBENTRY_ID = "01JBENCHWASHER000000000000"
UNWATCHED = "sensor.other_power"
NOOP = "sensor.noop_power"
ATTRS = {"unit_of_measurement": "W", "device_class": "power"}
TICK_S = 30.0
# Deep inside a long silence, ticks thin out (see tick_times).
SPARSE_AFTER_S = 4 * 3600.0
DENSE_BEFORE_S = 1800.0
SPARSE_TICK_S = 600.0
# Trace time between the last report of a round and the first of the next.
WRAP_S = 60.0
SIM_START = datetime(2026, 1, 5, tzinfo=UTC)
TARGET = 0.25
DOC = REPO / "docs" / "ha-update-cost.md"
COMMAND = (
    "bash -c 'source scripts/lib/toolchain.sh && toolchain_prepare && "
    "toolchain_run python benchmarks/ha_update_cost.py --write-doc'"
)
# The integration's code, as it appears in profiles.
OURS = "custom_components/appliance_care/"
VARIANTS = ("A", "A+", "L", "B0", "B", "C")
TRACES = ("simulator", "refit")
NAMES = {"simulator": "the simulated washer", "refit": "REFIT house 2's washing machine"}
# The real clock has no ticks between the timed reports, so no A+.
REAL_VARIANTS = ("A", "L", "B0", "B", "C")

type Report = tuple[float, str]
"""(trace seconds from the first report, state text)."""
type Between = Callable[[float, list[float]], None]


# ---------------------------------------------------------------------------- data


def _rows(path: Path, column: str) -> Iterator[tuple[float, float | None]]:
    """Yield (Unix seconds, value) of one column of a (gzipped) CSV file with a header row."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="") as handle:
        reader = csv.reader(handle)
        index = next(reader).index(column)
        for row in reader:
            moment = datetime.fromisoformat(row[0])
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            try:
                value: float | None = float(row[index])
            except ValueError:
                value = None
            yield moment.timestamp(), value


def _changes(rows: Iterator[tuple[float, float | None]]) -> Iterator[tuple[float, str]]:
    """Yield the reports that change the sensor's state, as a sensor shows them (0.1 W)."""
    last_text: str | None = None
    last_t = float("-inf")
    for t, value in rows:
        if value is None or t <= last_t:
            continue  # missing values; REFIT's local time repeats an hour in autumn
        text = f"{value:.1f}"
        if text != last_text:
            yield t, text
            last_text = text
            last_t = t


def simulator_reports(count: int, seed: int) -> tuple[list[tuple[float, str]], str]:
    """Return the first `count` changing reports of a simulated washer's smart plug."""
    days = 28
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "washer.csv"
        while True:
            write_trace(
                ApplianceKind.WASHER,
                path,
                start=SIM_START,
                duration=timedelta(days=days),
                seed=seed,
            )
            changes = list(_changes(_rows(path, "power")))
            if len(changes) > count:
                break
            days *= 2
    changes = changes[:count]
    span_days = (changes[-1][0] - changes[0][0]) / 86400
    what = (
        f"a simulated washer (`custom_components/appliance_care/simulator`, `write_trace`, "
        f"seed {seed}, one program a day at 08:00 going through all the washer's programs; "
        f"default plug: reports on a change of more than 2 W or 5 %, else a 60 s "
        f"heartbeat): the first {len(changes):,} reports that change the state, "
        f"{span_days:.1f} days"
    )
    return changes, what


def refit_reports(count: int, data: Path) -> tuple[list[tuple[float, str]], str]:
    """Return the first `count` changing reports of REFIT house 2's washing machine."""
    files = sorted((data / "refit-house2").glob("REFIT_House2_*.csv.gz"))
    if not files:
        raise SystemExit(f"no REFIT house 2 files in {data / 'refit-house2'}")

    def rows() -> Iterator[tuple[float, float | None]]:
        for path in files:
            yield from _rows(path, "WashingMachine")

    changes: list[tuple[float, str]] = []
    for change in _changes(rows()):
        changes.append(change)
        if len(changes) == count:
            break
    span_days = (changes[-1][0] - changes[0][0]) / 86400
    what = (
        f"REFIT house 2, column WashingMachine (one-minute means shown to 0.1 W; REFIT, "
        f"Murray, Stankovic and Stankovic, University of Strathclyde, CC BY 4.0, extract "
        f"by the DeviceScope project): the first {len(changes):,} reports that change the "
        f"state, {span_days:.1f} days"
    )
    return changes, what


def as_round(changes: Sequence[tuple[float, str]]) -> list[Report]:
    """Return reports relative to the first, so a round can be replayed again and again."""
    reports = [(t - changes[0][0], text) for t, text in changes]
    # Replayed back to back, the last value must differ from the first.
    while len(reports) > 1 and reports[-1][1] == reports[0][1]:
        reports.pop()
    return reports


@dataclass
class Stretch:
    """Reports with no engine tick between them, and the ticks due after them."""

    reports: list[Report]
    ticks: list[float] = field(default_factory=list)


def tick_times(start: float, end: float) -> list[float]:
    """Return the engine's ticks between two reports (trace time).

    Every 30 s, as Home Assistant's timer runs them, except deep inside a long silence:
    from SPARSE_AFTER_S after a report to DENSE_BEFORE_S before the next one they thin
    out to one every SPARSE_TICK_S, still well inside the engine's 15-minute gap limit,
    so that months of idle plug are not replayed tick by tick. Every engine timer (finish
    hold, unload timeout) that falls there still runs in a tick, only up to ten minutes
    late; none falls into a timed report.
    """
    ticks: list[float] = []
    tick = start + TICK_S
    sparse_from, sparse_to = start + SPARSE_AFTER_S, end - DENSE_BEFORE_S
    while tick < end:
        ticks.append(tick)
        step = SPARSE_TICK_S if sparse_from <= tick < sparse_to - SPARSE_TICK_S else TICK_S
        tick += step
    return ticks


def stretches(reports: Sequence[Report], span: float) -> list[Stretch]:
    """Split a round where an engine tick falls between two reports (trace time)."""
    out: list[Stretch] = []
    current: list[Report] = []
    for index, report in enumerate(reports):
        current.append(report)
        end = reports[index + 1][0] if index + 1 < len(reports) else span
        ticks = tick_times(report[0], end)
        if ticks:
            out.append(Stretch(current, ticks))
            current = []
    if current:
        out.append(Stretch(current))
    return out


# ---------------------------------------------------------------------------- machine


def cpu_model() -> str:
    """Return the CPU model from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine(pinned: int | None) -> str:
    """Return a one-line description of the machine and the software."""
    where = f"pinned to CPU {pinned}" if pinned is not None else "not pinned"
    return (
        f"{cpu_model()}, {os.cpu_count()} cores ({where}), {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, Home Assistant {ha_version}"
    )


def pin(cpu: int) -> int | None:
    """Pin this process to one core when possible; return the core."""
    if cpu < 0 or not hasattr(os, "sched_setaffinity"):
        return None
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return None
    return cpu


def ulid_cost_ns(calls: int = 20_000) -> float:
    """Return the time of one ulid_at_time, which every state write pays for its context."""
    now = time.time()
    stamps = [now + i * 0.001 for i in range(calls)]
    start = time.perf_counter_ns()
    for stamp in stamps:
        ulid_at_time(stamp)
    return (time.perf_counter_ns() - start) / calls


# ---------------------------------------------------------------------------- timing


class GcClock:
    """Time spent by the garbage collector while `on` (a gc.callbacks entry)."""

    def __init__(self) -> None:
        """Start switched off."""
        self.on = False
        self.ns = 0
        self._start = 0

    def __call__(self, phase: str, _info: dict[str, int]) -> None:
        """Note the start and the end of a collection."""
        if phase == "start":
            self._start = time.perf_counter_ns()
        elif self.on:
            self.ns += time.perf_counter_ns() - self._start

    def measure(self) -> None:
        """Count from now on, from zero."""
        self.ns = 0
        self.on = True


GC_CLOCK = GcClock()


def time_real_clock(hass: HomeAssistant, entity_id: str, reports: Sequence[Report]) -> int:
    """Time the writes with Home Assistant's own timestamps (the wall clock); return ns."""
    async_set = hass.states.async_set
    values = [text for _, text in reports]
    start = time.perf_counter_ns()
    for value in values:
        async_set(entity_id, value, {"unit_of_measurement": "W", "device_class": "power"})
    return time.perf_counter_ns() - start


def time_trace_clock(
    hass: HomeAssistant,
    entity_id: str,
    parts: Sequence[Stretch],
    base: float,
    between: Between | None,
) -> int:
    """Time the writes at their trace times; `between` runs untimed after each stretch."""
    async_set = hass.states.async_set
    perf = time.perf_counter_ns
    total = 0
    for part in parts:
        start = perf()
        for offset, value in part.reports:
            async_set(
                entity_id,
                value,
                {"unit_of_measurement": "W", "device_class": "power"},
                timestamp=base + offset,
            )
        total += perf() - start
        if between is not None and part.ticks:
            between(base, part.ticks)
    return total


def time_engine_alone(tracker: CycleTracker, parts: Sequence[Stretch], base: float | None) -> int:
    """Time CycleTracker.power alone on the same reports, ticks untimed; return ns.

    `base` None: the wall clock, as in the real-clock mode.
    """
    perf = time.perf_counter_ns
    clock = time.time
    power = tracker.power
    total = 0
    for part in parts:
        reports = [(offset, float(text)) for offset, text in part.reports]
        if base is None:
            start = perf()
            for _, watts in reports:
                power(clock(), watts)
            total += perf() - start
        else:
            start = perf()
            for offset, watts in reports:
                power(base + offset, watts)
            total += perf() - start
            GC_CLOCK.on = False
            for offset in part.ticks:
                tracker.tick(base + offset)
            GC_CLOCK.on = True
    return total


def _stub_power(_self: CycleTracker, _at: float, _watts: object) -> tuple[CycleEvent, ...]:
    return ()


def stubbed_engine() -> Any:
    """Return a context in which CycleTracker.power does nothing (for B0)."""
    return patch.object(CycleTracker, "power", _stub_power)


@dataclass
class ModeResult:
    """Per-update nanoseconds of every round of one clock mode, by variant."""

    name: str
    ns: dict[str, list[float]] = field(default_factory=lambda: {v: [] for v in VARIANTS})
    gc_ns: dict[str, list[float]] = field(default_factory=lambda: {v: [] for v in VARIANTS})
    publishes: list[float] = field(default_factory=list)
    """Updates the coordinator pushed to the entities, per report in B."""
    programs: int = 0
    """Programs the engine had learned at the end."""
    notes: list[str] = field(default_factory=list)

    def has(self, variant: str) -> bool:
        """Return whether the variant was measured."""
        return bool(self.ns[variant])

    def us(self, variant: str) -> float:
        """Return the median of a variant, in microseconds per report."""
        return statistics.median(self.ns[variant]) / 1000

    def gc_us(self, variant: str) -> float:
        """Return the median garbage collection time of a variant, µs per report."""
        return statistics.median(self.gc_ns[variant]) / 1000

    @property
    def added(self) -> float:
        """Return (B - A) / A of the medians."""
        return (self.us("B") - self.us("A")) / self.us("A")

    @property
    def round_ratios(self) -> list[float]:
        """Return (B - A) / A of every round."""
        return [(b - a) / a for a, b in zip(self.ns["A"], self.ns["B"], strict=True)]


@dataclass
class ProfileResult:
    """Where one profiled B round (trace clock) spent its time."""

    updates: int
    total_s: float
    ours_s: float
    rows: list[tuple[str, int, float, float]]
    """(function, calls, own seconds, cumulative seconds) of the integration's functions."""
    ha_rows: list[tuple[str, int, float, float]]
    """The same for the busiest functions of Home Assistant and Python."""
    by_file: dict[str, float] = field(default_factory=dict)
    """Own seconds of the integration's functions, by file."""


def _label(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    if OURS in filename:
        return f"{filename.split(OURS, 1)[1]}:{line} {name}"
    if "site-packages/" in filename:
        return f"{filename.split('site-packages/', 1)[1]}:{line} {name}"
    return f"{Path(filename).name}:{line} {name}" if line else name


def summarise_profile(profile: cProfile.Profile, updates: int, top: int) -> ProfileResult:
    """Return the integration's busiest functions and the busiest others."""
    stats: dict[Any, Any] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    ours = []
    others = []
    total = ours_own = 0.0
    by_file: dict[str, float] = {}
    for key, (_cc, calls, own, cumulative, _callers) in stats.items():
        if "_lsprof.Profiler" in key[2]:
            continue
        total += own
        row = (_label(key), calls, own, cumulative)
        if OURS in key[0]:
            ours.append(row)
            ours_own += own
            name = key[0].split(OURS, 1)[1]
            by_file[name] = by_file.get(name, 0.0) + own
        else:
            others.append(row)
    ours.sort(key=lambda row: row[2], reverse=True)
    others.sort(key=lambda row: row[2], reverse=True)
    return ProfileResult(updates, total, ours_own, ours[:top], others[:top], by_file)


# ---------------------------------------------------------------------------- the run


@dataclass
class Run:
    """Everything one run measured."""

    updates: int
    rounds: int
    stretches: int
    ticks: int
    entities: int
    pieces: int = 0
    name: str = ""
    """What the data is, for headings."""
    command: str = ""
    machine: str = ""
    data: str = ""
    ulid: str = ""
    ulid_ns: float = 0.0
    modes: list[ModeResult] = field(default_factory=list)
    profile: ProfileResult | None = None
    inside: Inside | None = None


@dataclass
class Bench:
    """Home Assistant with the entry loaded, and what the timed variants need."""

    hass: HomeAssistant
    coordinator: ApplianceCoordinator
    source: PowerSensorSource
    tracker: CycleTracker
    engine_tick: Callable[[datetime], None]
    reports: list[Report]
    parts: list[Stretch]
    span: float

    publishes: int = 0
    counting: bool = False

    def ticks(self, base: float, offsets: list[float]) -> None:
        """Call the engine's tick at trace times, as its 30 s timer would (not counted)."""
        gc_on, counting = GC_CLOCK.on, self.counting
        GC_CLOCK.on = self.counting = False
        coordinator = self.coordinator
        for offset in offsets:
            self.engine_tick(datetime.fromtimestamp(base + offset, UTC))
            # The extra tick a tick may set for when a quiet spell can end the cycle is
            # on the wall clock, not on the trace's: here the next tick is the list's (it
            # moves a finish by under 30 s, not what a report costs).
            if (wake := coordinator._wake) is not None:  # noqa: SLF001
                wake()
                coordinator._wake = None  # noqa: SLF001
        GC_CLOCK.on, self.counting = gc_on, counting

    def tick_work(self, _base: float, offsets: list[float]) -> None:
        """Do, untimed, what the ticks do to Home Assistant but leave the engine alone.

        Each tick pushes an update: every entity of the appliance looks again and writes
        its state if what it shows changed. A+ runs this between its timed stretches, so
        that A+ and B follow the same work.
        """
        gc_on = GC_CLOCK.on
        GC_CLOCK.on = False
        for _ in offsets:
            self.coordinator.async_set_updated_data(ApplianceUpdate())
        GC_CLOCK.on = gc_on

    @callback
    def published(self) -> None:
        """Count the coordinator's updates during the timed reports."""
        if self.counting:
            self.publishes += 1

    def check(self) -> None:
        """Check that the last round's writes reached Home Assistant and the engine."""
        last = self.reports[-1][1]
        for entity_id in (WATCHED, UNWATCHED, NOOP):
            state = self.hass.states.get(entity_id)
            if state is None or state.state != last:
                raise SystemExit(f"{entity_id} is not at the last value written")
        if self.tracker.power_w != float(last):
            raise SystemExit(
                f"the engine holds {self.tracker.power_w} W, not the last report ({last} W): "
                "the listener did not run synchronously"
            )


class ErrorLog(logging.Handler):
    """Collects the errors logged while the entry sets up."""

    def __init__(self) -> None:
        """Collect errors and worse."""
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep one error."""
        self.messages.append(f"{record.name}: {record.getMessage()}")


async def start_home(hass: HomeAssistant, reports: list[Report]) -> tuple[Bench, int]:
    """Set up the sensors, the do-nothing listener and the Appliance Care entry."""
    # What pytest_homeassistant_custom_component's enable_custom_integrations does.
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
    first = reports[-1][1]
    for entity_id in (WATCHED, UNWATCHED, NOOP):
        hass.states.async_set(entity_id, first, ATTRS)

    @callback
    def do_nothing(_event: Event[EventStateChangedData]) -> None:
        return

    async_track_state_change_event(hass, [NOOP], do_nothing)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=HOME_TITLE,
        data={},
        options={},
        version=ENTRY_VERSION,
        minor_version=1,
        subentries_data=[
            {
                "data": {
                    CONF_APPLIANCE_TYPE: "washer",
                    CONF_POWER_SENSOR: WATCHED,
                    CONF_THRESHOLDS: {},
                    CONF_PLACE: {},
                    CONF_CARE: {},
                },
                "subentry_id": SUBENTRY_ID,
                "subentry_type": SUBENTRY_APPLIANCE,
                "title": "Washer",
                "unique_id": WATCHED,
            }
        ],
    )
    entry.add_to_hass(hass)
    held: list[Callable[[datetime], None]] = []

    def held_interval(
        hass: HomeAssistant,
        action: Callable[[datetime], None],
        interval: timedelta,
        *args: Any,
        **kw: Any,
    ) -> Callable[[], None]:
        if getattr(action, "__func__", None) is not ApplianceCoordinator._async_engine_tick:  # noqa: SLF001
            return async_track_time_interval(hass, action, interval, *args, **kw)
        held.append(action)
        return lambda: None

    # The engine's tick is held, to be called in trace time between the timed stretches
    # (a tick at wall-clock time would be a jump back by weeks for the engine). The care
    # rules' one-minute tick stays on the timer: it runs only while the benchmark awaits.
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    with patch(
        "custom_components.appliance_care.coordinator.async_track_time_interval", held_interval
    ):
        if not await hass.config_entries.async_setup(entry.entry_id):
            raise SystemExit("the Appliance Care entry did not set up")
    await hass.async_block_till_done()
    logging.getLogger().removeHandler(errors)
    if errors.messages:
        raise SystemExit(
            "the Appliance Care entry did not set up cleanly (is the integration being "
            "edited?):\n" + "\n".join(errors.messages)
        )
    coordinators = list(entry.runtime_data.coordinators())
    coordinator = coordinators[0] if len(coordinators) == 1 else None
    source = coordinator.source if coordinator is not None else None
    appliance = coordinator.appliance if coordinator is not None else None
    tracker = appliance.tracker if appliance is not None else None
    if (
        coordinator is None
        or not isinstance(source, PowerSensorSource)
        or tracker is None
        or len(held) != 1
    ):
        raise SystemExit("expected one washer behind a power sensor, with one engine tick")
    # The entities that follow the coordinator: each is handed every update.
    entities = len(coordinator._listeners)  # noqa: SLF001
    span = reports[-1][0] + WRAP_S
    bench = Bench(
        hass, coordinator, source, tracker, held[0], reports, stretches(reports, span), span
    )
    coordinator.async_add_listener(bench.published)
    return bench, entities


def chunks(parts: Sequence[Stretch], count: int) -> list[list[Stretch]]:
    """Split a round's stretches into about `count` runs of about equal reports."""
    total = sum(len(part.reports) for part in parts)
    size = max(1, total // count)
    out: list[list[Stretch]] = [[]]
    filled = 0
    for part in parts:
        if filled >= size:
            out.append([])
            filled = 0
        out[-1].append(part)
        filled += len(part.reports)
    return out


class Tally:
    """Nanoseconds, garbage collection and updates of every variant over one round."""

    def __init__(self, variants: Sequence[str]) -> None:
        """Start at zero."""
        self.ns = dict.fromkeys(variants, 0)
        self.gc_ns = dict.fromkeys(variants, 0)
        self.publishes = 0

    def add(self, variant: str, ns: int, bench: Bench) -> None:
        """Add one timed run of a variant (called right after it)."""
        self.ns[variant] += ns
        self.gc_ns[variant] += GC_CLOCK.ns
        if variant == "B":
            self.publishes += bench.publishes

    def note(self, result: ModeResult, count: int) -> None:
        """Record the round in `result`, per report."""
        for variant, ns in self.ns.items():
            result.ns[variant].append(ns / count)
            result.gc_ns[variant].append(self.gc_ns[variant] / count)
        result.publishes.append(self.publishes / count)


def _start(variant: str, bench: Bench) -> None:
    GC_CLOCK.measure()
    bench.publishes, bench.counting = 0, variant == "B"


def _stop(bench: Bench) -> None:
    GC_CLOCK.on = bench.counting = False


async def trace_clock_rounds(bench: Bench, rounds: int, anchor: float, pieces: int) -> ModeResult:
    """Time every variant round by round with the reports' trace times.

    A round is cut into pieces; every variant runs each piece in turn before the next
    piece, so a burst of other work on the machine hits all of them alike.
    """
    hass = bench.hass
    groups = chunks(bench.parts, pieces)
    alone = CycleTracker(ApplianceType.WASHER, bench.tracker.settings)
    result = ModeResult("trace clock")
    for index in range(rounds + 1):
        base = anchor + index * bench.span
        tally = Tally(VARIANTS)
        gc.collect()
        for number, group in enumerate(groups):
            # Each piece starts with another variant, so none always follows the same one.
            for variant in _rotated(VARIANTS, index + number):
                _start(variant, bench)
                if variant == "A":
                    ns = time_trace_clock(hass, UNWATCHED, group, base, None)
                elif variant == "A+":
                    ns = time_trace_clock(hass, UNWATCHED, group, base, bench.tick_work)
                elif variant == "L":
                    ns = time_trace_clock(hass, NOOP, group, base, None)
                elif variant == "B0":
                    with stubbed_engine():
                        ns = time_trace_clock(hass, WATCHED, group, base, None)
                elif variant == "B":
                    ns = time_trace_clock(hass, WATCHED, group, base, bench.ticks)
                else:
                    ns = time_engine_alone(alone, group, base)
                _stop(bench)
                tally.add(variant, ns, bench)
            await hass.async_block_till_done()
        bench.check()
        if index:  # the first round warms up
            tally.note(result, len(bench.reports))
    tracker = bench.tracker
    result.programs = len(tracker.programs)
    result.notes.append(
        f"over the {rounds + 1} replays the engine found {tracker.cycle_count} cycles and "
        f"learned {len(tracker.programs)} programs"
    )
    return result


def _rotated(variants: tuple[str, ...], index: int) -> tuple[str, ...]:
    start = index % len(variants)
    return variants[start:] + variants[:start]


async def real_clock_rounds(bench: Bench, rounds: int, pieces: int) -> ModeResult:
    """Time every variant round by round with Home Assistant's wall-clock timestamps."""
    hass = bench.hass
    size = max(1, len(bench.reports) // pieces)
    groups = [bench.reports[i : i + size] for i in range(0, len(bench.reports), size)]
    # The engine's clock is weeks ahead after the trace clock: hand it the wall clock.
    bench.engine_tick(datetime.now(UTC))
    cycles = bench.tracker.cycle_count
    alone = CycleTracker(ApplianceType.WASHER, bench.tracker.settings)
    result = ModeResult("real clock")
    for index in range(rounds + 1):
        tally = Tally(REAL_VARIANTS)
        gc.collect()
        for number, group in enumerate(groups):
            for variant in _rotated(REAL_VARIANTS, index + number):
                _start(variant, bench)
                if variant == "A":
                    ns = time_real_clock(hass, UNWATCHED, group)
                elif variant == "L":
                    ns = time_real_clock(hass, NOOP, group)
                elif variant == "B0":
                    with stubbed_engine():
                        ns = time_real_clock(hass, WATCHED, group)
                elif variant == "B":
                    ns = time_real_clock(hass, WATCHED, group)
                else:
                    ns = time_engine_alone(alone, [Stretch(group)], None)
                _stop(bench)
                tally.add(variant, ns, bench)
            await hass.async_block_till_done()
            # The engine's tick at the wall-clock time, as its timer would run it.
            bench.engine_tick(datetime.now(UTC))
        bench.check()
        if index:
            tally.note(result, len(bench.reports))
    result.notes.append(
        f"a round lasts well under a second of engine time; the engine found "
        f"{bench.tracker.cycle_count - cycles} cycles in these replays"
    )
    return result


@dataclass
class Inside:
    """Where the time of one instrumented B round (trace clock) went, µs per report."""

    total: float
    source: float
    """In `PowerSensorSource._state_changed`: the state made a reading, and all that follows."""
    readings: float
    """In `ApplianceCoordinator._async_readings`: engine, care rules, `_after`, updates."""
    engine: float
    """In `CycleTracker.power`."""
    updates: float
    """In `ApplianceCoordinator.async_update_listeners`: the entities handed an update."""
    garbage: float
    events: float
    """Engine events per report."""
    publishes: float
    """Updates pushed to the entities per report."""
    writes: float
    """Entity states written per report."""
    tick: float
    """What one engine tick between the stretches took, µs, its update included."""
    tick_updates: float
    """Of which in `ApplianceCoordinator.async_update_listeners`, µs per tick."""
    clock: float
    """What one clock adds to a call (measured on a call that does nothing)."""


def _clocked(spent: dict[str, int], key: str, function: Callable[..., Any]) -> Any:
    """Return `function` with a clock that adds its time to spent[key] (reports only)."""
    perf = time.perf_counter_ns

    def clocked(*args: Any, **kwargs: Any) -> Any:
        start = perf()
        result = function(*args, **kwargs)
        spent[key] += perf() - start
        return result

    return clocked


async def instrumented_round(bench: Bench, base: float) -> Inside | None:
    """Time one B round with clocks around the integration's main steps.

    Each clock adds a little time of its own (two `perf_counter_ns` calls and a Python call,
    some 0.1 µs). Ticks are timed apart from the reports, each as a whole.
    """
    source = bench.source
    # The source and the coordinator hold each other's bound methods from the start, so
    # those are clocked on the instances; the rest on their classes.
    tracked = getattr(source, "_entities", None)
    on_state = getattr(tracked, "_on_state", None)
    emit = getattr(source, "_emit", None)
    if on_state is None or emit is None:
        return None
    spent = dict.fromkeys(
        ("source", "readings", "engine", "updates", "events", "writes", "ticks", "tick_updates"),
        0,
    )
    state_changed = _clocked(spent, "source", on_state)
    readings = _clocked(spent, "readings", emit)
    unclocked_power = CycleTracker.power
    unclocked_updates = ApplianceCoordinator.async_update_listeners
    unclocked_write = ha_entity.Entity.async_write_ha_state
    updates = _clocked(spent, "updates", unclocked_updates)
    tick_updates = _clocked(spent, "tick_updates", unclocked_updates)
    perf = time.perf_counter_ns
    ticks = 0

    def power(self: CycleTracker, at: float, watts: object) -> tuple[CycleEvent, ...]:
        start = perf()
        events = unclocked_power(self, at, watts)
        spent["engine"] += perf() - start
        spent["events"] += len(events)
        return events

    def update_listeners(self: ApplianceCoordinator) -> None:
        (updates if bench.counting else tick_updates)(self)

    def clocked_ticks(base: float, offsets: list[float]) -> None:
        nonlocal ticks
        start = perf()
        bench.ticks(base, offsets)
        spent["ticks"] += perf() - start
        ticks += len(offsets)

    def write_state(self: ha_entity.Entity) -> None:
        if bench.counting:
            spent["writes"] += 1
        unclocked_write(self)

    gc.collect()
    GC_CLOCK.measure()
    bench.publishes, bench.counting = 0, True
    with (
        patch.object(tracked, "_on_state", state_changed),
        patch.object(source, "_emit", readings),
        patch.object(CycleTracker, "power", power),
        patch.object(ApplianceCoordinator, "async_update_listeners", update_listeners),
        patch.object(ha_entity.Entity, "async_write_ha_state", write_state),
    ):
        total = time_trace_clock(bench.hass, WATCHED, bench.parts, base, clocked_ticks)
    GC_CLOCK.on = bench.counting = False
    await bench.hass.async_block_till_done()
    bench.check()
    count = len(bench.reports)
    ticks = max(ticks, 1)
    return Inside(
        total=total / count / 1000,
        source=spent["source"] / count / 1000,
        readings=spent["readings"] / count / 1000,
        engine=spent["engine"] / count / 1000,
        updates=spent["updates"] / count / 1000,
        garbage=GC_CLOCK.ns / count / 1000,
        events=spent["events"] / count,
        publishes=bench.publishes / count,
        writes=spent["writes"] / count,
        tick=spent["ticks"] / ticks / 1000,
        tick_updates=spent["tick_updates"] / ticks / 1000,
        clock=_clock_cost_us(),
    )


def _clock_cost_us(calls: int = 100_000) -> float:
    """Return what `_clocked` adds to a call, in µs."""

    def nothing(_value: object) -> None:
        return

    clocked = _clocked({"x": 0}, "x", nothing)
    perf = time.perf_counter_ns
    best = float("inf")
    for _ in range(5):
        start = perf()
        for index in range(calls):
            nothing(index)
        plain = perf() - start
        start = perf()
        for index in range(calls):
            clocked(index)
        best = min(best, (perf() - start - plain) / calls / 1000)
    return best


async def profile_round(bench: Bench, base: float, top: int) -> ProfileResult:
    """Profile one B round with the trace clock, the profiler paused for the ticks."""
    profiler = cProfile.Profile()

    def unprofiled_ticks(base: float, offsets: list[float]) -> None:
        profiler.disable()
        bench.ticks(base, offsets)
        profiler.enable()

    gc.collect()
    profiler.enable()
    time_trace_clock(bench.hass, WATCHED, bench.parts, base, unprofiled_ticks)
    profiler.disable()
    await bench.hass.async_block_till_done()
    bench.check()
    return summarise_profile(profiler, len(bench.reports), top)


async def measure(args: argparse.Namespace, reports: list[Report]) -> Run:
    """Start Home Assistant with the entry, and measure both clock modes."""
    gc.callbacks.append(GC_CLOCK)
    with tempfile.TemporaryDirectory() as config_dir:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            bench, entities = await start_home(hass, reports)
            run = Run(
                updates=len(reports),
                rounds=args.rounds,
                stretches=len(bench.parts),
                ticks=sum(len(part.ticks) for part in bench.parts),
                entities=entities,
                pieces=len(chunks(bench.parts, args.pieces)),
            )
            anchor = time.time() + 1.0
            run.modes.append(await trace_clock_rounds(bench, args.rounds, anchor, args.pieces))
            run.inside = await instrumented_round(bench, anchor + (args.rounds + 1) * bench.span)
            if args.profile:
                base = anchor + (args.rounds + 2) * bench.span
                run.profile = await profile_round(bench, base, args.top)
            if args.real_clock:
                run.modes.append(await real_clock_rounds(bench, args.rounds, args.pieces))
            run.ulid = ulid_at_time.__module__
            run.ulid_ns = ulid_cost_ns()
            for entry in hass.config_entries.async_entries(DOMAIN):
                await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
            await hass.async_stop(force=True)
    return run


# ---------------------------------------------------------------------------- output


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def table(run: Run) -> str:
    """Return the main results as a Markdown table."""
    lines = [
        _row(
            (
                "clock",
                "A: HA state write, unwatched (µs)",
                "B: watched by Appliance Care (µs)",
                "added (B - A) / A",
                "range over rounds",
                "target < 25 %",
            )
        ),
        "|---|---:|---:|---:|---:|---|",
    ]
    for mode in run.modes:
        ratios = mode.round_ratios
        lines.append(
            _row(
                (
                    mode.name,
                    f"{mode.us('A'):.2f}",
                    f"{mode.us('B'):.2f}",
                    f"**{mode.added:+.0%}**",
                    f"{min(ratios):+.0%} to {max(ratios):+.0%}",
                    "met" if mode.added < TARGET else "**missed**",
                )
            )
        )
    return "\n".join(lines)


def breakdown(run: Run) -> str:
    """Return where the added time goes, from the variants, as a Markdown table."""
    names = [mode.name for mode in run.modes]
    lines = [
        _row(("µs per report", *names)),
        "|---|" + "---:|" * len(names),
    ]

    def line(what: str, value: Callable[[ModeResult], str]) -> None:
        lines.append(_row((what, *(value(mode) for mode in run.modes))))

    def part(mode: ModeResult, high: str, low: str) -> str:
        value = mode.us(high) - mode.us(low)
        return f"{value:.2f} ({value / mode.us('A'):+.0%} of A)"

    line("A: Home Assistant's state write, nobody listening", lambda m: f"{m.us('A'):.2f}")
    line(
        "A+: the same after the same untimed work between stretches as B's ticks "
        "(an update handed to the appliance's entities once per tick)",
        lambda m: f"{m.us('A+'):.2f}" if m.has("A+") else "-",
    )
    line(
        "B - A+: what Appliance Care adds, both after the same work between stretches",
        lambda m: (
            f"{m.us('B') - m.us('A+'):.2f} ({(m.us('B') - m.us('A+')) / m.us('A+'):+.0%} of A+)"
            if m.has("A+")
            else "-"
        ),
    )
    line(
        "L - A: Home Assistant handing the event to a do-nothing listener",
        lambda m: part(m, "L", "A"),
    )
    line(
        "B0 - L: Appliance Care's source and coordinator around the engine "
        "(`TrackedEntities._async_state_changed`, `PowerSensorSource._state_changed`, "
        "`ApplianceCoordinator._async_readings`, `WatchedAppliance.feed`, `_after`), "
        "engine stubbed",
        lambda m: part(m, "B0", "L"),
    )
    line(
        "B - B0: the engine inside Home Assistant, and the updates and entity states it caused",
        lambda m: part(m, "B", "B0"),
    )
    line("B: all of it", lambda m: f"{m.us('B'):.2f}")
    line(
        "C: the engine alone, outside Home Assistant (`CycleTracker.power`)",
        lambda m: f"{m.us('C'):.2f}",
    )
    line(
        f"updates pushed in B per 1,000 reports (each handed to the {run.entities} entities, "
        "which write their state only if what they show changed)",
        lambda m: f"{statistics.median(m.publishes) * 1000:.1f}",
    )

    def garbage(variant: str) -> Callable[[ModeResult], str]:
        return lambda m: f"{m.gc_us(variant):.2f}" if m.has(variant) else "-"

    for variant in VARIANTS:
        line(f"garbage collection inside the timed loops of {variant}", garbage(variant))
    return "\n".join(lines)


def inside_table(run: Run, inside: Inside) -> str:
    """Return where one instrumented B round's time went."""
    trace = run.modes[0]
    rows = [
        (f"B, this round (median B without the clocks: {trace.us('B'):.2f})", inside.total),
        (
            (
                "outside Appliance Care's `PowerSensorSource._state_changed`: Home "
                "Assistant's write, its dispatch to the listener and "
                f"`TrackedEntities._async_state_changed` (A alone: {trace.us('A'):.2f}, "
                f"L alone: {trace.us('L'):.2f})"
            ),
            inside.total - inside.source,
        ),
        ("in `PowerSensorSource._state_changed`, all of it", inside.source),
        (
            (
                "... in `ApplianceCoordinator._async_readings`: the engine's feed, "
                f"`_after`'s decision, {inside.events * 1000:.1f} engine events "
                "per 1,000 reports to the care rules and the event entities, saving "
                "scheduled, and the updates"
            ),
            inside.readings,
        ),
        (
            (
                f"... ... of which in `CycleTracker.power`, the engine (alone, outside Home "
                f"Assistant: {trace.us('C'):.2f})"
            ),
            inside.engine,
        ),
        (
            (
                "... ... of which in `ApplianceCoordinator.async_update_listeners`: "
                f"{inside.publishes * 1000:.1f} updates per 1,000 reports, each handed to the "
                f"{run.entities} entities, which wrote {inside.writes * 1000:.1f} states per "
                "1,000 reports"
            ),
            inside.updates,
        ),
        (
            ("... ... the rest of `_async_readings` (`WatchedAppliance.feed`, `_after`, `_push`)"),
            inside.readings - inside.engine - inside.updates,
        ),
        (
            "... the rest of `_state_changed` (`power_watts`, `_log_power`, the `Reading`)",
            inside.source - inside.readings,
        ),
        ("garbage collection, wherever it fell", inside.garbage),
        (
            f"the clocks themselves, in the rows above: three a report, {inside.clock:.2f} each",
            3 * inside.clock,
        ),
    ]
    lines = ["| trace clock, one B round with clocks inside | µs per report |", "|---|---:|"]
    lines += [_row((what, f"{value:.2f}")) for what, value in rows]
    return "\n".join(lines)


def run_inside_table(run: Run) -> str:
    """Return the instrumented round's table (empty without one)."""
    return inside_table(run, run.inside) if run.inside is not None else ""


def profile_table(profile: ProfileResult, *, others: bool = True) -> str:
    """Return the busiest functions of a profiled B round."""
    per = 1e6 / profile.updates
    header = "| calls per report | own µs per report | with callees, µs per report |"
    lines = [
        "| function (Appliance Care) " + header,
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| `{name}` | {calls / profile.updates:.3f} | {own * per:.2f} | {cumulative * per:.2f} |"
        for name, calls, own, cumulative in profile.rows
    ]
    if not others:
        return "\n".join(lines)
    lines += [
        "",
        "| function (Home Assistant, libraries, Python) " + header,
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| `{name}` | {calls / profile.updates:.3f} | {own * per:.2f} | {cumulative * per:.2f} |"
        for name, calls, own, cumulative in profile.ha_rows
    ]
    return "\n".join(lines)


def findings(run: Run, *, ulid: bool = True) -> list[str]:
    """Return what the figures say, in sentences."""
    out = []
    for mode in run.modes:
        a, b, listener = mode.us("A"), mode.us("B"), mode.us("L")
        verdict = "meets" if mode.added < TARGET else "misses"
        out.append(
            f"- **{mode.name}**: a report costs {b:.2f} µs with Appliance Care watching "
            f"against {a:.2f} µs for Home Assistant's own write: {b - a:.2f} µs added "
            f"({mode.added:+.0%}), which {verdict} the < 25 % target. Home Assistant alone "
            f"charges {listener - a:.2f} µs ({(listener - a) / a:+.0%}) for handing the event "
            f"to any listener, a do-nothing one included; measured from that write (L), "
            f"Appliance Care adds {(b - listener) / listener:+.0%}. The engine alone takes "
            f"{mode.us('C'):.2f} µs a report. "
            + (
                f"Against A+, the write after the same untimed work between stretches as "
                f"B's ticks ({mode.us('A+'):.2f} µs), it adds "
                f"{(b - mode.us('A+')) / mode.us('A+'):+.0%}. "
                if mode.has("A+")
                else ""
            )
            + "; ".join(mode.notes).capitalize()
            + "."
        )
    if ulid and run.ulid.endswith("_py_ulid_impl"):
        trace = run.modes[0]
        free = trace.us("A") - run.ulid_ns / 1000
        out.append(
            f"- Every state write, A and B alike, makes a ULID for its context; in this "
            f"environment `ulid_transform` runs its pure-Python fallback "
            f"({run.ulid_ns / 1000:.2f} µs a ULID) because no compiled extension was built. "
            f"Home Assistant's own installations ship it compiled (about 0.1 µs), so there "
            f"A is smaller and the added share larger: with the ULID for free, A would be "
            f"{free:.2f} µs and the trace clock's added share "
            f"{(trace.us('B') - trace.us('A')) / free:+.0%}."
        )
    return out


def matcher_point(run: Run) -> str:
    """Return what the program matcher costs in a run, from its profile."""
    trace = run.modes[0]
    profile = run.profile
    share = ""
    if profile is not None and profile.ours_s:
        matcher = profile.by_file.get("engine/estimator.py", 0.0) / profile.ours_s
        share = (
            f"; the program matcher (`engine/estimator.py`) took {matcher:.0%} of the "
            "integration's own profiled time"
        )
    return (
        f"On {run.name} the engine learned {trace.programs} programs and takes "
        f"{trace.us('C'):.2f} µs a report on its own{share}. "
        "`ProgramMatcher.update` runs at every completed 120 s profile bin and, in pure "
        "Python, updates every learned program at 17 shifts; `_score` then finds each "
        "program's best shift. Its cost grows with the number of programs and with how "
        "often reports cross a bin (a plug reporting once a minute crosses one every other "
        "report). Dropping candidates that are clearly out after a few bins, updating only "
        "the shifts around each candidate's best, and matching only when a result is "
        "needed would bound it."
    )


def changes(run: Run, second: Run | None = None) -> list[str]:
    """Return what would bring the cost down, with the figures behind each point."""
    trace = run.modes[0]
    a, listener = trace.us("A"), trace.us("L")
    inside = run.inside
    out = [
        (
            f"1. **The target cannot be met against A by any listener.** Home Assistant "
            f"spends {listener - a:.2f} µs ({(listener - a) / a:+.0%} of A) to hand a state "
            f"change to a callback that does nothing, {trace.gc_us('L'):.2f} µs of it in "
            f"garbage collection (A: {trace.gc_us('A'):.2f}): once a listener matches, the "
            f"event bus builds an `Event` that its `Context` points back to (a reference "
            f"cycle only the collector frees). In a real home the recorder, the history "
            f"and the frontend already listen to every state change, so that price is paid "
            f"anyway; a fair goal is a share of L, the write with a listener."
        ),
        (
            f"2. **The engine is the largest part.** `CycleTracker.power` takes "
            f"{trace.us('C'):.2f} µs a report on its own"
            + (
                f" and {inside.engine:.2f} µs inside Home Assistant (most likely because Home "
                f"Assistant's code runs between its calls and the processor's caches and "
                f"branch predictors no longer hold the engine's alone)"
                if inside is not None
                else ""
            )
            + ". Most reports change nothing but the held power: a fast path at the top "
            "of `CycleTracker.power` that, when the new value stays on the same side of "
            "every threshold, no timer is due and the report falls in the same profile bin, "
            "only integrates energy and stores the value, would skip `_advance`, `_timers`, "
            "`_cycle_timers`, `_apply`, `_active` and `LiveCycle.profile.add` (about a dozen "
            "Python calls)."
        ),
    ]
    worst = max((r for r in (run, second) if r is not None), key=lambda r: r.modes[0].us("C"))
    out.append(f"   {matcher_point(worst)}")
    if inside is not None:
        update_each = inside.updates / inside.publishes if inside.publishes else 0.0
        writes_each = inside.writes / inside.publishes if inside.publishes else 0.0
        out.append(
            f"3. **Updates are rare but heavy.** `ApplianceCoordinator.async_update_listeners` "
            f"takes {inside.updates:.2f} µs a report on average: "
            f"{inside.publishes * 1000:.1f} updates per 1,000 reports ({update_each:.0f} µs "
            f"an update), each handed to the {run.entities} entities, which compute what "
            f"they show and wrote {writes_each:.1f} states an update "
            "(`ApplianceEntity._handle_coordinator_update` already skips the write of an "
            "entity whose value stayed the same). Between reports the 30 s engine tick "
            "pushes an update to every entity while a cycle runs (times and the cycle's "
            "energy move), and the one-minute care tick always does: every entity computes "
            f"what it shows again. A tick took {inside.tick:.1f} µs, "
            f"{inside.tick_updates:.1f} µs of it handing that update to the entities. "
            "Handing a running cycle's tick only to the entities that show time passing "
            "(elapsed, remaining, the cycle's energy) would save most of that."
        )
        out.append(
            f"4. **The source and the coordinator around the engine**: "
            f"{trace.us('B0') - listener:.2f} µs a report measured as B0 - L "
            f"({(trace.us('B0') - listener) / a:+.0%} of A); with the clocks, "
            f"{inside.source - inside.readings:.2f} µs in `_state_changed` around "
            f"`_async_readings` and {inside.readings - inside.engine - inside.updates:.2f} µs "
            "in `_async_readings` around the engine and the updates. A report passes "
            "through about ten Python calls before it reaches the engine "
            "(`TrackedEntities._async_state_changed`, `_state_changed`, `power_watts`, "
            "`_scaled`, `state_number`, `_log_power`, the `Reading`, `_async_readings`, "
            "`WatchedAppliance.feed`, `_after` and its `status` and `available` "
            "properties), and the clock-jump check (`JumpWatch.due`, and `_follow_clock` "
            "with two clock reads when a report comes more than 10 s after its last look: "
            "every report of a replayed trace, whose time runs faster than the wall "
            "clock, but about one report in ten of a plug reporting every second). "
            "Small savings each: `_async_readings` builds two lists a "
            "reading; `power_watts` could keep the unit factor of the last "
            "attributes object (Home Assistant hands the same object on while the "
            "attributes stay the same) instead of three calls; `_after` could compare the "
            "engine's status directly instead of going through `WatchedAppliance.status` "
            "and its `isinstance` check on every report."
        )
    seam = (
        f"; the source and the coordinator alone (B0 - L, {trace.us('B0') - listener:.2f} µs) "
        "already take more than that"
        if trace.us("B0") - listener > 0.25 * a
        else ""
    )
    out.append(
        "5. Even all of that leaves the engine's Python in every report: with 25 % of A "
        f"({0.25 * a:.2f} µs here) as the whole budget, only a report the engine does not "
        f"see at all fits{seam}. Reports that fall inside a profile bin and on the same "
        "side of every threshold could be folded as early as "
        "`PowerSensorSource._state_changed` (held power and energy kept there, handed on "
        "at the next report that matters or at the tick)."
    )
    return out


def second_section(second: Run) -> list[str]:
    """Return the paragraphs on the second data set."""
    paragraphs = [
        f"## The same on {second.name}",
        (
            f"The same measurement (trace clock only) on {second.data}. One-minute "
            "reports: every report moves the engine a minute on, so nearly every other one "
            "completes a profile bin."
        ),
        table(second),
        "\n".join(findings(second, ulid=False)),
        breakdown(second),
    ]
    if second.inside is not None:
        paragraphs.append(inside_table(second, second.inside))
    if second.profile is not None:
        paragraphs += [
            "The integration's busiest functions in one profiled B round (cProfile):",
            profile_table(second.profile, others=False),
        ]
    return paragraphs


def document(run: Run, second: Run | None = None, minutes: float = 0.0) -> str:
    """Return docs/ha-update-cost.md; `minutes`: how long the run took."""
    trace = run.modes[0]
    paragraphs: list[str] = [
        "# Cost of a power update inside Home Assistant",
        (
            "What one power report of a watched smart plug costs Home Assistant once "
            "Appliance Care follows it, against what Home Assistant's own state write of "
            "that report costs, both measured in the same run. Goal: less than 25 % added "
            "over the state write. Written by `benchmarks/ha_update_cost.py`; every figure "
            "here is from one run of it."
        ),
        "## Result",
        table(run),
        "\n".join(findings(run)),
        "## Where the added time goes",
        (
            "Measured, not profiled, with the variants described below (A, A+, L, B0, B, C "
            "timed in the same rounds; medians). Differences of medians of a busy machine: "
            "a few tenths of a microsecond either way are noise."
        ),
        breakdown(run),
    ]
    if run.inside is not None:
        paragraphs += [
            (
                "One more B round (trace clock) with clocks around the integration's "
                "steps. The clocks add some time of their own (last row), and the engine "
                "runs slower inside Home Assistant than in a loop of its own (C):"
            ),
            run_inside_table(run),
        ]
    if second is not None:
        paragraphs += second_section(second)
    paragraphs += [
        "## What would bring it down",
        "\n".join(changes(run, second)),
        "## What is measured",
        (
            "A real Home Assistant core runs in the benchmark's process "
            "(`pytest_homeassistant_custom_component.common.async_test_home_assistant`, "
            "custom integrations enabled as the test harness's `enable_custom_integrations` "
            "does) with the Appliance Care home entry (version 2, `data={}`, options `{}`) "
            "and one appliance subentry, a washer behind `sensor.plug_power` "
            '(`data={"appliance_type": "washer", "power_sensor": "sensor.plug_power", '
            '"thresholds": {}, "place": {}, "care": {}}`), set up through '
            "`hass.config_entries.async_setup` with all its platforms: a "
            "`PowerSensorSource` follows the sensor and hands each report as a `Reading` "
            "to the appliance's `ApplianceCoordinator`, which feeds the engine and the care "
            f"rules and pushes updates to the {run.entities} entities that follow it. Each "
            "round times these on the same reports:"
        ),
        "\n".join(
            (
                (
                    '- **A**: `hass.states.async_set("sensor.other_power", value, '
                    '{"unit_of_measurement": "W", "device_class": "power"})` for every '
                    "report: Home Assistant's state write and its `state_changed` event, with "
                    "no listener for that entity (the entity-id filter of "
                    "`async_track_state_change_event` still runs, as it does for every "
                    "state change of a home)."
                ),
                (
                    "- **A+** (trace clock only): A again, but between its timed stretches "
                    "it does, untimed, what B's ticks do to Home Assistant: an update "
                    f"handed to the appliance's {run.entities} entities once per tick "
                    "(`async_set_updated_data`). B follows "
                    "that work between its stretches and A does not; A+ shows how much "
                    "that alone changes the write's time (processor caches, garbage)."
                ),
                (
                    "- **L**: the same writes of `sensor.noop_power`, which a do-nothing "
                    "`async_track_state_change_event` callback follows: Home Assistant's "
                    "own price of handing a state change to any listener."
                ),
                (
                    "- **B0**: the writes of `sensor.plug_power` with the engine's "
                    "`CycleTracker.power` replaced by a stub that returns no events: "
                    "Appliance Care's source and coordinator without the engine."
                ),
                (
                    "- **B**: the writes of `sensor.plug_power`, which the appliance's "
                    "source follows with `async_track_state_change_event` (through "
                    "`TrackedEntities`). Home Assistant "
                    f"{ha_version} runs that listener synchronously inside `async_set`, so B "
                    "includes the source, the coordinator, the care engine, the care rules "
                    "and every entity state written when the coordinator pushes an update "
                    "(the status changed or a cycle event happened); after every round the "
                    "benchmark checks that the engine holds the last value written "
                    "(`tracker.power_w`)."
                ),
                (
                    "- **C**: the care engine alone, `CycleTracker.power(at, watts)`, fed the "
                    "same reports outside Home Assistant, for reference."
                ),
            )
        ),
        (
            f"Each round is {run.updates:,} reports, cut into {run.pieces} pieces; the "
            "variants take turns piece by piece, each piece starting with another variant, "
            "so that a burst of other work on the machine falls on all of them alike. The "
            "first round warms up and is dropped; the figures are medians over the "
            f"{run.rounds} rounds that follow, per report, timed with "
            "`time.perf_counter_ns`; (B - A) / A is taken from the medians and the range "
            "shows it round by round. The process is pinned to one core; the garbage "
            "collector runs as usual (a full collection at the start of each round); "
            "nothing awaits inside a timed loop, so no timer or task of Home Assistant "
            "runs during one."
        ),
        "Two clocks:",
        "\n".join(
            (
                (
                    "- **trace clock** (the realistic one): every report is written with its "
                    "trace time (`async_set(..., timestamp=...)`), anchored at the wall-clock "
                    "time of the run and advancing round after round, so the engine sees the "
                    "washer's days as it would at home: cycles start, programs are learned "
                    "and matched, cycles finish. The coordinator's 30 s engine tick, which "
                    "Home Assistant's timer would run, is held off the timer and called in "
                    "trace time between the timed stretches, never inside them "
                    f"({run.stretches:,} timed stretches and {run.ticks:,} ticks a round: "
                    "every 30 s, except that from four hours into a silence to half an "
                    "hour before its end they thin out to one every ten minutes, still "
                    "well inside the engine's 15-minute gap limit). The care rules' "
                    "one-minute tick stays on Home Assistant's timer and runs only while the "
                    "benchmark awaits between pieces."
                ),
                (
                    "- **real clock**: Home Assistant stamps each write with the wall clock, "
                    "as at home. Replayed in a tight loop, a month of reports then lasts a "
                    "fraction of a second for the engine, which sees power rise and fall but "
                    "hardly ever long enough to start or finish a cycle: the engine's cheap "
                    "path. Its tick runs at the wall-clock time between the timed loops."
                ),
            )
        ),
        "## Data",
        (
            f"{run.data[:1].upper()}{run.data[1:]}, replayed back to back round after "
            "round (the engine keeps what it learned, as at home). Only reports that "
            "change the state are replayed: a report of an unchanged value makes Home "
            "Assistant fire `state_reported`, not `state_changed`, and the integration does "
            "not see it. Every write in every variant is a change."
        ),
        "## Machine",
        (
            f"{run.machine}. ULIDs from `{run.ulid}` ({run.ulid_ns / 1000:.2f} µs each, "
            "paid by every state write). The machine is shared with other work: a round "
            "that another process interrupted shows in the range column, which is why the "
            "figures are medians of rounds."
        ),
    ]
    profile = run.profile
    if profile is not None:
        share = profile.ours_s / profile.total_s if profile.total_s else 0.0
        paragraphs += [
            "## Where B's time goes, profiled",
            (
                "One further B round (trace clock) under cProfile, the profiler paused "
                "for the engine's ticks. The profiler slows everything several times over, "
                "Python function calls most, so read these as shares and call counts, not as "
                f"timings. Appliance Care's own functions took {share:.0%} of the profiled "
                "time (own time, summed)."
            ),
            profile_table(profile),
        ]
    verdict = (
        f"The target is met with the trace clock ({trace.added:+.0%})."
        if trace.added < TARGET
        else (
            f"The target is missed with the trace clock ({trace.added:+.0%}): see the "
            "breakdown and the profile for where the time goes."
        )
    )
    paragraphs += [
        verdict,
        "## Reproduce",
        "From the repository root (the toolchain builds the Python 3.14 environment once):",
        f"```\n{COMMAND}\n```",
        f"This document came from `{run.command}`.",
        (
            f"This run took {minutes:.0f} minutes; without `--write-doc` it only prints the "
            "tables. Options: `--rounds`, `--updates`, `--pieces`, `--trace refit` (REFIT "
            "house 2's washing machine from `../shared/data`, or `--data DIR`, as the main "
            "data set; the other one is measured second), `--no-second-trace`, `--cpu N` "
            "(the core to pin to; `-1`: do not pin), `--no-profile`, `--no-real-clock`."
        ),
    ]
    return "\n\n".join(paragraphs) + "\n"


def load(trace: str, args: argparse.Namespace) -> tuple[list[Report], str]:
    """Return one round of reports of a data set, and its description."""
    if trace == "refit":
        data = args.data or Path(
            os.environ.get("APPLIANCE_CARE_DATA", str(REPO.parent / "shared" / "data"))
        )
        changes, what = refit_reports(args.updates, data)
    else:
        changes, what = simulator_reports(args.updates, args.seed)
    return as_round(changes), what


def show(run: Run) -> None:
    """Print one run's figures."""
    print(f"Data: {run.data}")
    print()
    print(table(run))
    print()
    print("\n".join(findings(run)))
    print()
    print(breakdown(run))
    if run.inside is not None:
        print()
        print(inside_table(run, run.inside))
    if run.profile is not None:
        print()
        print(profile_table(run.profile))
    print()


def main() -> None:
    """Parse the arguments, run, print and optionally write the document."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--updates", type=int, default=20_000)
    parser.add_argument(
        "--pieces", type=int, default=20, help="pieces of a round the variants take turns on"
    )
    parser.add_argument("--trace", choices=TRACES, default="simulator")
    parser.add_argument(
        "--no-second-trace",
        dest="second_trace",
        action="store_false",
        help="do not also measure the other data set (trace clock only)",
    )
    parser.add_argument("--data", type=Path, default=None, help="default ../shared/data")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cpu", type=int, default=0, help="core to pin to; -1: do not pin")
    parser.add_argument("--top", type=int, default=15, help="functions listed in the profile")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument("--no-real-clock", dest="real_clock", action="store_false")
    parser.add_argument("--write-doc", action="store_true", help=f"write docs/{DOC.name}")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    started = time.monotonic()

    pinned = pin(args.cpu)
    command = " ".join(["python", "benchmarks/ha_update_cost.py", *sys.argv[1:]])
    print(f"Machine: {machine(pinned)}")
    runs: list[Run] = []
    traces = [args.trace]
    if args.second_trace:
        traces += [trace for trace in TRACES if trace != args.trace]
    for number, trace in enumerate(traces):
        reports, what = load(trace, args)
        options = argparse.Namespace(**{**vars(args), "real_clock": args.real_clock and not number})
        run = asyncio.run(measure(options, reports))
        run.machine, run.data, run.command = machine(pinned), what, command
        run.name = NAMES[trace]
        show(run)
        runs.append(run)
    if args.write_doc:
        DOC.parent.mkdir(exist_ok=True)
        minutes = (time.monotonic() - started) / 60
        second = runs[1] if len(runs) > 1 else None
        DOC.write_text(document(runs[0], second, minutes), encoding="utf-8")
        print(f"wrote {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    main()
