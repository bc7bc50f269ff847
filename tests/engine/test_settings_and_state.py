"""Settings per appliance type, and reading saved state defensively."""

from __future__ import annotations

from dataclasses import fields
import json

import pytest

from custom_components.appliance_care.engine import (
    ApplianceType,
    CompressorSettings,
    CycleSettings,
    CycleStatus,
    CycleTracker,
    StateError,
    compressor_settings_from_mapping,
    cycle_settings_from_mapping,
    default_compressor_settings,
    default_settings,
    settings_to_dict,
)
from custom_components.appliance_care.engine._state import (
    as_numbers,
    get_float,
    get_int,
    get_list,
    get_mapping,
    get_opt_int,
    get_str,
)
from custom_components.appliance_care.engine.profile import MAX_PROFILE_BINS, ProfileBuilder
from custom_components.appliance_care.engine.programs import Program, ProgramLibrary
from custom_components.appliance_care.engine.readings import parse_number, parse_power

from .helpers import MIN, Feed, washer_cycle


@pytest.mark.parametrize("appliance_type", [t for t in ApplianceType if t.has_cycles])
def test_every_cycle_type_has_sane_defaults(appliance_type: ApplianceType) -> None:
    settings = default_settings(appliance_type)
    assert settings.off_threshold_w < settings.active_threshold_w < settings.start_threshold_w
    assert settings.program_end_hold_s <= settings.finish_hold_s <= settings.max_finish_hold_s
    assert settings.pause_after_s < settings.finish_hold_s
    values = settings_to_dict(settings)
    assert set(values) == {f.name for f in fields(CycleSettings)}
    assert all(name.endswith(("_w", "_s", "_wh")) for name in values)


def test_dishwasher_waits_longer_than_washer() -> None:
    washer = default_settings(ApplianceType.WASHER)
    dishwasher = default_settings(ApplianceType.DISHWASHER)
    dryer = default_settings(ApplianceType.DRYER)
    assert dishwasher.finish_hold_s > 60 * MIN > washer.finish_hold_s
    assert dryer.burst_ignore_s > 0
    assert dryer.post_finish_guard_s > 0


def test_fridge_settings() -> None:
    for fridge in (ApplianceType.REFRIGERATOR, ApplianceType.FREEZER):
        settings = default_compressor_settings(fridge)
        assert settings.off_threshold_w < settings.on_threshold_w
        with pytest.raises(ValueError, match="no cycles"):
            default_settings(fridge)
    with pytest.raises(ValueError, match="no compressor"):
        default_compressor_settings(ApplianceType.WASHER)
    assert set(settings_to_dict(CompressorSettings())) == {
        f.name for f in fields(CompressorSettings)
    }


def test_settings_from_mapping() -> None:
    settings = cycle_settings_from_mapping(
        ApplianceType.DISHWASHER, {"finish_hold_s": 1800, "not_a_field": "x"}
    )
    assert settings.finish_hold_s == 1800.0
    assert settings.pause_after_s == default_settings(ApplianceType.DISHWASHER).pause_after_s
    with pytest.raises(TypeError):
        cycle_settings_from_mapping(ApplianceType.WASHER, {"finish_hold_s": "long"})
    with pytest.raises(TypeError):
        cycle_settings_from_mapping(ApplianceType.WASHER, {"finish_hold_s": True})
    with pytest.raises(ValueError, match="finite"):
        cycle_settings_from_mapping(ApplianceType.WASHER, {"finish_hold_s": -1})
    with pytest.raises(ValueError, match="finite"):
        cycle_settings_from_mapping(ApplianceType.WASHER, {"finish_hold_s": float("inf")})
    fridge = compressor_settings_from_mapping(ApplianceType.FREEZER, {"on_threshold_w": 45})
    assert fridge.on_threshold_w == 45.0


def test_readings() -> None:
    assert parse_number(" 3.5 ") == 3.5
    assert parse_number(7) == 7.0
    assert parse_number(object()) is None
    assert parse_power("-3", 100.0, 5.0) == 0.0
    assert parse_power("-30", 100.0, 5.0) is None
    assert parse_power(101, 100.0, 5.0) is None


def test_state_getters_reject_wrong_types() -> None:
    data: dict[str, object] = {
        "f": "x",
        "i": 1.5,
        "s": 3,
        "l": {},
        "m": [],
        "b": True,
        "inf": float("inf"),
    }
    with pytest.raises(StateError):
        get_float(data, "missing")
    with pytest.raises(StateError):
        get_float(data, "f")
    with pytest.raises(StateError):
        get_float(data, "b")
    with pytest.raises(StateError):
        get_float(data, "inf")
    with pytest.raises(StateError):
        get_int(data, "i")
    with pytest.raises(StateError):
        get_str(data, "s")
    with pytest.raises(StateError):
        get_list(data, "l")
    with pytest.raises(StateError):
        get_mapping(data, "m")
    with pytest.raises(StateError):
        as_numbers("x", "what")
    assert get_opt_int({}, "x") is None
    assert get_opt_int({"x": 2}, "x") == 2


def test_unreadable_programs_are_rejected() -> None:
    for bad in ({"programs": ["x"]}, {"programs": [{"id": "one"}]}):
        with pytest.raises(StateError):
            ProgramLibrary.from_state(bad, 120.0)
    program = Program.from_state(
        {"id": 3, "cycles": 1, "durations": [600], "members": [[100, 100]]}, 120.0
    )
    assert program is not None
    assert program.typical_energy_wh == 0.0


def test_programs_without_a_possible_cycle_are_left_out() -> None:
    empty = {"id": 1, "cycles": 0, "durations": [], "members": []}
    impossible = {"id": 2, "cycles": 4, "durations": [-600, 1e12], "members": [[5]]}
    good = {"id": 3, "cycles": -3, "durations": [-1, 600, 1e9], "members": [[100] * 10**5]}
    library = ProgramLibrary.from_state({"programs": [empty, impossible, good]}, 120.0)
    assert list(library.programs) == [3]
    program = library.programs[3]
    assert program.durations == [600]
    assert program.cycles == 1, "a count below the figures kept is raised to them"
    assert max(len(m) for m in program.members) == MAX_PROFILE_BINS
    assert len(program.envelope) <= MAX_PROFILE_BINS


def test_restore_mid_candidate_and_statuses() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER))
    feed.hold(100.0, 30)  # activity, not a cycle yet
    state = json.loads(json.dumps(feed.tracker.to_state()))
    restored = CycleTracker(ApplianceType.WASHER, state=state)
    assert restored.status is CycleStatus.IDLE
    assert restored.cycle_start is None
    # A saved "running" status without a cycle in progress is not believed.
    state["status"] = "running"
    state["live"] = None
    assert CycleTracker(ApplianceType.WASHER, state=state).status is CycleStatus.IDLE
    # A cycle in progress shows as running whatever the saved status said.
    feed.run(washer_cycle()[:2])
    state = json.loads(json.dumps(feed.tracker.to_state()))
    state["status"] = "off"
    assert CycleTracker(ApplianceType.WASHER, state=state).status is CycleStatus.RUNNING


def test_profile_is_bounded_for_very_long_cycles() -> None:
    profile = ProfileBuilder(0.0)
    assert profile.add(0.0, 3 * 86400.0, 50.0)
    assert len(profile.bins_w) == MAX_PROFILE_BINS
    profile.add(3 * 86400.0, 3 * 86400.0 + 7200.0, 50.0)
    assert len(profile.bins_w) == MAX_PROFILE_BINS
    restored = ProfileBuilder.from_state(profile.to_state())
    assert restored.bins_w == profile.bins_w


def test_cycle_longer_than_profile_is_still_recorded() -> None:
    feed = Feed(CycleTracker(ApplianceType.OTHER))
    feed.run([(300.0, 14 * 60 * MIN), (0.0, 60 * MIN)])
    (record,) = feed.finished()
    assert record.duration_s == pytest.approx(14 * 60 * MIN)
    assert record.signature is not None
    assert len(record.signature.profile_w) == MAX_PROFILE_BINS
