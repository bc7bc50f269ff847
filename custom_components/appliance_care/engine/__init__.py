"""The care engine: cycle intelligence for appliances behind a power sensor.

Plain Python with no Home Assistant import, so scripts and benchmarks can load it as the
top-level package `engine`. Times are Unix seconds (float), power is watts.
"""

from ._state import StateError
from .compressor import CompressorMonitor
from .detector import CycleTracker
from .history import CycleHistory, MonthSummary
from .settings import (
    CompressorSettings,
    CycleSettings,
    compressor_settings_from_mapping,
    contradictions,
    cycle_settings_from_mapping,
    default_compressor_settings,
    default_settings,
    settings_to_dict,
)
from .types import (
    ApplianceType,
    CompressorEvent,
    CompressorEventKind,
    CycleEvent,
    CycleEventKind,
    CycleRecord,
    CycleStatus,
    FinishReason,
    ProgramInfo,
    Signature,
    UnloadReason,
)

__all__ = [
    "ApplianceType",
    "CompressorEvent",
    "CompressorEventKind",
    "CompressorMonitor",
    "CompressorSettings",
    "CycleEvent",
    "CycleEventKind",
    "CycleHistory",
    "CycleRecord",
    "CycleSettings",
    "CycleStatus",
    "CycleTracker",
    "FinishReason",
    "MonthSummary",
    "ProgramInfo",
    "Signature",
    "StateError",
    "UnloadReason",
    "compressor_settings_from_mapping",
    "contradictions",
    "cycle_settings_from_mapping",
    "default_compressor_settings",
    "default_settings",
    "settings_to_dict",
]
