"""Proactive care rules: findings before failure, and the maintenance log.

Plain Python like the rest of the engine. A CareMonitor per appliance takes finished cycles
(from a CycleTracker), compressor events and statistics (from a CompressorMonitor), and
sensor readings (door, temperatures, outdoor temperature and forecast, vibration, filter
usage); it raises and clears Findings with hysteresis and keeps the maintenance records.
"""

from .monitor import CareMonitor
from .reminders import reminder_kinds
from .replay import replay_care_alert
from .settings import (
    CareSettings,
    care_settings_from_mapping,
    care_settings_to_dict,
    default_care_settings,
)
from .state import CareStateError
from .types import (
    VALUE_KEYS,
    CareChange,
    CareSubject,
    Due,
    Finding,
    FindingKind,
    MaintenanceKind,
    MaintenanceRecord,
    Severity,
)

__all__ = [
    "VALUE_KEYS",
    "CareChange",
    "CareMonitor",
    "CareSettings",
    "CareStateError",
    "CareSubject",
    "Due",
    "Finding",
    "FindingKind",
    "MaintenanceKind",
    "MaintenanceRecord",
    "Severity",
    "care_settings_from_mapping",
    "care_settings_to_dict",
    "default_care_settings",
    "reminder_kinds",
    "replay_care_alert",
]
