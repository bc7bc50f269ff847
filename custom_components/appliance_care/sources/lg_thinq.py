"""What Appliance Care reads from the LG ThinQ integration (`lg_thinq`).

Read:

- The run state: the `current_state` sensor (an enum sensor) of washers, dryers, washer
  dryers (WashTower halves, WashCombo), dishwashers and stylers. Its states are the
  ThinQ states in lower case; every state the integration can name is mapped, including
  those of kinds this map does not otherwise use (ovens, cleaners), so no state is unknown.
- The finish time: the `remain` sensor. Despite its name ("Remaining time") it is a
  timestamp sensor: the integration adds the machine's remaining hours and minutes to the
  current time. The integration offers no duration sensor for the time left.
- The course: `current_dish_washing_course`, dishwashers only; it also tells a dishwasher.
- The door: the door binary sensor of dishwashers and refrigerators. It has no translation
  key, so it is found by the end of its unique id (`_door_state`).
- Cycles since the last tub clean: the washer's `cycle_count` sensor ("Cycles"), the
  ThinQ `cycle.cycleCount` value, which the ThinQ app uses for its tub clean reminder. Only
  washers (and the washer of a WashTower or WashCombo) have it, so it tells a washer.
- Filter life left, in per cent: the refrigerator's water filter sensors
  (`water_filter_1_remain_percent` to `_3`, which tell a refrigerator), and the sensors
  whose property is `filter_remain_percent`, `top_filter_remain_percent` or
  `fresh_air_filter_remain_percent` (air conditioner, air purifier, refrigerator fresh air
  filter). These last are found by the end of the unique id, because the integration
  shares their translation keys with other sensors: `filter_lifetime` is both the air
  conditioner's filter hours and its filter per cent, `fresh_air_filter` both the
  refrigerator's fresh air filter mode and its per cent.
- The error: the `error` event entity of washers, dryers, dishwashers and stylers. Its
  event types are the machine's error codes in lower case (`water_supply_error`, ...).
  The entity fires again on every status update while the machine reports the error and
  never tells when it cleared; the run state leaving `error` does.

Left out:

- Power: lg_thinq has no power sensor. Energy: its energy sensors (`energy_usage_today`,
  `_yesterday`, `_this_month`, `_last_month`) are the cloud's usage report, fetched once
  an hour (today) or once a day and reset each day or month, not a meter that moves
  during a cycle, so a cycle's energy cannot be read from them.
- A washer's or dryer's course: lg_thinq has no entity for it. Progress: none either.
- `total` (the program's total minutes), `relative_to_start_wm` and `relative_to_stop_wm`
  (the delayed start and delayed end times): settings of a cycle, not its progress.
- The `notification` event entity: its event types mix finished cycles, reminders and a
  few failures (`error_during_washing`, `drying_failed`, `water_leak_has_occurred`) that
  name no cause; the `error` event and the run state carry the failures.
- The dishwasher's `machine_clean_reminder` and `rinse_refill` binary sensors, and the
  refrigerator's `water_filter_state` and `used_time` (months used): no signal fits them.
- Air conditioners, air purifiers and dehumidifiers have no run state and no error entity
  in lg_thinq (their climate or fan entity tells whether they run); only their filter is
  read. Water purifiers offer no filter, run state or error entity at all.
- Refrigerators have no error entity in lg_thinq.
- A twin washer's second (mini) drum: its `_for_location` sensors are another machine
  with its own cycles; read together with the main drum's they would mix two cycles into
  one, so only the main drum is read.
- A dryer (and the dryer of a WashTower) has no entity only dryers have; its kind shows
  only in its device's model, "<model> (DEVICE_DRYER)", which this table cannot name.
- Robot and stick cleaner error codes: not appliances Appliance Care looks after.
"""

from __future__ import annotations

from ..engine import ApplianceType
from .connected_map import EntityRule, ErrorCause, IntegrationMap, Run, Signal, frozen

_RUN_STATES = frozen(
    {
        # Off, or on and waiting.
        "power_off": Run.OFF,
        "power_on": Run.IDLE,
        "initial": Run.IDLE,
        "initializing": Run.IDLE,
        "standby": Run.IDLE,
        "sleep": Run.IDLE,
        "reserved": Run.IDLE,
        "preference": Run.IDLE,
        "change_condition": Run.IDLE,
        "cancel": Run.IDLE,
        "lock": Run.IDLE,
        "diagnosis": Run.IDLE,
        "firmware": Run.IDLE,
        "fota": Run.IDLE,
        "macrosector": Run.IDLE,
        "reservation": Run.IDLE,
        "setdate": Run.IDLE,
        "frozen_prevent_initial": Run.IDLE,
        "presteam": Run.IDLE,
        "oven_setting": Run.IDLE,
        "charging": Run.IDLE,
        "charging_complete": Run.IDLE,
        "extraction_mode": Run.IDLE,
        # A cycle in progress: laundry and dish phases.
        "running": Run.RUNNING,
        "detecting": Run.RUNNING,
        "display_loadsize": Run.RUNNING,
        "detergent_amount": Run.RUNNING,
        "dispensing": Run.RUNNING,
        "add_drain": Run.RUNNING,
        "prewash": Run.RUNNING,
        "soaking": Run.RUNNING,
        "rinsing": Run.RUNNING,
        "spinning": Run.RUNNING,
        "drying": Run.RUNNING,
        "cooling": Run.RUNNING,
        "cool_down": Run.RUNNING,
        "end_cooling": Run.RUNNING,
        "refreshing": Run.RUNNING,
        "steam_softening": Run.RUNNING,
        "softening": Run.RUNNING,
        "checking_turbidity": Run.RUNNING,
        "night_dry": Run.RUNNING,
        "smart_grid_run": Run.RUNNING,
        "frozen_prevent_running": Run.RUNNING,
        "steam": Run.RUNNING,
        "stay": Run.RUNNING,
        "shoes_module": Run.RUNNING,
        "sterilize": Run.RUNNING,
        # A cycle in progress: other kinds (ovens, cooktops, cleaners, brewers, growers).
        "cook": Run.RUNNING,
        "cooking_in_progress": Run.RUNNING,
        "preheat": Run.RUNNING,
        "preheating": Run.RUNNING,
        "preheat_complete": Run.RUNNING,
        "preheating_is_done": Run.RUNNING,
        "proofing": Run.RUNNING,
        "cleaning": Run.RUNNING,
        "working": Run.RUNNING,
        "homing": Run.RUNNING,
        "monitoring_detecting": Run.RUNNING,
        "monitoring_moving": Run.RUNNING,
        "monitoring_positioning": Run.RUNNING,
        "carbonation": Run.RUNNING,
        "extracting_capsule": Run.RUNNING,
        "prepareing_fermentation": Run.RUNNING,
        "during_fermentation": Run.RUNNING,
        "during_aging": Run.RUNNING,
        "melting": Run.RUNNING,
        "temperature_stabilization": Run.RUNNING,
        # Paused inside a cycle.
        "pause": Run.PAUSED,
        "paused": Run.PAUSED,
        "rinse_hold": Run.PAUSED,
        "frozen_prevent_pause": Run.PAUSED,
        # Done, not unloaded. A dryer's wrinkle care tumbles now and then after the
        # drying has ended: the load is ready.
        "end": Run.FINISHED,
        "complete": Run.FINISHED,
        "done": Run.FINISHED,
        "running_end": Run.FINISHED,
        "wrinkle_care": Run.FINISHED,
        "cook_complete": Run.FINISHED,
        "cleaning_is_done": Run.FINISHED,
        # Stopped by a fault.
        "error": Run.ERROR,
        "as_pop_up": Run.ERROR,
        "power_fail": Run.ERROR,
    }
)

_TUB_CLEAN_REMINDER = "time_to_run_the_tub_clean_cycle_error"
"""Sent as an error, but a reminder: the tub clean count carries it."""

MAP = IntegrationMap(
    domain="lg_thinq",
    rules=(
        EntityRule(
            platform="sensor",
            signal=Signal.RUN_STATE,
            translation_key="current_state",
            states=_RUN_STATES,
        ),
        EntityRule(platform="sensor", signal=Signal.FINISH_AT, translation_key="remain"),
        EntityRule(
            platform="sensor",
            signal=Signal.PROGRAM,
            translation_key="current_dish_washing_course",
            appliance=ApplianceType.DISHWASHER,
        ),
        EntityRule(platform="binary_sensor", signal=Signal.DOOR, unique_id_suffix="_door_state"),
        EntityRule(
            platform="sensor",
            signal=Signal.TUB_CLEAN_COUNT,
            translation_key="cycle_count",
            appliance=ApplianceType.WASHER,
        ),
        EntityRule(
            platform="sensor",
            signal=Signal.FILTER_LEFT,
            translation_key="water_filter_1_remain_percent",
            appliance=ApplianceType.REFRIGERATOR,
        ),
        EntityRule(
            platform="sensor",
            signal=Signal.FILTER_LEFT,
            translation_key="water_filter_2_remain_percent",
            appliance=ApplianceType.REFRIGERATOR,
        ),
        EntityRule(
            platform="sensor",
            signal=Signal.FILTER_LEFT,
            translation_key="water_filter_3_remain_percent",
            appliance=ApplianceType.REFRIGERATOR,
        ),
        EntityRule(
            platform="sensor",
            signal=Signal.FILTER_LEFT,
            unique_id_suffix="_filter_remain_percent",
        ),
        EntityRule(
            platform="event",
            signal=Signal.ERROR,
            translation_key="error",
            no_error=frozenset({_TUB_CLEAN_REMINDER}),
        ),
    ),
    errors=frozen(
        {
            # Water in.
            "water_supply_error": ErrorCause.WATER_SUPPLY,
            "empty_water_alert_error": ErrorCause.WATER_SUPPLY,
            "need_water_replenishment": ErrorCause.WATER_SUPPLY,
            "frozen_error": ErrorCause.WATER_SUPPLY,
            # Water out.
            "water_drain_error": ErrorCause.DRAIN,
            "drainmotor_error": ErrorCause.DRAIN,
            "need_water_drain": ErrorCause.DRAIN,
            # Door and lid.
            "door_open_error": ErrorCause.DOOR,
            "door_close_error": ErrorCause.DOOR,
            "door_lock_error": ErrorCause.DOOR,
            "unable_to_lock_error": ErrorCause.DOOR,
            "door_sensor_error": ErrorCause.DOOR,
            "inner_lid_open_error": ErrorCause.DOOR,
            # Load.
            "out_of_balance_error": ErrorCause.UNBALANCED,
            "unbalanced_load_error": ErrorCause.UNBALANCED,
            # Water where it should not be.
            "water_leakage_error": ErrorCause.LEAK,
            "water_leaks_error": ErrorCause.LEAK,
            "overfill_error": ErrorCause.OVERFLOW,
            # Heat.
            "heater_circuit_error": ErrorCause.HEATING,
            "steam_heat_error": ErrorCause.HEATING,
            "high_temperature_detection_error": ErrorCause.HEATING,
            "temperature_sensor_error": ErrorCause.TEMPERATURE_SENSOR,
            # Drive.
            "motor_error": ErrorCause.MOTOR,
            "motor_lock_error": ErrorCause.MOTOR,
            "locked_motor_error": ErrorCause.MOTOR,
            "le_error": ErrorCause.MOTOR,
            "le2_error": ErrorCause.MOTOR,
            "clutch_error": ErrorCause.MOTOR,
            "fan_motor_error": ErrorCause.MOTOR,
            # Air flow (a dryer's lint filter missing or clogged).
            "filter_clogging_error": ErrorCause.VENT,
            "no_filter_error": ErrorCause.VENT,
            # A heat pump dryer's compressor.
            "compressor_error": ErrorCause.COOLING,
            # Mains.
            "power_fail_error": ErrorCause.POWER_SUPPLY,
            "high_power_supply_error": ErrorCause.POWER_SUPPLY,
            "power_code_connection_error": ErrorCause.POWER_SUPPLY,
            # Detergent: the dispenser, or too much foam.
            "dispensing_error": ErrorCause.DETERGENT,
            "bubble_error": ErrorCause.DETERGENT,
            # Sensors and parts without a cause of their own, stacking, child lock.
            "water_level_sensor_error": ErrorCause.OTHER,
            "turbidity_sensor_error": ErrorCause.OTHER,
            "vibration_sensor_error": ErrorCause.OTHER,
            "ir_sensor_error": ErrorCause.OTHER,
            "part_malfunction_error": ErrorCause.OTHER,
            "stack_error": ErrorCause.OTHER,
            "child_lock_active_error": ErrorCause.OTHER,
            "timeout_error": ErrorCause.OTHER,
            "unknown_error": ErrorCause.OTHER,
        }
    ),
)
