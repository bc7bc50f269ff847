"""Tunable settings of the care engine, with per-appliance-type defaults.

Every threshold and hold time is a named field with its unit in the name, so the Home
Assistant options flow can show them one by one. Defaults come from the sources named in
the comments; the REFIT House 2 and tracebase traces are described in docs/cycle-accuracy.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
import math

from .types import ApplianceType

MINUTE_S = 60.0
HOUR_S = 3600.0


@dataclass(frozen=True, kw_only=True, slots=True)
class CycleSettings:
    """How a CycleTracker tells cycles, pauses and finishes apart (all fields tunable)."""

    off_threshold_w: float = 0.5
    """At or below: the appliance (or its plug) is off. EU Ecodesign Regulation 1275/2008
    limits off mode to 0.5 W; cheap plugs read 0 to 0.5 W with nothing drawing."""
    active_threshold_w: float = 6.0
    """At or above: the appliance is working. Above the 1 to 5 W of standby, status displays
    and delayed-start waiting; near the 5 W of the "Appliance has finished" blueprint."""
    start_threshold_w: float = 20.0
    """A cycle starts only once power reached this level (an inlet valve, a pump, a motor),
    so a display or delayed-start draw above the active threshold never starts one. REFIT
    House 2's washer draws 15 to 50 W while filling, its dishwasher 70 W while circulating."""
    start_active_s: float = 120.0
    """Seconds at or above the start threshold before a start is confirmed; the start is
    then dated back to the first active report. Filters door-open and program-select blips
    (REFIT House 2 has dozens lasting 1 to 4 minutes)."""
    start_energy_wh: float = 5.0
    """Energy since the first active report needed before a start is confirmed. The blips
    of REFIT House 2's washer carry under 2 Wh; a real fill-and-heat start passes 5 Wh in
    minutes."""
    start_reset_s: float = 300.0
    """Quiet (or low) this long abandons a start that was not confirmed yet."""
    pause_after_s: float = 180.0
    """Quiet this long inside a cycle shows it as paused."""
    finish_hold_s: float = 30.0 * MINUTE_S
    """Quiet this long finishes a cycle when no learned program says more is coming. Rinse
    pauses last minutes, eco programs soak for 10 to 20 minutes at a time; the blueprint's
    5 minutes is what gives its users false finishes. Learned programs finish most cycles
    within minutes of their end, so this long wait only applies to unknown programs."""
    program_end_hold_s: float = 180.0
    """Quiet this long finishes a cycle once its learned program says it is at its end."""
    max_finish_hold_s: float = 2.0 * HOUR_S
    """Longest quiet wait, even when a learned program still expects activity."""
    burst_ignore_s: float = 0.0
    """After quiet set in, bursts of activity shorter than this do not count as activity
    (a dryer's anti-crease tumbles); 0 counts every burst (washers tumble during soaks)."""
    post_finish_guard_s: float = 0.0
    """For this long after a finish, starting a new cycle also needs guard_start_energy_wh
    (anti-crease tumbles must not start cycles)."""
    guard_start_energy_wh: float = 0.0
    """Energy needed to start a cycle inside the post-finish guard."""
    unload_timeout_s: float = 2.0 * HOUR_S
    """Without a door sensor, a finished appliance counts as unloaded after this long."""
    unloaded_display_s: float = 10.0 * MINUTE_S
    """How long the unloaded status shows before the status follows the power again."""
    outage_resume_s: float = 30.0 * MINUTE_S
    """After a data gap (sensor unavailable, Home Assistant stopped) of at most this, a cycle
    that is still active continues; after a longer gap it is finished at its last known
    activity and the activity now seen starts a new one."""
    max_unknown_s: float = 6.0 * HOUR_S
    """A cycle whose power stays unknown longer than this is finished at its last activity."""
    max_power_w: float = 25_000.0
    """Readings above this (or below minus max_negative_w) are treated as invalid; a 32 A
    three-phase appliance draws at most 22 kW."""
    max_negative_w: float = 5.0
    """Small negative readings (plug calibration offsets) count as zero."""
    max_update_gap_s: float = 15.0 * MINUTE_S
    """Home Assistant calls tick every 30 s: a longer silence between updates means it was
    stopped or the clock jumped, and that span counts as a data gap (no energy, no quiet)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class CompressorSettings:
    """How a CompressorMonitor tells compressor runs and defrosts apart (all fields tunable)."""

    on_threshold_w: float = 30.0
    """At or above: the compressor runs. The tracebase fridges run at 60 to 160 W and idle
    at 0 to 12 W (lamp, electronics); inverter compressors run down to about 35 W."""
    off_threshold_w: float = 20.0
    """Below: the compressor stopped (hysteresis against the on threshold)."""
    min_run_s: float = 60.0
    """Runs shorter than this (start-up spikes, a door lamp) are not compressor runs."""
    defrost_power_ratio: float = 1.6
    """A run phase at or above this multiple of the usual compressor power is a heater
    (defrost heaters draw 150 to 600 W, two to five times a fridge compressor)."""
    defrost_min_s: float = 300.0
    """Heater phases must last this long to count as a defrost (5 to 30 minute heater runs
    in no-frost appliances); start-up spikes of 1 to 3 s stay far below."""
    max_gap_s: float = 15.0 * MINUTE_S
    """Longer silences between updates are data gaps, not observed time."""
    max_power_w: float = 25_000.0
    """Readings above this are invalid."""


# Per-type differences from the CycleSettings defaults, with where each comes from.
_WASHER = CycleSettings()
_DRYER = CycleSettings(
    # Heater and drum motor: a dryer draws 150 W or more from its first minute.
    start_threshold_w=100.0,
    active_threshold_w=15.0,
    start_energy_wh=5.0,
    # Dryers do not pause: the motor turns through heating and cool-down.
    finish_hold_s=7.0 * MINUTE_S,
    # Anti-crease tumbles last 10 to 60 s every few minutes, for up to 2 h (Bosch, Miele
    # and Electrolux manuals); they neither keep a cycle going nor start a new one.
    burst_ignore_s=90.0,
    post_finish_guard_s=2.0 * HOUR_S,
    guard_start_energy_wh=30.0,
)
_WASHER_DRYER = CycleSettings(
    post_finish_guard_s=2.0 * HOUR_S,
    guard_start_energy_wh=30.0,
    max_finish_hold_s=3.0 * HOUR_S,
    max_unknown_s=10.0 * HOUR_S,
)
_DISHWASHER = CycleSettings(
    # Drying phases draw near nothing for 20 to 60 minutes before the final pump-out (REFIT
    # House 2's dishwasher: 23 to 31 minutes at 0 W); without a learned program, wait past
    # them.
    finish_hold_s=65.0 * MINUTE_S,
    pause_after_s=5.0 * MINUTE_S,
    # A dishwasher that pumps out after drying waits for it (end_signs.drying_wait); one
    # that does not ends in silence, at its learned program's end.
    program_end_hold_s=1.5 * MINUTE_S,
    # Dishes often stay in until the next morning.
    unload_timeout_s=10.0 * HOUR_S,
)
_OTHER = CycleSettings(
    active_threshold_w=5.0,
    start_threshold_w=10.0,
    finish_hold_s=10.0 * MINUTE_S,
    max_unknown_s=24.0 * HOUR_S,
)

_DEFAULTS: dict[ApplianceType, CycleSettings] = {
    ApplianceType.WASHER: _WASHER,
    ApplianceType.DRYER: _DRYER,
    ApplianceType.WASHER_DRYER: _WASHER_DRYER,
    ApplianceType.DISHWASHER: _DISHWASHER,
    ApplianceType.OTHER: _OTHER,
}

_FREEZER = CompressorSettings()
_REFRIGERATOR = CompressorSettings()


def default_settings(appliance_type: ApplianceType) -> CycleSettings:
    """Return the default cycle settings of a cycle appliance type.

    Fridges and freezers have no cycles: use default_compressor_settings for them.
    """
    try:
        return _DEFAULTS[appliance_type]
    except KeyError:
        raise ValueError(f"{appliance_type} has no cycles") from None


def default_compressor_settings(appliance_type: ApplianceType) -> CompressorSettings:
    """Return the default compressor settings of a fridge or freezer."""
    if appliance_type is ApplianceType.FREEZER:
        return _FREEZER
    if appliance_type is ApplianceType.REFRIGERATOR:
        return _REFRIGERATOR
    raise ValueError(f"{appliance_type} has no compressor")


def settings_to_dict(settings: CycleSettings | CompressorSettings) -> dict[str, float]:
    """Return the settings as a plain dict of floats (for storage and the options flow)."""
    return asdict(settings)


def contradictions(settings: CycleSettings | CompressorSettings) -> dict[str, str]:
    """Return, by field, the code of a rule the field breaks against another field.

    Each value is fine alone, but together they cannot work: an off level at or above the
    active level makes every reading both; a pause hold at or above the finish hold never
    shows a pause; a finish hold above the longest wait is never reached; a compressor's
    off level above its on level leaves no room between. Empty when the settings agree.
    """
    if isinstance(settings, CompressorSettings):
        if settings.off_threshold_w > settings.on_threshold_w:
            return {"off_threshold_w": "off_above_on"}
        return {}
    found: dict[str, str] = {}
    if settings.off_threshold_w >= settings.active_threshold_w:
        found["off_threshold_w"] = "off_not_below_active"
    if settings.active_threshold_w > settings.start_threshold_w:
        found["start_threshold_w"] = "start_below_active"
    if settings.pause_after_s >= settings.finish_hold_s:
        found["pause_after_s"] = "pause_not_below_finish"
    if settings.finish_hold_s > settings.max_finish_hold_s:
        found["finish_hold_s"] = "finish_above_longest"
    if settings.program_end_hold_s > settings.max_finish_hold_s:
        found["program_end_hold_s"] = "finish_above_longest"
    return found


def _overrides(
    base: CycleSettings | CompressorSettings, values: Mapping[str, object]
) -> dict[str, float]:
    known = {f.name for f in fields(base)}
    changes: dict[str, float] = {}
    for name, raw in values.items():
        if name not in known:
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise TypeError(f"{name} must be a number")
        value = float(raw)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number >= 0")
        changes[name] = value
    return changes


def cycle_settings_from_mapping(
    appliance_type: ApplianceType, values: Mapping[str, object]
) -> CycleSettings:
    """Return the type's defaults with the known fields of `values` applied.

    Unknown keys are ignored (settings saved by another version); a value that is not a
    number raises TypeError, a negative or infinite one ValueError.
    """
    base = default_settings(appliance_type)
    return replace(base, **_overrides(base, values))


def compressor_settings_from_mapping(
    appliance_type: ApplianceType, values: Mapping[str, object]
) -> CompressorSettings:
    """Return the type's compressor defaults with the known fields of `values` applied."""
    base = default_compressor_settings(appliance_type)
    return replace(base, **_overrides(base, values))
