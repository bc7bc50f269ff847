"""The catalog index and its bundled copy are generated from the sources, and up to date."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
import sys
from types import ModuleType

from custom_components.appliance_care.catalog import FeatureKind, is_newer, parse_index
from custom_components.appliance_care.features import BUNDLED
from custom_components.appliance_care.simulator import (
    CYCLE_KINDS,
    FIRMWARE_VERSIONS,
    ApplianceKind,
    parse_program,
)

ROOT = Path(__file__).resolve().parents[2]
BLUEPRINTS = ROOT / "blueprints" / "automation" / "appliance_care"
RAW = "https://raw.githubusercontent.com/appliance-care/appliance-care/main/"


def _script() -> ModuleType:
    path = ROOT / "scripts" / "build_catalog.py"
    spec = importlib.util.spec_from_file_location("build_catalog", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_catalog_index_and_bundled_copy_are_up_to_date() -> None:
    script = _script()
    stale = [str(path.relative_to(ROOT)) for path in script.out_of_date(script.build())]
    assert stale == [], "run scripts/build_catalog.py"
    assert script.main(["--check"]) == 0


def test_bundled_index_lists_every_blueprint_and_course_with_its_real_checksum() -> None:
    data = json.loads((BUNDLED / "index.json").read_text(encoding="utf-8"))
    assert data == json.loads((ROOT / "catalog" / "index.json").read_text(encoding="utf-8"))
    index, rejected = parse_index(data)
    assert rejected == ()
    blueprints = {e.id: e for e in index.features if e.kind is FeatureKind.BLUEPRINT}
    courses = {e.id: e for e in index.features if e.kind is FeatureKind.COURSE}
    assert blueprints.keys() == {path.stem for path in BLUEPRINTS.glob("*.yaml")}
    assert {
        "cycle_finished_reminder",
        "door_left_open",
        "washer_to_dryer",
        "weekly_report",
        "quiet_cheap_hours",
    } <= blueprints.keys()
    assert courses.keys() >= {"allergy_care_60", "glass_care_40"}
    for entry in index.features:
        source = (
            BLUEPRINTS / f"{entry.id}.yaml"
            if entry.kind is FeatureKind.BLUEPRINT
            else ROOT / "catalog" / "courses" / f"{entry.id}.json"
        )
        content = source.read_bytes()
        assert entry.size == len(content)
        assert entry.sha256 == hashlib.sha256(content).hexdigest()
        assert entry.url == RAW + source.relative_to(ROOT).as_posix()
        assert (BUNDLED / f"{entry.kind}s" / source.name).read_bytes() == content
    for entry in (blueprints["door_left_open"], courses["allergy_care_60"]):
        assert entry.title.ko != entry.title.en, "written in Korean too"


def test_courses_run_on_the_appliance_they_name() -> None:
    index, _ = parse_index(json.loads((BUNDLED / "index.json").read_bytes()))
    for entry in index.features:
        if entry.kind is FeatureKind.COURSE:
            course = json.loads((BUNDLED / "courses" / f"{entry.id}.json").read_bytes())
            kind = ApplianceKind(str(entry.appliance))
            assert kind in CYCLE_KINDS
            assert (course["id"], course["appliance"]) == (entry.id, entry.appliance)
            parse_program(kind, course["program"])


def test_every_demo_appliance_has_newer_firmware_announced() -> None:
    index, _ = parse_index(json.loads((BUNDLED / "index.json").read_bytes()))
    announced = {release.appliance: release for release in index.firmware}
    assert announced.keys() == {str(kind) for kind in ApplianceKind}
    for kind, factory in FIRMWARE_VERSIONS.items():
        release = announced[str(kind)]
        assert is_newer(release.version, factory)
        for course in release.programs.values():
            parse_program(kind, course)
    assert list(announced["washer"].programs) == ["tub_clean"]
