"""How an appliance integration's entities become an appliance's signals: the table format.

Each integration Appliance Care reads connected appliances from has a module of its own
(`lg_thinq.py`, `smartthings.py`, `home_connect.py`) holding one frozen `IntegrationMap`:
which of its entities, found in the entity registry by platform and translation key (or
the end of the unique id where an integration has no translation key), give which signal,
how their states read, and what the machine's error codes mean. The tables are data; the
connected source (connected.py) does the reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from ..engine import ApplianceType
from ..engine.machine_run import Run

__all__ = ["EntityRule", "ErrorCause", "IntegrationMap", "Run", "Signal", "frozen"]


class Signal(StrEnum):
    """What an entity of a connected appliance tells."""

    RUN_STATE = "run_state"
    """What the machine says it does: its states map to `Run`."""
    PROGRAM = "program"
    """The course or program selected or running (its state is the program's name)."""
    REMAINING = "remaining"
    """Time left in the running cycle: a duration sensor (its unit says which)."""
    FINISH_AT = "finish_at"
    """When the running cycle ends: a timestamp sensor."""
    PROGRESS = "progress"
    """Per cent of the running program done."""
    DOOR = "door"
    """On while the door is open."""
    TUB_CLEAN_COUNT = "tub_clean_count"
    """Cycles the machine counted since its last tub clean."""
    FILTER_LEFT = "filter_left"
    """Per cent of a filter's life left."""
    ERROR = "error"
    """The machine's error: a sensor whose state is the code, or an event entity whose
    event type is."""
    POWER = "power"
    """Watts drawn."""
    ENERGY = "energy"
    """An energy meter (its unit says Wh or kWh)."""


class ErrorCause(StrEnum):
    """What an error code of a machine is about: the key of its advice."""

    WATER_SUPPLY = "water_supply"
    DRAIN = "drain"
    DOOR = "door"
    UNBALANCED = "unbalanced"
    LEAK = "leak"
    OVERFLOW = "overflow"
    HEATING = "heating"
    TEMPERATURE_SENSOR = "temperature_sensor"
    MOTOR = "motor"
    VENT = "vent"
    """Blocked air flow: a dryer's lint filter or duct, an indoor unit's filter."""
    COOLING = "cooling"
    """A fridge or air conditioner not cooling (refrigerant, compressor, fan)."""
    POWER_SUPPLY = "power_supply"
    COMMUNICATION = "communication"
    """Boards of the machine not talking to each other."""
    DETERGENT = "detergent"
    OTHER = "other"


@dataclass(frozen=True, kw_only=True)
class EntityRule:
    """One kind of entity an integration creates, and the signal it gives."""

    platform: str
    """The entity's own platform: sensor, binary_sensor, select, event, ..."""
    signal: Signal
    translation_key: str | None = None
    unique_id_suffix: str | None = None
    """Matched instead of the translation key where an entity has none."""
    states: Mapping[str, Run] = field(default_factory=lambda: MappingProxyType({}))
    """RUN_STATE: the entity's states and what each means; a state not listed is unknown."""
    no_error: frozenset[str] = frozenset()
    """ERROR: states (or event types) that mean "no error"."""
    appliance: ApplianceType | None = None
    """The kind of appliance an entity of this kind belongs to, where it tells."""

    def matches(self, platform: str, translation_key: str | None, unique_id: str) -> bool:
        """Return whether a registry entry (its platform, key and unique id) is of this kind."""
        if platform != self.platform:
            return False
        if self.translation_key is not None:
            return translation_key == self.translation_key
        return self.unique_id_suffix is not None and unique_id.endswith(self.unique_id_suffix)


@dataclass(frozen=True, kw_only=True)
class IntegrationMap:
    """What Appliance Care reads from one integration's appliance devices."""

    domain: str
    rules: tuple[EntityRule, ...]
    errors: Mapping[str, ErrorCause] = field(default_factory=lambda: MappingProxyType({}))
    """The machine's error codes as the integration shows them, by what they are about."""


def frozen[K, V](table: Mapping[K, V]) -> Mapping[K, V]:
    """Return a read-only copy of a table."""
    return MappingProxyType(dict(table))
