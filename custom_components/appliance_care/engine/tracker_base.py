"""The base of CycleTracker: its state fields, public properties, clock and event helpers."""

from __future__ import annotations

from collections import Counter
import math

from .end_signs import late_pump_out
from .estimator import RECENT_USE_CYCLES, Match, ProgramMatcher
from .finishing import extend_if_late, shortest_hold_s
from .history import CycleHistory
from .live import LearnedCycle, LiveCycle
from .phase import CyclePhase, cycle_phase
from .priors import MIN_REMAINING_S, typical_length
from .profile import PROFILE_BIN_S
from .programs import ProgramLibrary
from .readings import parse_time
from .settings import CycleSettings
from .types import (
    ApplianceType,
    CycleEvent,
    CycleEventKind,
    CycleRecord,
    CycleStatus,
    ProgramInfo,
    UnloadReason,
)

NO_EVENTS: tuple[CycleEvent, ...] = ()
# Backward steps up to this are reporting jitter and clamped; longer ones are clock jumps
# and move the live cycle's times with the clock.
CLOCK_JITTER_S = 2.0
WS_PER_WH = 3600.0


WAKE_LATE_S = 0.5


class TrackerBase:
    """State fields, read-only properties and small helpers of CycleTracker (detector.py)."""

    __slots__ = (
        "_burst_since",
        "_cycle_count",
        "_door_open",
        "_finished_at",
        "_habit",
        "_history",
        "_last_cycle",
        "_learned",
        "_library",
        "_live",
        "_low_since",
        "_match",
        "_matcher",
        "_meter_wh",
        "_now",
        "_out",
        "_power",
        "_quiet_hold",
        "_s",
        "_status",
        "_unknown_since",
        "_unloaded_at",
        "appliance_type",
    )

    appliance_type: ApplianceType
    _s: CycleSettings
    _now: float | None
    _power: float | None
    _unknown_since: float | None
    _low_since: float | None
    _burst_since: float | None
    _status: CycleStatus
    _live: LiveCycle | None
    _matcher: ProgramMatcher | None
    _match: Match | None
    _finished_at: float | None
    _habit: tuple[float | None, float | None] | None
    _unloaded_at: float | None
    _quiet_hold: tuple[float, float] | None
    _door_open: bool | None
    _cycle_count: int
    _last_cycle: CycleRecord | None
    _learned: LearnedCycle | None
    _meter_wh: float | None
    _library: ProgramLibrary
    _history: CycleHistory
    _out: list[CycleEvent] | None

    @property
    def settings(self) -> CycleSettings:
        """Return the settings in use."""
        return self._s

    @property
    def status(self) -> CycleStatus:
        """Return what the appliance is doing."""
        return self._status

    @property
    def power_w(self) -> float | None:
        """Return the power now held (None when unavailable)."""
        return self._power

    @property
    def door_open(self) -> bool | None:
        """Return the last door state (None without a door sensor)."""
        return self._door_open

    @property
    def cycle_start(self) -> float | None:
        """Return the start of the running cycle, None when no cycle runs."""
        live = self._live
        return live.start if live is not None and live.confirmed else None

    @property
    def phase(self) -> CyclePhase | None:
        """Return what the running cycle is doing now, None when no cycle runs."""
        live = self._live
        if live is None or not live.confirmed or self._now is None:
            return None
        quiet = self._low_since is not None or self._power is None
        return cycle_phase(self.appliance_type, live, self._power, quiet, self._now)

    @property
    def wake_at(self) -> float | None:
        """Return when the running cycle's quiet spell may end it, if nothing comes first.

        A timer that ticks every 30 s finishes a cycle up to 30 s after its hold ran out;
        calling `tick` at this time as well finishes it on time (WAKE_LATE_S after the hold
        ran out, so that rounding never leaves it a hair short). None: nothing is due.
        """
        live, q0, now = self._live, self._low_since, self._now
        if live is None or not live.confirmed or q0 is None or self._unknown_since is not None:
            return None
        held = self._quiet_hold
        # Not worked out yet for this quiet: the shortest it can be.
        hold = held[1] if held is not None and held[0] == q0 else self._shortest_hold_s()
        due = q0 + live.quiet_gap_s + hold + WAKE_LATE_S
        return due if now is None or due > now else None

    def _shortest_hold_s(self) -> float:
        """Return the least quiet that can finish a cycle (finishing.shortest_hold_s)."""
        return shortest_hold_s(self._s)

    @property
    def elapsed_s(self) -> float | None:
        """Return seconds since the running cycle started, None when no cycle runs."""
        start = self.cycle_start
        return None if start is None or self._now is None else self._now - start

    @property
    def cycle_energy_wh(self) -> float | None:
        """Return the energy of the running cycle so far, None when no cycle runs."""
        live = self._live
        if live is None or not live.confirmed:
            return None
        return self._energy_of(live, live.energy_ws)

    @property
    def remaining_s(self) -> float | None:
        """Return the expected time to the end of the running cycle (None: no idea).

        From the learned programs that could be running (estimator.estimate); before any
        can match, with low confidence, from the appliance's habits or its kind
        (priors.py). At least a minute.
        """
        return self._remaining()[0]

    @property
    def remaining_confident(self) -> bool | None:
        """Return whether the programs that could be running agree on it (None: none)."""
        return self._remaining()[1]

    def _remaining(self) -> tuple[float | None, bool | None]:
        elapsed = self.elapsed_s
        if elapsed is None:
            return None, None
        matcher = self._matcher
        estimate = matcher.estimate(elapsed) if matcher is not None else None
        if estimate is not None:
            return max(estimate[0], MIN_REMAINING_S), estimate[1]
        if matcher is not None and not matcher.early:
            return None, None  # a cycle that matches no learned program is not guessed
        # Too early to match (or a new appliance): its habits, or its kind's typical cycle.
        typical = self._typical_length()
        if typical is None or elapsed >= typical:
            return None, None
        return max(typical - elapsed, MIN_REMAINING_S), False

    @property
    def program(self) -> ProgramInfo | None:
        """Return the program the running cycle matches, None without a credible match."""
        match = self._match
        return self.program_info(match.program_id if match is not None else None)

    def program_info(self, program_id: int | None) -> ProgramInfo | None:
        """Return a learned program by its id (None for an unknown or missing id)."""
        program = self._library.get(program_id)
        return program.info() if program is not None else None

    @property
    def programs(self) -> tuple[ProgramInfo, ...]:
        """Return the learned programs, most used first."""
        return self._library.infos()

    @property
    def cycle_count(self) -> int:
        """Return the number of cycles finished since the tracker was first created."""
        return self._cycle_count

    @property
    def last_cycle(self) -> CycleRecord | None:
        """Return the last finished cycle."""
        return self._last_cycle

    @property
    def history(self) -> CycleHistory:
        """Return the cycle history (treat as read-only)."""
        return self._history

    @property
    def library(self) -> ProgramLibrary:
        """Return the program library (treat as read-only; use rename_program)."""
        return self._library

    def _flush(self) -> tuple[CycleEvent, ...]:
        out = self._out
        if out is None:
            return NO_EVENTS
        self._out = None
        return tuple(out)

    def _emit(self, event: CycleEvent) -> None:
        if self._out is None:
            self._out = [event]
        else:
            self._out.append(event)

    def _energy_of(self, live: LiveCycle, integrated_ws: float) -> float:
        if (
            live.meter_start_wh is not None
            and self._meter_wh is not None
            and self._meter_wh >= live.meter_start_wh
        ):
            return self._meter_wh - live.meter_start_wh
        return integrated_ws / WS_PER_WH

    def _clock(self, at: object) -> float | None:
        """Return the engine time of a call (None to ignore it), handling clock jumps."""
        t = at if type(at) is float and math.isfinite(at) else parse_time(at)
        now = self._now
        if t is None or now is None or t >= now:
            if t is not None and now is None:
                self._now = t
            return t
        if now - t <= CLOCK_JITTER_S:
            return now
        self._shift_times(t - now)
        return t

    def clock_jumped(self, delta_s: float) -> None:
        """Move every time held forward by `delta_s`.

        The wall clock was set forward while the appliance kept reporting: no hold or
        duration may count that span.

        Only the caller can tell such a jump from an outage (it has a monotonic clock); a
        jump backward needs no call (a report older than the last is one).
        """
        if delta_s > 0 and math.isfinite(delta_s):
            self._shift_times(delta_s)

    def _shift_times(self, delta: float) -> None:
        if self._live is not None:
            self._live.shift(delta)
        for name in ("_low_since", "_burst_since", "_unknown_since"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, value + delta)
        if self._finished_at is not None:
            self._finished_at += delta
        if self._unloaded_at is not None:
            self._unloaded_at += delta
        if self._quiet_hold is not None:
            self._quiet_hold = (self._quiet_hold[0] + delta, self._quiet_hold[1])
        self._now = None if self._now is None else self._now + delta

    def _mark_unknown(self, at: float | None) -> None:
        self._power = None
        if self._unknown_since is None:
            self._unknown_since = at
        if at is not None and self._live is not None:
            self._live.spin.take(at, 0.0, self._s.active_threshold_w)  # a spin ends

    def _typical_length(self) -> float | None:
        """Return the running cycle's habitual length, worked out once per cycle."""
        start = self.cycle_start
        if self._habit is None or self._habit[0] != start:
            self._habit = (start, typical_length(self.appliance_type, self.programs))
        return self._habit[1]

    def _drop_candidate(self, t: float, live: LiveCycle) -> None:
        """Forget activity that did not become a cycle; it may have ended the last one."""
        self._live = None
        end = self._low_since if self._low_since is not None else t
        learned = extend_if_late(self._library, self._learned, live, end, self._s)
        late = learned is not self._learned and late_pump_out(self.appliance_type, live, end)
        if late and learned is not None:  # its end sign came after the finish
            record = self._history.ended_by_sign(learned.start)
            last = self._last_cycle
            if record is not None and last is not None and last.start == record.start:
                self._last_cycle = record
        self._learned = learned

    def _pause(self, t: float, live: LiveCycle) -> None:
        live.paused = True
        self._status = CycleStatus.PAUSED
        self._emit(CycleEvent(kind=CycleEventKind.CYCLE_PAUSED, at=t, cycle_start=live.start))

    def _stopped(self, live: LiveCycle, q0: float, t: float) -> bool:
        """Return whether a quiet spell is longer than the cycle's program ever pauses.

        A quiet the matched program has at the same place (a soak, a drying pause) is part
        of the cycle; without a matched program a quiet spell is not judged a pause.
        """
        matcher = self._matcher
        if matcher is None or self._match is None:
            return False
        return not matcher.quiet_expected(live.start, q0, t, self._s.active_threshold_w)

    def _unload(self, t: float, reason: UnloadReason) -> None:
        self._status = CycleStatus.UNLOADED
        self._unloaded_at = t
        last = self._last_cycle
        self._emit(
            CycleEvent(
                kind=CycleEventKind.APPLIANCE_UNLOADED,
                at=t,
                cycle_start=last.start if last is not None else None,
                cycle=last,
                unload_reason=reason,
            )
        )

    def _start_energy_ws(self, live: LiveCycle) -> float:
        """Return the energy a start needs (more right after a finish: a pump-out is none)."""
        s = self._s
        needed = s.start_energy_wh
        if self._finished_at is not None and live.start - self._finished_at < s.post_finish_guard_s:
            needed = max(needed, s.guard_start_energy_wh)
        return needed * WS_PER_WH

    def _new_matcher(self) -> None:
        """Start matching the live cycle against the learned programs."""
        live = self._live
        if live is None:
            return
        recent = Counter(
            record.program_id
            for record in self._history.latest(RECENT_USE_CYCLES)
            if record.program_id is not None
        )
        self._matcher = ProgramMatcher(self._library.candidates(), PROFILE_BIN_S, recent)
        self._match = self._matcher.update(live.profile.bins_w)

    def _after_finish_timers(self, t: float) -> None:
        """Unload after the timeout without a door sensor; leave the unloaded status later."""
        s = self._s
        status = self._status
        if status is CycleStatus.FINISHED:
            if (
                self._door_open is None
                and self._finished_at is not None
                and t - self._finished_at >= s.unload_timeout_s
            ):
                self._unload(t, UnloadReason.TIMEOUT)
        elif (
            status is CycleStatus.UNLOADED
            and self._unloaded_at is not None
            and t - self._unloaded_at >= s.unloaded_display_s
        ):
            p = self._power
            self._status = (
                CycleStatus.OFF if p is not None and p <= s.off_threshold_w else CycleStatus.IDLE
            )
