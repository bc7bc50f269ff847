"""Washer habits: laundry left in the drum, small loads, frequent unbalanced loads."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from .book import FindingBook
from .engine_types import ProgramInfo
from .settings import CareSettings
from .state import CareStateError, get_bool, get_int, get_list, get_mapping
from .stats import Baseline, Stopwatch
from .types import CareChange, Finding, FindingKind, Severity
from .wording import ADVICE, HOUR_S, PERCENT, duration_text

# A program's typical energy is trusted for the small-load test once it has this many
# cycles (the engine's own figure, a median of its recent cycles).
SMALL_LOAD_MIN_PROGRAM_CYCLES = 3
# Bounds of the windows kept (settings larger than this are clipped).
MAX_WINDOW_CYCLES = 50


class LaundryCare:
    """Laundry-left-in, small-load and unbalance rules of a washer."""

    __slots__ = (
        "door_seen",
        "in_cycle",
        "left",
        "small",
        "unbalance",
        "unbalanced",
        "vibrating",
        "vibration_seen",
        "vibrations",
    )

    def __init__(self) -> None:
        """Start with nothing known."""
        self.door_seen = False
        """A door sensor has reported: without one nothing tells when the drum is emptied."""
        self.left = Stopwatch()
        """Time since the last finish while not unloaded."""
        self.small: deque[bool] = deque(maxlen=MAX_WINDOW_CYCLES)
        self.in_cycle = False
        self.vibrating: bool | None = None
        self.vibrations = 0
        """Vibration episodes (off-to-on changes) in the cycle running now."""
        self.vibration_seen = False
        """The vibration sensor reported during the cycle running now."""
        self.unbalance = Baseline()
        self.unbalanced: deque[bool] = deque(maxlen=MAX_WINDOW_CYCLES)

    # ---------------------------------------------------------------- left in

    def finished(self, now: float) -> None:
        """Start timing the laundry waiting in the drum (a cycle finished)."""
        self.left.stop()
        self.left.start(now)

    def unloaded(self, now: float, book: FindingBook, out: list[CareChange]) -> None:
        """Stop timing: the drum was emptied (door opened after the finish, or a new cycle)."""
        self.left.stop()
        book.clear(FindingKind.LAUNDRY_LEFT_IN, now, 0.0, out)

    def door(self, now: float, is_open: bool, book: FindingBook, out: list[CareChange]) -> None:
        """Take a door state: opening it after a finish unloads."""
        self.door_seen = True
        if is_open:
            self.unloaded(now, book, out)

    def check_left_in(
        self, now: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        """Raise laundry_left_in once the laundry waited long enough (door sensor only)."""
        if not self.left.running:
            return
        waited = self.left.advance(now, s.max_step_s)
        if not self.door_seen or waited < s.laundry_left_in_s:
            return
        severity = Severity.WARNING if waited >= s.laundry_left_in_warning_s else Severity.INFO
        book.raise_(
            Finding(
                kind=FindingKind.LAUNDRY_LEFT_IN,
                severity=severity,
                since=now,
                values={
                    "hours": round(waited / HOUR_S, 1),
                    "limit_hours": round(s.laundry_left_in_s / HOUR_S, 1),
                },
                evidence=(
                    f"The laundry has been in the drum for {duration_text(waited)} since the "
                    "cycle finished."
                ),
                advice=ADVICE[FindingKind.LAUNDRY_LEFT_IN],
            ),
            now,
            out,
        )

    # ------------------------------------------------------------- small load

    def small_load(
        self,
        now: float,
        energy_wh: float,
        program: ProgramInfo | None,
        s: CareSettings,
        *,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        """Judge a finished wash against its program's typical energy."""
        if program is None or program.cycles < SMALL_LOAD_MIN_PROGRAM_CYCLES:
            return
        typical = program.typical_energy_wh
        if not typical > 0:
            return
        self.small.append(energy_wh < s.small_load_energy_ratio * typical)
        window = list(self.small)[-max(1, s.small_load_window_cycles) :]
        count = sum(window)
        if count >= s.small_load_raise_cycles and len(window) >= s.small_load_raise_cycles:
            book.raise_(
                Finding(
                    kind=FindingKind.SMALL_LOAD,
                    severity=Severity.INFO,
                    since=now,
                    values={
                        "small_cycles": count,
                        "window_cycles": len(window),
                        "energy_ratio_pct": round(s.small_load_energy_ratio * PERCENT),
                    },
                    evidence=(
                        f"{count} of the last {len(window)} washes used less than "
                        f"{round(s.small_load_energy_ratio * PERCENT)} % of their program's "
                        "usual energy: small loads."
                    ),
                    advice=ADVICE[FindingKind.SMALL_LOAD],
                ),
                now,
                out,
            )
        elif count <= s.small_load_clear_cycles:
            book.clear(FindingKind.SMALL_LOAD, now, s.min_hold_s, out)

    # -------------------------------------------------------------- unbalance

    def cycle_started(self) -> None:
        """Count the vibration episodes of the cycle that started now."""
        self.in_cycle = True
        self.vibrations = 0
        self.vibration_seen = False

    def vibration(self, active: bool) -> None:
        """Take a vibration sensor state."""
        if self.in_cycle:
            self.vibration_seen = True
            if active and self.vibrating is False:
                self.vibrations += 1
        self.vibrating = active

    def cycle_finished(
        self, now: float, s: CareSettings, book: FindingBook, out: list[CareChange]
    ) -> None:
        """Judge the vibration of the cycle that finished."""
        counted = self.in_cycle and self.vibration_seen
        self.in_cycle = False
        if not counted:
            return
        episodes = float(self.vibrations)
        base = self.unbalance
        if not base.ready:
            base.learn(episodes, s.unbalance_learn_cycles)
            return
        usual = base.center or 0.0
        self.unbalanced.append(
            episodes >= max(s.unbalance_ratio * usual, usual + s.unbalance_min_extra)
        )
        window = list(self.unbalanced)[-max(1, s.unbalance_window_cycles) :]
        count = sum(window)
        if count >= s.unbalance_raise_cycles and len(window) >= s.unbalance_raise_cycles:
            book.raise_(
                Finding(
                    kind=FindingKind.FREQUENT_UNBALANCE,
                    severity=Severity.WARNING,
                    since=now,
                    values={
                        "unbalanced_cycles": count,
                        "window_cycles": len(window),
                        "usual_episodes": round(usual, 1),
                        "last_episodes": int(episodes),
                    },
                    evidence=(
                        f"{count} of the last {len(window)} cycles shook far more than usual "
                        f"(last one: {int(episodes)} vibration episodes, usually {usual:.0f})."
                    ),
                    advice=ADVICE[FindingKind.FREQUENT_UNBALANCE],
                ),
                now,
                out,
            )
        elif count <= s.unbalance_clear_cycles:
            book.clear(FindingKind.FREQUENT_UNBALANCE, now, s.min_hold_s, out)

    def reset_unbalance(self) -> None:
        """Start judging unbalance afresh (after a repair)."""
        self.unbalanced.clear()

    # ------------------------------------------------------------------ state

    def to_state(self) -> dict[str, object]:
        """Return the rules' state as JSON-compatible data."""
        return {
            "door_seen": self.door_seen,
            "left": self.left.to_state(),
            "small": [int(v) for v in self.small],
            "in_cycle": self.in_cycle,
            "vibrating": self.vibrating,
            "vibrations": self.vibrations,
            "vibration_seen": self.vibration_seen,
            "unbalance": self.unbalance.to_state(),
            "unbalanced": [int(v) for v in self.unbalanced],
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> LaundryCare:
        """Return the rules saved by to_state."""
        rules = cls()
        rules.door_seen = get_bool(data, "door_seen")
        rules.left = Stopwatch.from_state(data.get("left", [0.0, None]))
        rules.small.extend(_flags(get_list(data, "small")))
        rules.in_cycle = get_bool(data, "in_cycle")
        vibrating = data.get("vibrating")
        if vibrating is not None and not isinstance(vibrating, bool):
            raise CareStateError("vibrating is not a boolean")
        rules.vibrating = vibrating
        rules.vibrations = max(0, get_int(data, "vibrations"))
        rules.vibration_seen = get_bool(data, "vibration_seen")
        unbalance = get_mapping(data, "unbalance")
        if unbalance is not None:
            rules.unbalance = Baseline.from_state(unbalance)
        rules.unbalanced.extend(_flags(get_list(data, "unbalanced")))
        return rules


def _flags(items: list[object]) -> list[bool]:
    if any(item not in (0, 1) or isinstance(item, float) for item in items):
        raise CareStateError("flags must be 0 or 1")
    return [bool(item) for item in items]
