"""What Appliance Care reads from Home Connect appliances (Bosch, Siemens, Neff, Gaggenau).

Read, from the entities of the core `home_connect` integration:

- `sensor` operation_state: what the machine does. Its options are the last part of
  Home Connect's `BSH.Common.EnumType.OperationState.*` values, slugified: inactive,
  ready, delayedstart, run, pause, actionrequired, finished, error, aborting.
- `select` active_program and selected_program: the program. Their state is the
  integration's translation key of the Home Connect program key (for instance
  `laundry_care_washer_program_cotton`), not a display name.
- `sensor` program_finish_time: a timestamp, now plus Home Connect's remaining program
  time. Home Connect offers no duration sensor, so there is no REMAINING rule.
- `sensor` program_progress: per cent done.
- `sensor` door (washers, dryers, dishwashers, ovens): an ENUM of closed, locked and open;
  only "open" is an open door.
- `binary_sensor` refrigerator_door, freezer_door and the other compartment doors of
  fridges: on while open.
- Home Connect events the machine raises as faults or missing supplies (`sensor`
  entities with the states present, confirmed and off; "off" means the event is gone,
  "confirmed" that it was acknowledged on the machine while it still holds). Their state
  is not a code: the code is the Home Connect event key, the end of the entity's unique
  id (`<haId>-<event key>`), and `errors` is keyed by it. The integration registers these
  sensors disabled; they give nothing until enabled.

Left out, and why:

- Home Connect has no power or energy readings, no tub-clean or cycle counters and no
  filter life in per cent. The dishwasher's machine-care and filter-cleaning reminders
  are events (present or off), not counters, and are not faults either, so no signal of
  this table fits them; the same holds for "salt nearly empty", "rinse aid nearly empty",
  the hood's "grease filter nearly saturated" and the coffee machine's descaling and
  cleaning reminders (advance notices, not faults).
- The washer's i-Dos "fill level poor" events are read as a detergent fault: they tell
  the tank is low, they count nothing. The i-Dos base level numbers are dosing amounts.
- Program finished, program aborted and the dryer's drying-process-finished events
  repeat what the operation state says.
- The integration has no `event` entities and no entity for a drain pump, water supply,
  leak or drum-clean fault: its client library knows no such Home Connect event for
  washers, dryers or dishwashers, so these faults show as the operation state "error"
  only, without a code. A drum clean or machine care the user runs shows as its program
  (`laundry_care_washer_program_drum_clean`, `dishcare_dishwasher_program_machine_care`).
- The cleaning robot's events (stuck, lost, dust box) have no cause in this table.
- Fridges and freezers report no operation state and no temperature reading (only their
  set points); their door sensors and alarms are what is read.
- Which appliance a device is: Home Connect's appliance type is not on any entity. Rules
  tell it only where the entity exists on one kind alone (dishwasher supplies,
  refrigerator door, the hood's and coffee machine's events). A washer, a dryer and a
  washer-dryer share every rule above, and the freezer compartment's entities exist on
  freezers and fridge-freezers alike.
"""

from __future__ import annotations

from types import MappingProxyType

from ..engine import ApplianceType
from .connected_map import EntityRule, ErrorCause, IntegrationMap, Run, Signal, frozen

SENSOR = "sensor"
BINARY_SENSOR = "binary_sensor"
SELECT = "select"

EVENT_GONE = frozenset({"off"})
"""An event sensor's state when its event no longer holds."""

OPERATION_STATES = MappingProxyType(
    {
        "inactive": Run.OFF,
        "ready": Run.IDLE,
        "delayedstart": Run.IDLE,
        "run": Run.RUNNING,
        "pause": Run.PAUSED,
        # The program stopped until the user acts (add detergent, close the door).
        "actionrequired": Run.PAUSED,
        "finished": Run.FINISHED,
        "error": Run.ERROR,
        # A cancelled program winding down (pumping out), the machine still busy.
        "aborting": Run.RUNNING,
    }
)


def _door(key: str, appliance: ApplianceType | None = None) -> EntityRule:
    """Return the rule of a fridge compartment's door binary sensor."""
    return EntityRule(
        platform=BINARY_SENSOR, signal=Signal.DOOR, translation_key=key, appliance=appliance
    )


def _fault(key: str, appliance: ApplianceType | None = None) -> EntityRule:
    """Return the rule of an event sensor read as a fault while its event holds."""
    return EntityRule(
        platform=SENSOR,
        signal=Signal.ERROR,
        translation_key=key,
        no_error=EVENT_GONE,
        appliance=appliance,
    )


MAP = IntegrationMap(
    domain="home_connect",
    rules=(
        EntityRule(
            platform=SENSOR,
            signal=Signal.RUN_STATE,
            translation_key="operation_state",
            states=OPERATION_STATES,
        ),
        EntityRule(platform=SELECT, signal=Signal.PROGRAM, translation_key="active_program"),
        EntityRule(platform=SELECT, signal=Signal.PROGRAM, translation_key="selected_program"),
        EntityRule(platform=SENSOR, signal=Signal.FINISH_AT, translation_key="program_finish_time"),
        EntityRule(platform=SENSOR, signal=Signal.PROGRESS, translation_key="program_progress"),
        EntityRule(platform=SENSOR, signal=Signal.DOOR, translation_key="door"),
        _door("refrigerator_door", ApplianceType.REFRIGERATOR),
        _door("freezer_door"),
        _door("chiller_door"),
        _door("common_chiller_door"),
        _door("left_chiller_door"),
        _door("right_chiller_door"),
        _door("flex_compartment_door"),
        _door("bottle_cooler_door"),
        _door("wine_compartment_door"),
        _fault("salt_lack", ApplianceType.DISHWASHER),
        _fault("program_blocked_salt_lack", ApplianceType.DISHWASHER),
        _fault("rinse_aid_lack", ApplianceType.DISHWASHER),
        _fault("poor_i_dos_1_fill_level"),
        _fault("poor_i_dos_2_fill_level"),
        _fault("refrigerator_door_alarm", ApplianceType.REFRIGERATOR),
        _fault("freezer_door_alarm"),
        _fault("freezer_temperature_alarm"),
        _fault("grease_filter_max_saturation_reached", ApplianceType.OTHER),
        _fault("water_tank_empty", ApplianceType.OTHER),
        _fault("drip_tray_full", ApplianceType.OTHER),
    ),
    errors=frozen(
        {
            "Dishcare.Dishwasher.Event.SaltLack": ErrorCause.DETERGENT,
            "Dishcare.Dishwasher.Event.ProgramBlockedSaltLack": ErrorCause.DETERGENT,
            "Dishcare.Dishwasher.Event.RinseAidLack": ErrorCause.DETERGENT,
            "LaundryCare.Washer.Event.IDos1FillLevelPoor": ErrorCause.DETERGENT,
            "LaundryCare.Washer.Event.IDos2FillLevelPoor": ErrorCause.DETERGENT,
            "Refrigeration.FridgeFreezer.Event.DoorAlarmRefrigerator": ErrorCause.DOOR,
            "Refrigeration.FridgeFreezer.Event.DoorAlarmFreezer": ErrorCause.DOOR,
            "Refrigeration.FridgeFreezer.Event.TemperatureAlarmFreezer": ErrorCause.COOLING,
            "Cooking.Common.Event.Hood.GreaseFilterMaxSaturationReached": ErrorCause.VENT,
            "ConsumerProducts.CoffeeMaker.Event.WaterTankEmpty": ErrorCause.WATER_SUPPLY,
            "ConsumerProducts.CoffeeMaker.Event.DripTrayFull": ErrorCause.OVERFLOW,
        }
    ),
)
"""The entities of Home Connect appliances Appliance Care reads, and their codes."""
