"""What Appliance Care reads from the SmartThings integration (`smartthings`).

SmartThings describes a Samsung washer, dryer or dishwasher with an operating-state
capability that carries two states, and Home Assistant shows each as an enum sensor:

- the machine state (`*_machine_state`): `run`, `pause` or `stop`. It is the only one that
  tells a paused cycle, but `stop` is both "finished" and "idle".
- the job state (`*_job_state`): the phase of the cycle (wash, rinse, spin, drying, ...),
  `finish` / `finished` at the end and `none` when no cycle is set up. It tells a finished
  cycle from an idle machine, but keeps the phase it was in while the cycle is paused. A
  dishwasher has no `none`: it reports `unknown` when idle, which shows as no state.

Neither tells a machine switched off: the power binary sensor (the `switch` capability,
which the integration shows as a binary sensor for these machines, with no translation key)
does. All three are read (RUN_STATE rules) and meant to be read together: the power
sensor's OFF stands; then the machine state's PAUSED; then the job state's reading where
it has one; where it has none (a dishwasher's `unknown`), the machine state's. A delayed
start (`delay_wash`) and the washer's and dryer's freeze protection are no programme
running, so IDLE; wrinkle prevention (the drum turning now and then after the end, until
the door opens) comes after the cycle, so FINISHED.

Read besides, for those three machines: the completion time (a timestamp, so FINISH_AT),
the door (`samsungce.doorState`), the programme where the integration shows one (the
dishwasher's course select; the generic `washerMode` / `dryerMode` sensors, which not every
machine reports), and the power and energy sensors every appliance with a
power consumption report gets (they have no translation key, so the end of the unique id).
A refrigerator gives its fridge and freezer doors. Air conditioners and air purifiers have
no cycle, door, course or filter-life entity here: only the power and energy sensors.

Left out, as the integration shows no entity for it: Samsung's own course capabilities
(`samsungce.washerCycle`, `samsungce.dryerCycle`), remaining time, the tub-clean cycle
count, error codes (`custom.error`, `samsungce.errorAndAlarmState`), so there is no error
table either, and the dust and HEPA filters of air conditioners and purifiers. Left out on
purpose: the refrigerator's water filter sensor (per cent *used*, where FILTER_LEFT is per
cent left, and a rule cannot turn one into the other), the filter-status binary sensors
(replace or not, no per cent), the operating-state select (the machine state again), a
twin washer's second drum (`sub` component: a second cycle on one device) and the plain
contact sensor of a one-door fridge (it carries no translation key and is the same entity
as any door sensor's).
"""

from __future__ import annotations

from ..engine import ApplianceType
from .connected_map import EntityRule, IntegrationMap, Run, Signal, frozen

SENSOR = "sensor"
BINARY_SENSOR = "binary_sensor"
SELECT = "select"

MACHINE_STATES = frozen({"run": Run.RUNNING, "pause": Run.PAUSED, "stop": Run.IDLE})
"""The machine state of a washer, dryer or dishwasher."""

WASHER_JOB_STATES = frozen(
    {
        "air_wash": Run.RUNNING,
        "ai_rinse": Run.RUNNING,
        "ai_spin": Run.RUNNING,
        "ai_wash": Run.RUNNING,
        "cooling": Run.RUNNING,
        "delay_wash": Run.IDLE,
        "drying": Run.RUNNING,
        "finish": Run.FINISHED,
        "none": Run.IDLE,
        "pre_wash": Run.RUNNING,
        "rinse": Run.RUNNING,
        "spin": Run.RUNNING,
        "wash": Run.RUNNING,
        "weight_sensing": Run.RUNNING,
        "wrinkle_prevent": Run.FINISHED,
        "freeze_protection": Run.IDLE,
    }
)

DRYER_JOB_STATES = frozen(
    {
        "cooling": Run.RUNNING,
        "delay_wash": Run.IDLE,
        "drying": Run.RUNNING,
        "finished": Run.FINISHED,
        "none": Run.IDLE,
        "refreshing": Run.RUNNING,
        "weight_sensing": Run.RUNNING,
        "wrinkle_prevent": Run.FINISHED,
        "dehumidifying": Run.RUNNING,
        "ai_drying": Run.RUNNING,
        "sanitizing": Run.RUNNING,
        "internal_care": Run.RUNNING,
        "freeze_protection": Run.IDLE,
        "continuous_dehumidifying": Run.RUNNING,
        "thawing_frozen_inside": Run.RUNNING,
    }
)

DISHWASHER_JOB_STATES = frozen(
    {
        "air_wash": Run.RUNNING,
        "cooling": Run.RUNNING,
        "drying": Run.RUNNING,
        "finish": Run.FINISHED,
        "pre_drain": Run.RUNNING,
        "pre_wash": Run.RUNNING,
        "rinse": Run.RUNNING,
        "spin": Run.RUNNING,
        "wash": Run.RUNNING,
        "wrinkle_prevent": Run.FINISHED,
    }
)


POWER_STATES = frozen({"on": Run.IDLE, "off": Run.OFF})
"""The power binary sensor of a washer, dryer or dishwasher: "on" says no more than on."""

MAP = IntegrationMap(
    domain="smartthings",
    rules=(
        EntityRule(
            platform=BINARY_SENSOR,
            signal=Signal.RUN_STATE,
            unique_id_suffix="_main_switch_switch_switch",
            states=POWER_STATES,
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.RUN_STATE,
            translation_key="washer_machine_state",
            states=MACHINE_STATES,
            appliance=ApplianceType.WASHER,
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.RUN_STATE,
            translation_key="washer_job_state",
            states=WASHER_JOB_STATES,
            appliance=ApplianceType.WASHER,
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.RUN_STATE,
            translation_key="dryer_machine_state",
            states=MACHINE_STATES,
            appliance=ApplianceType.DRYER,
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.RUN_STATE,
            translation_key="dryer_job_state",
            states=DRYER_JOB_STATES,
            appliance=ApplianceType.DRYER,
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.RUN_STATE,
            translation_key="dishwasher_machine_state",
            states=MACHINE_STATES,
            appliance=ApplianceType.DISHWASHER,
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.RUN_STATE,
            translation_key="dishwasher_job_state",
            states=DISHWASHER_JOB_STATES,
            appliance=ApplianceType.DISHWASHER,
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.PROGRAM,
            translation_key="washer_mode",
            appliance=ApplianceType.WASHER,
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.PROGRAM,
            translation_key="dryer_mode",
            appliance=ApplianceType.DRYER,
        ),
        EntityRule(
            platform=SELECT,
            signal=Signal.PROGRAM,
            translation_key="dishwasher_washing_course",
            appliance=ApplianceType.DISHWASHER,
        ),
        # Washers, dryers, dishwashers (and ovens) share this key.
        EntityRule(platform=SENSOR, signal=Signal.FINISH_AT, translation_key="completion_time"),
        # The door of a washer, dryer or dishwasher (and of other Samsung appliances).
        EntityRule(platform=BINARY_SENSOR, signal=Signal.DOOR, translation_key="door"),
        EntityRule(
            platform=BINARY_SENSOR,
            signal=Signal.DOOR,
            translation_key="cooler_door",
            appliance=ApplianceType.REFRIGERATOR,
        ),
        EntityRule(
            platform=BINARY_SENSOR,
            signal=Signal.DOOR,
            translation_key="freezer_door",
            appliance=ApplianceType.REFRIGERATOR,
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.POWER,
            unique_id_suffix="_main_powerConsumptionReport_powerConsumption_power_meter",
        ),
        EntityRule(
            platform=SENSOR,
            signal=Signal.ENERGY,
            unique_id_suffix="_main_powerConsumptionReport_powerConsumption_energy_meter",
        ),
    ),
    errors=frozen({}),
)
