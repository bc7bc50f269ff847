"""Washer, dryer and dishwasher: programs of phases, a start button, a delay and a door."""

from collections.abc import Callable, Mapping
from datetime import time
import math
import random
from typing import Any

from .appliance import SECONDS_PER_DELAY_STEP, Appliance
from .clock import NEVER, SECONDS_PER_DAY, next_daily
from .courses import InstalledPrograms
from .cycle_state import CycleState, details_state, restore_details
from .model import ApplianceKind, ApplianceSnapshot, Fault, PlugSettings, SimulationError
from .phases import (
    Segments,
    anti_crease,
    coarse_energy,
    mean_power_w,
    phase_seconds,
    segments,
)
from .plug import ReportSink
from .programs import PROGRAMS, Machine, PlannedPhase, Program, build_plan, make_machine

# People open the door a few minutes before a scheduled start to load the machine ...
LOADING_LEAD_S = (90, 240)
LOADING_OPEN_S = (60, 120)
LOADING_MARGIN_S = 15  # ... and close it at least this long before the start.
# ... and come back to unload some minutes to a couple of hours after the end.
UNLOAD_AFTER_S = (300, 7_200)
UNLOAD_OPEN_S = (45, 180)
# A dryer tumbles now and then after its end to keep creases out, until the door opens.
ANTI_CREASE_S = (1_800, 3_600)
# Standby electronics: the reading wanders a little every ten minutes.
STANDBY_BLOCK_S = 600
STANDBY_NOISE_W = 0.05
# The display stays lit while a delayed start counts down.
WAITING_EXTRA_W = 0.8
# Coarse fast-forwarding plans at most this many cycles one by one; further cycles are
# counted at their average energy.
MAX_COARSE_CYCLES = 31


class CycleAppliance(Appliance):
    """A washer, dryer or dishwasher running programs of phases."""

    def __init__(
        self,
        kind: ApplianceKind,
        *,
        t0: int,
        seed: int,
        plug: PlugSettings,
        sink: ReportSink | None = None,
    ) -> None:
        """Create an idle machine with the first program selected."""
        super().__init__(kind, t0=t0, seed=seed)
        self._machine: Machine = make_machine(kind, self._rng)
        self._installed = InstalledPrograms(kind)
        self.program = PROGRAMS[kind][0]
        # Picks the program of each scheduled start; default: the selected one.
        self.chooser: Callable[[], str] | None = None
        self._state = CycleState.IDLE
        self._schedule: time | None = None
        self._sched_t = NEVER
        self._door_open = False
        # Pending door movements: (time, opens, for loading before a scheduled start).
        self._door_events: list[tuple[int, bool, bool]] = []
        self._delay_t = NEVER
        self._wake_t = NEVER
        self._cycle: dict[str, Any] = {}
        self._plan: tuple[PlannedPhase, ...] = ()
        self._phase_index = 0
        self._phase_start = t0
        self._phase_end = t0
        self._segments: Segments = iter(())
        self._segment_w = 0.0
        self._segment_t = NEVER
        self._post_end = NEVER
        self._standby_w = self._machine.standby_w
        self._standby_t = t0 + STANDBY_BLOCK_S
        self._init_plug(plug, self._standby_w, sink)
        self._refresh_next()

    # -- commands ----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Return whether a program runs or waits for its delayed start."""
        return self._state is not CycleState.IDLE

    @property
    def programs(self) -> tuple[str, ...]:
        """Return the programs the machine offers: its own, then those added later."""
        return (*PROGRAMS[self.kind], *self._installed.names)

    def install_program(self, name: str, recipe: Program) -> None:
        """Add a program (a course, or one that came with new firmware), or replace it."""
        self._installed.install(name, recipe, running=self.program if self.busy else None)

    def uninstall_program(self, name: str) -> None:
        """Remove an added program; the first program is selected if it was selected."""
        self._installed.uninstall(name, running=self.program if self.busy else None)
        if self.program == name:
            self.program = PROGRAMS[self.kind][0]

    def select_program(self, program: str) -> None:
        """Select the program of the next start."""
        if program not in self.programs:
            raise SimulationError("unknown_program", f"{self.kind} has no program {program}")
        if self.busy:
            raise SimulationError("already_running", "the program cannot change while it runs")
        self.program = program

    def start(self, delay_s: int) -> None:
        """Start the selected program now (from the next second) or after a delay."""
        if self.busy:
            raise SimulationError("already_running", f"{self.kind} is already running")
        t = self._t
        if delay_s > 0:
            self._state = CycleState.WAITING
            self._delay_t = t + delay_s
            self._wake_t = t + 1
        else:
            self._begin(t + 1)
            self._wake_t = t + 1
        self._refresh_next()

    # -- events ------------------------------------------------------------------------

    def _on_event(self, t: int) -> None:
        while self._door_events and self._door_events[0][0] <= t:
            _, opens, _ = self._door_events.pop(0)
            # Nobody opens a machine in the middle of its program.
            if opens and self.busy:
                continue
            self._door_open = opens
            if opens:
                self._stop_post_cycle()
        if self._delay_t <= t:
            self._delay_t = NEVER
            self._begin(t)
        if self._sched_t <= t:
            if not self.busy:
                if self.chooser is not None:
                    self.program = self.chooser()
                self._begin(t)
            self._arm_schedule(t)
        if self._segment_t <= t:
            self._next_segment(t)
        if self._standby_t <= t:
            self._standby_w = max(0.0, self._rng.gauss(self._machine.standby_w, STANDBY_NOISE_W))
            self._standby_t = t + STANDBY_BLOCK_S
        if self._wake_t <= t:
            self._wake_t = NEVER
        power = self._power()
        if power != self.plug.power_w:
            self.plug.set_power(t, power)
        self._refresh_next()

    def _power(self) -> float:
        if self._state is CycleState.RUNNING or self._post_end != NEVER:
            return self._segment_w
        if self._state is CycleState.WAITING:
            return self._standby_w + WAITING_EXTRA_W
        return self._standby_w

    def _refresh_next(self) -> None:
        door_t = self._door_events[0][0] if self._door_events else NEVER
        self._next_t = min(
            door_t, self._delay_t, self._sched_t, self._segment_t, self._standby_t, self._wake_t
        )

    def _severities(self, t: int) -> dict[Fault, float]:
        return {fault: self.faults.severity(fault, t) for fault in self.faults.active}

    def _begin(self, t: int) -> None:
        """Start the selected program at second t."""
        self._door_events = [event for event in self._door_events if event[2]]
        self._door_open = False
        self._delay_t = NEVER
        self._stop_post_cycle()
        cycle_seed = self._rng.getrandbits(32)
        # Oversudsing from a dirty tub makes the machine add a rinse; drawn every time so
        # that other draws do not depend on the fault.
        oversuds = self._rng.random() < self.faults.severity(Fault.DIRTY_TUB, t)
        self._cycle = {
            "program": self.program,
            "seed": cycle_seed,
            "started_at": t,
            "extra_rinse": oversuds,
        }
        self._plan = build_plan(
            self.kind,
            self._installed.recipe(self.program),
            cycle_seed,
            self._machine,
            extra_rinse=oversuds,
        )
        self._state = CycleState.RUNNING
        self._start_phase(t, 0)

    def _start_phase(self, t: int, index: int) -> None:
        if index >= len(self._plan):
            self._finish(t)
            return
        phase = self._plan[index]
        rng = random.Random(phase.seed)  # noqa: S311 - a simulation, not security
        severity = self._severities(t)
        seconds = phase_seconds(phase, severity, rng)
        self._phase_index = index
        self._phase_start = t
        self._phase_end = t + seconds
        self._segments = segments(
            phase, seconds, self._machine, severity.get(Fault.CLOGGED_VENT, 0.0), rng
        )
        self._take_segment(t, self._phase_end)

    def _take_segment(self, t: int, limit: int) -> None:
        watts, seconds = next(self._segments)
        self._segment_w = watts
        self._segment_t = min(t + max(1, seconds), limit)

    def _next_segment(self, t: int) -> None:
        if self._state is CycleState.RUNNING:
            if t >= self._phase_end:
                self._start_phase(t, self._phase_index + 1)
            else:
                self._take_segment(t, self._phase_end)
        elif t >= self._post_end:
            self._stop_post_cycle()
        else:
            self._take_segment(t, self._post_end)

    def _finish(self, t: int) -> None:
        self._state = CycleState.IDLE
        self._cycle = {}
        self._plan = ()
        self._segments = iter(())
        self._segment_t = NEVER
        opens = t + self._rng.randint(*UNLOAD_AFTER_S)
        self._add_door_visit(opens, opens + self._rng.randint(*UNLOAD_OPEN_S), loading=False)
        if self.kind is ApplianceKind.DRYER:
            self._post_end = t + self._rng.randint(*ANTI_CREASE_S)
            self._segments = anti_crease(self._rng, self._machine)
            self._take_segment(t, self._post_end)

    def _stop_post_cycle(self) -> None:
        if self._post_end != NEVER:
            self._post_end = NEVER
            self._segments = iter(())
            self._segment_t = NEVER

    def _add_door_visit(self, opens: int, closes: int, *, loading: bool) -> None:
        self._door_events.extend(((opens, True, loading), (closes, False, loading)))
        self._door_events.sort()

    # -- schedule ----------------------------------------------------------------------

    def _set_schedule(self, when: time | None) -> None:
        if when == self._schedule and self._sched_t != NEVER:
            return
        self._schedule = when
        # Loading visits planned for the old schedule are called off.
        t = self._t
        self._door_events = [e for e in self._door_events if not (e[2] and e[0] > t)]
        self._arm_schedule(t)
        self._refresh_next()

    def _on_settings_changed(self) -> None:
        self._refresh_next()

    def _arm_schedule(self, t: int) -> None:
        if self._schedule is None:
            self._sched_t = NEVER
            return
        self._sched_t = next_daily(t, self._schedule)
        opens = self._sched_t - self._rng.randint(*LOADING_LEAD_S)
        closes = min(opens + self._rng.randint(*LOADING_OPEN_S), self._sched_t - LOADING_MARGIN_S)
        if t < opens < closes:
            self._add_door_visit(opens, closes, loading=True)

    # -- coarse fast-forward -----------------------------------------------------------

    def fast_forward(self, t_end: int) -> None:
        """Finish what runs, count the scheduled cycles of the gap at their energy."""
        t = self._t
        energy_ws = 0.0
        busy_s = 0
        if self._state is CycleState.RUNNING:
            remaining_ws, remaining_s = self._remaining(t)
            energy_ws += remaining_ws
            busy_s += remaining_s
        starts = 1 if self._state is CycleState.WAITING and self._delay_t <= t_end else 0
        if self._sched_t <= t_end:
            starts += 1 + (t_end - self._sched_t) // SECONDS_PER_DAY
        cycles = [self._coarse_cycle(t) for _ in range(min(starts, MAX_COARSE_CYCLES))]
        if cycles:
            mean_ws = sum(c[0] for c in cycles) / len(cycles)
            mean_s = sum(c[1] for c in cycles) / len(cycles)
            energy_ws += mean_ws * starts
            busy_s += round(mean_s * starts)
        energy_ws += self._machine.standby_w * max(0, t_end - t - busy_s)
        if self._state is not CycleState.WAITING or self._delay_t <= t_end:
            self._state = CycleState.IDLE
            self._delay_t = NEVER
        self._cycle, self._plan, self._segments = {}, (), iter(())
        self._segment_t = self._post_end = self._wake_t = NEVER
        self._door_open = False
        self._door_events = []
        self._t = t_end
        self._arm_schedule(t_end)
        self._standby_t = t_end + STANDBY_BLOCK_S
        self.plug.jump(t_end, energy_ws, self._power())
        self._refresh_next()

    def _remaining(self, t: int) -> tuple[float, int]:
        current = self._plan[self._phase_index]
        seconds = max(0, self._phase_end - t)
        rest = self._plan[self._phase_index + 1 :]
        energy, rest_s = coarse_energy(rest, self._machine, self._severities(t))
        return energy + mean_power_w(current, self._machine) * seconds, seconds + rest_s

    def _coarse_cycle(self, t: int) -> tuple[float, int]:
        if self.chooser is not None:
            self.program = self.chooser()
        oversuds = self._rng.random() < self.faults.severity(Fault.DIRTY_TUB, t)
        plan = build_plan(
            self.kind,
            self._installed.recipe(self.program),
            self._rng.getrandbits(32),
            self._machine,
            extra_rinse=oversuds,
        )
        return coarse_energy(plan, self._machine, self._severities(t))

    # -- what is shown -----------------------------------------------------------------

    def _delay_remaining(self) -> float | None:
        if self._state is not CycleState.WAITING:
            return None
        return float(max(0, self._delay_t - self._t))

    def _visible_details(self) -> tuple[object, ...]:
        delay = self._delay_remaining()
        return (
            self._door_open,
            self._state,
            self.program,
            None if delay is None else math.ceil(delay / SECONDS_PER_DELAY_STEP),
        )

    def snapshot(self) -> ApplianceSnapshot:
        """Return the machine's sensors."""
        return self._snapshot(
            door_open=self._door_open,
            programs=self.programs,
            program=self.program,
            running=self._state is CycleState.RUNNING,
            delay_s=self._delay_remaining(),
        )

    @property
    def phase(self) -> PlannedPhase | None:
        """Return the phase running now (for tests and diagnostics)."""
        if self._state is not CycleState.RUNNING:
            return None
        return self._plan[self._phase_index]

    # -- saving ------------------------------------------------------------------------

    def _details_state(self) -> dict[str, Any]:
        return details_state(self)

    def restore(self, state: Any) -> None:
        """Resume from to_state() output; added programs are read first, on their own."""
        details = state.get("details") if isinstance(state, Mapping) else None
        installed = details.get("installed") if isinstance(details, Mapping) else None
        self._installed.restore(installed)
        super().restore(state)

    def _restore_details(self, state: Mapping[str, Any]) -> None:
        restore_details(self, state)
