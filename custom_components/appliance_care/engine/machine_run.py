"""What a connected machine says it does, and the bounds its readings are held to."""

from __future__ import annotations

from enum import StrEnum
import math


class Run(StrEnum):
    """What a connected machine says it is doing."""

    OFF = "off"
    IDLE = "idle"
    """On, not running a program (ready, standby, a delayed start counting down)."""
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ERROR = "error"
    """Stopped by a fault mid-cycle (the error signal says which)."""


BUSY = frozenset({Run.RUNNING, Run.PAUSED, Run.ERROR})

# Clouds report the end a minute or two after the countdown reached zero; past this grace
# the countdown's end is taken as the cycle's.
FINISH_GRACE_S = 90.0
# A machine off or idle with at most this left on its countdown completed its cycle.
END_NEAR_S = 5 * 60.0
# ... as did one that ran this share of its course's learned length.
COMPLETE_SHARE = 0.8
# Runs shorter than this that stop without "finished" are a course chosen and cancelled.
MIN_CYCLE_S = 120.0
# Without a countdown or a learned course, a run stopped without "finished" after this
# long is taken for a cycle whose end the cloud missed; a shorter one for a cancelled one.
UNTOLD_CYCLE_S = 20 * 60.0
# The machine's remaining time is implausible when it differs from the course's learned
# remaining time by more than the larger of these (after the first minutes of a cycle,
# when machines still weigh the load and adjust).
IMPLAUSIBLE_MIN_S = 15 * 60.0
IMPLAUSIBLE_SHARE = 0.25
SETTLE_S = 5 * 60.0
# A countdown longer than this is no countdown of a household appliance.
MAX_REMAINING_S = 24 * 3600.0
# A countdown at least this long while the machine runs and no cycle does is a new cycle
# (its cloud missed the last end and this start, or told the countdown first).
FRESH_COUNTDOWN_S = 10 * 60.0
# Running reported this soon after a finish, without a fresh countdown, is a blip of the
# machine or its cloud (a dryer's anti-crease turn, a repeated state), not a new load.
POST_FINISH_S = 10 * 60.0
# Course names are the machine's own; longer ones are cut.
MAX_COURSE_CHARS = 64


def as_run(value: object) -> Run | None:
    """Return the Run a reading stands for, None when unknown."""
    if isinstance(value, Run):
        return value
    try:
        return Run(str(value))
    except ValueError:
        return None


def countdown_seconds(value: object) -> float | None:
    """Return a countdown in seconds, None for garbage or one no appliance has."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    seconds = float(value)
    if not math.isfinite(seconds) or not 0.0 <= seconds <= MAX_REMAINING_S:
        return None
    return seconds
