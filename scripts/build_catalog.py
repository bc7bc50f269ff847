#!/usr/bin/env python3
"""Write the feature catalog's index, and the copy bundled with the integration.

Sources (edit these):
    blueprints/automation/appliance_care/*.yaml   blueprints (every one found is listed)
    catalog/blueprints.json                       their versions, titles, descriptions (en, ko)
    catalog/courses/<id>.json                     courses, with their own titles and versions
    catalog/firmware.json                         firmware announced per kind of appliance

Outputs (never edit these; the test suite fails while they are out of date):
    catalog/index.json                            the remote catalog, served from GitHub
    custom_components/appliance_care/catalog/bundled/
        index.json, blueprints/<id>.yaml, courses/<id>.json
                                                  the same index and its files, shipped with
                                                  the integration so that it works offline

Run it in the project's environment (it checks courses with the simulator and blueprints
with Home Assistant's YAML loader):
    bash -c 'source scripts/lib/toolchain.sh && toolchain_prepare &&
             toolchain_run python scripts/build_catalog.py'
With --check it writes nothing and exits with 1 when an output is out of date.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
import hashlib
import json
from pathlib import Path
import sys
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from custom_components.appliance_care.catalog import parse_entry  # noqa: E402
from custom_components.appliance_care.catalog.parse import (  # noqa: E402
    INDEX_FORMAT,
    parse_firmware,
)
from custom_components.appliance_care.simulator import (  # noqa: E402
    ApplianceKind,
    parse_program,
)

SOURCES = ROOT / "catalog"
BLUEPRINTS = ROOT / "blueprints" / "automation" / "appliance_care"
INDEX = SOURCES / "index.json"
BUNDLED = ROOT / "custom_components" / "appliance_care" / "catalog" / "bundled"
RAW_BASE = "https://raw.githubusercontent.com/appliance-care/appliance-care/main/"
# Blueprints without metadata are listed at this version, with their English name.
DEFAULT_VERSION = "1.0.0"
DEFAULT_MIN_INTEGRATION = "0.1.0"
NAME_PREFIX = "Appliance Care: "


@dataclass(frozen=True)
class Feature:
    """One feature of the index and the file that holds its content."""

    entry: dict[str, Any]
    source: Path
    bundled: Path


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _dump(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _url(path: Path) -> str:
    return RAW_BASE + path.relative_to(ROOT).as_posix()


def _fallback_texts(path: Path) -> dict[str, Any]:
    from homeassistant.util.yaml import parse_yaml  # noqa: PLC0415 - slow, needed rarely

    meta = parse_yaml(path.read_text(encoding="utf-8"))["blueprint"]
    name = str(meta["name"]).removeprefix(NAME_PREFIX)
    title = name[:1].upper() + name[1:]
    description = str(meta.get("description") or title).split("\n\n", 1)[0].strip()
    print(f"note: {path.name} has no entry in catalog/blueprints.json; English only")
    return {
        "version": DEFAULT_VERSION,
        "title": {"en": title, "ko": title},
        "description": {"en": description, "ko": description},
    }


def _blueprints() -> list[Feature]:
    metadata = _json(SOURCES / "blueprints.json")
    features = []
    for path in sorted(BLUEPRINTS.glob("*.yaml")):
        content = path.read_bytes()
        meta = metadata.get(path.stem) or _fallback_texts(path)
        entry = {
            "id": path.stem,
            "version": meta["version"],
            "kind": "blueprint",
            "title": meta["title"],
            "description": meta["description"],
            **({"release_notes": meta["release_notes"]} if "release_notes" in meta else {}),
            "min_integration_version": meta.get("min_integration_version", DEFAULT_MIN_INTEGRATION),
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
            "url": _url(path),
        }
        features.append(Feature(entry, path, BUNDLED / "blueprints" / path.name))
    return features


def _courses() -> list[Feature]:
    features = []
    for path in sorted((SOURCES / "courses").glob("*.json")):
        content = path.read_bytes()
        course = json.loads(content)
        if course.get("id") != path.stem:
            raise SystemExit(f"{path}: id must be {path.stem}")
        parse_program(ApplianceKind(course["appliance"]), course["program"])
        entry = {
            "id": course["id"],
            "version": course["version"],
            "kind": "course",
            "title": course["title"],
            "description": course["description"],
            **({"release_notes": course["release_notes"]} if "release_notes" in course else {}),
            "min_integration_version": course["min_integration_version"],
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
            "url": _url(path),
            "appliance": course["appliance"],
        }
        features.append(Feature(entry, path, BUNDLED / "courses" / path.name))
    return features


def _firmware() -> list[dict[str, Any]]:
    releases = sorted(_json(SOURCES / "firmware.json"), key=lambda item: item["appliance"])
    for release in releases:
        parsed = parse_firmware(release)
        for course in parsed.programs.values():
            parse_program(ApplianceKind(parsed.appliance), course)
    return releases


def _warn_unbumped(features: list[Feature]) -> None:
    """Say where content changed but its version did not: owners would not be offered it."""
    if not INDEX.is_file():
        return
    before = {(e["id"], e["version"]): e["sha256"] for e in _json(INDEX).get("features", [])}
    for feature in features:
        entry = feature.entry
        old = before.get((entry["id"], entry["version"]))
        if old is not None and old != entry["sha256"]:
            print(f"note: {entry['id']} changed; bump its version before a release")


def build() -> dict[Path, bytes]:
    """Return every output file and its content."""
    features = _blueprints() + _courses()
    for feature in features:
        parse_entry(feature.entry)  # the integration must be able to read what is written
    index = _dump(
        {
            "format": INDEX_FORMAT,
            "features": [feature.entry for feature in features],
            "firmware": _firmware(),
        }
    )
    _warn_unbumped(features)
    outputs = {INDEX: index, BUNDLED / "index.json": index}
    outputs |= {feature.bundled: feature.source.read_bytes() for feature in features}
    return outputs


def stale(outputs: dict[Path, bytes]) -> list[Path]:
    """Return bundled files no source produces any more."""
    return sorted(path for path in BUNDLED.rglob("*") if path.is_file() and path not in outputs)


def out_of_date(outputs: dict[Path, bytes]) -> list[Path]:
    """Return outputs whose file is missing or differs, and stale bundled files."""
    differing = [
        path
        for path, content in outputs.items()
        if not path.is_file() or path.read_bytes() != content
    ]
    return sorted(differing + stale(outputs))


def main(argv: list[str] | None = None) -> int:
    """Write the outputs, or check them with --check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if stale")
    arguments = parser.parse_args(argv)
    outputs = build()
    if arguments.check:
        wrong = out_of_date(outputs)
        for path in wrong:
            print(f"out of date: {path.relative_to(ROOT)}")
        return 1 if wrong else 0
    for path in stale(outputs):
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    for path, content in outputs.items():
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
