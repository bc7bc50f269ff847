"""Power patterns of program phases, and how faults stretch phases.

A phase's pattern is a stream of (watts, seconds) segments drawn from the phase's own
random generator, so a phase can be replayed exactly (after a restart) from its seed.
Streams are endless; the cycle cuts the last segment at the phase's end.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
import random

from .model import Fault
from .programs import HEATING_KINDS, Machine, PhaseKind, PlannedPhase

type Segments = Iterator[tuple[float, int]]

# Measurement noise and load ripple of real appliances: a few percent of the power.
NOISE_SHARE = 0.02
# Control board, display and valves' holding current while the drum rests (washer).
PAUSE_W = 3.5
# Inlet solenoid valve plus electronics while filling.
VALVE_W = 9.0
# A washer's slow tumble while filling or heating adds this much motor power.
FILL_TUMBLE_W = (25.0, 45.0)
FILL_TUMBLE_S = (6, 10)
FILL_REST_S = (8, 15)
HEAT_TUMBLE_W = (80.0, 140.0)
HEAT_TUMBLE_S = (8, 12)
HEAT_REST_S = (8, 14)
# Wash rhythm: tumble one way, pause, tumble the other way; each tumble at 70-100 % of the
# program's motor level depending on how the load falls.
WASH_TUMBLE_SHARE = (0.7, 1.0)
WASH_TUMBLE_S = (10, 15)
WASH_PAUSE_S = (3, 5)
# Soaking: the drum stands still; only the electronics draw power (1-3 W).
SOAK_W = 1.8
SOAK_NOISE_W = 0.2
# Long steady loads change their measured power this often (mains voltage, load).
STEADY_BLOCK_S = 10
SLOW_BLOCK_S = 30
RESTING_BLOCK_S = 60
# Spin: the motor ramps up over the first share of the spin, holds at a lower power once
# the drum is at speed, and is switched off for the drum to coast down at the end.
SPIN_RAMP_SHARE = 0.4
SPIN_RAMP_FROM = 0.3
SPIN_HOLD_SHARE = 0.8
SPIN_COAST_S = 30
SPIN_STEP_S = 10
# Dryer drum reversal every few minutes with a short motor stop; the element stays on.
REVERSE_EVERY_S = (180, 300)
REVERSE_PAUSE_S = 4
REVERSE_MOTOR_SHARE = 0.1
# The element cycling on its thermostat near the end of a healthy drying phase ...
HEALTHY_ON_S = (150, 240)
HEALTHY_OFF_S = (40, 80)
# ... and cycling on its over-temperature thermostat when the vent is blocked.
CLOGGED_ON_S = (45, 90)
CLOGGED_OFF_S = (60, 120)
# Dishwasher: the diverter switches spray arms every minute or so, with a short stop.
CIRCULATE_LEVEL_SHARE = (0.9, 1.1)
CIRCULATE_RUN_S = (40, 90)
CIRCULATE_PAUSE_S = (2, 3)
DISHWASHER_PAUSE_W = 4.0
INLET_W = 8.0
# Drying on residual heat: electronics and sometimes a small fan (1-5 W).
DRY_REST_W = (1.5, 4.0)
# Fault effects.
CLOGGED_DRAIN_FACTOR = (2.0, 4.0)  # the pump keeps running against the blockage
HEATER_SCALE_SLOWDOWN = 0.5  # same power, worse heat transfer: about 1.5x longer
CLOGGED_VENT_SLOWDOWN = (0.4, 0.8)  # 1.4-1.8x longer drying
# Anti-crease after a dryer's end: a short tumble every few minutes.
ANTI_CREASE_TUMBLE_S = (8, 20)
ANTI_CREASE_GAP_S = (120, 300)
ANTI_CREASE_MOTOR_SHARE = (0.9, 1.05)


def noisy(rng: random.Random, watts: float, share: float = NOISE_SHARE) -> float:
    """Return watts with Gaussian noise of `share` (never negative)."""
    return max(0.0, watts * (1.0 + rng.gauss(0.0, share)))


def phase_seconds(phase: PlannedPhase, severity: Mapping[Fault, float], rng: random.Random) -> int:
    """Return how long a phase lasts, stretched by the faults present as it begins.

    The fault draws are made in every case so that the phase's pattern that follows is
    the same with and without faults.
    """
    drain_factor = rng.uniform(*CLOGGED_DRAIN_FACTOR)
    vent_slowdown = rng.uniform(*CLOGGED_VENT_SLOWDOWN)
    seconds = float(phase.seconds)
    if phase.kind is PhaseKind.DRAIN:
        seconds *= 1.0 + severity.get(Fault.CLOGGED_DRAIN, 0.0) * (drain_factor - 1.0)
    elif phase.kind in HEATING_KINDS:
        seconds *= 1.0 + severity.get(Fault.HEATER_SCALE, 0.0) * HEATER_SCALE_SLOWDOWN
    elif phase.kind is PhaseKind.DRY:
        seconds *= 1.0 + severity.get(Fault.CLOGGED_VENT, 0.0) * vent_slowdown
    return max(1, round(seconds))


def segments(
    phase: PlannedPhase, seconds: int, machine: Machine, vent_severity: float, rng: random.Random
) -> Segments:
    """Return the endless power pattern of a phase lasting `seconds`."""
    return _PATTERNS[phase.kind](phase, seconds, machine, vent_severity, rng)


def mean_power_w(phase: PlannedPhase, machine: Machine) -> float:
    """Return a phase's average power (healthy), for coarse fast-forwarding."""
    return _MEANS[phase.kind](phase, machine)


def coarse_energy(
    phases: Iterable[PlannedPhase], machine: Machine, severity: Mapping[Fault, float]
) -> tuple[float, int]:
    """Return the energy (Ws) and duration (s) of phases at their average power."""
    energy_ws = 0.0
    seconds = 0
    for phase in phases:
        phase_s = phase_seconds(phase, severity, random.Random(phase.seed))  # noqa: S311
        energy_ws += mean_power_w(phase, machine) * phase_s
        seconds += phase_s
    return energy_ws, seconds


type _Pattern = Callable[[PlannedPhase, int, Machine, float, random.Random], Segments]

_PATTERNS: Mapping[PhaseKind, _Pattern] = {
    PhaseKind.FILL: lambda _p, _s, _m, _v, rng: _alternate(
        rng,
        on_w=VALVE_W,
        extra_w=FILL_TUMBLE_W,
        on_s=FILL_TUMBLE_S,
        off_w=VALVE_W,
        off_s=FILL_REST_S,
    ),
    PhaseKind.HEAT: lambda _p, _s, m, _v, rng: _alternate(
        rng,
        on_w=m.heater_w,
        extra_w=HEAT_TUMBLE_W,
        on_s=HEAT_TUMBLE_S,
        off_w=m.heater_w + PAUSE_W,
        off_s=HEAT_REST_S,
    ),
    PhaseKind.WASH: lambda p, _s, _m, _v, rng: _wash(rng, p.watts),
    PhaseKind.SOAK: lambda _p, _s, _m, _v, rng: _steady(
        rng, SOAK_W, RESTING_BLOCK_S, noise_w=SOAK_NOISE_W
    ),
    PhaseKind.DRAIN: lambda _p, _s, m, _v, rng: _steady(rng, m.pump_w, STEADY_BLOCK_S),
    PhaseKind.SPIN: lambda p, s, _m, _v, rng: _spin(rng, p.watts, s),
    PhaseKind.DRY: lambda p, s, m, v, rng: _dry(rng, m, s, p.cycling_from, v),
    PhaseKind.COOL: lambda _p, _s, m, _v, rng: _steady(rng, m.motor_w, SLOW_BLOCK_S),
    PhaseKind.INLET: lambda _p, _s, _m, _v, rng: _steady(rng, INLET_W, SLOW_BLOCK_S),
    PhaseKind.CIRCULATE: lambda _p, _s, m, _v, rng: _circulate(rng, m.circulation_w),
    PhaseKind.HEAT_CIRCULATE: lambda _p, _s, m, _v, rng: _steady(
        rng, m.heater_w + m.circulation_w, SLOW_BLOCK_S
    ),
    PhaseKind.DRY_REST: lambda _p, _s, _m, _v, rng: _dry_rest(rng),
}


def _mean(bounds: tuple[float, float]) -> float:
    return (bounds[0] + bounds[1]) / 2.0


def _duty(on_s: tuple[int, int], off_s: tuple[int, int]) -> float:
    return _mean(on_s) / (_mean(on_s) + _mean(off_s))


def _wash_mean(phase: PlannedPhase) -> float:
    duty = _duty(WASH_TUMBLE_S, WASH_PAUSE_S)
    return phase.watts * _mean(WASH_TUMBLE_SHARE) * duty + PAUSE_W * (1.0 - duty)


def _dry_mean(phase: PlannedPhase, machine: Machine) -> float:
    cycling = 1.0 - phase.cycling_from
    heat_share = phase.cycling_from + cycling * _duty(HEALTHY_ON_S, HEALTHY_OFF_S)
    return machine.heater_w * heat_share + machine.motor_w


def _circulate_mean(machine: Machine) -> float:
    duty = _duty(CIRCULATE_RUN_S, CIRCULATE_PAUSE_S)
    return machine.circulation_w * duty + DISHWASHER_PAUSE_W * (1.0 - duty)


_MEANS: Mapping[PhaseKind, Callable[[PlannedPhase, Machine], float]] = {
    PhaseKind.FILL: lambda _p, _m: (
        VALVE_W + _mean(FILL_TUMBLE_W) * _duty(FILL_TUMBLE_S, FILL_REST_S)
    ),
    PhaseKind.HEAT: lambda _p, m: (
        m.heater_w + _mean(HEAT_TUMBLE_W) * _duty(HEAT_TUMBLE_S, HEAT_REST_S)
    ),
    PhaseKind.WASH: lambda p, _m: _wash_mean(p),
    PhaseKind.SOAK: lambda _p, _m: SOAK_W,
    PhaseKind.DRAIN: lambda _p, m: m.pump_w,
    PhaseKind.SPIN: lambda p, _m: p.watts * SPIN_HOLD_SHARE,
    PhaseKind.DRY: _dry_mean,
    PhaseKind.COOL: lambda _p, m: m.motor_w,
    PhaseKind.INLET: lambda _p, _m: INLET_W,
    PhaseKind.CIRCULATE: lambda _p, m: _circulate_mean(m),
    PhaseKind.HEAT_CIRCULATE: lambda _p, m: m.heater_w + m.circulation_w,
    PhaseKind.DRY_REST: lambda _p, _m: _mean(DRY_REST_W),
}


def anti_crease(rng: random.Random, machine: Machine) -> Segments:
    """Return the endless pattern after a dryer's end: a short tumble every few minutes."""
    while True:
        yield PAUSE_W, rng.randint(*ANTI_CREASE_GAP_S)
        yield (
            noisy(rng, machine.motor_w * rng.uniform(*ANTI_CREASE_MOTOR_SHARE)),
            rng.randint(*ANTI_CREASE_TUMBLE_S),
        )


def _alternate(
    rng: random.Random,
    *,
    on_w: float,
    extra_w: tuple[float, float],
    on_s: tuple[int, int],
    off_w: float,
    off_s: tuple[int, int],
) -> Segments:
    while True:
        yield noisy(rng, on_w + rng.uniform(*extra_w)), rng.randint(*on_s)
        yield noisy(rng, off_w), rng.randint(*off_s)


def _steady(
    rng: random.Random, watts: float, block_s: int, noise_w: float | None = None
) -> Segments:
    while True:
        if noise_w is None:
            yield noisy(rng, watts), block_s
        else:
            yield max(0.0, rng.gauss(watts, noise_w)), block_s


def _wash(rng: random.Random, watts: float) -> Segments:
    while True:
        yield noisy(rng, watts * rng.uniform(*WASH_TUMBLE_SHARE)), rng.randint(*WASH_TUMBLE_S)
        yield noisy(rng, PAUSE_W), rng.randint(*WASH_PAUSE_S)


def _spin(rng: random.Random, peak_w: float, seconds: int) -> Segments:
    ramp_steps = max(1, round(seconds * SPIN_RAMP_SHARE / SPIN_STEP_S))
    coast_s = min(SPIN_COAST_S, seconds // 4)
    hold_s = max(0, seconds - ramp_steps * SPIN_STEP_S - coast_s)
    for step in range(1, ramp_steps + 1):
        share = SPIN_RAMP_FROM + (1.0 - SPIN_RAMP_FROM) * step / ramp_steps
        yield noisy(rng, peak_w * share), SPIN_STEP_S
    while hold_s > 0:
        block = min(STEADY_BLOCK_S, hold_s)
        yield noisy(rng, peak_w * SPIN_HOLD_SHARE), block
        hold_s -= block
    while True:
        yield noisy(rng, PAUSE_W), max(1, coast_s)


def _dry(
    rng: random.Random, machine: Machine, seconds: int, cycling_from: float, vent_severity: float
) -> Segments:
    # A blocked vent overheats the drum early: the thermostat cycles sooner and harder.
    cycling_at = round(seconds * cycling_from * (1.0 - vent_severity))
    heater = machine.heater_w
    motor = machine.motor_w
    elapsed = 0
    next_reverse = rng.randint(*REVERSE_EVERY_S)
    while True:
        if elapsed < cycling_at:
            run = max(1, min(next_reverse, cycling_at) - elapsed)
            yield noisy(rng, heater + motor), run
            elapsed += run
            if elapsed >= next_reverse:
                yield noisy(rng, heater + motor * REVERSE_MOTOR_SHARE), REVERSE_PAUSE_S
                elapsed += REVERSE_PAUSE_S
                next_reverse = elapsed + rng.randint(*REVERSE_EVERY_S)
            continue
        on_s = _blend(rng, HEALTHY_ON_S, CLOGGED_ON_S, vent_severity)
        off_s = _blend(rng, HEALTHY_OFF_S, CLOGGED_OFF_S, vent_severity)
        yield noisy(rng, heater + motor), on_s
        yield noisy(rng, motor), off_s
        elapsed += on_s + off_s


def _blend(
    rng: random.Random, healthy: tuple[int, int], faulty: tuple[int, int], severity: float
) -> int:
    return max(1, round((1.0 - severity) * rng.randint(*healthy) + severity * rng.randint(*faulty)))


def _circulate(rng: random.Random, pump_w: float) -> Segments:
    while True:
        yield (
            noisy(rng, pump_w * rng.uniform(*CIRCULATE_LEVEL_SHARE)),
            rng.randint(*CIRCULATE_RUN_S),
        )
        yield noisy(rng, DISHWASHER_PAUSE_W), rng.randint(*CIRCULATE_PAUSE_S)


def _dry_rest(rng: random.Random) -> Segments:
    while True:
        yield rng.uniform(*DRY_REST_W), RESTING_BLOCK_S
