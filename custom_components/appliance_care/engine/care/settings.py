"""Tunable thresholds of the care rules, with per-subject defaults and where each comes from.

Every field has its unit in its name (`_s` seconds, `_c` degrees Celsius, `_k` kelvin,
`_w` watts, `_wh` watt-hours, `_pct` percentage points, `_ratio` and `_factor` plain
numbers, `_cycles` and `_days` counts) so the options flow can show them one by one.
How the defaults were checked on real and simulated traces is in docs/care-accuracy.md;
none was fitted to those traces unless its docstring says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
import math

from .types import CareSubject

MINUTE_S = 60.0
HOUR_S = 3600.0
DAY_S = 86_400.0


@dataclass(frozen=True, kw_only=True, slots=True)
class CareSettings:
    """Thresholds of every care rule (each one tunable)."""

    # ------------------------------------------------------------------ general
    min_hold_s: float = HOUR_S
    """A raised finding stays at least this long before it may clear (no flapping)."""
    max_step_s: float = 15.0 * MINUTE_S
    """Updates further apart than this are a data gap (Home Assistant stopped, a clock
    jump): timers such as "door open for" do not count the gap. Same as the cycle
    engine's max_update_gap_s."""

    # ------------------------------------------------------- maintenance reminders
    tub_clean_due_cycles: float = 30.0
    """Weighted washes between tub cleans. LG and Samsung ask for a tub clean every month or
    every 30 to 40 washes; the lower figure is used."""
    tub_clean_interval_days: float = 30.0
    """A tub clean falls due this long after the last one (monthly, as LG's manuals say),
    whichever of cycles and time comes first."""
    hot_cycle_energy_wh: float = 1_000.0
    """A wash using at least this much energy counts as hot (60 degrees or more): energy is
    the proxy for temperature, as heating the water is most of a wash's energy. Program
    tables of 7 kg machines give 0.6 to 0.9 kWh for a 40 degree cotton wash and 1.0 to 1.4
    kWh for a 60 degree one; REFIT House 2's washer uses 0.25 to 0.8 kWh in its usual
    programs and 1.25 kWh in its hottest."""
    hot_cycle_weight: float = 0.5
    """Extra weight of a hot wash in the tub-clean count (limescale comes out of hot water
    faster: calcium carbonate is less soluble when hot)."""
    long_cycle_s: float = 3.0 * HOUR_S
    """A wash lasting at least this long counts as long (eco and heavy-soil programs keep
    the tub wet and warm for longer)."""
    long_cycle_weight: float = 0.25
    """Extra weight of a long wash in the tub-clean count."""
    lint_filter_due_cycles: float = 5.0
    """Drying cycles without a recorded lint-filter clean before a reminder. Manuals (Bosch,
    Miele, Whirlpool) say to clean it after every load; few owners record that, so the
    reminder only comes once five loads passed unrecorded."""
    dishwasher_filter_due_cycles: float = 30.0
    """Dishwasher cycles between filter cleans (Whirlpool and GE care guides: rinse the
    filter about once a month, Bosch: check it regularly; a daily user runs about 30
    cycles a month)."""
    dishwasher_filter_interval_days: float = 30.0
    """A dishwasher filter clean falls due this long after the last one."""
    filter_clean_interval_days: float = 0.0
    """Filtering appliances: a filter clean falls due this long after the last one (0: no
    filter to clean). Per subject: air conditioners 14 days (LG, Samsung and Daikin
    manuals: clean the air filter every two weeks of use), air purifiers 30 days (Coway,
    Philips and Levoit: vacuum the pre-filter every two to four weeks)."""

    # ---------------------------------------------------------------- laundry left in
    laundry_left_in_s: float = 2.0 * HOUR_S
    """Washed laundry still in the drum this long after the finish: info. Needs a door
    sensor (without one, nothing tells when the drum is emptied)."""
    laundry_left_in_warning_s: float = 8.0 * HOUR_S
    """... and this long: warning (damp laundry in a closed drum starts to smell within 8 to
    12 hours)."""

    # ---------------------------------------------------------------------- small load
    small_load_energy_ratio: float = 0.6
    """A wash using less than this share of its program's typical energy was a small load
    (machines with load sensing use less water and heat for a small load)."""
    small_load_window_cycles: int = 10
    """Small loads are counted over this many most recent washes ..."""
    small_load_raise_cycles: int = 4
    """... the habit is reported when at least this many of them were small ..."""
    small_load_clear_cycles: int = 1
    """... and cleared when at most this many were."""

    # ---------------------------------------------------------------------- unbalance
    unbalance_learn_cycles: int = 5
    """Cycles with vibration data from which the usual vibration count per cycle is learned."""
    unbalance_ratio: float = 2.0
    """A cycle with at least this multiple of the usual vibration episodes was unbalanced
    (a machine that cannot balance a load retries its spin several times) ..."""
    unbalance_min_extra: float = 3.0
    """... and at least this many more episodes than usual."""
    unbalance_window_cycles: int = 5
    """Unbalanced cycles are counted over this many most recent cycles with vibration data."""
    unbalance_raise_cycles: int = 3
    """The finding is raised when at least this many of them were unbalanced ..."""
    unbalance_clear_cycles: int = 1
    """... and cleared when at most this many were."""

    # ------------------------------------------------------------------ program drift
    drift_learn_cycles: int = 5
    """A program's baseline (median and MAD of duration and energy) comes from its first
    this many cycles."""
    drift_duration_floor_ratio: float = 0.03
    """The spread used for durations is at least this share of the baseline: runs of one
    program on REFIT House 2 vary by 1 to 5 % (hot water in summer, load sensing)."""
    drift_energy_floor_ratio: float = 0.15
    """The spread used for energies is at least this share of the baseline (energy varies
    with the inlet water temperature: REFIT House 2's dishwasher by 10 % over a year)."""
    drift_foreign_floor_ratio: float = 0.08
    """Cycles of a program without its own baseline yet are compared with the nearest
    program that has one, with at least this spread."""
    drift_cusum_k: float = 1.0
    """CUSUM reference in spreads: shifts of twice this are detected fastest."""
    drift_cusum_h: float = 4.0
    """CUSUM decision level in spreads: a drift is raised when the sum reaches it."""
    drift_z_cap: float = 3.0
    """One cycle counts at most this many spreads (an aborted or paused run alone never
    raises a drift: it takes two cycles at least)."""
    drift_clear_k: float = 0.5
    """While raised, cycles within this many spreads of the baseline count as normal ..."""
    drift_clear_h: float = 3.0
    """... and the finding clears once this much normal evidence accumulated (about three
    normal cycles)."""
    drift_adapt_weight: float = 0.1
    """Every cycle moves its program's baseline by this share of its deviation (at most two
    spreads): slow changes become the new normal, sudden ones stand out for several cycles.
    REFIT House 2's washer programs lengthen by 5 to 10 % over a year (cold inlet water in
    winter); that is far slower than a blocked drain."""
    drift_energy_min_wh: float = 200.0
    """Energy drift is only judged for programs using at least this much (heating ones)."""
    drift_energy_cusum_h: float = 0.0
    """CUSUM decision level of the energy test (0: energy is not judged). Dishwashers: 6,
    later than the duration test, as energy follows the seasons (REFIT House 2's
    dishwasher: +10 % in winter, changing over months). Off for washers: REFIT House 2's
    washer uses 50 to 100 % more energy per program in winter than in summer (inlet water
    temperature), changing within weeks, which no energy test could tell from a scaled
    heater. Off for dryers: their energy follows the load's moisture."""
    drift_critical_ratio: float = 1.5
    """Drying time at least this multiple of the baseline: critical (a blocked vent makes
    the high-limit thermostat cycle the heater: lint fire risk)."""

    # ------------------------------------------------------- heating and heater failure
    heater_min_w: float = 1_000.0
    """A cycle heated when its peak power reached this: heating elements draw 1.8 to 2.4 kW
    (REFIT House 2: 2.0 to 2.3 kW), motors and pumps under 600 W."""
    heating_learn_cycles: int = 10
    """Cycles from which the appliance's usual share of heated cycles is learned."""
    heating_share_min_ratio: float = 0.8
    """Heating-missing is only judged when at least this share of cycles used to heat (a
    heat-pump dryer never reaches the heater level; rinse-only programs exist)."""
    heating_missing_cycles: int = 2
    """Consecutive unheated cycles that raise the finding (one could be a rinse program)."""
    heating_min_cycle_s: float = 20.0 * MINUTE_S
    """Only cycles at least this long are judged (short rinses and drains never heat)."""

    # ----------------------------------------------------------- compressor duty cycle
    duty_learn_days: int = 7
    """Full days from which a fridge's duty-cycle baseline is learned (a weekly rhythm)."""
    duty_min_observed_s: float = 20.0 * HOUR_S
    """A day counts when the compressor was observed for at least this long."""
    duty_floor_ratio: float = 0.05
    """The day-to-day spread is at least this share of the baseline duty: the tracebase
    fridges vary by 3 to 8 % from one day to the next."""
    duty_cusum_k: float = 1.0
    """Duty CUSUM reference in spreads (a +20 % drift is 4 floor spreads)."""
    duty_cusum_h: float = 4.0
    """Duty CUSUM decision level in spreads."""
    duty_z_cap: float = 3.0
    """One day counts at most this many spreads (a party, a warm load of shopping)."""
    duty_clear_k: float = 0.5
    """While raised, days within this many spreads count as normal ..."""
    duty_clear_h: float = 3.0
    """... and the finding clears once this much normal evidence accumulated."""
    duty_adapt_weight: float = 1.0 / 10.0
    """Every day moves the baseline by this share of its deviation (at most two spreads;
    days well below it a quarter as much): a ten-day memory follows a kitchen's spring warming
    (duty changes by about 3 % per kelvin; a kitchen 4 K warmer in July than in January
    raises it by up to 0.4 % a day) while a fault's +20 % within a week stands out. Set on
    the simulated fridge's year with seasons and a holiday (benchmarks/care.py): with a
    two-week memory, spring alone raised a false drift in one seed of three."""
    duty_critical_ratio: float = 1.5
    """A duty cycle at least this multiple of the baseline: critical."""
    inside_temperature_c: float = 4.0
    """Compartment temperature used for the ambient correction when no sensor gives it
    (fridges are set to 3 to 5 degrees, freezers to -18)."""
    ambient_fit_min_spread_k: float = 3.0
    """The duty is fitted against ambient temperature when the learning days span at least
    this range; otherwise the heat leak is taken as proportional to the temperature
    difference between room and compartment (Newton's law of cooling)."""

    # --------------------------------------------------------- compressor run lengths
    never_stops_min_s: float = 4.0 * HOUR_S
    """A compressor running this long without a pause is stuck or losing (tracebase
    fridges run 6 to 23 minutes; recovery after a defrost or a warm load takes 1 to 3 h)."""
    never_stops_factor: float = 4.0
    """... or this multiple of the longest run of a normal day, when that is longer
    (inverter compressors run for hours at low speed)."""
    never_starts_min_s: float = 3.0 * HOUR_S
    """A compressor not running this long while power is reported is not cooling
    (tracebase fridges pause 30 to 50 minutes)."""
    never_starts_factor: float = 4.0
    """... or this multiple of the longest pause of a normal day, when that is longer."""

    # ----------------------------------------------------------------- door and sensors
    door_open_warning_s: float = 3.0 * MINUTE_S
    """Door open this long: warning (most fridges sound their door alarm after one to two
    minutes, so three means nobody heard it)."""
    door_open_critical_s: float = 15.0 * MINUTE_S
    """Door open this long: critical (the compartment warms by several degrees)."""
    door_closed_clear_s: float = 30.0
    """The door must stay closed this long to clear the finding."""
    temperature_high_c: float = 8.0
    """Compartment warmer than this is out of range (UK Food Standards Agency: chilled food
    at 8 degrees or below; freezers: -12, the two-star limit of ISO 15502)."""
    temperature_low_c: float = -1.0
    """Compartment colder than this is out of range (fresh food freezes; freezers: -40)."""
    temperature_hold_s: float = 30.0 * MINUTE_S
    """Out of range for this long raises a warning (door openings and defrosts warm the air
    for minutes only)."""
    temperature_critical_s: float = 2.0 * HOUR_S
    """Out of range for this long: critical (USDA two-hour rule for perishable food)."""
    temperature_clear_margin_k: float = 1.0
    """Clears once back inside the range by this margin for the hold time."""

    # ---------------------------------------------------------------------- defrost
    defrost_learn_count: int = 3
    """Defrost intervals from which the usual interval and heater time are learned."""
    defrost_missing_factor: float = 3.0
    """No defrost for this multiple of the usual interval: the heater or its timer failed
    (the evaporator ices up and cooling fades) ..."""
    defrost_missing_min_s: float = 48.0 * HOUR_S
    """... and at least this long (adaptive defrost varies its interval with door use)."""
    defrost_frequent_factor: float = 1.0 / 3.0
    """Intervals shorter than this share of the usual one are too frequent ..."""
    defrost_long_factor: float = 2.5
    """... and heater runs longer than this multiple of the usual are too long (a failed
    termination thermostat) ..."""
    defrost_abnormal_count: int = 2
    """... and this many abnormal defrosts in a row raise the finding."""

    # ----------------------------------------------------------------------- filters
    filter_notice_days: float = 14.0
    """Reminder once the filter is forecast to reach its end within this many days."""
    filter_notice_clear_days: float = 21.0
    """The reminder clears when the forecast moves beyond this many days (usage slowed)."""
    filter_notice_pct: float = 90.0
    """Reminder at this much of the filter life used, whatever the forecast."""
    filter_end_pct: float = 100.0
    """The filter's end of life; at or beyond it the reminder becomes a warning."""
    filter_reset_drop_pct: float = 20.0
    """Usage falling by at least this many points is a filter replacement."""
    filter_trend_days: float = 30.0
    """The usage trend is fitted over this many most recent days."""
    filter_trend_min_days: float = 3.0
    """A forecast needs at least this span of usage data."""
    filter_clean_min_use_pct: float = 0.5
    """A filter clean only falls due by time when the filter was used since the last one:
    at least this many points of its life, or on at least one day of operation."""

    # ------------------------------------------------------------------------ freeze
    freeze_threshold_c: float = -5.0
    """Outdoor temperature (now or forecast within 48 h) at or below which water left in an
    appliance in an unheated place may freeze (pipes in unheated spaces are at risk from
    about -6 degrees: University of Illinois Building Research Council)."""
    freeze_clear_margin_k: float = 3.0
    """Clears once the outdoor temperature and the forecast minimum are this far above."""

    # ------------------------------------------------------------------ plausibility
    temperature_min_plausible_c: float = -60.0
    """Readings below this are sensor faults and ignored."""
    temperature_max_plausible_c: float = 70.0
    """Readings above this are sensor faults and ignored."""


_COUNT_FIELDS = frozenset(f.name for f in fields(CareSettings) if f.type in ("int", int))

_DEFAULTS: dict[CareSubject, CareSettings] = {
    CareSubject.DISHWASHER: CareSettings(drift_energy_cusum_h=6.0),
    CareSubject.FREEZER: CareSettings(
        temperature_high_c=-12.0, temperature_low_c=-40.0, inside_temperature_c=-18.0
    ),
    # An air conditioner's duty cycle counts its operating time only (a few hours a day),
    # and its "compartment" is the room it cools (set to 22 to 26 degrees).
    CareSubject.AIR_CONDITIONER: CareSettings(
        filter_clean_interval_days=14.0,
        duty_min_observed_s=2.0 * HOUR_S,
        inside_temperature_c=24.0,
    ),
    CareSubject.AIR_PURIFIER: CareSettings(filter_clean_interval_days=30.0),
}


def default_care_settings(subject: CareSubject) -> CareSettings:
    """Return the default thresholds for a subject."""
    return _DEFAULTS.get(CareSubject(subject), CareSettings())


def care_settings_to_dict(settings: CareSettings) -> dict[str, float | int]:
    """Return the settings as a plain dict (for storage and the options flow)."""
    return asdict(settings)


def care_settings_from_mapping(subject: CareSubject, values: Mapping[str, object]) -> CareSettings:
    """Return the subject's defaults with the known fields of `values` applied.

    Unknown keys are ignored (settings saved by another version); a value that is not a
    number raises TypeError; an infinite one, a negative one (except temperatures) or a
    fractional count ValueError.
    """
    base = default_care_settings(subject)
    known = {f.name for f in fields(base)}
    changes: dict[str, float | int] = {}
    for name, raw in values.items():
        if name not in known:
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise TypeError(f"{name} must be a number")
        value = float(raw)
        # Temperatures (the _c fields) may be below zero; everything else may not.
        if not math.isfinite(value) or (value < 0 and not name.endswith("_c")):
            raise ValueError(f"{name} must be a finite number >= 0")
        if name in _COUNT_FIELDS:
            if value != int(value):
                raise ValueError(f"{name} must be a whole number")
            changes[name] = int(value)
        else:
            changes[name] = value
    return replace(base, **changes)  # type: ignore[arg-type]
