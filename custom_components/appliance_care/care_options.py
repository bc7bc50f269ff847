"""The care thresholds a user may sensibly tune, as options-flow fields.

Most care thresholds are statistics a user has no reason to touch; these are the ones a
household may want otherwise (how often to clean a tub, how cold counts as frost). Hold
times show in minutes like the cycle thresholds do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import UnitOfTemperature
from homeassistant.helpers.selector import NumberSelectorConfig, NumberSelectorMode
from homeassistant.util.unit_conversion import TemperatureConverter

from .const import CONF_AMBIENT_SENSOR, CONF_TEMPERATURE_SENSOR, CONF_UNHEATED
from .engine.care import (
    CareSettings,
    CareSubject,
    care_settings_from_mapping,
    care_settings_to_dict,
)

SECONDS_PER_MINUTE = 60.0
_WASHES = (CareSubject.WASHER, CareSubject.WASHER_DRYER)
_COLD = (CareSubject.REFRIGERATOR, CareSubject.FREEZER)
_FILTERED = (CareSubject.AIR_CONDITIONER, CareSubject.AIR_PURIFIER, CareSubject.WATER_PURIFIER)
_HOLDS_WATER = (*_WASHES, CareSubject.DISHWASHER)

_BY_SUBJECT: dict[CareSubject, tuple[str, ...]] = {
    CareSubject.WASHER: (
        "tub_clean_due_cycles",
        "tub_clean_interval_days",
        "laundry_left_in_min",
        "small_load_energy_ratio",
    ),
    CareSubject.DRYER: ("lint_filter_due_cycles",),
    CareSubject.DISHWASHER: ("dishwasher_filter_due_cycles", "dishwasher_filter_interval_days"),
    CareSubject.REFRIGERATOR: ("door_open_warning_min", "temperature_high_c", "temperature_low_c"),
    CareSubject.AIR_CONDITIONER: ("filter_clean_interval_days", "filter_notice_days"),
    CareSubject.AIR_PURIFIER: ("filter_clean_interval_days", "filter_notice_days"),
    CareSubject.WATER_PURIFIER: ("filter_notice_days",),
}
_BY_SUBJECT[CareSubject.WASHER_DRYER] = (
    *_BY_SUBJECT[CareSubject.WASHER],
    *_BY_SUBJECT[CareSubject.DRYER],
)
_BY_SUBJECT[CareSubject.FREEZER] = _BY_SUBJECT[CareSubject.REFRIGERATOR]
_FREEZE = "freeze_threshold_c"
_CELSIUS = "_c"
# Bounds of the form's number boxes: wide enough for any household, narrow enough to catch
# a typo (a tub clean every 1,000 cycles, a fridge "too warm" at 60 degrees).
_RANGES: dict[str, tuple[float, float, float]] = {
    "_cycles": (1, 500, 1),
    "_days": (1, 365, 1),
    "_min": (1, 24 * 60, 1),
    "_ratio": (0.05, 1, 0.05),
    "_c": (-40, 40, 0.5),
}


def place_fields(subject: CareSubject) -> tuple[str, ...]:
    """Return the fields of where an appliance stands that its care rules read.

    The compartment and room temperatures are read for fridges and freezers (the room
    corrects their duty cycle); an unheated place matters to those and to appliances that
    hold water (freeze risk, from the home's outdoor temperature and forecast).
    """
    if subject in _COLD:
        return (CONF_UNHEATED, CONF_TEMPERATURE_SENSOR, CONF_AMBIENT_SENSOR)
    if subject in _HOLDS_WATER:
        return (CONF_UNHEATED,)
    return ()


def care_option_keys(subject: CareSubject, *, unheated: bool) -> tuple[str, ...]:
    """Return the care options shown for an appliance."""
    keys = _BY_SUBJECT.get(subject, ())
    if unheated and subject in _HOLDS_WATER:
        keys = (*keys, _FREEZE)
    return keys


def _field(key: str) -> str:
    return key.removesuffix("_min") + "_s" if key.endswith("_min") else key


def _shown_temperature(celsius: float, unit: str) -> float:
    if unit == UnitOfTemperature.CELSIUS:
        return celsius
    converted = TemperatureConverter.convert(celsius, UnitOfTemperature.CELSIUS, unit)
    return round(converted * 2) / 2


def care_options(settings: CareSettings, keys: tuple[str, ...], unit: str) -> dict[str, float]:
    """Return the settings' values for the given option keys as the form shows them.

    Hold times in minutes; temperatures in `unit`, the installation's.
    """
    values = care_settings_to_dict(settings)
    shown: dict[str, float] = {}
    for key in keys:
        value = float(values[_field(key)])
        if key.endswith("_min"):
            value = round(value / SECONDS_PER_MINUTE, 2)
        elif key.endswith(_CELSIUS):
            value = _shown_temperature(value, unit)
        shown[key] = value
    return shown


def care_options_to_show(stored: Mapping[str, Any], unit: str) -> dict[str, Any]:
    """Return saved care options (temperatures in °C) as the form shows them."""
    return {
        key: _shown_temperature(float(value), unit)
        if key.endswith(_CELSIUS) and isinstance(value, int | float)
        else value
        for key, value in stored.items()
    }


def care_options_to_store(shown: Mapping[str, Any], unit: str) -> dict[str, Any]:
    """Return care options typed in the form (temperatures in `unit`) as saved, in °C."""
    if unit == UnitOfTemperature.CELSIUS:
        return dict(shown)
    return {
        key: round(TemperatureConverter.convert(float(value), unit, UnitOfTemperature.CELSIUS), 2)
        if key.endswith(_CELSIUS) and isinstance(value, int | float)
        else value
        for key, value in shown.items()
    }


def care_settings_from_options(subject: CareSubject, options: Mapping[str, Any]) -> CareSettings:
    """Return the subject's care defaults with the options over them.

    Raises TypeError or ValueError for values the care rules refuse.
    """
    values: dict[str, object] = {}
    for key, value in options.items():
        if key.endswith("_min") and isinstance(value, int | float):
            values[_field(key)] = float(value) * SECONDS_PER_MINUTE
        else:
            values[_field(key)] = value
    return care_settings_from_mapping(subject, values)


def care_selector_config(key: str, temperature_unit: str) -> NumberSelectorConfig:
    """Return the number box of one care option (temperatures in `temperature_unit`)."""
    for suffix, (low, high, step) in _RANGES.items():
        if not key.endswith(suffix):
            continue
        lowest, highest = (
            (_shown_temperature(low, temperature_unit), _shown_temperature(high, temperature_unit))
            if suffix == _CELSIUS
            else (low, high)
        )
        config = NumberSelectorConfig(
            min=lowest, max=highest, step=step, mode=NumberSelectorMode.BOX
        )
        config["unit_of_measurement"] = {
            "_min": "min",
            "_days": "d",
            "_cycles": "cycles",
            "_ratio": "\N{MULTIPLICATION SIGN}",
            _CELSIUS: temperature_unit,
        }[suffix]
        return config
    return NumberSelectorConfig(min=0, max=100_000, step=0.1, mode=NumberSelectorMode.BOX)
