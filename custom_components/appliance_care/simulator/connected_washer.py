"""A simulated connected washer: what its maker's cloud tells, not what it draws.

It reports as connected washers do through their integrations: a run state, the course,
a countdown in whole minutes, a counter of cycles since the last tub clean, and an error
code. Like the clouds users complain about, it says "end" a few minutes after the cycle
really ended (the countdown shows 0 meanwhile), so the demo shows Appliance Care telling
the finish on time. With the clogged-drain fault injected it stops two thirds through a
cycle with a drain error until the fault is taken out. No power is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
import math

# Courses and their lengths in minutes; the tub clean resets the machine's counter.
COURSES: Mapping[str, float] = {
    "cotton": 118.0,
    "synthetics": 74.0,
    "quick_30": 30.0,
    "wool": 46.0,
    "tub_clean": 95.0,
}
TUB_CLEAN = "tub_clean"
# The daily wash rotates through these.
DAILY_ROTATION = ("cotton", "quick_30", "synthetics", "cotton", "wool", "quick_30", "cotton")
DAILY_START = time(18, 30)
# The cloud's "end" comes this late (the countdown sits at 0 meanwhile).
CLOUD_END_DELAY = timedelta(minutes=4)
# After "end", the machine switches itself off.
AUTO_OFF_AFTER = timedelta(minutes=20)
# With the drain fault, the cycle stops here with this code.
DRAIN_FAULT_AT = 2 / 3
DRAIN_ERROR_CODE = "OE"
MAX_TUB_COUNT = 9_999
# A new demo's washer was used a while: its tub clean falls due within days.
FIRST_TUB_COUNT = 27


class MachineState(StrEnum):
    """The run states the simulated washer reports (as its integration's sensor would)."""

    OFF = "off"
    READY = "ready"
    RUNNING = "running"
    END = "end"
    ERROR = "error"


@dataclass(frozen=True, kw_only=True, slots=True)
class MachineReport:
    """What the washer's cloud says at one moment."""

    state: MachineState
    course: str
    remaining_min: int | None
    """The countdown in whole minutes (None while no course runs)."""
    tub_count: int
    error_code: str | None


class ConnectedWasher:
    """The machine and its cloud, advanced on the demo home's simulated clock."""

    def __init__(self, state: Mapping[str, object] | None = None) -> None:
        """Create an idle washer, or continue one saved with to_state."""
        self.course = "cotton"
        """The selected course: the next start's."""
        self.running: str | None = None
        """The course of the cycle started last (a new selection does not change it)."""
        self.started: datetime | None = None
        self.ended: datetime | None = None
        """When the cycle really ended (the cloud says so CLOUD_END_DELAY later)."""
        self.stopped_at: datetime | None = None
        """When the drain fault stopped the running cycle (it resumes once cleared)."""
        self.tub_count = FIRST_TUB_COUNT
        self.drain_fault = False
        self.daily = True
        self._day_done: str | None = None
        self._cycle_no = 0
        if state is not None:
            self._restore(state)

    # ----------------------------------------------------------------- control

    def select(self, course: str) -> None:
        """Choose the course of the next start (unknown ones are refused)."""
        if course not in COURSES:
            raise ValueError(course)
        self.course = course

    def start(self, now: datetime) -> bool:
        """Start the selected course now; False when one runs already."""
        if self.started is not None and self.ended is None:
            return False
        self.started, self.ended, self.stopped_at = now, None, None
        self.running = self.course
        return True

    def advance(self, now: datetime) -> None:
        """Let the machine run to `now`: faults stop it, cycles end, the daily wash starts."""
        started = self.started
        running = self.running or self.course
        if started is not None and self.ended is None:
            length = timedelta(minutes=COURSES[running])
            if self.stopped_at is None and self.drain_fault:
                fault_at = started + length * DRAIN_FAULT_AT
                if now >= fault_at:
                    self.stopped_at = fault_at
            elif self.stopped_at is not None and not self.drain_fault:
                # Cleared: the rest of the cycle runs from now.
                self.started = started = started + (now - self.stopped_at)
                self.stopped_at = None
            end = started + length
            if self.stopped_at is None and now >= end:
                self.ended = end
                self._cycle_no += 1
                self.tub_count = (
                    0 if running == TUB_CLEAN else min(self.tub_count + 1, MAX_TUB_COUNT)
                )
        day = now.date().isoformat()
        if self.daily and self._day_done != day and now.time() >= DAILY_START:
            self._day_done = day
            if self.started is None or self.ended is not None:
                self.course = DAILY_ROTATION[self._cycle_no % len(DAILY_ROTATION)]
                self.start(now)

    # ------------------------------------------------------------------ report

    def report(self, now: datetime) -> MachineReport:
        """Return what the cloud says now."""
        started, ended = self.started, self.ended
        state, remaining, error = MachineState.READY, None, None
        running = self.running or self.course
        if started is not None and ended is None:
            end = started + timedelta(minutes=COURSES[running])
            if self.stopped_at is not None:
                state, error = MachineState.ERROR, DRAIN_ERROR_CODE
                now = self.stopped_at  # its countdown stands still
            else:
                state = MachineState.RUNNING
            remaining = max(0, math.ceil((end - now).total_seconds() / 60))
        elif ended is not None:
            if now < ended + CLOUD_END_DELAY:
                state, remaining = MachineState.RUNNING, 0
            elif now < ended + AUTO_OFF_AFTER:
                state = MachineState.END
            else:
                state = MachineState.OFF
        busy = state not in (MachineState.READY, MachineState.OFF)
        return MachineReport(
            state=state,
            course=running if busy else self.course,
            remaining_min=remaining,
            tub_count=self.tub_count,
            error_code=error,
        )

    # ------------------------------------------------------------------- state

    def to_state(self) -> dict[str, object]:
        """Return the machine as JSON-compatible data."""
        return {
            "course": self.course,
            "running": self.running,
            "started": self.started.isoformat() if self.started else None,
            "ended": self.ended.isoformat() if self.ended else None,
            "stopped_at": self.stopped_at.isoformat() if self.stopped_at else None,
            "tub_count": self.tub_count,
            "day_done": self._day_done,
            "cycle_no": self._cycle_no,
        }

    def _restore(self, state: Mapping[str, object]) -> None:
        course = state.get("course")
        self.course = course if isinstance(course, str) and course in COURSES else "cotton"
        running = state.get("running")
        self.running = running if isinstance(running, str) and running in COURSES else None
        self.started = _moment(state.get("started"))
        self.ended = _moment(state.get("ended")) if self.started is not None else None
        self.stopped_at = _moment(state.get("stopped_at")) if self.started is not None else None
        count = state.get("tub_count")
        if isinstance(count, int) and not isinstance(count, bool):
            self.tub_count = min(max(count, 0), MAX_TUB_COUNT)
        day = state.get("day_done")
        self._day_done = day if isinstance(day, str) else None
        number = state.get("cycle_no")
        if isinstance(number, int) and not isinstance(number, bool):
            self._cycle_no = max(number, 0)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
