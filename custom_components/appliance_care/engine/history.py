"""Bounded cycle history: recent cycles in detail, every cycle in monthly totals.

Recent cycles keep their signature; all cycles (recent ones included) are also added to
per-month, per-program totals, so ten years of daily use stay at a few hundred rows.
Months are calendar months in UTC.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from itertools import islice
import time

from ._state import StateError, as_numbers, get_list
from .profile import MAX_CYCLE_S
from .types import CycleRecord, FinishReason, Signature

# Fifty cycles: seven weeks of daily use, enough for program statistics and a history card.
RECENT_CYCLES = 50
_NO_PROGRAM = 0
_RECORD_FIELDS = 9
_MONTH_FIELDS = 5


@dataclass(frozen=True, kw_only=True, slots=True)
class MonthSummary:
    """Totals of one program's cycles in one calendar month (UTC)."""

    month: str
    """'YYYY-MM'."""
    program_id: int | None
    cycles: int
    energy_wh: float
    duration_s: float


class _Totals:
    __slots__ = ("cycles", "duration_s", "energy_wh")

    def __init__(self, cycles: int = 0, energy_wh: float = 0.0, duration_s: float = 0.0) -> None:
        self.cycles = cycles
        self.energy_wh = energy_wh
        self.duration_s = duration_s


def month_of(at: float) -> str:
    """Return the UTC calendar month of a Unix time as 'YYYY-MM'."""
    tm = time.gmtime(at)
    return f"{tm.tm_year:04d}-{tm.tm_mon:02d}"


class CycleHistory:
    """Recent cycle records and monthly totals of all cycles."""

    __slots__ = ("_months", "_recent")

    def __init__(self, recent_size: int = RECENT_CYCLES) -> None:
        """Create an empty history keeping `recent_size` detailed records."""
        self._recent: deque[CycleRecord] = deque(maxlen=recent_size)
        self._months: dict[tuple[str, int], _Totals] = {}

    def add(self, record: CycleRecord) -> None:
        """Add a finished cycle."""
        self._recent.append(record)
        key = (month_of(record.start), record.program_id or _NO_PROGRAM)
        totals = self._months.get(key)
        if totals is None:
            totals = self._months[key] = _Totals()
        totals.cycles += 1
        totals.energy_wh += record.energy_wh
        totals.duration_s += record.duration_s

    @property
    def recent(self) -> tuple[CycleRecord, ...]:
        """Return the recent records, oldest first."""
        return tuple(self._recent)

    def latest(self, count: int) -> list[CycleRecord]:
        """Return the `count` latest records, newest first (without copying the rest)."""
        return list(islice(reversed(self._recent), count))

    def months(self) -> tuple[MonthSummary, ...]:
        """Return the monthly totals, oldest month first."""
        return tuple(
            MonthSummary(
                month=month,
                program_id=pid or None,
                cycles=t.cycles,
                energy_wh=t.energy_wh,
                duration_s=t.duration_s,
            )
            for (month, pid), t in sorted(self._months.items())
        )

    @property
    def total_cycles(self) -> int:
        """Return the number of cycles ever recorded."""
        return sum(t.cycles for t in self._months.values())

    @property
    def total_energy_wh(self) -> float:
        """Return the energy of all cycles ever recorded."""
        return sum(t.energy_wh for t in self._months.values())

    def to_state(self) -> dict[str, object]:
        """Return the history as compact JSON-compatible data."""
        return {
            "recent": [_record_to_list(r) for r in self._recent],
            "months": [
                [month, pid, t.cycles, round(t.energy_wh, 1), round(t.duration_s)]
                for (month, pid), t in self._months.items()
            ],
        }

    @classmethod
    def from_state(
        cls,
        data: Mapping[str, object],
        program_name: Callable[[int | None], str | None],
        recent_size: int = RECENT_CYCLES,
        until: float | None = None,
    ) -> CycleHistory:
        """Rebuild a history; `program_name` gives the current name of a program id.

        Records finished after `until` (the time the history was saved: the clock was set
        back since) move back to it whole. Records that cannot be true (before 1970,
        lasting longer than any cycle) are left out of the details; the monthly totals
        keep counting them.
        """
        history = cls(recent_size)
        for item in get_list(data, "recent"):
            record = _record_from_list(item, program_name)
            if until is not None and record.finished_at > until:
                # After the moment of saving (the clock was set back since): moved back
                # whole to that moment, like every other time that is later.
                shift = until - record.finished_at
                record = replace(
                    record,
                    start=record.start + shift,
                    end=record.end + shift,
                    finished_at=until,
                )
            if _possible(record):
                history._recent.append(record)
        for row in get_list(data, "months"):
            if not isinstance(row, list) or len(row) != _MONTH_FIELDS:
                raise StateError("month summary is not a list of 5")
            month, pid, *numbers = row
            if not isinstance(month, str) or isinstance(pid, bool) or not isinstance(pid, int):
                raise StateError("month summary key")
            cycles, energy, duration = (max(0.0, n) for n in as_numbers(numbers, "month summary"))
            history._months[month, pid] = _Totals(int(cycles), energy, duration)
        return history

    def ended_by_sign(self, start: float) -> CycleRecord | None:
        """Mark the latest record, if it began at `start`, as ended by its end sign.

        Its sign came after it was finished (a dishwasher's pump-out after a drying the
        finish did not wait for): the habits told from records (end_signs.drying_wait)
        then see it. Return the record as it is now (None: not the latest).
        """
        if not self._recent or self._recent[-1].start != start:
            return None
        record = self._recent[-1] = replace(self._recent[-1], finish_reason=FinishReason.END_SIGN)
        return record

    def rename_program(self, program_id: int, name: str | None) -> None:
        """Show a program's new name on the recent records."""
        self._recent = deque(
            (_with_name(r, name) if r.program_id == program_id else r for r in self._recent),
            maxlen=self._recent.maxlen,
        )


def _with_name(record: CycleRecord, name: str | None) -> CycleRecord:
    return replace(record, program_name=name)


def _record_to_list(record: CycleRecord) -> list[object]:
    return [
        record.number,
        record.start,
        round(record.end - record.start, 1),
        round(record.finished_at - record.end, 1),
        round(record.energy_wh, 2) if record.metered else None,
        record.program_id,
        round(record.peak_w, 1),
        round(record.gap_s, 1),
        record.finish_reason.value,
        *_extras(record),
    ]


def _extras(record: CycleRecord) -> list[object]:
    """Return the signature, then a washer's spin and drain when timed."""
    sig = record.signature
    extras: list[object] = [sig.bin_s, list(sig.profile_w)] if sig is not None else [None, None]
    if record.spin_s is not None:
        drain = round(record.drain_s, 1) if record.drain_s is not None else None
        return [*extras, round(record.spin_s, 1), drain]
    return extras if sig is not None else []


def _possible(record: CycleRecord) -> bool:
    if not 0.0 <= record.start <= record.end <= record.finished_at:
        return False
    return record.duration_s <= MAX_CYCLE_S and record.energy_wh >= 0.0 and record.number >= 0


def _record_from_list(
    item: object, program_name: Callable[[int | None], str | None]
) -> CycleRecord:
    if not isinstance(item, list) or len(item) < _RECORD_FIELDS:
        raise StateError("cycle record is not a list")
    number, start, duration, finish_delay, energy, pid, peak, gap, reason, *rest = item
    # A connected machine's cycle without a power sensor has no energy (saved as null).
    metered = energy is not None
    energy = energy if metered else 0.0
    values = as_numbers([number, start, duration, finish_delay, energy, peak, gap], "record")
    if pid is not None and (isinstance(pid, bool) or not isinstance(pid, int)):
        raise StateError("record program id")
    try:
        finish_reason = FinishReason(reason)
    except ValueError:
        raise StateError("record finish reason") from None
    signature = None
    spin_s, drain_s = _spin_of(rest[2:])
    if rest and rest[0] is not None:
        bin_s, profile = rest[0], rest[1] if len(rest) > 1 else None
        profile_w = as_numbers(profile, "record profile")
        signature = Signature(
            bin_s=as_numbers([bin_s], "record bin")[0],
            profile_w=tuple(round(v) for v in profile_w),
        )
    start_f = values[1]
    end = start_f + values[2]
    return CycleRecord(
        number=int(values[0]),
        start=start_f,
        end=end,
        finished_at=end + values[3],
        energy_wh=values[4],
        program_id=pid,
        program_name=program_name(pid),
        peak_w=values[5],
        gap_s=values[6],
        finish_reason=finish_reason,
        signature=signature,
        metered=metered,
        spin_s=spin_s,
        drain_s=drain_s,
    )


def _spin_of(extras: list[object]) -> tuple[float | None, float | None]:
    """Read a washer's spin and drain seconds; unreadable ones are dropped (not fatal)."""
    spin = _seconds(extras[0]) if extras else None
    if spin is None:
        return None, None
    return spin, _seconds(extras[1]) if len(extras) > 1 else None


def _seconds(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0.0 <= value <= MAX_CYCLE_S else None
