"""What a demo home's subentry says about its simulation, read for the simulator."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from ..const import (
    CONF_FAULTS,
    CONF_HISTORY_WEEKS,
    CONF_SCHEDULES,
    CONF_SEED,
    CONF_SIMULATION,
    CONF_SPEED,
    DEFAULT_SEED,
    DEFAULT_SPEED,
    LOGGER,
)
from ..simulator import FAULTS, ApplianceKind, Fault, HomeSettings
from ..simulator.faults import FAULT_FOUND_WITHIN_S


def fault_option(kind: ApplianceKind, fault: Fault) -> str:
    """Return the options-flow value naming one fault of one appliance."""
    return f"{kind}_{fault}"


_FAULT_BY_OPTION: dict[str, tuple[ApplianceKind, Fault]] = {
    fault_option(kind, fault): (kind, fault) for kind, faults in FAULTS.items() for fault in faults
}
"""Every fault the simulator can inject, by its options-flow value (see fault_option)."""


def all_fault_options() -> list[str]:
    """Return every fault the simulator can inject, as options-flow values."""
    return list(_FAULT_BY_OPTION)


def fault_options() -> list[str]:
    """Return the faults the form offers, as options-flow values: those a care rule finds.

    Each is offered with the time its finding takes (FAULT_FOUND_WITHIN_S, measured by
    benchmarks/demo_faults.py). The simulator has more (an air conditioner's dusty
    condenser, a washer's scaled heater) that the demo's care rules do not find reliably;
    a home that has one from before still simulates it, and its form still lists it.
    """
    return [
        option
        for option, (kind, fault) in _FAULT_BY_OPTION.items()
        if fault in FAULT_FOUND_WITHIN_S.get(kind, {})
    ]


def settings_from_options(options: Mapping[str, Any], tz_offset: timedelta) -> HomeSettings:
    """Build simulator settings from a config entry's options.

    Schedules are entered as local times of day; the simulator runs on UTC.
    """
    faults: dict[ApplianceKind, set[Fault]] = {}
    for value in options.get(CONF_FAULTS, {}).get(CONF_FAULTS, []):
        if (found := _FAULT_BY_OPTION.get(str(value))) is None:
            LOGGER.warning("Ignoring unknown simulated fault %s", value)
            continue
        faults.setdefault(found[0], set()).add(found[1])
    schedules: dict[ApplianceKind, time] = {}
    for kind_text, value in options.get(CONF_SCHEDULES, {}).items():
        if not value:
            continue
        try:
            kind = ApplianceKind(kind_text)
            local = time.fromisoformat(str(value))
        except ValueError:
            LOGGER.warning("Ignoring invalid schedule %s for %s", value, kind_text)
            continue
        as_utc = datetime.combine(datetime(2000, 1, 1), local) - tz_offset  # noqa: DTZ001
        schedules[kind] = as_utc.time()
    seed = int(options.get(CONF_SIMULATION, {}).get(CONF_SEED, DEFAULT_SEED))
    return HomeSettings(
        seed=seed,
        faults={kind: frozenset(found) for kind, found in faults.items()},
        schedules=schedules,
    )


def speed_from_options(options: Mapping[str, Any]) -> float:
    """Return the simulation speed factor set in the options."""
    return float(options.get(CONF_SIMULATION, {}).get(CONF_SPEED, DEFAULT_SPEED))


def history_from_options(options: Mapping[str, Any]) -> timedelta:
    """Return how much past a new demo home starts with (none for homes made without)."""
    weeks = options.get(CONF_SIMULATION, {}).get(CONF_HISTORY_WEEKS, 0)
    return timedelta(weeks=weeks if isinstance(weeks, int | float) and weeks > 0 else 0)


FAULT_TOUR: tuple[tuple[ApplianceKind, Fault], ...] = (
    (ApplianceKind.WASHER, Fault.CLOGGED_DRAIN),
    (ApplianceKind.DRYER, Fault.CLOGGED_VENT),
    (ApplianceKind.DISHWASHER, Fault.HEATER_SCALE),
    (ApplianceKind.REFRIGERATOR, Fault.DOOR_SEAL),
)
"""One fault per appliance whose care rules find one, for a tour of findings (the one
found soonest, but for the dishwasher's scale, which shows its heating in the chart)."""


def fault_tour() -> list[str]:
    """Return the fault tour's faults as options-flow values."""
    return [fault_option(kind, fault) for kind, fault in FAULT_TOUR]
