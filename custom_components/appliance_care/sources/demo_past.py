"""A new demo home's past, lived through its appliances' engines and care rules at setup.

The simulated household runs its machines for some weeks before the home is added (see
simulator/household.py). Every plug report and every changed sensor of that time goes to
the appliance's coordinator as history: programs are learned, cycles counted, care dates
set, findings raised, and the household does the maintenance its reminders ask for, a
day after they fall due, so the maintenance log has entries too. Nothing of it fires an
event or notifies anyone. The simulation runs in the executor a simulated day at a time;
the engines take each day on the event loop, which is let go in between.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator, Sequence
import contextlib
from dataclasses import dataclass
from itertools import islice
import time

from homeassistant.core import HomeAssistant

from ..care_kinds import OF_THE_MOMENT
from ..const import LOGGER
from ..coordinator import ApplianceCoordinator
from ..engine.care import MaintenanceKind, MaintenanceRecord
from ..engine.signals import Reading, SignalKind
from ..simulator import ApplianceKind, Fault
from ..simulator.clock import SECONDS_PER_DAY, SECONDS_PER_HOUR, from_seconds
from ..simulator.connected_washer import MachineReport
from ..simulator.household import PAST_STEP_S, PastStep
from .demo import DemoAppliance, snapshot_values
from .demo_connected import DemoConnectedWasher, machine_readings
from .demo_home import DemoHome

# The simulation is taken from the executor in batches of this many steps (a day).
STEPS_PER_BATCH = SECONDS_PER_DAY // PAST_STEP_S
# The event loop is let go this often (an hour of the past).
STEPS_PER_YIELD = SECONDS_PER_HOUR // PAST_STEP_S
# The care rules look at slow things: in the past they are let see time every 5 minutes.
CARE_EVERY_S = 300
# Once a day, at this local hour, the household does what a reminder asked the day before.
CHORES_HOUR = 19


@dataclass(slots=True)
class PastSummary:
    """What living the past took and gave, for the log and the tests."""

    days: float = 0.0
    seconds: float = 0.0
    cycles: int = 0
    chores: int = 0


class _Appliance:
    """One appliance's share of the past: what it was told last, and its coordinator."""

    def __init__(self, coordinator: ApplianceCoordinator) -> None:
        self.coordinator = coordinator
        self.told: dict[SignalKind, float | bool | str | None] = {}
        self.asked: dict[MaintenanceKind, float] = {}
        """Maintenance a reminder asks for, and since when (engine time)."""

    def readings(self, step: PastStep, kind: ApplianceKind) -> list[Reading]:
        readings = [
            Reading(SignalKind.POWER, float(at), watts) for at, watts in step.reports.get(kind, ())
        ]
        if (snapshot := step.snapshots.get(kind)) is not None:
            for signal, value in snapshot_values(snapshot).items():
                if signal is SignalKind.POWER or self.told.get(signal, ...) == value:
                    continue
                self.told[signal] = value
                readings.append(Reading(signal, float(step.at), value))
        return readings

    def chores(self, at: float, *, faulty: bool) -> int:
        """Do the maintenance asked for since yesterday; return how many were done.

        An appliance with a fault (the fault tour's), or a problem found, is left for the
        user to see to: a clean would reset the evidence the problem is found on.
        """
        care = self.coordinator.care
        monitor = care.monitor
        if (
            faulty
            or monitor is None
            or any(not f.kind.is_reminder and f.kind not in OF_THE_MOMENT for f in monitor.findings)
        ):
            return 0
        asked = {
            kind
            for kind in care.reminder_kinds()
            if (due := care.due(kind)) is not None and due.due_now
        }
        self.asked = {kind: self.asked.get(kind, at) for kind in asked}
        done = 0
        for kind, since in list(self.asked.items()):
            if at - since >= SECONDS_PER_DAY - SECONDS_PER_HOUR:
                wall = self.coordinator.source.clock.to_wall(at)
                care.record(MaintenanceRecord(kind=kind, at=wall))
                del self.asked[kind]
                done += 1
        return done


def _batch(steps: Generator[PastStep]) -> list[PastStep]:
    return list(islice(steps, STEPS_PER_BATCH))


async def _async_batch(hass: HomeAssistant, steps: Generator[PastStep]) -> list[PastStep]:
    """Simulate the next day in the executor; if cancelled, only once that day is done.

    Nothing else may touch the home while the executor advances it, so a cancellation
    (even a repeated one) waits the fraction of a second that day takes.
    """
    future = hass.async_add_executor_job(_batch, steps)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        while not future.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait([future])
        raise


async def async_live_past(
    hass: HomeAssistant, demo_home: DemoHome, coordinators: Sequence[ApplianceCoordinator]
) -> PastSummary | None:
    """Live a new demo home's past through its appliances; None when it has none.

    All or nothing: the appliances write nothing while the past is lived. Stopped
    halfway (Home Assistant stopping during setup), nothing of it is kept, and the home
    lives its past again, whole, at its next start. A fault in the simulation ends the
    past where it got: the home skips to the present and keeps what was lived.
    """
    past = demo_home.past
    if past is None:
        return None
    for coordinator in coordinators:
        coordinator.hold_saves()
    appliances = {
        c.source.kind: _Appliance(c) for c in coordinators if isinstance(c.source, DemoAppliance)
    }
    machine = next((c for c in coordinators if isinstance(c.source, DemoConnectedWasher)), None)
    reported = frozenset(k for k, a in appliances.items() if a.coordinator.appliance is not None)
    summary = PastSummary()
    began = time.perf_counter()
    first = demo_home.home.now.timestamp()
    steps = past.steps(demo_home.past_end, reported)
    try:
        await _async_live(hass, steps, appliances, summary, demo_home=demo_home, machine=machine)
    except asyncio.CancelledError:
        steps.close()
        raise
    except Exception:  # noqa: BLE001 - whatever it is, the home goes on
        LOGGER.exception("Living the demo home's past stopped early; it goes on from now")
        steps.close()
        end = from_seconds(demo_home.past_end)
        await hass.async_add_executor_job(demo_home.home.advance, end)
    steps.close()
    summary.cycles = len(past.started)
    summary.days = (demo_home.home.now.timestamp() - first) / SECONDS_PER_DAY
    summary.seconds = time.perf_counter() - began
    demo_home.async_past_lived()
    # The home first: saved without its appliances, it only lost its past; the other way
    # round, it would live its past again on top of it.
    await demo_home.async_save()
    for coordinator in coordinators:
        await coordinator.async_release_saves()
    LOGGER.info(
        "The demo home lived %.0f days of its past in %.1f s: %d programs started, "
        "%d maintenance done",
        summary.days,
        summary.seconds,
        summary.cycles,
        summary.chores,
    )
    return summary


async def _async_live(
    hass: HomeAssistant,
    steps: Generator[PastStep],
    appliances: dict[ApplianceKind, _Appliance],
    summary: PastSummary,
    *,
    demo_home: DemoHome,
    machine: ApplianceCoordinator | None,
) -> None:
    """Hand each simulated day to the appliances, letting the event loop go every hour."""
    home = demo_home.home
    washer = demo_home.connected_washer
    offset = round(demo_home.utc_offset.total_seconds())
    chores_at = CHORES_HOUR * SECONDS_PER_HOUR
    told: MachineReport | None = None
    while batch := await _async_batch(hass, steps):
        # The connected washer's drain clogs with the washer's (a fault of the tour).
        washer.drain_fault = Fault.CLOGGED_DRAIN in home.settings.faults.get(
            ApplianceKind.WASHER, frozenset()
        )
        for index, step in enumerate(batch):
            at = float(step.at)
            care = step.at % CARE_EVERY_S < PAST_STEP_S
            local = (step.at + offset) % SECONDS_PER_DAY
            chores = chores_at <= local < chores_at + PAST_STEP_S
            for kind, appliance in appliances.items():
                appliance.coordinator.async_catch_up(appliance.readings(step, kind), at, care=care)
                if chores:
                    faulty = bool(home.settings.faults.get(kind))
                    summary.chores += appliance.chores(at, faulty=faulty)
            if machine is not None:
                moment = from_seconds(at)
                washer.advance(moment)
                report = washer.report(moment)
                readings = machine_readings(at, report) if report != told else ()
                told = report
                machine.async_catch_up(readings, at, care=care)
            if index % STEPS_PER_YIELD == STEPS_PER_YIELD - 1:
                await asyncio.sleep(0)
