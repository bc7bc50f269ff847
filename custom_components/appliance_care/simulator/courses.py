"""Programs added to a machine after it left the factory: downloaded courses and firmware.

A course is a program recipe written as plain data, in the terms of `programs.py`:

    {"main": [{"phase": "fill", "seconds": 240},
              {"phase": "heat", "energy_wh": 1400},
              {"phase": "wash", "seconds": 1800, "watts": 230}, ...],
     "extra_rinse": [...], "final": [...]}

Only the phases a kind of machine has are accepted (a washer cannot dry), and every figure
must lie in the range real machines show, so that a course cannot stall or flood the
simulation.
"""

from collections.abc import Mapping
import math
import re
from types import MappingProxyType
from typing import Any

from .model import ApplianceKind, SimulationError
from .programs import HEATING_KINDS, PROGRAMS, PhaseKind, PhaseSpec, Program, builtin_recipe

PROGRAM_NAME = re.compile(r"[a-z0-9_]{1,64}")
"""Names of added programs: also their translation keys and catalog ids."""

COURSE_PHASES: Mapping[ApplianceKind, frozenset[PhaseKind]] = MappingProxyType(
    {
        ApplianceKind.WASHER: frozenset(
            {
                PhaseKind.FILL,
                PhaseKind.HEAT,
                PhaseKind.WASH,
                PhaseKind.SOAK,
                PhaseKind.DRAIN,
                PhaseKind.SPIN,
            }
        ),
        ApplianceKind.DRYER: frozenset({PhaseKind.DRY, PhaseKind.COOL}),
        ApplianceKind.DISHWASHER: frozenset(
            {
                PhaseKind.INLET,
                PhaseKind.CIRCULATE,
                PhaseKind.HEAT_CIRCULATE,
                PhaseKind.DRAIN,
                PhaseKind.DRY_REST,
            }
        ),
    }
)
"""The phases each kind of machine can run."""

# Motor-driven phases need a motor level; heating phases an energy.
MOTOR_KINDS = frozenset({PhaseKind.WASH, PhaseKind.SPIN})
# Limits of a course, from the longest built-in programs with a wide margin: the longest
# real phase lasts about 2 h (a dishwasher's eco main wash), the longest program 3 h 30.
MAX_PHASE_S = 2 * 3_600
MAX_PROGRAM_S = 6 * 3_600
MAX_PHASES = 80  # the longest built-in program has 27
# A 2 kW element heating for 1.25 h at full load; a boil wash needs about 2 kWh.
MAX_HEAT_WH = 2_500.0
# Spin peaks of 7-9 kg front loaders stay below 800 W.
MAX_MOTOR_W = 1_000.0

_PARTS = ("main", "extra_rinse", "final")
_PHASE_KEYS = frozenset({"phase", "seconds", "watts", "energy_wh", "cycling_from"})


def _invalid(reason: str) -> SimulationError:
    return SimulationError("invalid_course", reason)


def _number(phase: Mapping[str, Any], key: str, high: float) -> float:
    value = phase.get(key, 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid(f"{key} is not a number")
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= high:
        raise _invalid(f"{key} is out of range")
    return number


def _phase(data: Any) -> PhaseSpec:
    if not isinstance(data, Mapping):
        raise _invalid("a phase is not a mapping")
    if unknown := set(data) - _PHASE_KEYS:
        raise _invalid(f"unknown phase keys {sorted(unknown)}")
    try:
        kind = PhaseKind(str(data.get("phase")))
    except ValueError:
        raise _invalid(f"unknown phase {data.get('phase')!r}") from None
    return PhaseSpec(
        kind,
        seconds=_number(data, "seconds", MAX_PHASE_S),
        watts=_number(data, "watts", MAX_MOTOR_W),
        energy_wh=_number(data, "energy_wh", MAX_HEAT_WH),
        cycling_from=_number(data, "cycling_from", 1.0) if "cycling_from" in data else 1.0,
    )


def _phases(data: Any, part: str) -> tuple[PhaseSpec, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise _invalid(f"{part} is not a list")
    return tuple(_phase(item) for item in data)


def validate_program(kind: ApplianceKind, program: Program) -> None:
    """Raise SimulationError "invalid_course" unless a machine of `kind` can run `program`."""
    allowed = COURSE_PHASES.get(kind)
    if allowed is None:
        raise SimulationError("not_a_cycle_appliance", f"{kind} does not run programs")
    specs = (*program.main, *program.extra_rinse, *program.final)
    if not program.main:
        raise _invalid("the main part has no phase")
    if len(specs) > MAX_PHASES:
        raise _invalid("too many phases")
    total_s = 0.0
    for spec in specs:
        if spec.kind not in allowed:
            raise _invalid(f"a {kind} has no {spec.kind} phase")
        if spec.kind in HEATING_KINDS:
            if spec.energy_wh <= 0.0:
                raise _invalid(f"{spec.kind} needs energy_wh")
        elif spec.seconds < 1.0:
            raise _invalid(f"{spec.kind} needs seconds")
        if spec.kind in MOTOR_KINDS and spec.watts <= 0.0:
            raise _invalid(f"{spec.kind} needs watts")
        total_s += spec.seconds
    if total_s > MAX_PROGRAM_S:
        raise _invalid("the program is too long")


def parse_program(kind: ApplianceKind, data: Any) -> Program:
    """Return the recipe a course describes, or raise SimulationError "invalid_course"."""
    if not isinstance(data, Mapping):
        raise _invalid("a course is not a mapping")
    if unknown := set(data) - set(_PARTS):
        raise _invalid(f"unknown parts {sorted(unknown)}")
    program = Program(
        main=_phases(data.get("main"), "main"),
        extra_rinse=_phases(data.get("extra_rinse"), "extra_rinse"),
        final=_phases(data.get("final"), "final"),
    )
    validate_program(kind, program)
    return program


def _phase_to_mapping(spec: PhaseSpec) -> dict[str, Any]:
    figures = (
        ("seconds", spec.seconds, 0.0),
        ("watts", spec.watts, 0.0),
        ("energy_wh", spec.energy_wh, 0.0),
        ("cycling_from", spec.cycling_from, 1.0),
    )
    return {"phase": str(spec.kind)} | {
        key: value for key, value, default in figures if value != default
    }


def program_to_mapping(program: Program) -> dict[str, Any]:
    """Return a recipe as course data, JSON-serialisable; parse_program reads it back."""
    parts = zip(_PARTS, (program.main, program.extra_rinse, program.final), strict=True)
    return {part: [_phase_to_mapping(spec) for spec in specs] for part, specs in parts if specs}


class InstalledPrograms:
    """The programs added to one machine, by name, in the order they were added."""

    __slots__ = ("_kind", "_recipes")

    def __init__(self, kind: ApplianceKind) -> None:
        """Start with none: a machine as it left the factory."""
        self._kind = kind
        self._recipes: dict[str, Program] = {}

    @property
    def names(self) -> tuple[str, ...]:
        """Return the names of the added programs."""
        return tuple(self._recipes)

    def recipe(self, program: str) -> Program:
        """Return the recipe of a program, built in or added; raise "unknown_program"."""
        recipe = builtin_recipe(self._kind, program) or self._recipes.get(program)
        if recipe is None:
            raise SimulationError("unknown_program", f"{self._kind} has no program {program}")
        return recipe

    def install(self, name: str, recipe: Program, *, running: str | None) -> None:
        """Add a program, or replace the added one of the same name.

        `running` names the program that runs or waits to start, which cannot change.
        Raises SimulationError: "invalid_course", "program_exists" (a built-in program),
        "already_running".
        """
        if not PROGRAM_NAME.fullmatch(name):
            raise _invalid(f"{name!r} is not a program name")
        if name in PROGRAMS[self._kind]:
            raise SimulationError("program_exists", f"{self._kind} already has {name}")
        if name == running:
            raise SimulationError("already_running", f"{name} is running")
        validate_program(self._kind, recipe)
        self._recipes[name] = recipe

    def uninstall(self, name: str, *, running: str | None) -> None:
        """Remove an added program; raise "unknown_program" or "already_running"."""
        if name not in self._recipes:
            raise SimulationError("unknown_program", f"{self._kind} has no added {name}")
        if name == running:
            raise SimulationError("already_running", f"{name} is running")
        del self._recipes[name]

    def to_state(self) -> dict[str, Any]:
        """Return the added programs, JSON-serialisable."""
        return {name: program_to_mapping(recipe) for name, recipe in self._recipes.items()}

    def restore(self, state: Any) -> None:
        """Take saved programs; one that cannot be read is left out."""
        self._recipes = {}
        if not isinstance(state, Mapping):
            return
        for name, data in state.items():
            try:
                self.install(str(name), parse_program(self._kind, data), running=None)
            except SimulationError:
                continue
