"""Where a washer, dryer or dishwasher is, saved and resumed (mid-cycle if need be)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
import random
from typing import TYPE_CHECKING, Any

from .clock import SECONDS_PER_DAY, SECONDS_PER_HOUR
from .model import Fault
from .phases import phase_seconds, segments
from .programs import build_plan
from .state import read_bool, read_choice, read_int, section

if TYPE_CHECKING:
    from .cycle import CycleAppliance

# A phase longer than this in saved state is not believed (longest real phase: ~2 h).
MAX_PHASE_S = 6 * SECONDS_PER_HOUR


class CycleState(StrEnum):
    """Where a cycle appliance is in its day."""

    IDLE = "idle"
    WAITING = "waiting"
    RUNNING = "running"


def details_state(app: CycleAppliance) -> dict[str, Any]:
    """Return what a cycle appliance saves beyond what every appliance saves."""
    state: dict[str, Any] = {"program": app.program, "state": str(app._state)}
    if app._installed.names:
        state["installed"] = app._installed.to_state()
    if app._state is CycleState.WAITING:
        state["delay_t"] = app._delay_t
    if app._state is CycleState.RUNNING:
        state["cycle"] = {
            **app._cycle,
            "phase": app._phase_index,
            "phase_start": app._phase_start,
            "phase_seconds": app._phase_end - app._phase_start,
        }
    return state


def restore_details(app: CycleAppliance, state: Mapping[str, Any]) -> None:
    """Resume a cycle appliance from details_state() output; what cannot be read is left."""
    programs = {name: name for name in app.programs}
    program = read_choice(state, "program", programs)
    status = read_choice(state, "state", {str(s): s for s in CycleState})
    clock = app._t
    if status is CycleState.WAITING:
        delay_t = read_int(state, "delay_t", clock + 1, clock + 7 * SECONDS_PER_DAY)
        app.program, app._state, app._delay_t = program, status, delay_t
    elif status is CycleState.RUNNING:
        _resume(app, section(state, "cycle"), clock)
    else:
        app.program = program
    app.plug.power_w = app._power()
    app._refresh_next()


def _resume(app: CycleAppliance, cycle: Mapping[str, Any], clock: int) -> None:
    programs = {name: name for name in app.programs}
    program = read_choice(cycle, "program", programs)
    seed = read_int(cycle, "seed", 0, 2**32 - 1)
    started = read_int(cycle, "started_at", 0, clock)
    extra = read_bool(cycle, "extra_rinse")
    plan = build_plan(
        app.kind, app._installed.recipe(program), seed, app._machine, extra_rinse=extra
    )
    index = read_int(cycle, "phase", 0, len(plan) - 1)
    phase_start = read_int(cycle, "phase_start", started, clock)
    phase_s = read_int(cycle, "phase_seconds", 1, MAX_PHASE_S)
    phase = plan[index]
    rng = random.Random(phase.seed)  # noqa: S311 - a simulation, not security
    severity = app._severities(phase_start)
    phase_seconds(phase, severity, rng)  # the same draws as when the phase began
    stream = segments(phase, phase_s, app._machine, severity.get(Fault.CLOGGED_VENT, 0.0), rng)
    phase_end = phase_start + phase_s
    position = phase_start
    watts, seconds = next(stream)
    while min(position + max(1, seconds), phase_end) <= clock < phase_end:
        position += max(1, seconds)
        watts, seconds = next(stream)
    app.program, app._state, app._plan = program, CycleState.RUNNING, plan
    app._cycle = {
        "program": program,
        "seed": seed,
        "started_at": started,
        "extra_rinse": extra,
    }
    app._phase_index, app._phase_start, app._phase_end = index, phase_start, phase_end
    app._segments, app._segment_w = stream, watts
    app._segment_t = max(clock + 1, min(position + max(1, seconds), phase_end))
    app.plug.power_w = watts
