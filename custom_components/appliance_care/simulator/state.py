"""Reading saved simulator state defensively: anything unexpected is a StateError."""

from collections.abc import Mapping
import math
from typing import Any

# Saved counters larger than this are not believed (about 300 years of a 10 kW load, in Ws).
MAX_COUNTER = 1e17


class StateError(ValueError):
    """Saved state that cannot be read; the part it belongs to starts fresh."""


def section(state: Any, key: str) -> Mapping[str, Any]:
    """Return a nested mapping, or raise StateError."""
    if not isinstance(state, Mapping):
        raise StateError("state is not a mapping")
    value = state.get(key)
    if not isinstance(value, Mapping):
        raise StateError(f"{key} is not a mapping")
    return value


def read_float(
    state: Mapping[str, Any], key: str, low: float = -MAX_COUNTER, high: float = MAX_COUNTER
) -> float:
    """Return a finite number within [low, high], or raise StateError."""
    value = state.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StateError(f"{key} is not a number")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise StateError(f"{key} is out of range")
    return number


def read_int(state: Mapping[str, Any], key: str, low: int, high: int) -> int:
    """Return an integer within [low, high], or raise StateError."""
    value = state.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise StateError(f"{key} is not an integer in range")
    return value


def read_bool(state: Mapping[str, Any], key: str) -> bool:
    """Return a boolean, or raise StateError."""
    value = state.get(key)
    if not isinstance(value, bool):
        raise StateError(f"{key} is not a boolean")
    return value


def read_choice[T](state: Mapping[str, Any], key: str, choices: Mapping[str, T]) -> T:
    """Return the choice named by a string, or raise StateError."""
    value = state.get(key)
    if not isinstance(value, str) or value not in choices:
        raise StateError(f"{key} is not a known value")
    return choices[value]
