"""Closing a cycle: its record, and what the program library learns from it."""

from __future__ import annotations

from dataclasses import replace

from .estimator import ProgramMatcher
from .live import LearnedCycle, LiveCycle
from .profile import MAX_CYCLE_S, PROFILE_BIN_S
from .programs import Program, ProgramLibrary
from .settings import CycleSettings
from .signature import signature_of
from .types import CycleRecord, FinishReason, Signature

# Cycles with more than this share of their duration without data are not learned from.
GAP_LEARN_MAX_RATIO = 0.05


def live_signature(live: LiveCycle, duration: float) -> Signature:
    """Return the signature of a cycle that lasted `duration` from its live profile."""
    return signature_of(live.profile.bins_w, PROFILE_BIN_S, max(1, round(duration / PROFILE_BIN_S)))


def close_cycle(
    library: ProgramLibrary,
    live: LiveCycle,
    *,
    number: int,
    end: float,
    finished_at: float,
    energy_wh: float,
    reason: FinishReason,
    spin: tuple[float | None, float | None] = (None, None),
) -> tuple[CycleRecord, LearnedCycle | None]:
    """Return the record of a finished cycle, learning it into its program.

    The second value is what was learned: activity right after the cycle may still belong
    to it (see extend_learned), or a new cycle starting right after may be its second half
    (then neither is learned). A chained cycle, one with many gaps or one closed by an
    outage is not learned from. `spin` is a washer's final spin and drain (SpinMeter).
    """
    duration = end - live.start
    signature = live_signature(live, duration)
    learnable = (
        not live.chained
        and reason is not FinishReason.OUTAGE
        and duration > 0
        and live.gap_s <= GAP_LEARN_MAX_RATIO * duration
        and len(signature.profile_w) > 0
    )
    learned: LearnedCycle | None = None
    program_id: int | None
    if learnable:
        learned_id = library.learn(signature, duration, energy_wh, end)
        program_id = learned_id
        learned = LearnedCycle(
            program_id=learned_id,
            signature=signature,
            start=live.start,
            end=end,
            energy_wh=energy_wh,
            early=reason is FinishReason.PROGRAM_END,
        )
    else:
        known = library.classify(signature, duration)
        program_id = known.program_id if known is not None else None
    program = library.get(program_id)
    record = CycleRecord(
        number=number,
        start=live.start,
        end=end,
        finished_at=finished_at,
        energy_wh=energy_wh,
        program_id=program_id,
        program_name=program.name if program is not None else None,
        peak_w=live.peak_w,
        gap_s=live.gap_s,
        finish_reason=reason,
        signature=signature,
        spin_s=spin[0],
        drain_s=spin[1],
    )
    return record, learned


def extend_learned(
    library: ProgramLibrary, learned: LearnedCycle, live: LiveCycle, end: float
) -> LearnedCycle:
    """Re-learn the last cycle with later activity that did not become a cycle of its own.

    A finish declared at a program's end was early (say, a final pump-out after a drying
    phase that the program had not learned): learning the cycle with its real end keeps
    the program from learning to stop early. The finish already announced stands.
    """
    extended = learned.extended(live, end)
    library.unlearn(learned.program_id)
    program_id = library.learn(
        extended.signature, extended.end - extended.start, extended.energy_wh, extended.end
    )
    return replace(extended, program_id=program_id)


def finish_hold(
    matcher: ProgramMatcher | None, s: CycleSettings, start: float, q0: float, t: float
) -> tuple[float, FinishReason]:
    """Return how long the quiet that began at q0 must last to finish a cycle, and why."""
    end = matcher.expected_end(start, q0, t, s.active_threshold_w) if matcher is not None else None
    if end is None:
        return s.finish_hold_s, FinishReason.QUIET
    # Wait for the latest plausible program end (through its quiet phases), then briefly.
    hold = max(end - q0, 0.0) + s.program_end_hold_s
    return min(hold, s.max_finish_hold_s), FinishReason.PROGRAM_END


# A connected machine's run shorter than this is no cycle to learn a course from.
MIN_COURSE_CYCLE_S = 120.0


def close_course_cycle(
    program: Program | None,
    live: LiveCycle,
    *,
    number: int,
    end: float,
    finished_at: float,
    energy_wh: float,
    reason: FinishReason,
    metered: bool,
) -> CycleRecord:
    """Return the record of a connected machine's cycle, learning it into its course.

    The course is the machine's own (a program by name, not by power envelope). Without a
    power sensor, the cycle has no energy, peak or signature (`metered` False).
    """
    duration = end - live.start
    signature = live_signature(live, duration)
    learnable = (
        program is not None
        and not live.chained
        and MIN_COURSE_CYCLE_S <= duration <= MAX_CYCLE_S
        and live.gap_s <= GAP_LEARN_MAX_RATIO * duration
    )
    if learnable and program is not None:
        program.add(signature, duration, energy_wh, end)
    return CycleRecord(
        number=number,
        start=live.start,
        end=end,
        finished_at=finished_at,
        energy_wh=energy_wh,
        program_id=program.program_id if program is not None else None,
        program_name=program.name if program is not None else None,
        peak_w=live.peak_w if metered else 0.0,
        gap_s=live.gap_s,
        finish_reason=reason,
        signature=signature if metered else None,
        metered=metered,
    )
