"""Reading a catalog index: every entry checked; entries that fail are left out, named.

The index is JSON:

    {"format": 1,
     "features": [{"id": "door_left_open", "version": "1.0.0", "kind": "blueprint",
                   "title": {"en": ..., "ko": ...}, "description": {"en": ..., "ko": ...},
                   "release_notes": {"en": ..., "ko": ...},            (optional)
                   "min_integration_version": "0.1.0",
                   "sha256": "<64 hex>", "size": 7436, "url": "https://...",
                   "appliance": "washer"},                              (courses only)
                  ...],
     "firmware": [{"appliance": "washer", "version": "2.5.0",
                   "release_notes": {"en": ..., "ko": ...},
                   "programs": {"tub_clean": {<course data>}}}, ...]}

URLs are kept as written: a download refuses anything but https, so that the owner learns
why, instead of the entry silently missing.
"""

from collections.abc import Mapping
import re
from types import MappingProxyType
from typing import Any

from .errors import CatalogError, Problem
from .model import (
    LANGUAGES,
    CatalogEntry,
    CatalogIndex,
    FeatureKind,
    FirmwareRelease,
    LocalText,
)
from .safety import FEATURE_ID
from .versions import VERSION

INDEX_FORMAT = 1
"""The index layout this integration reads; another layout is refused whole."""

SHA256 = re.compile(r"[0-9a-f]{64}")
# Longest texts accepted: a title fits a card, notes a dialog (characters).
MAX_TITLE = 100
MAX_DESCRIPTION = 2_000
MAX_NOTES = 10_000
MAX_URL = 2_000
# An index listing more than this is not a catalog of appliance features.
MAX_ENTRIES = 1_000


class EntryError(ValueError):
    """An entry of an index that cannot be used; the message says why."""


def _text(data: Mapping[str, Any], key: str, limit: int) -> LocalText:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise EntryError(f"{key} is not a mapping of languages")
    texts: dict[str, str] = {}
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip() or len(text) > limit:
            raise EntryError(f"{key}.{language} is missing or too long")
        texts[language] = text
    return LocalText(**texts)


def _string(data: Mapping[str, Any], key: str, pattern: re.Pattern[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise EntryError(f"{key} is missing or malformed")
    return value


def parse_entry(data: Any) -> CatalogEntry:
    """Return one entry of an index; raise EntryError (a ValueError) saying what is wrong."""
    if not isinstance(data, Mapping):
        raise EntryError("the entry is not a mapping")
    try:
        kind = FeatureKind(str(data.get("kind")))
    except ValueError:
        raise EntryError(f"unknown kind {data.get('kind')!r}") from None
    size = data.get("size")
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise EntryError("size is not a positive integer")
    url = data.get("url")
    if not isinstance(url, str) or not url or len(url) > MAX_URL:
        raise EntryError("url is missing or too long")
    appliance = None
    if kind is FeatureKind.COURSE:
        appliance = _string(data, "appliance", FEATURE_ID)
    elif "appliance" in data:
        raise EntryError("only courses name an appliance")
    return CatalogEntry(
        id=_string(data, "id", FEATURE_ID),
        version=_string(data, "version", VERSION),
        kind=kind,
        title=_text(data, "title", MAX_TITLE),
        description=_text(data, "description", MAX_DESCRIPTION),
        release_notes=(
            _text(data, "release_notes", MAX_NOTES) if "release_notes" in data else None
        ),
        min_integration_version=_string(data, "min_integration_version", VERSION),
        sha256=_string(data, "sha256", SHA256),
        size=size,
        url=url,
        appliance=appliance,
    )


def _local_mapping(text: LocalText) -> dict[str, str]:
    return {"en": text.en, "ko": text.ko}


def entry_to_mapping(entry: CatalogEntry) -> dict[str, Any]:
    """Return an entry as an index lists it; parse_entry reads it back."""
    data: dict[str, Any] = {
        "id": entry.id,
        "version": entry.version,
        "kind": str(entry.kind),
        "title": _local_mapping(entry.title),
        "description": _local_mapping(entry.description),
    }
    if entry.release_notes is not None:
        data["release_notes"] = _local_mapping(entry.release_notes)
    data |= {
        "min_integration_version": entry.min_integration_version,
        "sha256": entry.sha256,
        "size": entry.size,
        "url": entry.url,
    }
    if entry.appliance is not None:
        data["appliance"] = entry.appliance
    return data


def parse_firmware(data: Any) -> FirmwareRelease:
    """Return one firmware announcement; raise EntryError (a ValueError) saying what is wrong.

    The programs are checked by the appliance that installs them, which knows its phases.
    """
    if not isinstance(data, Mapping):
        raise EntryError("the firmware is not a mapping")
    programs = data.get("programs", {})
    if not isinstance(programs, Mapping) or not all(
        isinstance(name, str) and FEATURE_ID.fullmatch(name) and isinstance(course, Mapping)
        for name, course in programs.items()
    ):
        raise EntryError("programs is not a mapping of program names to courses")
    return FirmwareRelease(
        appliance=_string(data, "appliance", FEATURE_ID),
        version=_string(data, "version", VERSION),
        release_notes=_text(data, "release_notes", MAX_NOTES),
        programs=MappingProxyType(dict(programs)),
    )


def _items(data: Mapping[str, Any], key: str) -> list[Any]:
    items = data.get(key, [])
    if not isinstance(items, list) or len(items) > MAX_ENTRIES:
        raise CatalogError(Problem.INVALID_CATALOG)
    return items


def _label(item: Any, key: str, position: int) -> str:
    name = item.get(key) if isinstance(item, Mapping) else None
    return name if isinstance(name, str) else f"#{position}"


def parse_index(data: Any) -> tuple[CatalogIndex, tuple[str, ...]]:
    """Return an index and what was left out of it ("door_left_open: sha256 ...").

    Raises CatalogError INVALID_CATALOG when the document is not an index of this format.
    """
    if not isinstance(data, Mapping) or data.get("format") != INDEX_FORMAT:
        raise CatalogError(Problem.INVALID_CATALOG)
    rejected: list[str] = []
    features: list[CatalogEntry] = []
    for position, item in enumerate(_items(data, "features")):
        try:
            features.append(parse_entry(item))
        except ValueError as err:
            rejected.append(f"{_label(item, 'id', position)}: {err}")
    firmware: list[FirmwareRelease] = []
    for position, item in enumerate(_items(data, "firmware")):
        try:
            firmware.append(parse_firmware(item))
        except ValueError as err:
            rejected.append(f"{_label(item, 'appliance', position)}: {err}")
    return CatalogIndex(features=tuple(features), firmware=tuple(firmware)), tuple(rejected)
