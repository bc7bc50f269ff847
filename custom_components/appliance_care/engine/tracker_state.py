"""Saving and restoring a CycleTracker's state as JSON-compatible data."""

# This module is the tracker's own serialiser, kept apart so detector.py stays about
# detection; it reads and writes the tracker's private fields on purpose.
# ruff: noqa: SLF001

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._state import (
    StateError,
    get_int,
    get_mapping,
    get_opt_float,
    get_str,
)
from .history import CycleHistory
from .live import LiveCycle
from .profile import PROFILE_BIN_S
from .programs import ProgramLibrary
from .types import CycleStatus

if TYPE_CHECKING:
    from .detector import CycleTracker

STATE_VERSION = 1


def tracker_to_state(tracker: CycleTracker) -> dict[str, object]:
    """Return everything a tracker needs to continue after a restart."""
    live = tracker._live
    return {
        "version": STATE_VERSION,
        "type": tracker.appliance_type.value,
        "now": tracker._now,
        "power": tracker._power,
        "unknown_since": tracker._unknown_since,
        "low_since": tracker._low_since,
        "burst_since": tracker._burst_since,
        "status": tracker._status.value,
        "finished_at": tracker._finished_at,
        "unloaded_at": tracker._unloaded_at,
        "door_open": tracker._door_open,
        "cycle_count": tracker._cycle_count,
        "meter_wh": tracker._meter_wh,
        "live": live.to_state() if live is not None else None,
        "programs": tracker._library.to_state(),
        "history": tracker._history.to_state(),
    }


def restore_tracker(
    tracker: CycleTracker, data: Mapping[str, object], present: float | None = None
) -> None:
    """Load saved state into a freshly created tracker; StateError when unreadable.

    Figures no appliance can have are brought within bounds (see `_plausible`), so no saved
    value makes a cycle last for years, a count negative, or a loop run without end.
    `present` is the time of the restore, used when the state has no time of its own.
    """
    version = get_int(data, "version", STATE_VERSION)
    if version > STATE_VERSION:
        raise StateError(f"state version {version} is newer than {STATE_VERSION}")
    tracker._now = get_opt_float(data, "now")
    tracker._power = get_opt_float(data, "power")
    tracker._unknown_since = get_opt_float(data, "unknown_since")
    tracker._low_since = get_opt_float(data, "low_since")
    tracker._burst_since = get_opt_float(data, "burst_since")
    try:
        tracker._status = CycleStatus(get_str(data, "status") or CycleStatus.OFF)
    except ValueError:
        raise StateError("unknown status") from None
    tracker._finished_at = get_opt_float(data, "finished_at")
    tracker._unloaded_at = get_opt_float(data, "unloaded_at")
    door = data.get("door_open")
    tracker._door_open = door if isinstance(door, bool) else None
    tracker._cycle_count = get_int(data, "cycle_count")
    tracker._meter_wh = get_opt_float(data, "meter_wh")
    live = get_mapping(data, "live")
    tracker._live = LiveCycle.from_state(live) if live is not None else None
    programs = get_mapping(data, "programs")
    if programs is not None:
        tracker._library = ProgramLibrary.from_state(programs, PROFILE_BIN_S)
    history = get_mapping(data, "history")
    if history is not None:
        library = tracker._library

        def name_of(program_id: int | None) -> str | None:
            program = library.get(program_id)
            return program.name if program is not None else None

        saved_at = tracker._now if tracker._now is not None else present
        tracker._history = CycleHistory.from_state(history, name_of, until=saved_at)
        recent = tracker._history.recent
        tracker._last_cycle = recent[-1] if recent else None
    _plausible(tracker, tracker._now if tracker._now is not None else present)
    if tracker._live is not None and tracker._live.confirmed:
        if tracker._status not in (CycleStatus.RUNNING, CycleStatus.PAUSED):
            tracker._status = CycleStatus.RUNNING
    elif tracker._status in (CycleStatus.RUNNING, CycleStatus.PAUSED):
        tracker._status = CycleStatus.IDLE


def _plausible(tracker: CycleTracker, now: float | None) -> None:
    """Bring restored figures within what can be true when the state was saved at `now`.

    Nothing happens after the moment of saving: later times are that moment. A running
    cycle that starts after it, or longer before it than any cycle lasts, is impossible and
    dropped (its cycle has no record yet, so nothing recorded is lost). Counts are never
    negative, and power is a reading the tracker would accept.
    """
    # Every cycle in the monthly totals was counted.
    tracker._cycle_count = max(0, tracker._cycle_count, tracker._history.total_cycles)
    power = tracker._power
    if power is not None and not 0.0 <= power <= tracker._s.max_power_w:
        tracker._power = None
    if now is None:
        return
    live = tracker._live
    if live is not None and not live.plausible(now, tracker._s.max_power_w):
        tracker._live = live = None
    for name in ("_low_since", "_burst_since", "_unknown_since", "_finished_at", "_unloaded_at"):
        value = getattr(tracker, name)
        if value is not None and value > now:
            setattr(tracker, name, now)
    # A quiet or burst phase inside a cycle began within it; one said to begin before is
    # unknown, and the next report starts it afresh (never a finish out of nothing).
    if live is not None:
        for name in ("_low_since", "_burst_since"):
            value = getattr(tracker, name)
            if value is not None and value < live.start:
                setattr(tracker, name, None)
    for program in tracker._library.programs.values():
        program.last_seen = min(program.last_seen, now)
