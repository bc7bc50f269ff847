"""Typed reading of saved engine state (JSON-compatible mappings and lists)."""

from __future__ import annotations

from collections.abc import Mapping
import math


class StateError(ValueError):
    """Saved state that cannot be read (corrupt, or written by an unknown version)."""


def get_float(data: Mapping[str, object], key: str, default: float | None = None) -> float:
    """Return data[key] as a finite float; `default` when missing (StateError if none)."""
    value = data.get(key)
    if value is None:
        if default is None:
            raise StateError(f"missing {key}")
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StateError(f"{key} is not a number")
    return float(value)


def get_opt_float(data: Mapping[str, object], key: str) -> float | None:
    """Return data[key] as a finite float, or None when missing or null."""
    if data.get(key) is None:
        return None
    return get_float(data, key)


def get_int(data: Mapping[str, object], key: str, default: int = 0) -> int:
    """Return data[key] as an int; `default` when missing."""
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise StateError(f"{key} is not an integer")
    return value


def get_opt_int(data: Mapping[str, object], key: str) -> int | None:
    """Return data[key] as an int, or None when missing or null."""
    if data.get(key) is None:
        return None
    return get_int(data, key)


def get_str(data: Mapping[str, object], key: str) -> str | None:
    """Return data[key] as a str, or None when missing or null."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise StateError(f"{key} is not a string")
    return value


def get_list(data: Mapping[str, object], key: str) -> list[object]:
    """Return data[key] as a list (empty when missing)."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise StateError(f"{key} is not a list")
    return value


def get_mapping(data: Mapping[str, object], key: str) -> Mapping[str, object] | None:
    """Return data[key] as a mapping, or None when missing or null."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise StateError(f"{key} is not a mapping")
    return value


def as_numbers(value: object, what: str) -> list[float]:
    """Return a list of finite numbers, or raise StateError."""
    if not isinstance(value, list):
        raise StateError(f"{what} is not a list")
    out: list[float] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item):
            raise StateError(f"{what} holds a non-number")
        out.append(float(item))
    return out
