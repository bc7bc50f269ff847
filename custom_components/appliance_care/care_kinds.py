"""Which findings and which maintenance buttons each kind of appliance has."""

from __future__ import annotations

from collections.abc import Mapping

from .engine.care import CareSubject, FindingKind as F, MaintenanceKind as M
from .engine.care.wording import ERROR_ADVICE

_LAUNDRY = (F.TUB_CLEAN_DUE, F.LAUNDRY_LEFT_IN, F.SMALL_LOAD, F.PROGRAM_DRIFT)
_DRYER = (F.LINT_FILTER_DUE, F.DRYING_TIME_DRIFT, F.HEATER_FAILURE)
_COLD = (
    F.DUTY_CYCLE_DRIFT,
    F.COMPRESSOR_NEVER_STOPS,
    F.COMPRESSOR_NEVER_STARTS,
    F.DEFROST_ANOMALY,
)
_FILTERS = (F.FILTER_REPLACE_SOON, F.FILTER_CLEAN_DUE)

FINDINGS: dict[CareSubject, tuple[F, ...]] = {
    CareSubject.WASHER: _LAUNDRY,
    # The care rules remind a washer-dryer of its tub only: its washes and dryings are not
    # told apart, so no lint-filter count (its clean can still be recorded).
    CareSubject.WASHER_DRYER: (*_LAUNDRY, F.DRYING_TIME_DRIFT, F.HEATER_FAILURE),
    CareSubject.DRYER: _DRYER,
    CareSubject.DISHWASHER: (F.DISHWASHER_FILTER_DUE, F.HEATING_MISSING, F.PROGRAM_DRIFT),
    CareSubject.REFRIGERATOR: _COLD,
    CareSubject.FREEZER: _COLD,
    CareSubject.OTHER: (F.PROGRAM_DRIFT,),
    CareSubject.AIR_CONDITIONER: _FILTERS,
    CareSubject.AIR_PURIFIER: _FILTERS,
    CareSubject.WATER_PURIFIER: (F.FILTER_REPLACE_SOON,),
}
"""Findings every appliance of a kind can have; more come with optional sensors below."""

WITH_DOOR = {
    CareSubject.REFRIGERATOR: (F.DOOR_OPEN_TOO_LONG,),
    CareSubject.FREEZER: (F.DOOR_OPEN_TOO_LONG,),
}
WITH_TEMPERATURE = {
    CareSubject.REFRIGERATOR: (F.TEMPERATURE_OUT_OF_RANGE,),
    CareSubject.FREEZER: (F.TEMPERATURE_OUT_OF_RANGE,),
}
WITH_VIBRATION = (CareSubject.WASHER, CareSubject.WASHER_DRYER)
HOLDS_WATER = (CareSubject.WASHER, CareSubject.WASHER_DRYER, CareSubject.DISHWASHER)
"""Appliances whose hoses and pumps can freeze in an unheated place."""

MAINTENANCE: dict[CareSubject, tuple[M, ...]] = {
    CareSubject.WASHER: (M.TUB_CLEAN, M.DESCALE),
    CareSubject.WASHER_DRYER: (M.TUB_CLEAN, M.LINT_FILTER_CLEAN, M.DESCALE),
    CareSubject.DRYER: (M.LINT_FILTER_CLEAN, M.CONDENSER_CLEAN),
    CareSubject.DISHWASHER: (M.FILTER_CLEAN, M.DESCALE),
    CareSubject.REFRIGERATOR: (M.CONDENSER_CLEAN,),
    CareSubject.FREEZER: (M.CONDENSER_CLEAN,),
    CareSubject.OTHER: (),
    CareSubject.AIR_CONDITIONER: (M.FILTER_CLEAN, M.FILTER_REPLACE),
    CareSubject.AIR_PURIFIER: (M.FILTER_CLEAN, M.FILTER_REPLACE),
    CareSubject.WATER_PURIFIER: (M.FILTER_REPLACE,),
}
"""Maintenance the user can record with a button."""


def finding_kinds(
    subject: CareSubject,
    *,
    door: bool = False,
    temperature: bool = False,
    vibration: bool = False,
    unheated: bool = False,
    error: bool = False,
    filter_life: bool = False,
) -> tuple[F, ...]:
    """Return the findings an appliance can have, given its optional sensors and place.

    A connected appliance adds its own error codes, and a filter it reports (a fridge's
    water filter) where its kind has none of its own.
    """
    kinds = list(FINDINGS[subject])
    if error:
        kinds.append(F.APPLIANCE_ERROR)
    if filter_life and F.FILTER_REPLACE_SOON not in kinds:
        kinds.append(F.FILTER_REPLACE_SOON)
    if door:
        kinds += WITH_DOOR.get(subject, ())
    if temperature:
        kinds += WITH_TEMPERATURE.get(subject, ())
    if vibration and subject in WITH_VIBRATION:
        kinds.append(F.FREQUENT_UNBALANCE)
    if unheated and subject in HOLDS_WATER:
        kinds.append(F.FREEZE_RISK)
    return tuple(kinds)


FILTERING = (CareSubject.AIR_CONDITIONER, CareSubject.AIR_PURIFIER, CareSubject.WATER_PURIFIER)
"""Appliances with a filter whose life is forecast from its use."""

OF_THE_MOMENT = frozenset({F.LAUNDRY_LEFT_IN, F.DOOR_OPEN_TOO_LONG})
"""Findings of the moment, over within minutes or hours: their problem sensor and the care
event tell them (and the blueprints notify); they need no decision, so no repair."""


def issue_key(kind: str, values: Mapping[str, object]) -> str:
    """Return the translation key of a finding's repair (and its described text).

    A connected machine's error has one text per cause, so its advice is translated.
    """
    if kind != F.APPLIANCE_ERROR:
        return str(kind)
    cause = values.get("cause")
    return f"{kind}_{cause if cause in ERROR_ADVICE else 'other'}"
