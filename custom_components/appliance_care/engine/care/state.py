"""Saved state of the care rules: typed reading and the forms of findings and records."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
import math
from typing import TypeVar

from .engine_types import (
    StateError,
    as_numbers,
    get_float,
    get_int,
    get_list,
    get_mapping,
    get_opt_float,
    get_str,
)
from .types import Finding, FindingKind, MaintenanceKind, MaintenanceRecord, Severity

__all__ = [
    "CareStateError",
    "as_numbers",
    "finding_from_state",
    "finding_to_state",
    "get_bool",
    "get_enum",
    "get_float",
    "get_int",
    "get_list",
    "get_mapping",
    "get_opt_float",
    "get_str",
    "opt_numbers",
    "record_from_state",
    "record_to_state",
]

E = TypeVar("E", bound=StrEnum)


class CareStateError(StateError):
    """Saved care state that cannot be read (corrupt, or from an unknown version)."""


def get_enum(enum: type[E], value: object, what: str) -> E:  # noqa: UP047 - Python 3.11
    """Return `value` as a member of `enum`, or raise CareStateError."""
    if not isinstance(value, str):
        raise CareStateError(f"{what} is not a string")
    try:
        return enum(value)
    except ValueError:
        raise CareStateError(f"unknown {what} {value!r}") from None


def get_bool(data: Mapping[str, object], key: str) -> bool:
    """Return data[key] as a bool (False when missing)."""
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise CareStateError(f"{key} is not a boolean")
    return value


def opt_numbers(value: object, what: str) -> list[float | None]:
    """Return a list of finite numbers or nulls, or raise CareStateError."""
    if not isinstance(value, list):
        raise CareStateError(f"{what} is not a list")
    out: list[float | None] = []
    for item in value:
        if item is None:
            out.append(None)
        elif isinstance(item, bool) or not isinstance(item, int | float):
            raise CareStateError(f"{what} holds a non-number")
        elif not math.isfinite(item):
            raise CareStateError(f"{what} holds a non-finite number")
        else:
            out.append(float(item))
    return out


def finding_to_state(finding: Finding) -> dict[str, object]:
    """Return a finding as JSON-compatible data."""
    return {
        "kind": finding.kind.value,
        "severity": finding.severity.value,
        "since": finding.since,
        "values": dict(finding.values),
        "evidence": finding.evidence,
        "advice": finding.advice,
        "fix": finding.fix.value if finding.fix is not None else None,
    }


def finding_from_state(data: Mapping[str, object]) -> Finding:
    """Return a finding saved by finding_to_state (CareStateError when unreadable)."""
    values = get_mapping(data, "values") or {}
    clean: dict[str, float | int | str] = {}
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise CareStateError(f"finding value {key} is not a number or text")
        clean[str(key)] = value
    fix = data.get("fix")
    return Finding(
        kind=get_enum(FindingKind, data.get("kind"), "finding kind"),
        severity=get_enum(Severity, data.get("severity"), "severity"),
        since=get_float(data, "since"),
        values=clean,
        evidence=get_str(data, "evidence") or "",
        advice=get_str(data, "advice") or "",
        fix=None if fix is None else get_enum(MaintenanceKind, fix, "fix"),
    )


def record_to_state(record: MaintenanceRecord) -> list[object]:
    """Return a maintenance record in its compact form: [kind, at, cost, note, automatic, late]."""
    return [record.kind.value, record.at, record.cost, record.note, record.automatic, record.late]


def record_from_state(item: object) -> MaintenanceRecord:
    """Return a record saved by record_to_state (CareStateError when unreadable)."""
    if not isinstance(item, list) or len(item) not in (5, 6):
        raise CareStateError("maintenance record is not a five- or six-item list")
    kind, at, cost, note, automatic = item[:5]
    late = item[5] if len(item) == 6 else None  # noqa: PLR2004 - saved before lateness was
    if late is not None and not isinstance(late, bool):
        raise CareStateError("maintenance late flag is not a boolean")
    numbers = opt_numbers([at, cost], "maintenance record")
    when = numbers[0]
    if when is None:
        raise CareStateError("maintenance record without a time")
    if note is not None and not isinstance(note, str):
        raise CareStateError("maintenance note is not text")
    if not isinstance(automatic, bool):
        raise CareStateError("maintenance automatic flag is not a boolean")
    return MaintenanceRecord(
        kind=get_enum(MaintenanceKind, kind, "maintenance kind"),
        at=when,
        cost=numbers[1],
        note=note,
        automatic=automatic,
        late=late,
    )
