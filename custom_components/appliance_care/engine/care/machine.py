"""What a connected machine tells about its own care: its error codes and tub-clean counter.

An error code becomes an `appliance_error` finding with what the code is about (its
cause, from the integration's table) and the advice for that cause; it clears when the
machine reports no error. A washer that counts its cycles since the last tub clean keeps
the tub-clean counter: its count replaces Appliance Care's own, and the count going back
means the machine ran its tub-clean course, recorded as maintenance. A tub clean recorded
by hand while the machine counts on (a clean without its course) counts from there.
"""

from __future__ import annotations

from collections.abc import Mapping

from .book import FindingBook
from .ledger import MaintenanceLedger
from .state import get_int
from .types import CareChange, Finding, FindingKind, MaintenanceKind, MaintenanceRecord, Severity
from .wording import ERROR_ADVICE

# Causes whose damage grows by the minute (water on the floor, a burning smell).
URGENT_CAUSES = frozenset({"leak", "overflow", "power_supply"})
# The machine's counter never counts this many cycles between two tub cleans.
MAX_TUB_COUNT = 10_000
# Codes longer than this are cut (they are shown, and saved).
MAX_CODE_CHARS = 48


def split_error(value: object) -> tuple[str, str] | None:
    """Return (code, cause) of an error reading ("code|cause"), None for no error."""
    if not isinstance(value, str) or not value:
        return None
    code, _, cause = value.partition("|")
    code = code.strip()[:MAX_CODE_CHARS]
    return (code, cause.strip() or "other") if code else None


class MachineCare:
    """A connected machine's own error and counter, as care findings and records."""

    __slots__ = ("tub_base", "tub_count")

    def __init__(self) -> None:
        """Start knowing no machine counter."""
        self.tub_count: int | None = None
        """The machine's last count of cycles since its tub clean."""
        self.tub_base = 0
        """The machine's count when a tub clean was last recorded by hand (cycles since
        that clean are the count beyond it)."""

    def tub_clean_recorded(self) -> None:
        """Take a tub clean recorded by hand: the machine's count goes on from here."""
        self.tub_base = self.tub_count or 0

    def error(self, t: float, value: object, book: FindingBook, out: list[CareChange]) -> None:
        """Raise the machine's error as a finding, or clear it (value None: no error)."""
        error = split_error(value)
        current = book.get(FindingKind.APPLIANCE_ERROR)
        if error is None:
            if current is not None:
                book.clear_now(FindingKind.APPLIANCE_ERROR, out, t)
            return
        code, cause = error
        if current is not None and current.values.get("code") == code:
            return
        if current is not None:
            book.clear_now(FindingKind.APPLIANCE_ERROR, out, t)
        severity = Severity.CRITICAL if cause in URGENT_CAUSES else Severity.WARNING
        book.raise_(
            Finding(
                kind=FindingKind.APPLIANCE_ERROR,
                severity=severity,
                since=t,
                values={"code": code, "cause": cause},
                evidence=f"The appliance reports error {code} ({cause.replace('_', ' ')}).",
                advice=ERROR_ADVICE.get(cause, ERROR_ADVICE["other"]),
                fix=MaintenanceKind.REPAIR,
            ),
            t,
            out,
        )

    def tub_clean_count(
        self, t: float, value: object, ledger: MaintenanceLedger
    ) -> MaintenanceRecord | None:
        """Take the machine's count; return the tub clean it implies when the count went back."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if not 0 <= value <= MAX_TUB_COUNT:
            return None
        count = int(value)
        last, self.tub_count = self.tub_count, count
        done = None
        if last is not None and count < last:
            done = MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=t, automatic=True)
            ledger.add(done)
            self.tub_base = 0
        counter = ledger.counter(MaintenanceKind.TUB_CLEAN, t)
        extra = counter.weighted - counter.cycles
        counter.cycles = max(0, count - self.tub_base)
        counter.weighted = counter.cycles + max(extra, 0.0)
        return done

    def to_state(self) -> dict[str, object]:
        """Return the machine's counter as JSON-compatible data."""
        return {"tub_count": self.tub_count, "tub_base": self.tub_base}

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> MachineCare:
        """Rebuild from to_state output."""
        machine = cls()
        if data.get("tub_count") is not None:
            machine.tub_count = min(max(get_int(data, "tub_count"), 0), MAX_TUB_COUNT)
        machine.tub_base = min(max(get_int(data, "tub_base", 0), 0), machine.tub_count or 0)
        return machine
