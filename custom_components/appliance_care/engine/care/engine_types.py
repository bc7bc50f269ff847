"""What the care rules take from the rest of the engine, imported in one place.

The engine is loaded both as `custom_components.appliance_care.engine` and, by the scripts
and benchmarks, as the top-level package `engine`, so only relative imports work here.
"""

from .._state import (  # noqa: TID252 - see the module docstring
    StateError,
    as_numbers,
    get_float,
    get_int,
    get_list,
    get_mapping,
    get_opt_float,
    get_str,
)
from ..readings import parse_time  # noqa: TID252 - see the module docstring
from ..types import (  # noqa: TID252 - see the module docstring
    CompressorEvent,
    CompressorEventKind,
    CycleRecord,
    FinishReason,
    ProgramInfo,
)

__all__ = [
    "CompressorEvent",
    "CompressorEventKind",
    "CycleRecord",
    "FinishReason",
    "ProgramInfo",
    "StateError",
    "as_numbers",
    "get_float",
    "get_int",
    "get_list",
    "get_mapping",
    "get_opt_float",
    "get_str",
    "parse_time",
]
