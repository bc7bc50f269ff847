"""Value types shared by the care engine: appliance kinds, states, events and records."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ApplianceType(StrEnum):
    """The kinds of appliance the engine knows."""

    WASHER = "washer"
    DRYER = "dryer"
    WASHER_DRYER = "washer_dryer"
    DISHWASHER = "dishwasher"
    REFRIGERATOR = "refrigerator"
    FREEZER = "freezer"
    OTHER = "other"

    @property
    def has_cycles(self) -> bool:
        """Whether the appliance runs programs (a CycleTracker) rather than a compressor."""
        return self not in (ApplianceType.REFRIGERATOR, ApplianceType.FREEZER)


class CycleStatus(StrEnum):
    """What a cycle appliance is doing.

    OFF: no cycle and the power is at the off level (appliance or plug switched off).
    IDLE: no cycle, standby draw (electronics, display, delayed start waiting).
    RUNNING: a cycle is in progress and drawing power.
    PAUSED: a cycle is in progress in a quiet phase (soak, drying, pause).
    FINISHED: the last cycle ended and the appliance has not been unloaded yet.
    UNLOADED: the appliance was unloaded after its last cycle (shown for a while).
    """

    OFF = "off"
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    UNLOADED = "unloaded"


class CycleEventKind(StrEnum):
    """Kinds of event a CycleTracker emits."""

    CYCLE_STARTED = "cycle_started"
    CYCLE_PAUSED = "cycle_paused"
    CYCLE_RESUMED = "cycle_resumed"
    CYCLE_FINISHED = "cycle_finished"
    APPLIANCE_UNLOADED = "appliance_unloaded"


class UnloadReason(StrEnum):
    """Why the engine decided the appliance was unloaded."""

    DOOR = "door"
    TIMEOUT = "timeout"
    NEW_CYCLE = "new_cycle"


class FinishReason(StrEnum):
    """How the end of a cycle was decided."""

    QUIET = "quiet"
    """Power stayed quiet for the hold time (the ordinary case)."""
    PROGRAM_END = "program_end"
    """A learned program said the cycle was at its end and power stayed quiet briefly."""
    END_SIGN = "end_sign"
    """The cycle ended the way its kind of appliance ends (a washer's final spin, a
    dishwasher's pump-out after drying, a dryer's cool-down) and power stayed quiet briefly."""
    OUTAGE = "outage"
    """The sensor (or Home Assistant) was away for long; the end is the last known activity."""
    MACHINE = "machine"
    """A connected machine said its cycle ended (finished, or off after a complete run)."""
    MACHINE_TIME = "machine_time"
    """A connected machine's own remaining time ran out while it still said running."""


class CompressorEventKind(StrEnum):
    """Kinds of event a CompressorMonitor emits."""

    COMPRESSOR_STARTED = "compressor_started"
    COMPRESSOR_STOPPED = "compressor_stopped"
    DEFROST = "defrost"


@dataclass(frozen=True, kw_only=True, slots=True)
class Signature:
    """Compact power signature of one cycle: a coarse power envelope in fixed time bins.

    `profile_w[k]` is the mean power in watts over bin k, bin k covering
    `[k * bin_s, (k + 1) * bin_s)` seconds after the start of the cycle.
    """

    bin_s: float
    profile_w: tuple[int, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class CycleRecord:
    """One finished cycle.

    `end` is the time of the last activity (when power fell quiet for good), which is what
    the duration measures; `finished_at` is when the finish was declared (`end` plus the
    hold time, or later).
    """

    number: int
    """1 for the first cycle this appliance ever ran, counting up."""
    start: float
    end: float
    finished_at: float
    energy_wh: float
    program_id: int | None = None
    program_name: str | None = None
    peak_w: float = 0.0
    gap_s: float = 0.0
    """Time inside the cycle with no data (sensor unavailable, Home Assistant stopped)."""
    finish_reason: FinishReason = FinishReason.QUIET
    signature: Signature | None = None
    metered: bool = True
    """False for a connected machine's cycle without a power sensor: `energy_wh`, `peak_w`
    and the signature are then zero, not measured, and no rule may judge them."""
    spin_s: float | None = None
    """A washer's final spin in seconds (0.0: none found; None: not timed)."""
    drain_s: float | None = None
    """The drain run before that spin in seconds (None: not timed or no final spin)."""

    @property
    def duration_s(self) -> float:
        """Seconds from the start to the last activity."""
        return self.end - self.start


@dataclass(frozen=True, kw_only=True, slots=True)
class CycleEvent:
    """Something that happened to a cycle appliance at time `at` (Unix seconds)."""

    kind: CycleEventKind
    at: float
    cycle_start: float | None = None
    """Start of the cycle the event belongs to."""
    cycle: CycleRecord | None = None
    """The finished cycle, for cycle_finished and appliance_unloaded."""
    unload_reason: UnloadReason | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class ProgramInfo:
    """A learned program: a group of similar cycles, with typical duration and energy."""

    program_id: int
    name: str | None
    """The user's name for the program, or None when unnamed."""
    cycles: int
    """How many finished cycles were assigned to it."""
    typical_duration_s: float
    """Median duration of its recent cycles."""
    duration_spread_s: float
    """Median absolute deviation of those durations."""
    typical_energy_wh: float
    """Median energy of its recent cycles."""
    last_seen: float

    @property
    def display_name(self) -> str:
        """The user's name, or a stable generated one."""
        return self.name if self.name else f"Program {self.program_id}"


@dataclass(frozen=True, kw_only=True, slots=True)
class CompressorEvent:
    """Something that happened to a fridge or freezer compressor at time `at`."""

    kind: CompressorEventKind
    at: float
    run_s: float | None = None
    """compressor_started: how long the run had lasted when it was confirmed (its start is
    `at - run_s`); compressor_stopped: the run's length; defrost: the heater run's length."""
