"""Versions of features, firmware and the integration: dotted numbers, compared as such."""

import re

VERSION = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6}){0,3}")
"""A version: one to four dotted numbers ("1", "2.4.1"); "1.10" is newer than "1.9"."""


def parse_version(text: str) -> tuple[int, ...]:
    """Return a version as numbers, padded to four so that "1.0" equals "1.0.0".

    Raises ValueError for anything else than dotted numbers.
    """
    if not VERSION.fullmatch(text):
        raise ValueError(f"{text!r} is not a version")
    numbers = tuple(int(part) for part in text.split("."))
    return numbers + (0,) * (4 - len(numbers))


def is_newer(candidate: str, than: str) -> bool:
    """Return whether version `candidate` is newer than version `than`."""
    return parse_version(candidate) > parse_version(than)
