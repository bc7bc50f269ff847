"""Closing a cycle: its record, and what the program library learns from it."""

from __future__ import annotations

from dataclasses import replace

from .end_signs import END_SIGN_HOLD_S, SIGN_TRUST_S, drying_wait, end_sign
from .estimator import ProgramMatcher
from .history import CycleHistory
from .live import LearnedCycle, LiveCycle
from .profile import MAX_CYCLE_S, PROFILE_BIN_S
from .programs import Program, ProgramLibrary
from .settings import CycleSettings
from .signature import signature_of
from .types import ApplianceType, CycleRecord, FinishReason, Signature

# Cycles with more than this share of their duration without data are not learned from.
GAP_LEARN_MAX_RATIO = 0.05
# A start needs its working time to fill at least this share of the time since the first
# active report: sparse bursts (a dryer's anti-crease tumbles, 20 s every few minutes)
# never add up to a start, however long they go on.
START_MIN_DENSITY = 0.3


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
            early=reason in (FinishReason.PROGRAM_END, FinishReason.END_SIGN),
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


def extend_if_late(
    library: ProgramLibrary,
    learned: LearnedCycle | None,
    live: LiveCycle,
    end: float,
    s: CycleSettings,
) -> LearnedCycle | None:
    """Return what stays learned of the last cycle once activity after it was dropped.

    Activity that did not become a cycle of its own, right after a cycle finished early
    (at its program's end or an end sign), was the rest of that cycle: the cycle is
    re-learned with it (extend_learned). Only a compact run of work counts (a final
    pump-out), never sparse bursts such as a dryer's anti-crease tumbles.
    """
    if learned is None or not learned.early or live.start - learned.end > s.finish_hold_s:
        return learned
    busy = end - live.start
    if busy < s.burst_ignore_s or live.strong_s < START_MIN_DENSITY * busy:
        return learned
    return extend_learned(library, learned, live, end)


def shortest_hold_s(s: CycleSettings) -> float:
    """Return the least quiet that can finish a cycle (an end sign's, a program's end).

    Hold times set shorter than a sign's are kept.
    """
    return min(END_SIGN_HOLD_S, s.program_end_hold_s, s.finish_hold_s)


def finish_hold(
    kind: ApplianceType,
    matcher: ProgramMatcher | None,
    s: CycleSettings,
    live: LiveCycle,
    *,
    q0: float,
    t: float,
    history: CycleHistory,
) -> tuple[float, FinishReason]:
    """Return how long the quiet that began at q0 must last to finish a cycle, and why.

    An end sign (end_signs.py) shortens the wait unless a learned program still expects
    activity; a dishwasher that usually pumps out after drying waits out its drying
    without one.
    """
    sign = end_sign(kind, live, q0)
    signed_hold = shortest_hold_s(s)
    end = (
        matcher.expected_end(live.start, q0, t, s.active_threshold_w, best=sign)
        if matcher is not None
        else None
    )
    if end is None:
        if sign:
            return signed_hold, FinishReason.END_SIGN
        return s.finish_hold_s, FinishReason.QUIET
    # Wait for the latest plausible program end (through its quiet phases), then briefly;
    # with an end sign, a program ending a few minutes later is no reason to wait.
    if sign:
        late = max(end - q0 - SIGN_TRUST_S, 0.0)
        reason = FinishReason.END_SIGN if late == 0.0 else FinishReason.PROGRAM_END
        return min(late + signed_hold, s.max_finish_hold_s), reason
    hold = max(end - q0, 0.0) + s.program_end_hold_s
    programs = matcher.finish_candidates() if matcher is not None else ()
    hold = max(hold, drying_wait(kind, history, programs))
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
