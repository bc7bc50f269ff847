"""ConnectedTracker: cycles of a connected machine, told by its own state and countdown.

Clouds are often late with "finished" (minutes after the end, only when the door opens,
or never). The tracker takes the machine's word for a start and a pause, and finishes at
the first sure sign of the end: the machine says finished (once); its own countdown ran
out a short grace ago while it still says running (the cycle ends at the countdown's
end); or it went off after a run complete by its countdown or its course's learned
length (a shorter run is a cancelled one: no finish). Courses are learned by the
machine's own names; their durations check its remaining time. A power sensor under the
machine adds energy, a signature and the drift rules.
"""

from __future__ import annotations

from collections.abc import Mapping
import math

from ._state import get_mapping
from .connected_power import PowerBesideTheMachine
from .connected_state import connected_to_state, restore_connected, settle_restored
from .finishing import close_course_cycle, close_cycle
from .live import LiveCycle
from .machine_run import (
    BUSY,
    COMPLETE_SHARE,
    END_NEAR_S,
    FINISH_GRACE_S,
    FRESH_COUNTDOWN_S,
    IMPLAUSIBLE_MIN_S,
    IMPLAUSIBLE_SHARE,
    MAX_COURSE_CHARS,
    MIN_CYCLE_S,
    POST_FINISH_S,
    SETTLE_S,
    UNTOLD_CYCLE_S,
    Run,
    as_run,
    countdown_seconds,
)
from .programs import MIN_CYCLES_FOR_ESTIMATE, Program
from .tracker_base import NO_EVENTS
from .types import (
    CycleEvent,
    CycleEventKind,
    CycleStatus,
    FinishReason,
    ProgramInfo,
)


class ConnectedTracker(PowerBesideTheMachine):
    """Cycle intelligence for a connected washer, dryer or dishwasher.

    Feed it `machine_state`, `remaining`, `finish_at` and `course` readings as the machine
    reports them, optional `power`, `energy` and `door` readings, and `tick` at least every
    30 s. The properties and events are CycleTracker's.
    """

    __slots__ = (
        "_ahead",
        "_courses",
        "_cycle_course",
        "_machine_course",
        "_machine_end",
        "_machine_left",
        "_run",
    )

    def _init_machine(self) -> None:
        """Start knowing nothing the machine said (before any saved state is read)."""
        self._run: Run | None = None
        self._machine_course: str | None = None
        self._cycle_course: str | None = None
        self._machine_end: float | None = None
        self._machine_left: float | None = None
        self._ahead = False
        """The cycle was finished by its countdown while the machine still said busy."""
        self._courses: dict[str, int] = {}

    def machine_state(self, at: float, run: object) -> tuple[CycleEvent, ...]:
        """Take what the machine says it does (a Run; anything else is unknown)."""
        t = self._clock(at)
        if t is None:
            return NO_EVENTS
        self._advance(t)
        state = as_run(run)
        self._run = state
        if state is not None:
            self._on_run(t, state)
        return self._flush()

    def _countdown(self, t: float, left: float) -> None:
        """Hold the machine's countdown; a fresh one while it runs with no cycle starts one."""
        self._machine_left = left
        self._machine_end = t + left
        live = self._live
        if (
            (live is None or not live.confirmed)
            and self._run is Run.RUNNING
            and (left >= FRESH_COUNTDOWN_S)
        ):
            # Its cloud missed the end and the next start (or told them out of order).
            self._ahead = False
            self._begin(t)

    def remaining(self, at: float, seconds: object) -> tuple[CycleEvent, ...]:
        """Take the machine's remaining time in seconds (None or garbage: unknown)."""
        return self._take_countdown(at, seconds, absolute=False)

    def finish_at(self, at: float, end: object) -> tuple[CycleEvent, ...]:
        """Take the time (Unix seconds) the machine says its cycle ends."""
        return self._take_countdown(at, end, absolute=True)

    def _take_countdown(
        self, at: float, value: object, *, absolute: bool
    ) -> tuple[CycleEvent, ...]:
        t = self._clock(at)
        if t is None:
            return NO_EVENTS
        self._advance(t)
        if absolute and isinstance(value, int | float) and not isinstance(value, bool):
            value = value - t if math.isfinite(value) else None
        left = countdown_seconds(value)
        if left is not None:
            self._countdown(t, left)
        return self._flush()

    def course(self, at: float, name: object) -> tuple[CycleEvent, ...]:
        """Take the course the machine runs or has selected (None: unknown)."""
        t = self._clock(at)
        if t is None:
            return NO_EVENTS
        self._advance(t)
        course = name.strip()[:MAX_COURSE_CHARS] if isinstance(name, str) else ""
        if course:
            self._machine_course = course
            live = self._live
            if (
                live is not None
                and live.confirmed
                and course != self._cycle_course
                and (self._cycle_course is None or t - live.start < SETTLE_S)
            ):
                # Clouds tell the course a little after the start: the first minutes'
                # course is the cycle's.
                self._cycle_course = course
                self._course_program(create=True)
        return self._flush()

    @property
    def course_name(self) -> str | None:
        """Return the course of the running cycle, or else the one selected."""
        return self._cycle_course or self._machine_course

    @property
    def machine_remaining_s(self) -> float | None:
        """Return the machine's own remaining time now (None outside a cycle or unknown)."""
        end = self._machine_end
        if end is None or self.cycle_start is None or self._now is None:
            return None
        return max(end - self._now, 0.0)

    @property
    def learned_remaining_s(self) -> float | None:
        """Return the remaining time the course's learned length gives (None: not learned)."""
        program = self._course_program(create=False)
        elapsed = self.elapsed_s
        if program is None or elapsed is None or program.cycles < MIN_CYCLES_FOR_ESTIMATE:
            return None
        return max(program.typical_duration_s - elapsed, 0.0)

    @property
    def remaining_plausible(self) -> bool | None:
        """Return whether the machine's remaining time agrees with the course's learned one.

        None when either is unknown or the cycle is in its first minutes.
        """
        machine, learned = self.machine_remaining_s, self.learned_remaining_s
        elapsed = self.elapsed_s
        program = self._course_program(create=False)
        if machine is None or learned is None or elapsed is None or program is None:
            return None
        if elapsed < SETTLE_S:
            return None
        allowed = max(IMPLAUSIBLE_MIN_S, IMPLAUSIBLE_SHARE * program.typical_duration_s)
        return abs(machine - learned) <= allowed

    @property
    def remaining_s(self) -> float | None:
        """Return the time to the end: the machine's, or the learned one where it is implausible."""
        machine = self.machine_remaining_s
        if machine is not None and self.remaining_plausible is not False:
            return machine
        return self.learned_remaining_s

    @property
    def remaining_confident(self) -> bool | None:
        """Return True when a remaining time is known (the machine's or its course's)."""
        return True if self.remaining_s is not None else None

    @property
    def program(self) -> ProgramInfo | None:
        """Return the running cycle's course as a program (None outside a cycle)."""
        if self.cycle_start is None:
            return None
        program = self._course_program(create=False)
        return program.info() if program is not None else None

    def _on_run(self, t: float, run: Run) -> None:
        live = self._live
        running = live is not None and live.confirmed
        if run in BUSY:
            if live is None or not live.confirmed:
                if run is not Run.RUNNING or self._ahead or self._just_finished(t):
                    # A pause or an error outside a cycle starts none; nor the machine
                    # catching up on a cycle its countdown finished, nor a blip right
                    # after a finish without a fresh countdown (see _countdown).
                    return
                live = self._begin(t)
            if run is Run.RUNNING:
                self._resume(t)
            elif not live.paused:
                self._pause(t, live)
            return
        self._ahead = False
        if running and live is not None:
            if (run is Run.FINISHED and t - live.start >= MIN_CYCLE_S) or self._complete(t, live):
                self._end(t, FinishReason.MACHINE, self._end_time(t))
            else:
                self._abort(run)
            return
        if self._status in (CycleStatus.OFF, CycleStatus.IDLE):
            self._status = CycleStatus.OFF if run is Run.OFF else CycleStatus.IDLE

    def _begin(self, t: float) -> LiveCycle:
        live = self._live = LiveCycle(t, self._meter_wh)
        if self._power is not None:
            live.peak_w = self._power
        end = self._machine_end
        if end is not None and end <= t:
            # A countdown that ended before this cycle began belongs to an earlier one.
            self._machine_end = self._machine_left = None
        self._cycle_course = self._machine_course
        self._metered = self._power is not None or self._meter_wh is not None
        self._start(t, live)
        self._course_program(create=True)
        return live

    def _just_finished(self, t: float) -> bool:
        """Return whether a cycle finished moments ago and no fresh countdown says another runs."""
        done = self._finished_at
        end = self._machine_end
        fresh = end is not None and end - t >= FRESH_COUNTDOWN_S
        return done is not None and t - done < POST_FINISH_S and not fresh

    def _shift_times(self, delta: float) -> None:
        """Move the countdown's end with the cycle's times (the clock jumped)."""
        super()._shift_times(delta)
        if self._machine_end is not None:
            self._machine_end += delta

    def _end_time(self, t: float) -> float:
        """Return when the cycle ended: its countdown's end if that passed already."""
        end = self._machine_end
        return end if end is not None and end < t else t

    def _complete(self, t: float, live: LiveCycle) -> bool:
        """Return whether a run that stopped without "finished" had come to its end."""
        if t - live.start < MIN_CYCLE_S:
            return False
        end = self._machine_end
        if end is not None:
            return end - t <= END_NEAR_S
        program = self._course_program(create=False)
        if program is not None and program.cycles >= MIN_CYCLES_FOR_ESTIMATE:
            return t - live.start >= COMPLETE_SHARE * program.typical_duration_s
        # Nothing tells how long it should have run: a run this long was a cycle.
        return t - live.start >= UNTOLD_CYCLE_S

    def _abort(self, run: Run) -> None:
        """Drop a cycle cancelled early: no finish, nothing counted or learned."""
        self._live = None
        self._matcher = None
        self._match = None
        self._cycle_course = None
        self._status = CycleStatus.OFF if run is Run.OFF else CycleStatus.IDLE

    def _timers(self, t: float) -> None:
        live = self._live
        if live is not None and live.confirmed:
            end = self._machine_end
            if (
                end is not None
                and not live.paused
                and self._run in (Run.RUNNING, None)
                and t >= end + FINISH_GRACE_S
                and self.remaining_plausible is not False
            ):
                # The countdown ran out and the machine still says running: its cloud is
                # late (or silent). The cycle ended with the countdown.
                self._end(t, FinishReason.MACHINE_TIME, end)
                self._ahead = True
        elif live is not None and t - live.last_strong >= self._s.start_reset_s:
            self._live = None
        if self._status is CycleStatus.FINISHED or self._status is CycleStatus.UNLOADED:
            self._after_finish_timers(t)

    def _after_finish_timers(self, t: float) -> None:
        """Leave the unloaded status for what the machine says (off or on), not its power."""
        super()._after_finish_timers(t)
        if self._status in (CycleStatus.OFF, CycleStatus.IDLE) and self._run is not None:
            self._status = CycleStatus.OFF if self._run is Run.OFF else CycleStatus.IDLE

    def _end(self, t: float, reason: FinishReason, end: float) -> None:
        live = self._live
        if live is None:
            return
        end = min(max(end, live.start), t)
        metered = self._metered
        energy = self._energy_of(live, live.energy_ws) if metered else 0.0
        self._cycle_count += 1
        program = self._course_program(create=True)
        if program is None and metered:
            record, _ = close_cycle(
                self._library,
                live,
                number=self._cycle_count,
                end=end,
                finished_at=t,
                energy_wh=energy,
                reason=reason,
            )
        else:
            record = close_course_cycle(
                program,
                live,
                number=self._cycle_count,
                end=end,
                finished_at=t,
                energy_wh=energy,
                reason=reason,
                metered=metered,
            )
        self._history.add(record)
        self._last_cycle = record
        self._live = None
        self._matcher = None
        self._match = None
        self._learned = None
        self._finished_at = t
        self._machine_end = self._machine_left = None
        self._cycle_course = None
        self._status = CycleStatus.FINISHED
        self._emit(
            CycleEvent(
                kind=CycleEventKind.CYCLE_FINISHED, at=t, cycle_start=record.start, cycle=record
            )
        )

    def _course_program(self, *, create: bool) -> Program | None:
        """Return the program learned for the cycle's course (made when `create`)."""
        course = self._cycle_course or self._machine_course
        if course is None:
            return None
        library = self._library
        program = library.get(self._courses.get(course))
        if program is None and create:
            program = library.add_named(course)
            self._courses[course] = program.program_id
            known = set(library.programs)
            self._courses = {c: p for c, p in self._courses.items() if p in known}
        return program

    def to_state(self) -> dict[str, object]:
        """Return everything needed to continue after a restart, as JSON-compatible data."""
        state = super().to_state()
        state["connected"] = connected_to_state(self)
        return state

    def _restore(self, state: Mapping[str, object], restored_at: float | None) -> None:
        restore_connected(self, get_mapping(state, "connected") or {})
        super()._restore(state, restored_at)
        settle_restored(self)
