"""Signals: what any source of an appliance tells the engine, in engine units.

A source (a power sensor, a simulated appliance, a connected appliance) turns whatever it
reads into readings of these kinds; the engine and the care rules see nothing else.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class SignalKind(StrEnum):
    """What a reading measures, and in which unit."""

    POWER = "power"
    """Watts."""
    ENERGY = "energy"
    """Watt-hours, a meter that only grows (or resets)."""
    DOOR = "door"
    """True while open."""
    VIBRATION = "vibration"
    """True while vibrating."""
    COMPARTMENT_TEMPERATURE = "compartment_temperature"
    """Degrees Celsius inside a fridge or freezer."""
    AMBIENT_TEMPERATURE = "ambient_temperature"
    """Degrees Celsius of the room the appliance stands in."""
    FILTER_USED = "filter_used"
    """Per cent of a filter's life used."""
    RUN_STATE = "run_state"
    """What a connected machine says it does: a `connected.Run` value."""
    PROGRAM = "program"
    """The course a connected machine runs or has selected: its name."""
    REMAINING = "remaining"
    """Seconds a connected machine says are left of its running cycle."""
    FINISH_AT = "finish_at"
    """Unix seconds when a connected machine says its running cycle ends."""
    TUB_CLEAN_COUNT = "tub_clean_count"
    """Cycles a connected washer counted since its last tub clean."""
    ERROR = "error"
    """A connected machine's error: its code and what the code is about ("code|cause"),
    or None when it reports no error."""


class Reading(NamedTuple):
    """One report of a source: a kind, the engine time it holds from, and a value.

    `value` is None while the source cannot tell (unavailable, garbage). A named tuple:
    one is made for every report, and a tuple is made fastest.
    """

    kind: SignalKind
    at: float
    value: float | bool | str | None
