"""Plain-English advice per finding kind and number formatting for evidence texts.

Home Assistant shows translated texts built from `Finding.values`; these English texts are
for logs, the replay script and diagnostics.
"""

from __future__ import annotations

import time

from .types import FindingKind, MaintenanceKind

MINUTE_S = 60.0
HOUR_S = 3600.0
DAY_S = 86_400.0
PERCENT = 100.0
# Durations under this are written in minutes, longer ones in hours and minutes.
MINUTES_UP_TO_S = 90.0 * MINUTE_S
# Durations beyond this are written in days.
HOURS_UP_TO_S = 72.0 * HOUR_S

ADVICE: dict[FindingKind, str] = {
    FindingKind.TUB_CLEAN_DUE: (
        "Run a tub-clean program (or the hottest program) with the drum empty, then leave "
        "the door and the detergent drawer ajar to dry."
    ),
    FindingKind.LAUNDRY_LEFT_IN: (
        "Take the laundry out and leave the door ajar: damp laundry in a closed drum starts "
        "to smell."
    ),
    FindingKind.SMALL_LOAD: (
        "Fill the drum (a hand's width above the laundry) to save water and energy per load."
    ),
    FindingKind.PROGRAM_DRIFT: (
        "Clean the drain pump filter and check the drain hose for kinks; if the machine adds "
        "rinses because of foam, use less detergent and run a tub clean."
    ),
    FindingKind.FREQUENT_UNBALANCE: (
        "Wash bulky items together with a few small ones, do not overload the drum, and "
        "check that the machine stands level and firm on all four feet."
    ),
    FindingKind.FREEZE_RISK: (
        "Close the water tap to the appliance and drain its pump and hoses as the manual "
        "says, or heat the room."
    ),
    FindingKind.LINT_FILTER_DUE: (
        "Clean the lint filter (and the condenser or heat-exchanger filter of a condenser dryer)."
    ),
    FindingKind.DRYING_TIME_DRIFT: (
        "Clean the lint filter, then check the exhaust duct and the outside vent flap for "
        "lint: a blocked vent overheats the dryer and is a fire risk."
    ),
    FindingKind.HEATER_FAILURE: (
        "The dryer no longer heats: check the program settings, then have the heating "
        "element and its thermal fuse checked."
    ),
    FindingKind.DISHWASHER_FILTER_DUE: (
        "Take out the filters at the bottom of the tub and rinse them under the tap."
    ),
    FindingKind.HEATING_MISSING: (
        "The dishwasher no longer heats its water, so dishes are not sanitised: have the "
        "heater and its temperature sensor checked."
    ),
    FindingKind.DUTY_CYCLE_DRIFT: (
        "Check the door seal (it should grip a sheet of paper), vacuum the condenser coils "
        "at the back or underneath, and leave room for air around the appliance."
    ),
    FindingKind.COMPRESSOR_NEVER_STOPS: (
        "Check that the door is closed and the condenser free of dust; if the compressor "
        "keeps running, call a technician (refrigerant leak or a faulty thermostat)."
    ),
    FindingKind.COMPRESSOR_NEVER_STARTS: (
        "Check that the appliance is cold inside and switched on; if it is warming up, move "
        "the food elsewhere and call a technician."
    ),
    FindingKind.DOOR_OPEN_TOO_LONG: "Close the door and check that nothing keeps it open.",
    FindingKind.TEMPERATURE_OUT_OF_RANGE: (
        "Check the door and the temperature setting; chilled food kept above 8 degrees for "
        "more than two hours may be unsafe."
    ),
    FindingKind.DEFROST_ANOMALY: (
        "Defrosting no longer works as it did and ice may build up on the evaporator: have "
        "the defrost heater, its timer and its sensor checked."
    ),
    FindingKind.FILTER_REPLACE_SOON: "Order a replacement filter and fit it when it is due.",
    FindingKind.FILTER_CLEAN_DUE: (
        "Take out the filter and clean it (vacuum it, or rinse and dry it, as the manual says)."
    ),
}

DISHWASHER_DRIFT_ADVICE = (
    "Clean the filters at the bottom of the tub and check the drain hose for kinks; if the "
    "water is hard, refill the salt and run a descaling program."
)
HEATER_DRIFT_ADVICE = (
    "Heating takes ever longer, typically limescale on the heater: run a descaling program "
    "(and check the salt of a dishwasher)."
)
COLD_ADVICE = "Set the thermostat warmer: fresh food is freezing."
AIR_CONDITIONER_DUTY_ADVICE = (
    "Clean the filters, then have the outdoor unit's condenser coil cleaned and check that "
    "nothing blocks its air flow; if it stays, have the refrigerant charge checked."
)

ERROR_ADVICE: dict[str, str] = {
    "water_supply": (
        "Check that the water tap is fully open, the inlet hose is not kinked or frozen, and "
        "the filter screen where the hose meets the machine is clean."
    ),
    "drain": (
        "Clean the drain pump filter and check the drain hose for kinks or a blocked outlet."
    ),
    "door": "Close the door firmly; remove anything caught in the seal, then restart.",
    "unbalanced": (
        "Spread the load evenly or add items to balance it, and check the machine stands level."
    ),
    "leak": (
        "Stop the machine, close the water tap and unplug it, wipe up the water and have the "
        "leak found before the next use."
    ),
    "overflow": (
        "Stop the machine and close the water tap: it filled too high. Use less detergent; "
        "if it repeats, have the inlet valve and level sensor checked."
    ),
    "heating": "The water or air is not heating: have the heater and its sensor checked.",
    "temperature_sensor": "A temperature sensor reads wrongly: have it checked.",
    "motor": "Switch off, wait a few minutes and restart; if it repeats, have the motor checked.",
    "vent": (
        "Clean the filters and check that the exhaust duct or air vents are free of lint and dust."
    ),
    "cooling": (
        "Keep the vents free and the door shut; if it does not cool within a day, have the "
        "compressor and refrigerant checked."
    ),
    "power_supply": (
        "Check the plug, socket and supply voltage; switch off and have it checked if the "
        "error returns."
    ),
    "communication": (
        "Switch the appliance off at the wall for a minute and on again; if the error "
        "returns, have its control boards checked."
    ),
    "detergent": "Use less or the right detergent for the machine, and clean the dispenser.",
    "other": "Look the code up in the appliance's manual; if it returns, call for service.",
}
"""Advice per cause of a connected machine's error code (the integration tables map codes
to these causes)."""

FIX: dict[FindingKind, MaintenanceKind] = {
    FindingKind.APPLIANCE_ERROR: MaintenanceKind.REPAIR,
    FindingKind.TUB_CLEAN_DUE: MaintenanceKind.TUB_CLEAN,
    FindingKind.LINT_FILTER_DUE: MaintenanceKind.LINT_FILTER_CLEAN,
    FindingKind.DISHWASHER_FILTER_DUE: MaintenanceKind.FILTER_CLEAN,
    FindingKind.FILTER_CLEAN_DUE: MaintenanceKind.FILTER_CLEAN,
    FindingKind.FILTER_REPLACE_SOON: MaintenanceKind.FILTER_REPLACE,
    FindingKind.PROGRAM_DRIFT: MaintenanceKind.FILTER_CLEAN,
    FindingKind.DRYING_TIME_DRIFT: MaintenanceKind.LINT_FILTER_CLEAN,
    FindingKind.HEATER_FAILURE: MaintenanceKind.REPAIR,
    FindingKind.HEATING_MISSING: MaintenanceKind.REPAIR,
    FindingKind.DUTY_CYCLE_DRIFT: MaintenanceKind.CONDENSER_CLEAN,
    FindingKind.DEFROST_ANOMALY: MaintenanceKind.REPAIR,
}
"""The maintenance whose record resolves a finding (the Repairs "I did it" flow)."""

RESOLVED_BY: dict[MaintenanceKind, frozenset[FindingKind]] = {
    MaintenanceKind.TUB_CLEAN: frozenset({FindingKind.TUB_CLEAN_DUE, FindingKind.PROGRAM_DRIFT}),
    MaintenanceKind.FILTER_CLEAN: frozenset(
        {
            FindingKind.DISHWASHER_FILTER_DUE,
            FindingKind.FILTER_CLEAN_DUE,
            FindingKind.PROGRAM_DRIFT,
        }
    ),
    MaintenanceKind.FILTER_REPLACE: frozenset(
        {FindingKind.FILTER_REPLACE_SOON, FindingKind.FILTER_CLEAN_DUE}
    ),
    MaintenanceKind.DESCALE: frozenset({FindingKind.PROGRAM_DRIFT}),
    MaintenanceKind.LINT_FILTER_CLEAN: frozenset(
        {FindingKind.LINT_FILTER_DUE, FindingKind.DRYING_TIME_DRIFT}
    ),
    MaintenanceKind.CONDENSER_CLEAN: frozenset({FindingKind.DUTY_CYCLE_DRIFT}),
    MaintenanceKind.REPAIR: frozenset(
        {
            FindingKind.APPLIANCE_ERROR,
            FindingKind.PROGRAM_DRIFT,
            FindingKind.DRYING_TIME_DRIFT,
            FindingKind.HEATER_FAILURE,
            FindingKind.HEATING_MISSING,
            FindingKind.DUTY_CYCLE_DRIFT,
            FindingKind.DEFROST_ANOMALY,
            FindingKind.COMPRESSOR_NEVER_STOPS,
            FindingKind.COMPRESSOR_NEVER_STARTS,
            FindingKind.FREQUENT_UNBALANCE,
        }
    ),
}
"""Findings that recording each kind of maintenance clears at once (and whose detectors
start over); the fix of a finding is always among them."""


def duration_text(seconds: float) -> str:
    """Return a duration in words: '45 min', '2 h 10 min', '3 days'."""
    seconds = max(0.0, seconds)
    if seconds < MINUTES_UP_TO_S:
        return f"{round(seconds / MINUTE_S)} min"
    if seconds < HOURS_UP_TO_S:
        hours, minutes = divmod(round(seconds / MINUTE_S), round(HOUR_S / MINUTE_S))
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{round(seconds / DAY_S)} days"


def signed_pct(ratio: float) -> int:
    """Return a ratio such as 1.12 as the change in whole percent (12)."""
    return round((ratio - 1.0) * PERCENT)


def date_text(at: float) -> str:
    """Return a Unix time as an ISO date (UTC)."""
    return time.strftime("%Y-%m-%d", time.gmtime(at))
