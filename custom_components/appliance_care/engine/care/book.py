"""FindingBook: the active findings, raised and cleared with a minimum hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .state import (
    CareStateError,
    finding_from_state,
    finding_to_state,
    get_float,
    get_list,
    get_mapping,
)
from .types import CareChange, Finding, FindingKind

# Findings raised that the log keeps (the latest), and its fields.
MAX_LOG = 200
LOG_FIELDS = 4


class FindingBook:
    """Active findings by kind, with hysteresis in time.

    Rules decide when their condition is met (raise) and when it is well inside its
    threshold again (clear); the book adds the minimum hold: a clear asked for too early
    is remembered and happens at the first call after the hold, unless the rule raises
    again first. Severity only rises while a finding is active; `since` stays that of the
    first raise.
    """

    __slots__ = ("_active", "_last_at", "_log", "_pending", "_raised_at")

    def __init__(self) -> None:
        """Start with no findings."""
        self._active: dict[FindingKind, Finding] = {}
        self._raised_at: dict[FindingKind, float] = {}
        self._pending: dict[FindingKind, float] = {}
        self._last_at: float | None = None
        """The latest time the rules told the book (a clear at once is dated by it)."""
        self._log: list[list[object]] = []
        """Findings raised, latest last: [kind, highest severity, raised at, cleared at]."""

    @property
    def active(self) -> tuple[Finding, ...]:
        """Return the active findings, in the order they were raised."""
        return tuple(self._active.values())

    def get(self, kind: FindingKind) -> Finding | None:
        """Return the active finding of a kind, if any."""
        return self._active.get(kind)

    def raise_(self, finding: Finding, at: float, out: list[CareChange]) -> None:
        """Raise a finding or refresh it; a higher severity is reported as a new raise."""
        kind = finding.kind
        self._last_at = at
        self._pending.pop(kind, None)
        current = self._active.get(kind)
        if current is None:
            self._active[kind] = finding
            self._raised_at[kind] = at
            out.append(CareChange(finding=finding, raised=True))
            self._log.append([str(kind), str(finding.severity), finding.since, None])
            del self._log[:-MAX_LOG]
            return
        if finding.severity.rank > current.severity.rank:
            escalated = replace(finding, since=current.since)
            self._active[kind] = escalated
            self._logged(kind, severity=str(finding.severity))
            self._raised_at[kind] = at
            out.append(CareChange(finding=escalated, raised=True))
        elif finding.severity is current.severity:
            # Fresh numbers without a new event (the count of cycles goes on).
            self._active[kind] = replace(finding, since=current.since)

    def clear(self, kind: FindingKind, at: float, hold_s: float, out: list[CareChange]) -> None:
        """Clear a finding once it was raised at least `hold_s` ago; else once that passed."""
        current = self._active.get(kind)
        if current is None:
            return
        if at - self._raised_at.get(kind, at) >= hold_s:
            self._drop(kind, out, at)
        else:
            self._pending[kind] = hold_s

    def clear_now(self, kind: FindingKind, out: list[CareChange], at: float | None = None) -> None:
        """Clear a finding at once (the owner recorded the maintenance that fixes it)."""
        if kind in self._active:
            self._drop(kind, out, at if at is not None else self._last_at)

    def tick(self, at: float, out: list[CareChange]) -> None:
        """Carry out clears whose hold has passed."""
        self._last_at = at
        for kind, hold_s in tuple(self._pending.items()):
            if at - self._raised_at.get(kind, at) >= hold_s:
                self._drop(kind, out, at)

    def clamp_times(self, now: float) -> None:
        """After the clock went back: holds count from now rather than from the future."""
        for kind, at in self._raised_at.items():
            if at > now:
                self._raised_at[kind] = now
        for entry in self._log:
            for index in (2, 3):
                value = entry[index]
                if isinstance(value, float) and value > now:
                    entry[index] = now

    def _logged(
        self, kind: FindingKind, *, severity: str | None = None, cleared: float | None = None
    ) -> None:
        """Update the open log entry of a kind: its severity rose, or it was cleared."""
        for entry in reversed(self._log):
            if entry[0] == kind and entry[3] is None:
                if severity is not None:
                    entry[1] = severity
                if cleared is not None:
                    entry[3] = cleared
                return

    @property
    def log(self) -> tuple[tuple[str, str, float, float | None], ...]:
        """Return the findings raised, oldest first: kind, severity, raised and cleared at."""
        return tuple(
            (str(k), str(s), float(r), None if c is None else float(c))  # type: ignore[arg-type]
            for k, s, r, c in self._log
        )

    def log_to_state(self) -> list[list[object]]:
        """Return the log as JSON-compatible data."""
        return [list(entry) for entry in self._log]

    def restore_log(self, items: list[object]) -> None:
        """Take a saved log, leaving out entries that cannot be read."""
        for item in items[-MAX_LOG:]:
            if not isinstance(item, list) or len(item) != LOG_FIELDS:
                continue
            kind, severity, raised, cleared = item
            if not (isinstance(kind, str) and isinstance(severity, str)):
                continue
            if not isinstance(raised, int | float) or isinstance(raised, bool):
                continue
            if cleared is not None and (
                not isinstance(cleared, int | float) or isinstance(cleared, bool)
            ):
                continue
            self._log.append([kind, severity, float(raised), cleared])

    def _drop(self, kind: FindingKind, out: list[CareChange], at: float | None = None) -> None:
        finding = self._active.pop(kind)
        self._logged(kind, cleared=at if at is not None else finding.since)
        self._raised_at.pop(kind, None)
        self._pending.pop(kind, None)
        out.append(CareChange(finding=finding, raised=False))

    # ------------------------------------------------------------------ state

    def to_state(self) -> list[dict[str, object]]:
        """Return the active findings with their raise times and pending clears."""
        return [
            {
                "finding": finding_to_state(finding),
                "raised_at": self._raised_at.get(kind, finding.since),
                "pending_hold_s": self._pending.get(kind),
            }
            for kind, finding in self._active.items()
        ]

    def restore(self, items: list[object]) -> None:
        """Take saved findings (CareStateError when unreadable)."""
        for item in items:
            if not isinstance(item, Mapping):
                raise CareStateError("finding entry is not a mapping")
            data = get_mapping(item, "finding")
            if data is None:
                raise CareStateError("finding entry without a finding")
            finding = finding_from_state(data)
            kind = finding.kind
            self._active[kind] = finding
            self._raised_at[kind] = get_float(item, "raised_at", finding.since)
            if item.get("pending_hold_s") is not None:
                self._pending[kind] = get_float(item, "pending_hold_s")

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> FindingBook:
        """Return a book with the findings saved under "findings"."""
        book = cls()
        book.restore(get_list(data, "findings"))
        return book
