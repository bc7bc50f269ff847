"""Turning raw sensor states into trusted numbers."""

from __future__ import annotations

import math

_UNAVAILABLE_STATES = frozenset({"", "unavailable", "unknown", "none", "nan"})


def parse_number(value: object) -> float | None:
    """Return `value` as a finite float, or None when it is missing or not a number.

    Accepts numbers and numeric strings (Home Assistant states are strings); booleans,
    NaN, infinities and everything else give None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float | int):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.lower() in _UNAVAILABLE_STATES:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def parse_power(value: object, max_power_w: float, max_negative_w: float) -> float | None:
    """Return a plausible power in watts, or None for an invalid or missing reading.

    Small negative readings (calibration offsets of cheap plugs) count as 0 W.
    """
    number = parse_number(value)
    if number is None or number > max_power_w or number < -max_negative_w:
        return None
    return max(number, 0.0)


def parse_time(at: object) -> float | None:
    """Return a finite Unix time in seconds, or None."""
    if isinstance(at, bool) or not isinstance(at, float | int):
        return None
    t = float(at)
    return t if math.isfinite(t) else None
