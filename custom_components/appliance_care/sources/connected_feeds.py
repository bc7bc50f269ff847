"""What a connected appliance's entities give, and how their states read.

The entities of a device are matched against its integration's table (lg_thinq.py,
smartthings.py, home_connect.py), or taken as the user chose them for any other device
(the generic path). Their states are converted here, at the boundary: remaining time in
seconds, a finish time as Unix seconds, a filter's life left as life used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, UnitOfTime
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import DurationConverter

from ..const import (
    CONF_DEVICE_ID,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_FINISH_ENTITY,
    CONF_INTEGRATION,
    CONF_POWER_SENSOR,
    CONF_PROGRAM_ENTITY,
    CONF_REMAINING_ENTITY,
    CONF_RUN_STATE_ENTITY,
    CONF_STATE_MAP,
)
from ..engine.machine_run import Run
from ..engine.signals import SignalKind
from . import home_connect, lg_thinq, smartthings
from .connected_map import EntityRule, IntegrationMap, Signal
from .power_sensor import energy_watt_hours, power_watts, state_number

MAPS: Mapping[str, IntegrationMap] = MappingProxyType(
    {m.domain: m for m in (lg_thinq.MAP, smartthings.MAP, home_connect.MAP)}
)
"""The integrations whose appliance devices are read through a table."""

_KIND_OF: Mapping[Signal, SignalKind] = MappingProxyType(
    {
        Signal.RUN_STATE: SignalKind.RUN_STATE,
        Signal.PROGRAM: SignalKind.PROGRAM,
        Signal.REMAINING: SignalKind.REMAINING,
        Signal.FINISH_AT: SignalKind.FINISH_AT,
        Signal.DOOR: SignalKind.DOOR,
        Signal.TUB_CLEAN_COUNT: SignalKind.TUB_CLEAN_COUNT,
        Signal.FILTER_LEFT: SignalKind.FILTER_USED,
        Signal.ERROR: SignalKind.ERROR,
        Signal.POWER: SignalKind.POWER,
        Signal.ENERGY: SignalKind.ENERGY,
    }
)
"""The engine signal each table signal gives (progress is shown by the machine only)."""

_OPEN = frozenset({"open", "opened", "ajar", "on", "true"})
_SHUT = frozenset({"closed", "close", "locked", "unlocked", "off", "false"})
NO_VALUE = frozenset({STATE_UNAVAILABLE, STATE_UNKNOWN, "", "none"})
_PERCENT = 100.0
# A program name a machine reports as a key ("cotton_eco") is shown with spaces.
_MAX_PROGRAM_CHARS = 64


@dataclass(frozen=True, kw_only=True)
class Feed:
    """One entity the appliance reads, and how its states read."""

    kind: SignalKind
    reference: str
    """Its entity registry id (or entity id)."""
    key: str
    """Names the feed among the appliance's (several entities may tell the run state)."""
    states: Mapping[str, Run] = field(default_factory=lambda: MappingProxyType({}))
    no_error: frozenset[str] = frozenset()
    code: str | None = None
    """ERROR: the code the entity stands for, where its state only says whether the fault
    is present (Home Connect's event sensors: the code ends the unique id)."""
    is_event: bool = False
    """An event entity: its news is the event type of each new event."""


def rule_for(integration: IntegrationMap, entry: er.RegistryEntry) -> EntityRule | None:
    """Return the table's rule a registry entry of the integration matches, if any."""
    if entry.platform != integration.domain:
        return None
    for rule in integration.rules:
        if rule.matches(entry.domain, entry.translation_key, entry.unique_id):
            return rule
    return None


def device_entries(hass: HomeAssistant, device_id: str) -> list[er.RegistryEntry]:
    """Return the enabled entities of a device."""
    return er.async_entries_for_device(er.async_get(hass), device_id)


def table_feeds(hass: HomeAssistant, integration: IntegrationMap, device_id: str) -> list[Feed]:
    """Return what a device of a mapped integration gives.

    One entity per signal, in the table's order, except the run state: a machine may tell
    it through several entities (SmartThings: the machine state tells a pause, the job
    state a finish, the power switch off), read together (see `combined_run`).
    """
    matches: list[tuple[int, er.RegistryEntry, EntityRule]] = []
    for entry in device_entries(hass, device_id):
        rule = rule_for(integration, entry)
        if rule is not None and rule.signal in _KIND_OF:
            matches.append((integration.rules.index(rule), entry, rule))
    feeds: dict[str, Feed] = {}
    for _order, entry, rule in sorted(matches, key=lambda match: (match[0], match[1].entity_id)):
        kind = _KIND_OF[rule.signal]
        key = str(kind)
        if key in feeds:
            if kind not in _SEVERAL:
                continue
            key = f"{kind}_{len(feeds)}"
        code = (
            next((c for c in integration.errors if entry.unique_id.endswith(c)), None)
            if kind is SignalKind.ERROR
            else None
        )
        feeds[key] = Feed(
            kind=kind,
            reference=entry.id,
            key=key,
            states=rule.states,
            no_error=rule.no_error,
            code=code,
            is_event=entry.domain == "event",
        )
    return list(feeds.values())


# Signals a machine may give through several entities, all read: its run state, and its
# faults (a dishwasher's salt and rinse-aid alarms, a fridge's door and temperature alarms).
_SEVERAL = frozenset({SignalKind.RUN_STATE, SignalKind.ERROR})

# When several entities tell the run state, the first of these any of them says wins: off
# (the power switch), a pause (the machine state), an error, a finish (the job state), a
# run, and only then idle.
_RUN_ORDER = (Run.OFF, Run.PAUSED, Run.ERROR, Run.FINISHED, Run.RUNNING, Run.IDLE)


def combined_run(runs: list[Run | None]) -> Run | None:
    """Return what several run-state entities say together (None: none knows)."""
    known = set(runs)
    return next((run for run in _RUN_ORDER if run in known), None)


def proposed_type(hass: HomeAssistant, integration: IntegrationMap, device_id: str) -> str | None:
    """Return the appliance type a device's entities tell, if any."""
    for entry in device_entries(hass, device_id):
        rule = rule_for(integration, entry)
        if rule is not None and rule.appliance is not None:
            return str(rule.appliance)
    return None


def generic_feeds(data: Mapping[str, Any]) -> list[Feed]:
    """Return the entities the user chose for a device of any other integration."""
    states = {str(raw): Run(run) for raw, run in data.get(CONF_STATE_MAP, {}).items()}
    chosen = {
        CONF_RUN_STATE_ENTITY: SignalKind.RUN_STATE,
        CONF_PROGRAM_ENTITY: SignalKind.PROGRAM,
        CONF_REMAINING_ENTITY: SignalKind.REMAINING,
        CONF_FINISH_ENTITY: SignalKind.FINISH_AT,
        CONF_DOOR_SENSOR: SignalKind.DOOR,
    }
    return [
        Feed(
            kind=kind,
            reference=data[key],
            key=str(kind),
            states=MappingProxyType(states if kind is SignalKind.RUN_STATE else {}),
        )
        for key, kind in chosen.items()
        if data.get(key)
    ]


def _added_sensors(data: Mapping[str, Any], feeds: list[Feed]) -> list[Feed]:
    """Return the power and energy sensors added under the machine (a plug wins)."""
    added = {CONF_POWER_SENSOR: SignalKind.POWER, CONF_ENERGY_SENSOR: SignalKind.ENERGY}
    chosen = [
        Feed(kind=kind, reference=data[key], key=str(kind))
        for key, kind in added.items()
        if data.get(key)
    ]
    kinds = {feed.kind for feed in chosen}
    return [*chosen, *(feed for feed in feeds if feed.kind not in kinds)]


# ---------------------------------------------------------------- conversions


def _seconds_left(state: State) -> float | None:
    value = state_number(state)
    if value is None:
        return None
    unit = state.attributes.get("unit_of_measurement") or UnitOfTime.MINUTES
    if unit not in DurationConverter.VALID_UNITS:
        return None
    return DurationConverter.convert(value, unit, UnitOfTime.SECONDS)


def timestamp(state: State) -> float | None:
    """Return a timestamp sensor's moment as Unix seconds (None unless it is one)."""
    moment = dt_util.parse_datetime(state.state)
    return moment.timestamp() if moment is not None and moment.tzinfo is not None else None


def _door(state: State) -> bool | None:
    value = state.state.lower()
    if value in _OPEN:
        return True
    return False if value in _SHUT else None


def _program(state: State) -> str | None:
    """Return a course's name from the state of its entity.

    Keys become names: "LaundryCare.Washer.Program.Cotton" and
    "laundry_care_washer_program_cotton" are "Cotton", "quick_30" is "Quick 30".
    """
    name = state.state.strip()
    if name.lower() in NO_VALUE:
        return None
    name = name.rsplit(".", 1)[-1]
    name = name.rsplit("_program_", 1)[-1][:_MAX_PROGRAM_CHARS]
    return name.replace("_", " ").capitalize() if name.islower() or name.isupper() else name


def _filter_used(state: State) -> float | None:
    left = state_number(state)
    if left is None or not 0.0 <= left <= _PERCENT:
        return None
    return _PERCENT - left


def _count(state: State) -> float | None:
    value = state_number(state)
    return value if value is not None and value >= 0 and float(value).is_integer() else None


CONVERT: Mapping[SignalKind, Callable[[State], float | bool | str | None]] = MappingProxyType(
    {
        SignalKind.REMAINING: _seconds_left,
        SignalKind.FINISH_AT: timestamp,
        SignalKind.DOOR: _door,
        SignalKind.PROGRAM: _program,
        SignalKind.FILTER_USED: _filter_used,
        SignalKind.TUB_CLEAN_COUNT: _count,
        SignalKind.POWER: power_watts,
        SignalKind.ENERGY: energy_watt_hours,
    }
)


def tells(state: State | None) -> bool:
    """Return whether a state says something (the entity is there and knows)."""
    return state is not None and state.state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)


def subentry_feeds(hass: HomeAssistant, subentry: ConfigSubentry) -> list[Feed]:
    """Return the entities a connected appliance's subentry reads now."""
    data = subentry.data
    integration = MAPS.get(str(data.get(CONF_INTEGRATION)))
    if integration is None:
        feeds = generic_feeds(data)
    else:
        feeds = table_feeds(hass, integration, data[CONF_DEVICE_ID])
    return _added_sensors(data, feeds)
