"""Courses added to simulated machines after they left the factory, and firmware updates."""

from __future__ import annotations

from datetime import timedelta
import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.appliance_care.simulator import (
    FIRMWARE_VERSIONS,
    PROGRAMS,
    ApplianceKind,
    HomeSettings,
    PlugSettings,
    SimulatedHome,
    SimulationError,
    parse_program,
    program_to_mapping,
)
from custom_components.appliance_care.simulator.courses import (
    MAX_PHASES,
    InstalledPrograms,
    validate_program,
)
from custom_components.appliance_care.simulator.cycle import CycleAppliance
from custom_components.appliance_care.simulator.home import make_appliance
from custom_components.appliance_care.simulator.programs import PhaseKind, PhaseSpec, Program

from .support import START, T0

WASHER = ApplianceKind.WASHER
DISHWASHER = ApplianceKind.DISHWASHER
COURSES = Path(__file__).resolve().parents[2] / "catalog" / "courses"


def _course(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((COURSES / f"{name}.json").read_text(encoding="utf-8"))
    return data


ALLERGY = parse_program(WASHER, _course("allergy_care_60")["program"])
GLASS = parse_program(DISHWASHER, _course("glass_care_40")["program"])


def _home() -> SimulatedHome:
    return SimulatedHome(start=START, settings=HomeSettings(seed=3))


def _advance(home: SimulatedHome, minutes: float, step_s: float = 30) -> bool:
    changed = False
    end = home.now + timedelta(minutes=minutes)
    while home.now < end:
        changed |= home.advance(min(end, home.now + timedelta(seconds=step_s)))
    return changed


def test_repository_courses_parse_and_round_trip() -> None:
    for name, kind, recipe in (
        ("allergy_care_60", WASHER, ALLERGY),
        ("glass_care_40", DISHWASHER, GLASS),
    ):
        data = _course(name)
        assert data["appliance"] == kind
        assert parse_program(kind, program_to_mapping(recipe)) == recipe
        assert json.loads(json.dumps(program_to_mapping(recipe))) == program_to_mapping(recipe)


def test_installed_course_is_offered_after_the_builtin_programs() -> None:
    home = _home()
    home.install_program(WASHER, "allergy_care_60", ALLERGY)
    assert home.snapshot(WASHER).programs == (*PROGRAMS[WASHER], "allergy_care_60")
    assert home.installed_programs(WASHER) == ("allergy_care_60",)
    assert home.installed_programs(ApplianceKind.REFRIGERATOR) == ()
    home.select_program(WASHER, "allergy_care_60")
    assert home.snapshot(WASHER).program == "allergy_care_60"


def test_installing_is_reported_by_the_next_advance() -> None:
    home = _home()
    _advance(home, 5)
    home.install_program(WASHER, "allergy_care_60", ALLERGY)
    assert home.advance(home.now + timedelta(milliseconds=300)) is True, "time within a second"
    assert home.advance(home.now + timedelta(seconds=1)) is False
    home.uninstall_program(WASHER, "allergy_care_60")
    assert home.advance(home.now + timedelta(seconds=1)) is True


def test_a_moment_in_the_past_keeps_the_change_for_later() -> None:
    home = _home()
    home.update_firmware(ApplianceKind.DRYER, "1.10.0")
    assert home.advance(home.now - timedelta(seconds=5)) is False
    assert home.advance(home.now + timedelta(seconds=1)) is True


def _run_course(kind: ApplianceKind, name: str, recipe: Program) -> tuple[list[Any], int, float]:
    """Run a course on a lone machine; return its phases, seconds and energy (kWh)."""
    machine = make_appliance(kind, t0=T0, seed=2, plug=PlugSettings())
    assert isinstance(machine, CycleAppliance)
    machine.install_program(name, recipe)
    machine.select_program(name)
    machine.start(0)
    t, phases = T0, []
    while machine.busy:
        t += 1
        machine.advance_to(t)
        if machine.phase is not None and (not phases or phases[-1] is not machine.phase):
            phases.append(machine.phase)
    return phases, t - T0, machine.plug.energy_kwh


def test_allergy_care_runs_every_phase_of_its_recipe() -> None:
    phases, seconds, energy_kwh = _run_course(WASHER, "allergy_care_60", ALLERGY)
    recipe = (*ALLERGY.main, *ALLERGY.final)
    assert [phase.kind for phase in phases] == [spec.kind for spec in recipe]
    assert [phase.kind for phase in phases].count(PhaseKind.HEAT) == 2, "heats, then holds 60"
    assert seconds > sum(spec.seconds for spec in recipe) * 0.93, "heating adds to timed phases"
    assert 1.2 < energy_kwh < 2.2


def test_glass_care_is_gentler_than_auto() -> None:
    _, _, glass_kwh = _run_course(DISHWASHER, "glass_care_40", GLASS)
    auto = InstalledPrograms(DISHWASHER).recipe("auto_45_65")
    _, _, auto_kwh = _run_course(DISHWASHER, "auto_copy", auto)
    assert glass_kwh < auto_kwh * 0.6


def test_course_cycle_runs_and_finishes_in_the_home() -> None:
    home = _home()
    home.install_program(DISHWASHER, "glass_care_40", GLASS)
    home.select_program(DISHWASHER, "glass_care_40")
    home.start(DISHWASHER)
    _advance(home, 2)
    assert home.snapshot(DISHWASHER).running
    assert home.busy(DISHWASHER)
    _advance(home, 4 * 60, step_s=60)
    assert not home.snapshot(DISHWASHER).running


def test_running_course_cannot_be_replaced_or_removed() -> None:
    home = _home()
    home.install_program(WASHER, "allergy_care_60", ALLERGY)
    home.select_program(WASHER, "allergy_care_60")
    home.start(WASHER)
    _advance(home, 1)
    for attempt in (
        lambda: home.install_program(WASHER, "allergy_care_60", ALLERGY),
        lambda: home.uninstall_program(WASHER, "allergy_care_60"),
        lambda: home.update_firmware(WASHER, "2.5.0"),
    ):
        with pytest.raises(SimulationError) as err:
            attempt()
        assert err.value.key == "already_running"


def test_removing_the_selected_course_selects_the_first_program() -> None:
    home = _home()
    home.install_program(WASHER, "allergy_care_60", ALLERGY)
    home.select_program(WASHER, "allergy_care_60")
    home.uninstall_program(WASHER, "allergy_care_60")
    assert home.snapshot(WASHER).program == PROGRAMS[WASHER][0]
    assert home.snapshot(WASHER).programs == PROGRAMS[WASHER]
    with pytest.raises(SimulationError) as err:
        home.select_program(WASHER, "allergy_care_60")
    assert err.value.key == "unknown_program"


@pytest.mark.parametrize(
    ("kind", "name", "key"),
    [
        (WASHER, "cotton_40", "program_exists"),
        (WASHER, "../x", "invalid_course"),
        (WASHER, "Allergy", "invalid_course"),
        (DISHWASHER, "allergy_care_60", "invalid_course"),
        (ApplianceKind.REFRIGERATOR, "allergy_care_60", "not_a_cycle_appliance"),
    ],
)
def test_install_refuses(kind: ApplianceKind, name: str, key: str) -> None:
    home = _home()
    with pytest.raises(SimulationError) as err:
        home.install_program(kind, name, ALLERGY)
    assert err.value.key == key
    if kind is WASHER:
        assert home.installed_programs(WASHER) == ()


def test_uninstall_of_a_program_never_added_is_refused() -> None:
    with pytest.raises(SimulationError) as err:
        _home().uninstall_program(WASHER, "cotton_40")
    assert err.value.key == "unknown_program"


def _phases(*phases: dict[str, Any]) -> dict[str, Any]:
    return {"main": list(phases)}


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"main": []},
        {"main": "fill"},
        {"main": [{"phase": "fill", "seconds": 60}], "rinse": []},
        _phases("fill"),
        _phases({"phase": "boil", "seconds": 60}),
        _phases({"phase": "dry", "seconds": 60}),
        _phases({"phase": "fill", "seconds": 60, "colour": "red"}),
        _phases({"phase": "fill"}),
        _phases({"phase": "fill", "seconds": "60"}),
        _phases({"phase": "fill", "seconds": True}),
        _phases({"phase": "fill", "seconds": float("nan")}),
        _phases({"phase": "fill", "seconds": -1}),
        _phases({"phase": "fill", "seconds": 3 * 3_600}),
        _phases({"phase": "heat"}),
        _phases({"phase": "heat", "energy_wh": 9_000}),
        _phases({"phase": "wash", "seconds": 60}),
        _phases({"phase": "spin", "seconds": 60, "watts": 5_000}),
        _phases(*[{"phase": "fill", "seconds": 60}] * (MAX_PHASES + 1)),
        _phases(*[{"phase": "soak", "seconds": 7_000}] * 4),
    ],
)
def test_malformed_courses_are_refused(data: Any) -> None:
    with pytest.raises(SimulationError) as err:
        parse_program(WASHER, data)
    assert err.value.key == "invalid_course"


def test_dryer_course_keeps_its_thermostat_share() -> None:
    data = _phases(
        {"phase": "dry", "seconds": 3_000, "cycling_from": 0.5}, {"phase": "cool", "seconds": 300}
    )
    recipe = parse_program(ApplianceKind.DRYER, data)
    assert recipe.main[0].cycling_from == 0.5
    assert program_to_mapping(recipe) == data


def test_validate_refuses_kinds_without_programs() -> None:
    with pytest.raises(SimulationError) as err:
        validate_program(ApplianceKind.AIR_PURIFIER, Program(main=(PhaseSpec(PhaseKind.FILL, 60),)))
    assert err.value.key == "not_a_cycle_appliance"


def test_firmware_update_bumps_version_and_adds_its_programs() -> None:
    home = _home()
    assert home.snapshot(WASHER).firmware_version == FIRMWARE_VERSIONS[WASHER]
    tub_clean = parse_program(WASHER, _phases({"phase": "fill", "seconds": 300}))
    home.update_firmware(WASHER, "2.5.0", {"tub_clean": tub_clean})
    assert home.snapshot(WASHER).firmware_version == "2.5.0"
    assert "tub_clean" in home.snapshot(WASHER).programs
    home.update_firmware(ApplianceKind.REFRIGERATOR, "5.1.0")
    assert home.snapshot(ApplianceKind.REFRIGERATOR).firmware_version == "5.1.0"


def test_firmware_update_is_all_or_nothing() -> None:
    home = _home()
    good = parse_program(WASHER, _phases({"phase": "fill", "seconds": 300}))
    with pytest.raises(SimulationError) as err:
        home.update_firmware(WASHER, "2.5.0", {"tub_clean": good, "cotton_40": good})
    assert err.value.key == "program_exists"
    assert home.snapshot(WASHER).firmware_version == FIRMWARE_VERSIONS[WASHER]
    assert home.installed_programs(WASHER) == ()
    with pytest.raises(SimulationError) as err:
        home.update_firmware(WASHER, "2.5.0-beta")
    assert err.value.key == "invalid_firmware"
    with pytest.raises(SimulationError) as err:
        home.update_firmware(ApplianceKind.REFRIGERATOR, "5.1.0", {"tub_clean": good})
    assert err.value.key == "not_a_cycle_appliance"


def test_courses_and_firmware_survive_a_restart() -> None:
    home = _home()
    home.install_program(WASHER, "allergy_care_60", ALLERGY)
    home.install_program(DISHWASHER, "glass_care_40", GLASS)
    home.update_firmware(WASHER, "2.5.0")
    home.select_program(DISHWASHER, "glass_care_40")
    home.start(DISHWASHER)
    _advance(home, 30)
    state = json.loads(json.dumps(home.to_state()))
    resumed = SimulatedHome(start=START, settings=HomeSettings(seed=3), state=state)
    assert resumed.installed_programs(WASHER) == ("allergy_care_60",)
    assert resumed.snapshot(WASHER).firmware_version == "2.5.0"
    assert resumed.snapshot(DISHWASHER).program == "glass_care_40"
    assert resumed.snapshot(DISHWASHER).running, "the course's cycle resumes"
    assert resumed.snapshot(DISHWASHER).power_w == home.snapshot(DISHWASHER).power_w


def test_damaged_saved_courses_and_firmware_are_left_out() -> None:
    home = _home()
    home.install_program(WASHER, "allergy_care_60", ALLERGY)
    state = json.loads(json.dumps(home.to_state()))
    washer = state["appliances"]["washer"]
    washer["firmware"] = "not a version"
    washer["details"]["installed"]["cotton_40"] = program_to_mapping(ALLERGY)
    washer["details"]["installed"]["broken"] = {"main": "fill"}
    resumed = SimulatedHome(start=START, settings=HomeSettings(seed=3), state=state)
    assert resumed.installed_programs(WASHER) == ("allergy_care_60",)
    assert resumed.snapshot(WASHER).firmware_version == FIRMWARE_VERSIONS[WASHER]
    washer["details"]["installed"] = ["not", "a", "mapping"]
    resumed = SimulatedHome(start=START, settings=HomeSettings(seed=3), state=state)
    assert resumed.installed_programs(WASHER) == ()


def test_installed_programs_registry_knows_builtin_and_added_recipes() -> None:
    added = InstalledPrograms(WASHER)
    added.install("allergy_care_60", ALLERGY, running=None)
    assert added.recipe("allergy_care_60") is ALLERGY
    assert added.recipe("cotton_40").main, "built-in recipes are found too"
    with pytest.raises(SimulationError):
        added.recipe("nothing")
