"""CycleTracker: cycles, pauses, finishes and unloading of one appliance behind a power sensor.

Every power report holds until the next one; `tick` lets time pass between reports. A cycle
starts once power reached the start threshold for long enough (dated back to the first
active report) and finishes once power stayed quiet for the hold time, which a learned
program shortens at its end and lengthens through its known quiet phases (soaks, drying).
Unknown power never finishes a cycle: after a long outage it ends at its last activity.
"""

from __future__ import annotations

from collections.abc import Mapping

from .end_signs import END_SIGN_HOLD_S, HEATING_SHARE, SHORT_QUIET_S
from .estimator import Match, ProgramMatcher
from .finishing import START_MIN_DENSITY, close_cycle, finish_hold
from .history import RECENT_CYCLES, CycleHistory
from .live import LearnedCycle, LiveCycle
from .profile import PROFILE_BIN_S
from .programs import ProgramLibrary
from .readings import parse_number, parse_power
from .settings import CycleSettings, default_settings
from .spin import SPINNING
from .tracker_base import NO_EVENTS, TrackerBase
from .tracker_state import restore_tracker, tracker_to_state
from .types import (
    ApplianceType,
    CycleEvent,
    CycleEventKind,
    CycleRecord,
    CycleStatus,
    FinishReason,
    ProgramInfo,
    UnloadReason,
)


class CycleTracker(TrackerBase):
    """Cycle intelligence for one washer, dryer, washer-dryer, dishwasher or other appliance.

    Feed it `power` reports (Unix seconds, watts or None/any state), optional `door` and
    `energy` readings, and `tick` at least every 30 s. Each call returns the events it
    decided, in time order. State survives restarts through `to_state` and the `state`
    argument; events decided while restoring are returned by the next call.
    """

    __slots__ = ()

    def __init__(
        self,
        appliance_type: ApplianceType,
        settings: CycleSettings | None = None,
        *,
        state: Mapping[str, object] | None = None,
        restored_at: float | None = None,
        history_size: int = RECENT_CYCLES,
    ) -> None:
        """Create a tracker, optionally continuing from `state` (saved by to_state).

        `restored_at` is the time of the restore: the span since the state was saved counts
        as a data gap. Raises StateError (a ValueError) for unreadable state.
        """
        self.appliance_type = ApplianceType(appliance_type)
        if not self.appliance_type.has_cycles:
            raise ValueError(f"{appliance_type} has no cycles: use CompressorMonitor")
        self._s = settings if settings is not None else default_settings(self.appliance_type)
        self._now: float | None = None
        self._power: float | None = None
        self._unknown_since: float | None = None
        self._low_since: float | None = None
        self._burst_since: float | None = None
        self._status = CycleStatus.OFF
        self._live: LiveCycle | None = None
        self._matcher: ProgramMatcher | None = None
        self._match: Match | None = None
        self._finished_at: float | None = None
        self._habit: tuple[float | None, float | None] | None = None
        self._unloaded_at: float | None = None
        self._quiet_hold: tuple[float, float] | None = None
        self._door_open: bool | None = None
        self._cycle_count = 0
        self._last_cycle: CycleRecord | None = None
        self._learned: LearnedCycle | None = None
        self._meter_wh: float | None = None
        self._library = ProgramLibrary(PROFILE_BIN_S)
        self._history = CycleHistory(history_size)
        self._out: list[CycleEvent] | None = None
        if state is not None:
            self._restore(state, restored_at)

    def _restore(self, state: Mapping[str, object], restored_at: float | None) -> None:
        restore_tracker(self, state, restored_at)
        if self._live is not None and self._live.confirmed:
            self._new_matcher()
        # Power is unknown until the next report; the time since saving is a data gap.
        self._mark_unknown(self._now)
        if restored_at is not None:
            t = self._clock(restored_at)
            if t is not None:
                self._advance(t)

    # ----------------------------------------------------------------- inputs

    def power(self, at: float, watts: object) -> tuple[CycleEvent, ...]:
        """Take a power report (watts; None, NaN or a non-numeric state means unavailable)."""
        t = self._clock(at)
        if t is None:
            return NO_EVENTS
        self._advance(t)
        s = self._s
        if type(watts) is float and 0.0 <= watts <= s.max_power_w:
            self._apply(t, watts)
        else:
            self._apply(t, parse_power(watts, s.max_power_w, s.max_negative_w))
        out = self._out
        if out is None:
            return NO_EVENTS
        self._out = None
        return tuple(out)

    def tick(self, at: float) -> tuple[CycleEvent, ...]:
        """Let time pass without a report (the last report holds)."""
        t = self._clock(at)
        if t is not None:
            self._advance(t)
        return self._flush()

    def door(self, at: float, is_open: bool | None) -> tuple[CycleEvent, ...]:
        """Take a door sensor state (None: unavailable). Opening after a finish unloads."""
        t = self._clock(at)
        if t is None:
            return NO_EVENTS
        self._advance(t)
        if is_open is not None:
            self._door_open = bool(is_open)
            if is_open and self._status is CycleStatus.FINISHED:
                self._unload(t, UnloadReason.DOOR)
            elif is_open and self._status is CycleStatus.RUNNING and self._live is not None:
                self._pause(t, self._live)  # opened mid-cycle (a sock added)
            elif not is_open and self._low_since is None and self._status is CycleStatus.PAUSED:
                self._resume(t)  # closed again, and the machine works on
        return self._flush()

    def energy(self, at: float, total_wh: object) -> tuple[CycleEvent, ...]:
        """Take an energy meter reading (Wh, increasing); cycles then use the meter's energy."""
        t = self._clock(at)
        if t is None:
            return NO_EVENTS
        self._advance(t)
        reading = parse_number(total_wh)
        live = self._live
        if reading is not None and reading >= 0:
            start = live.meter_start_wh if live is not None else None
            if live is not None and start is not None and reading < start:
                live.meter_start_wh = None  # the meter was reset: use the power instead
            self._meter_wh = reading
        return self._flush()

    # -------------------------------------------------------------- commands

    def rename_program(self, program_id: int, name: str | None) -> ProgramInfo:
        """Name a learned program (None clears the name); KeyError for an unknown id."""
        info = self._library.rename(program_id, name)
        self._history.rename_program(program_id, info.name)
        return info

    def forget_program(self, program_id: int) -> None:
        """Delete a learned program; KeyError for an unknown id."""
        self._library.forget(program_id)
        if self._match is not None and self._match.program_id == program_id:
            self._match = None
        if self._live is not None and self._live.confirmed:
            self._new_matcher()

    def apply_settings(self, settings: CycleSettings) -> None:
        """Use new settings from now on."""
        self._s = settings

    def to_state(self) -> dict[str, object]:
        """Return everything needed to continue after a restart, as JSON-compatible data."""
        return tracker_to_state(self)

    # -------------------------------------------------------------- internals

    def _advance(self, t: float) -> None:
        """Integrate the held power up to t, then run the timers at t."""
        prev = self._now
        self._now = t
        if prev is None or t <= prev:
            self._timers(t)
            return
        live = self._live
        p = self._power
        if t - prev > self._s.max_update_gap_s:
            # Silence: Home Assistant was stopped or the clock jumped; the held value is
            # presumed current again from t.
            if self._unknown_since is None:
                self._unknown_since = prev
            if live is not None:
                self._feed(live, prev, t, 0.0)
            if p is not None:
                self._data_returned(t, p)
        elif live is not None:
            if p is None:
                self._feed(live, prev, t, 0.0)
            else:
                live.energy_ws += p * (t - prev)
                if p >= HEATING_SHARE * live.peak_w:
                    live.last_high_at = t
                self._feed(live, prev, t, p)
                if not live.confirmed and p >= self._s.start_threshold_w:
                    live.strong_s += t - prev
                    live.last_strong = t
        self._timers(t)

    def _feed(self, live: LiveCycle, t0: float, t1: float, watts: float) -> None:
        if live.profile.add(t0, t1, watts) and self._matcher is not None:
            self._match = self._matcher.update(live.profile.bins_w)

    def _apply(self, t: float, p: float | None) -> None:
        """Make a new power value the held one at time t."""
        if p is None:
            self._mark_unknown(t)
            return
        self._power = p
        if self._unknown_since is not None:
            self._data_returned(t, p)
        s = self._s
        if p >= s.active_threshold_w:
            self._active(t, p)
        else:
            self._burst_since = None
            live = self._live
            if live is not None:
                live.spin.take(t, p, s.active_threshold_w)
                if self._low_since is None:
                    live.energy_at_quiet_ws = live.energy_ws
                    live.quiet_gap_s = 0.0
            if self._low_since is None:
                self._low_since = t
        if self._status is CycleStatus.OFF or self._status is CycleStatus.IDLE:
            self._status = CycleStatus.OFF if p <= s.off_threshold_w else CycleStatus.IDLE

    def _active(self, t: float, p: float) -> None:
        """Take an active power value at time t."""
        live = self._live
        if self._low_since is not None:
            if live is not None and live.confirmed and self._s.burst_ignore_s > 0:
                if self._burst_since is None:
                    self._burst_since = t
            else:
                self._resume(t)
        if live is None:
            live = self._live = LiveCycle(t, self._meter_wh)
        live.take_active(t, p, self._s.active_threshold_w)

    def _resume(self, t: float) -> None:
        q0, began = self._low_since, self._burst_since or t  # a burst began the run
        self._low_since = None
        self._burst_since = None
        live = self._live
        if live is not None and q0 is not None:
            live.quiet_before_s = quiet = began - q0 - live.quiet_gap_s
            live.run_start, live.run_peak_w = began, self._power or 0.0
            live.short_quiets += SHORT_QUIET_S <= quiet < END_SIGN_HOLD_S
        if live is not None and live.paused:
            live.paused = False
            self._status = CycleStatus.RUNNING
            self._emit(CycleEvent(kind=CycleEventKind.CYCLE_RESUMED, at=t, cycle_start=live.start))

    def _data_returned(self, t: float, p: float) -> None:
        """Decide what a data gap [unknown_since, t] meant, now that power p is known."""
        since = self._unknown_since
        self._unknown_since = None
        live = self._live
        if since is None or live is None:
            return
        gap = t - since
        s = self._s
        if not live.confirmed:
            if gap > s.start_reset_s:
                self._live = None
            return
        live.gap_s += gap
        if gap > s.outage_resume_s:
            # Too long to tell what happened: the cycle ended at its last known activity.
            end = self._low_since if self._low_since is not None else since
            self._finish(t, end, FinishReason.OUTAGE)
            return
        if self._low_since is not None:
            live.quiet_gap_s += gap
        elif p < s.active_threshold_w:
            # Active before the gap, quiet after: count quiet from now.
            self._low_since = t
            live.energy_at_quiet_ws = live.energy_ws
            live.quiet_gap_s = 0.0

    def _timers(self, t: float) -> None:
        live = self._live
        s = self._s
        if live is not None:
            if live.confirmed:
                self._cycle_timers(t, live)
            elif t - live.last_strong >= s.start_reset_s:
                self._drop_candidate(t, live)
            elif (
                live.strong_s >= s.start_active_s
                and live.strong_s >= START_MIN_DENSITY * (t - live.start)
                and live.energy_ws >= self._start_energy_ws(live)
            ):
                self._start(t, live)
        elif self._learned is not None and t - self._learned.end > s.finish_hold_s:
            self._learned = None
        if self._status is CycleStatus.FINISHED or self._status is CycleStatus.UNLOADED:
            self._after_finish_timers(t)

    def _cycle_timers(self, t: float, live: LiveCycle) -> None:
        s = self._s
        if self._unknown_since is not None:
            if t - self._unknown_since >= s.max_unknown_s:
                end = self._low_since if self._low_since is not None else self._unknown_since
                self._finish(t, end, FinishReason.OUTAGE)
            return
        if self._burst_since is not None and t - self._burst_since >= s.burst_ignore_s:
            self._resume(t)
        q0 = self._low_since
        if q0 is None:
            return
        quiet = t - q0 - live.quiet_gap_s
        if not live.paused and quiet >= s.pause_after_s and self._stopped(live, q0, t):
            self._pause(t, live)
        if quiet < self._shortest_hold_s():
            return
        kind, history = self.appliance_type, self._history
        hold, reason = finish_hold(kind, self._matcher, s, live, q0=q0, t=t, history=history)
        self._quiet_hold = (q0, hold)
        if quiet >= hold:
            self._finish(t, q0, reason)

    def _start(self, t: float, live: LiveCycle) -> None:
        if self._status is CycleStatus.FINISHED:
            self._unload(t, UnloadReason.NEW_CYCLE)
        live.confirmed = True
        live.paused = False
        if self._low_since is not None:
            live.energy_at_quiet_ws = live.energy_ws
        self._status = CycleStatus.RUNNING
        last = self._last_cycle
        if last is not None and live.start - last.end < self._s.finish_hold_s:
            # Right after the last cycle: a new load, or the rest of the last cycle after a
            # pause longer than the hold. Neither is learned (a split cycle is no program).
            live.chained = True
            if self._learned is not None:
                self._library.unlearn(self._learned.program_id)
        self._learned = None
        self._new_matcher()
        self._emit(CycleEvent(kind=CycleEventKind.CYCLE_STARTED, at=t, cycle_start=live.start))

    def _finish(self, t: float, end: float, reason: FinishReason) -> None:
        live = self._live
        if live is None:
            return
        energy_ws = live.energy_at_quiet_ws if self._low_since is not None else live.energy_ws
        self._cycle_count += 1
        cycle_end = min(max(end, live.start), t)
        spin = live.spin.final(cycle_end, timed=self.appliance_type in SPINNING)
        record, self._learned = close_cycle(
            self._library,
            live,
            number=self._cycle_count,
            end=cycle_end,
            finished_at=t,
            energy_wh=self._energy_of(live, energy_ws),
            reason=reason,
            spin=spin,
        )
        self._history.add(record)
        self._last_cycle = record
        self._live = None
        self._matcher = None
        self._match = None
        self._finished_at = t
        self._status = CycleStatus.FINISHED
        self._emit(
            CycleEvent(
                kind=CycleEventKind.CYCLE_FINISHED, at=t, cycle_start=record.start, cycle=record
            )
        )
        p = self._power
        if p is not None and p >= self._s.active_threshold_w and self._unknown_since is None:
            # Activity right at the finish (an ignored burst) may be the next cycle.
            self._live = LiveCycle(t, self._meter_wh)
            self._low_since = None
            self._burst_since = None
