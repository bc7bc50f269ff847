"""Public value types of the appliance simulator: kinds, faults, settings, snapshots."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum
from types import MappingProxyType


class ApplianceKind(StrEnum):
    """The appliances of the simulated home."""

    WASHER = "washer"
    DRYER = "dryer"
    DISHWASHER = "dishwasher"
    REFRIGERATOR = "refrigerator"
    AIR_CONDITIONER = "air_conditioner"
    WATER_PURIFIER = "water_purifier"
    AIR_PURIFIER = "air_purifier"


class Fault(StrEnum):
    """Faults that can be injected into simulated appliances."""

    CLOGGED_DRAIN = "clogged_drain"
    HEATER_SCALE = "heater_scale"
    CLOGGED_VENT = "clogged_vent"
    DOOR_SEAL = "door_seal"
    DUSTY_CONDENSER = "dusty_condenser"
    DIRTY_TUB = "dirty_tub"


FAULTS: Mapping[ApplianceKind, tuple[Fault, ...]] = MappingProxyType(
    {
        ApplianceKind.WASHER: (Fault.CLOGGED_DRAIN, Fault.HEATER_SCALE, Fault.DIRTY_TUB),
        ApplianceKind.DRYER: (Fault.CLOGGED_VENT,),
        ApplianceKind.DISHWASHER: (Fault.CLOGGED_DRAIN, Fault.HEATER_SCALE),
        ApplianceKind.REFRIGERATOR: (Fault.DOOR_SEAL, Fault.DUSTY_CONDENSER),
        ApplianceKind.AIR_CONDITIONER: (Fault.DUSTY_CONDENSER,),
        ApplianceKind.WATER_PURIFIER: (),
        ApplianceKind.AIR_PURIFIER: (),
    }
)
"""Which faults apply to which kind of appliance."""

CYCLE_KINDS: frozenset[ApplianceKind] = frozenset(
    {ApplianceKind.WASHER, ApplianceKind.DRYER, ApplianceKind.DISHWASHER}
)
"""Appliances that run programs: they have a program selector, a start button and a door."""

FIRMWARE_VERSIONS: Mapping[ApplianceKind, str] = MappingProxyType(
    {
        ApplianceKind.WASHER: "2.4.1",
        ApplianceKind.DRYER: "1.9.3",
        ApplianceKind.DISHWASHER: "3.1.0",
        ApplianceKind.REFRIGERATOR: "5.0.2",
        ApplianceKind.AIR_CONDITIONER: "1.12.4",
        ApplianceKind.WATER_PURIFIER: "2.0.7",
        ApplianceKind.AIR_PURIFIER: "1.3.5",
    }
)
"""The firmware each kind of simulated appliance leaves the factory with."""

DEFAULT_SCHEDULES: Mapping[ApplianceKind, time] = MappingProxyType(
    {
        ApplianceKind.WASHER: time(8, 0),
        ApplianceKind.DRYER: time(11, 0),
        ApplianceKind.DISHWASHER: time(20, 30),
        ApplianceKind.AIR_CONDITIONER: time(12, 0),
        ApplianceKind.WATER_PURIFIER: time(6, 30),
        ApplianceKind.AIR_PURIFIER: time(7, 0),
    }
)
"""A lively household's daily start times (UTC), for callers that want one.

The simulator itself uses only what HomeSettings.schedules names: an appliance without a
schedule is never started automatically.
"""


@dataclass(frozen=True, kw_only=True)
class PlugSettings:
    """How the smart plug in front of each appliance reports its power.

    Real plugs (Shelly, Tasmota, Zigbee metering plugs) report when the power moved by
    more than a threshold, and otherwise at a fixed heartbeat.
    """

    step_w: float = 2.0
    """Report when power moved by more than max(step_w, 5 % of the last report)."""
    heartbeat_s: float = 60.0
    """Report at least this often."""


@dataclass(frozen=True, kw_only=True)
class HomeSettings:
    """Everything that configures the simulated home."""

    seed: int = 1
    """Seeds every random draw; the same seed, settings and calls give the same home."""
    faults: Mapping[ApplianceKind, frozenset[Fault]] = field(default_factory=dict)
    """Injected faults per appliance; faults that do not apply to a kind are ignored."""
    schedules: Mapping[ApplianceKind, time] = field(default_factory=dict)
    """Daily start time (UTC time of day, simulated time) per appliance.

    Cycle appliances start their selected program then; the air conditioner, the air
    purifier and the water purifier (its dispensing day) begin their daily operation.
    An appliance without a schedule never starts by itself.
    """
    plug: PlugSettings = field(default_factory=PlugSettings)
    """Reporting habit of the smart plugs."""


@dataclass(frozen=True, kw_only=True)
class ApplianceSnapshot:
    """What the sensors of one appliance show at one moment."""

    kind: ApplianceKind
    power_w: float
    """The value the smart plug last reported (not the instantaneous value)."""
    power_reported_at: datetime
    """Simulated time of that report."""
    energy_kwh: float
    """Exact integral of the true power since the beginning (monotonic)."""
    door_open: bool | None
    """Door sensor; None where the appliance has none."""
    interior_temperature_c: float | None
    """Refrigerator compartment; air conditioner: the room it cools; else None."""
    freezer_temperature_c: float | None
    """Refrigerator only."""
    ambient_temperature_c: float | None
    """Refrigerator: the room it stands in; else None."""
    filter_used_pct: float | None
    """Share of the filter's rated life used (0..100 and beyond); filtering appliances only."""
    water_dispensed_l: float | None
    """Water purifier only (monotonic)."""
    pm25_ugm3: float | None
    """Air purifier only: fine dust (PM2.5) in the room it cleans, in ug/m3."""
    programs: tuple[str, ...]
    """Available programs (empty where the appliance runs none)."""
    program: str | None
    """Selected program."""
    running: bool
    """A cycle or operation is in progress (waiting for a delayed start does not count).

    Cycle appliances: a program runs. Refrigerator and water purifier: the compressor
    runs. Air conditioner and air purifier: the daily operation is on.
    """
    delayed_start_remaining_s: float | None
    """Seconds until a delayed start; None when no start is pending."""
    firmware_version: str


class SimulationError(Exception):
    """A request the simulated appliance refuses.

    `key` names the reason and doubles as the translation key of the message:
    "not_a_cycle_appliance", "already_running", "unknown_program", and for programs
    added later and firmware: "invalid_course", "program_exists", "invalid_firmware".
    """

    def __init__(self, key: str, message: str | None = None) -> None:
        """Create the error for a reason key."""
        super().__init__(message or key)
        self.key = key
