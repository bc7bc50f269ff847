"""Saving and restoring what a ConnectedTracker adds to a CycleTracker's state."""

# This module is the tracker's own serialiser; it reads and writes its private fields.
# ruff: noqa: SLF001

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._state import get_opt_float, get_str
from .machine_run import MAX_COURSE_CHARS, MAX_REMAINING_S, as_run, countdown_seconds

if TYPE_CHECKING:
    from .connected import ConnectedTracker


def connected_to_state(tracker: ConnectedTracker) -> dict[str, object]:
    """Return the machine's last word and the courses learned, as JSON-compatible data."""
    return {
        "run": tracker._run.value if tracker._run is not None else None,
        "course": tracker._machine_course,
        "cycle_course": tracker._cycle_course,
        "machine_end": tracker._machine_end,
        "machine_left": tracker._machine_left,
        "ahead": tracker._ahead,
        "metered": tracker._metered,
        "courses": dict(tracker._courses),
    }


def restore_connected(tracker: ConnectedTracker, data: Mapping[str, object]) -> None:
    """Load the connected part before the cycle part (whose restore lets time pass)."""
    tracker._run = as_run(data.get("run"))
    tracker._machine_course = get_str(data, "course")
    tracker._cycle_course = get_str(data, "cycle_course")
    left = countdown_seconds(get_opt_float(data, "machine_left"))
    end = get_opt_float(data, "machine_end")
    tracker._machine_end = end if left is not None and end is not None else None
    tracker._machine_left = left if tracker._machine_end is not None else None
    tracker._ahead = data.get("ahead") is True
    tracker._metered = data.get("metered") is True
    courses = data.get("courses")
    if isinstance(courses, Mapping):
        tracker._courses = {
            str(c)[:MAX_COURSE_CHARS]: p
            for c, p in courses.items()
            if isinstance(p, int) and not isinstance(p, bool)
        }


def settle_restored(tracker: ConnectedTracker) -> None:
    """Bound what the restored cycle part makes impossible: gone courses, endless countdowns."""
    tracker._courses = {c: p for c, p in tracker._courses.items() if p in tracker._library.programs}
    now = tracker._now
    if now is not None and tracker._machine_end is not None:
        tracker._machine_end = min(tracker._machine_end, now + MAX_REMAINING_S)
