"""Programs of the cycle appliances as sequences of phases, and the machines that run them.

Figures follow typical European appliances measured with metering plugs: a 7 kg front
loader with a 2 kW element, a vented tumble dryer with a 1.8-2 kW element and a drum
motor of about 220 W (vented, not heat pump: a clogged exhaust makes its thermostat cycle
the element), and a 60 cm dishwasher with a 2 kW flow heater. Recipes hold nominal values
at full load; a cycle scales them by its load and jitters every duration by a few percent.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
import random
from types import MappingProxyType

from .model import ApplianceKind


class PhaseKind(StrEnum):
    """What the machine does during a phase; decides its power pattern."""

    FILL = "fill"  # washer: inlet valve open, drum turning slowly
    HEAT = "heat"  # washer: element on while the drum turns
    WASH = "wash"  # washer: motor tumbling both ways with short pauses
    SOAK = "soak"  # washer: drum still, near-zero power
    DRAIN = "drain"  # washer, dishwasher: drain pump
    SPIN = "spin"  # washer: motor ramping up to spin speed
    DRY = "dry"  # dryer: element and drum motor
    COOL = "cool"  # dryer: drum motor only
    INLET = "inlet"  # dishwasher: inlet valve
    CIRCULATE = "circulate"  # dishwasher: circulation pump
    HEAT_CIRCULATE = "heat_circulate"  # dishwasher: flow heater while circulating
    DRY_REST = "dry_rest"  # dishwasher: drying on residual heat, near-zero power


HEATING_KINDS = frozenset({PhaseKind.HEAT, PhaseKind.HEAT_CIRCULATE})


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    """One phase of a program recipe, at full load."""

    kind: PhaseKind
    seconds: float = 0.0
    """Nominal duration (heating phases derive theirs from energy_wh)."""
    watts: float = 0.0
    """Motor level of a wash or peak of a spin."""
    energy_wh: float = 0.0
    """Heating phases: heat the water and the load need at full load."""
    cycling_from: float = 1.0
    """Dry phases: share of the phase after which the element cycles on its thermostat."""


@dataclass(frozen=True, slots=True)
class Program:
    """A program recipe; the extra rinse is inserted before the final rinse on oversudsing."""

    main: tuple[PhaseSpec, ...]
    final: tuple[PhaseSpec, ...] = ()
    extra_rinse: tuple[PhaseSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class PlannedPhase:
    """A phase of one cycle, scaled to its load; faults stretch it when it begins."""

    kind: PhaseKind
    seconds: int
    watts: float
    cycling_from: float
    seed: int


@dataclass(frozen=True, slots=True)
class Machine:
    """The electrical build of one simulated machine, drawn once per appliance."""

    heater_w: float
    motor_w: float
    pump_w: float
    circulation_w: float
    standby_w: float


_P = PhaseKind


def _washer_rinse(wash_s: float = 360.0, spin_w: float = 450.0) -> tuple[PhaseSpec, ...]:
    return (
        PhaseSpec(_P.FILL, 180),
        PhaseSpec(_P.WASH, wash_s, watts=180),
        PhaseSpec(_P.DRAIN, 90),
        PhaseSpec(_P.SPIN, 240, watts=spin_w),
    )


def _washer_final(spin_s: float, spin_w: float) -> tuple[PhaseSpec, ...]:
    return (
        PhaseSpec(_P.FILL, 180),
        PhaseSpec(_P.WASH, 360, watts=180),
        PhaseSpec(_P.DRAIN, 90),
        PhaseSpec(_P.SPIN, spin_s, watts=spin_w),
        # Loosening the laundry from the drum after the final spin.
        PhaseSpec(_P.WASH, 60, watts=90),
    )


def _dishwasher_fill_wash(wash_s: float) -> tuple[PhaseSpec, ...]:
    return (PhaseSpec(_P.INLET, 90), PhaseSpec(_P.CIRCULATE, wash_s))


_RECIPES: Mapping[ApplianceKind, Mapping[str, Program]] = MappingProxyType(
    {
        ApplianceKind.WASHER: MappingProxyType(
            {
                # About 2 h 15 and 0.8-1.0 kWh; a 10 min soak in the middle of the main wash.
                "cotton_40": Program(
                    main=(
                        PhaseSpec(_P.FILL, 240),
                        PhaseSpec(_P.HEAT, energy_wh=700),
                        PhaseSpec(_P.WASH, 2100, watts=220),
                        PhaseSpec(_P.SOAK, 600),
                        PhaseSpec(_P.WASH, 900, watts=220),
                        PhaseSpec(_P.DRAIN, 90),
                        PhaseSpec(_P.SPIN, 240, watts=400),
                        *_washer_rinse(),
                        *_washer_rinse(),
                    ),
                    extra_rinse=_washer_rinse(),
                    final=_washer_final(480, 580),
                ),
                # About 2 h 30 and 1.3-1.6 kWh.
                "cotton_60": Program(
                    main=(
                        PhaseSpec(_P.FILL, 240),
                        PhaseSpec(_P.HEAT, energy_wh=1250),
                        PhaseSpec(_P.WASH, 2400, watts=230),
                        PhaseSpec(_P.SOAK, 300),
                        PhaseSpec(_P.WASH, 600, watts=230),
                        PhaseSpec(_P.DRAIN, 90),
                        PhaseSpec(_P.SPIN, 240, watts=400),
                        *_washer_rinse(),
                        *_washer_rinse(),
                    ),
                    extra_rinse=_washer_rinse(),
                    final=_washer_final(600, 600),
                ),
                # Long and frugal: lower temperature, long soaks and a gentle wash, 3 h 30.
                "eco_40_60": Program(
                    main=(
                        PhaseSpec(_P.FILL, 300),
                        PhaseSpec(_P.HEAT, energy_wh=520),
                        PhaseSpec(_P.SOAK, 1200),
                        PhaseSpec(_P.WASH, 3600, watts=160),
                        PhaseSpec(_P.SOAK, 900),
                        PhaseSpec(_P.WASH, 1800, watts=160),
                        PhaseSpec(_P.DRAIN, 90),
                        PhaseSpec(_P.SPIN, 300, watts=400),
                        *_washer_rinse(),
                        *_washer_rinse(),
                    ),
                    extra_rinse=_washer_rinse(),
                    final=_washer_final(600, 580),
                ),
                # About 30 min, heated to 30 degrees, one rinse.
                "quick_30": Program(
                    main=(
                        PhaseSpec(_P.FILL, 150),
                        PhaseSpec(_P.HEAT, energy_wh=260),
                        PhaseSpec(_P.WASH, 480, watts=200),
                        PhaseSpec(_P.DRAIN, 60),
                        PhaseSpec(_P.SPIN, 120, watts=400),
                    ),
                    extra_rinse=_washer_rinse(240, 450),
                    final=(
                        PhaseSpec(_P.FILL, 120),
                        PhaseSpec(_P.WASH, 240, watts=180),
                        PhaseSpec(_P.DRAIN, 60),
                        PhaseSpec(_P.SPIN, 240, watts=550),
                    ),
                ),
            }
        ),
        ApplianceKind.DRYER: MappingProxyType(
            {
                # About 1 h 30 and 2-3 kWh; the element cycles once the load is nearly dry.
                "cotton_cupboard": Program(
                    main=(PhaseSpec(_P.DRY, 5100, cycling_from=0.65), PhaseSpec(_P.COOL, 600))
                ),
                "cotton_extra_dry": Program(
                    main=(PhaseSpec(_P.DRY, 5400, cycling_from=0.7), PhaseSpec(_P.COOL, 600))
                ),
                "cotton_iron": Program(
                    main=(PhaseSpec(_P.DRY, 4200, cycling_from=0.65), PhaseSpec(_P.COOL, 540))
                ),
                # Lower temperature: the thermostat starts cycling the element early.
                "synthetics": Program(
                    main=(PhaseSpec(_P.DRY, 4200, cycling_from=0.45), PhaseSpec(_P.COOL, 480))
                ),
            }
        ),
        ApplianceKind.DISHWASHER: MappingProxyType(
            {
                # About 3 h 30 and 0.8-1.0 kWh: a long lukewarm main wash and a long drying.
                "eco_50": Program(
                    main=(
                        *_dishwasher_fill_wash(600),
                        PhaseSpec(_P.DRAIN, 75),
                        PhaseSpec(_P.INLET, 90),
                        PhaseSpec(_P.HEAT_CIRCULATE, energy_wh=330),
                        PhaseSpec(_P.CIRCULATE, 5400),
                        PhaseSpec(_P.DRAIN, 75),
                        *_dishwasher_fill_wash(600),
                        PhaseSpec(_P.DRAIN, 75),
                        PhaseSpec(_P.INLET, 90),
                        PhaseSpec(_P.HEAT_CIRCULATE, energy_wh=380),
                        PhaseSpec(_P.CIRCULATE, 900),
                        PhaseSpec(_P.DRAIN, 75),
                        PhaseSpec(_P.DRY_REST, 3000),
                    )
                ),
                # About 2 h and 1.2-1.6 kWh.
                "auto_45_65": Program(
                    main=(
                        *_dishwasher_fill_wash(480),
                        PhaseSpec(_P.DRAIN, 75),
                        PhaseSpec(_P.INLET, 90),
                        PhaseSpec(_P.HEAT_CIRCULATE, energy_wh=640),
                        PhaseSpec(_P.CIRCULATE, 1800),
                        PhaseSpec(_P.DRAIN, 75),
                        *_dishwasher_fill_wash(420),
                        PhaseSpec(_P.DRAIN, 75),
                        PhaseSpec(_P.INLET, 90),
                        PhaseSpec(_P.HEAT_CIRCULATE, energy_wh=640),
                        PhaseSpec(_P.CIRCULATE, 600),
                        PhaseSpec(_P.DRAIN, 75),
                        PhaseSpec(_P.DRY_REST, 1800),
                    )
                ),
                # About 2 h 15 and 1.4-1.7 kWh: a heated prewash and hot main wash.
                "intensive_70": Program(
                    main=(
                        PhaseSpec(_P.INLET, 90),
                        PhaseSpec(_P.HEAT_CIRCULATE, energy_wh=280),
                        PhaseSpec(_P.CIRCULATE, 480),
                        PhaseSpec(_P.DRAIN, 75),
                        PhaseSpec(_P.INLET, 90),
                        PhaseSpec(_P.HEAT_CIRCULATE, energy_wh=620),
                        PhaseSpec(_P.CIRCULATE, 1500),
                        PhaseSpec(_P.DRAIN, 75),
                        *_dishwasher_fill_wash(420),
                        PhaseSpec(_P.DRAIN, 75),
                        PhaseSpec(_P.INLET, 90),
                        PhaseSpec(_P.HEAT_CIRCULATE, energy_wh=560),
                        PhaseSpec(_P.CIRCULATE, 600),
                        PhaseSpec(_P.DRAIN, 75),
                        PhaseSpec(_P.DRY_REST, 1800),
                    )
                ),
                # About 40 min and 0.5 kWh; hardly any drying.
                "quick_45": Program(
                    main=(
                        PhaseSpec(_P.INLET, 60),
                        PhaseSpec(_P.HEAT_CIRCULATE, energy_wh=250),
                        PhaseSpec(_P.CIRCULATE, 600),
                        PhaseSpec(_P.DRAIN, 60),
                        PhaseSpec(_P.INLET, 60),
                        PhaseSpec(_P.CIRCULATE, 240),
                        PhaseSpec(_P.DRAIN, 60),
                        PhaseSpec(_P.INLET, 60),
                        PhaseSpec(_P.HEAT_CIRCULATE, energy_wh=200),
                        PhaseSpec(_P.CIRCULATE, 240),
                        PhaseSpec(_P.DRAIN, 60),
                        PhaseSpec(_P.DRY_REST, 240),
                    )
                ),
            }
        ),
    }
)

PROGRAMS: Mapping[ApplianceKind, tuple[str, ...]] = MappingProxyType(
    {kind: tuple(_RECIPES.get(kind, {})) for kind in ApplianceKind}
)
"""Program keys per kind (empty for appliances without programs); the first is the default."""

# Load of a cycle as a share of the rated capacity; people rarely run a machine nearly empty.
LOAD_MIN = 0.45
LOAD_MAX = 1.0
# Every phase lasts a few percent more or less than nominal (sensors, water pressure).
DURATION_JITTER = 0.07
# Share of a washer's heating energy that does not depend on the load (drum, tub, water
# for an empty drum); the rest grows with the laundry and the water it takes up.
WASHER_HEAT_FIXED_SHARE = 0.55
# A dishwasher takes about the same water whatever the load; dishes add a little mass.
DISHWASHER_HEAT_FIXED_SHARE = 0.85
# Drying time is mostly the water in the load, plus heating up the drum.
DRYER_FIXED_SHARE = 0.45
# Spin and tumble power grow with the mass in the drum.
MOTOR_FIXED_SHARE = 0.8
SECONDS_PER_WH_AT_1_W = 3_600.0

# Ranges of the electrical parts, drawn once per machine (datasheets of typical models).
_HEATER_W = {
    ApplianceKind.WASHER: (1_950.0, 2_150.0),
    ApplianceKind.DRYER: (1_800.0, 2_000.0),
    ApplianceKind.DISHWASHER: (1_850.0, 2_100.0),
}
DRUM_MOTOR_W = (200.0, 240.0)  # dryer drum and fan motor
DRAIN_PUMP_W = (36.0, 55.0)  # synchronous drain pumps
CIRCULATION_PUMP_W = (55.0, 80.0)  # dishwasher wash pump
STANDBY_W = (0.6, 1.2)  # off-cycle electronics


def _load_share(fixed: float, load: float) -> float:
    return fixed + (1.0 - fixed) * load


def make_machine(kind: ApplianceKind, rng: random.Random) -> Machine:
    """Draw the electrical build of one machine of a cycle kind."""
    heater = _HEATER_W.get(kind, (0.0, 0.0))
    return Machine(
        heater_w=rng.uniform(*heater),
        motor_w=rng.uniform(*DRUM_MOTOR_W),
        pump_w=rng.uniform(*DRAIN_PUMP_W),
        circulation_w=rng.uniform(*CIRCULATION_PUMP_W),
        standby_w=rng.uniform(*STANDBY_W),
    )


def builtin_recipe(kind: ApplianceKind, program: str) -> Program | None:
    """Return the recipe of a program a machine comes with from the factory, if it has it."""
    return _RECIPES.get(kind, {}).get(program)


def build_plan(
    kind: ApplianceKind, recipe: Program, cycle_seed: int, machine: Machine, *, extra_rinse: bool
) -> tuple[PlannedPhase, ...]:
    """Return the phases of one cycle of a recipe, all drawn from the cycle's own seed.

    Every draw is made whether or not the extra rinse is used, so that the same seed gives
    the same load and durations with and without oversudsing.
    """
    rng = random.Random(cycle_seed)  # noqa: S311 - a simulation, not security
    load = rng.uniform(LOAD_MIN, LOAD_MAX)
    heat_share = _load_share(
        DISHWASHER_HEAT_FIXED_SHARE
        if kind is ApplianceKind.DISHWASHER
        else WASHER_HEAT_FIXED_SHARE,
        load,
    )
    dry_share = _load_share(DRYER_FIXED_SHARE, load)
    motor_share = _load_share(MOTOR_FIXED_SHARE, load)
    planned: dict[str, list[PlannedPhase]] = {"main": [], "extra": [], "final": []}
    for part, specs in (
        ("main", recipe.main),
        ("extra", recipe.extra_rinse),
        ("final", recipe.final),
    ):
        for spec in specs:
            jitter = rng.uniform(1.0 - DURATION_JITTER, 1.0 + DURATION_JITTER)
            seconds = spec.seconds
            if spec.kind in HEATING_KINDS:
                seconds = spec.energy_wh * heat_share / machine.heater_w * SECONDS_PER_WH_AT_1_W
            elif spec.kind is PhaseKind.DRY:
                seconds *= dry_share
            planned[part].append(
                PlannedPhase(
                    kind=spec.kind,
                    seconds=max(1, round(seconds * jitter)),
                    watts=spec.watts * motor_share,
                    cycling_from=spec.cycling_from,
                    seed=rng.getrandbits(32),
                )
            )
    extra = planned["extra"] if extra_rinse else []
    return (*planned["main"], *extra, *planned["final"])
