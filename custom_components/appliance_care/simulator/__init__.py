"""Appliance simulator: a home of appliances behind smart-plug power sensors.

Plain Python (standard library only), deterministic for a given seed and cheap to run,
so that software written for real metering plugs can be developed and tested on it.
"""

from .courses import parse_program, program_to_mapping
from .home import SimulatedHome
from .model import (
    CYCLE_KINDS,
    DEFAULT_SCHEDULES,
    FAULTS,
    FIRMWARE_VERSIONS,
    ApplianceKind,
    ApplianceSnapshot,
    Fault,
    HomeSettings,
    PlugSettings,
    SimulationError,
)
from .programs import PROGRAMS, Program
from .trace import write_trace

__all__ = [
    "CYCLE_KINDS",
    "DEFAULT_SCHEDULES",
    "FAULTS",
    "FIRMWARE_VERSIONS",
    "PROGRAMS",
    "ApplianceKind",
    "ApplianceSnapshot",
    "Fault",
    "HomeSettings",
    "PlugSettings",
    "Program",
    "SimulatedHome",
    "SimulationError",
    "parse_program",
    "program_to_mapping",
    "write_trace",
]
