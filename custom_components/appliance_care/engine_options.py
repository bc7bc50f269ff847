"""Engine settings as options-flow fields: names, units and conversions.

The engine counts seconds, watts and watt-hours; people think of hold times in minutes.
Each engine field ending in `_s` appears in the options as `<name>_min`, in minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from .engine import (
    ApplianceType,
    CompressorSettings,
    CycleSettings,
    compressor_settings_from_mapping,
    cycle_settings_from_mapping,
    default_compressor_settings,
    default_settings,
    settings_to_dict,
)

SECONDS_PER_MINUTE = 60.0
_SECONDS_SUFFIX = "_s"
_MINUTES_SUFFIX = "_min"


def option_key(field_name: str) -> str:
    """Return the options key of an engine settings field."""
    if field_name.endswith(_SECONDS_SUFFIX):
        return field_name.removesuffix(_SECONDS_SUFFIX) + _MINUTES_SUFFIX
    return field_name


def option_unit(key: str) -> str | None:
    """Return the unit shown beside an options field."""
    for suffix, unit in (
        ("_min", "min"),
        ("_wh", "Wh"),
        ("_w", "W"),
        ("_ratio", "\N{MULTIPLICATION SIGN}"),
    ):
        if key.endswith(suffix):
            return unit
    return None


def defaults_for(appliance_type: ApplianceType) -> CycleSettings | CompressorSettings:
    """Return the engine's defaults for an appliance type."""
    if appliance_type.has_cycles:
        return default_settings(appliance_type)
    return default_compressor_settings(appliance_type)


def settings_as_options(settings: CycleSettings | CompressorSettings) -> dict[str, float]:
    """Return engine settings as options values (minutes for hold times)."""
    values: dict[str, float] = {}
    for name, value in settings_to_dict(settings).items():
        if name.endswith(_SECONDS_SUFFIX):
            values[option_key(name)] = round(value / SECONDS_PER_MINUTE, 2)
        else:
            values[option_key(name)] = value
    return values


def settings_from_options(
    appliance_type: ApplianceType, options: Mapping[str, Any]
) -> CycleSettings | CompressorSettings:
    """Return engine settings: the type's defaults with the options' values over them.

    Raises ValueError or TypeError for values the engine refuses.
    """
    base = defaults_for(appliance_type)
    values: dict[str, object] = {}
    for field in fields(base):
        key = option_key(field.name)
        if key not in options:
            continue
        value = options[key]
        if field.name.endswith(_SECONDS_SUFFIX) and isinstance(value, int | float):
            value = float(value) * SECONDS_PER_MINUTE
        values[field.name] = value
    if appliance_type.has_cycles:
        return cycle_settings_from_mapping(appliance_type, values)
    return compressor_settings_from_mapping(appliance_type, values)


def option_fields(appliance_type: ApplianceType) -> list[str]:
    """Return the options keys of an appliance type, in the engine's order."""
    return [option_key(field.name) for field in fields(defaults_for(appliance_type))]
