"""The state of one cycle in progress (or of a start not confirmed yet)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ._state import StateError, as_numbers, get_float, get_list, get_opt_float
from .profile import MAX_CYCLE_S, MAX_PROFILE_BINS, PROFILE_BIN_S, ProfileBuilder
from .spin import SpinMeter
from .types import Signature


@dataclass(frozen=True, kw_only=True, slots=True)
class LearnedCycle:
    """The cycle learned last, kept while activity right after it may still belong to it."""

    program_id: int
    signature: Signature
    start: float
    end: float
    energy_wh: float
    early: bool = False
    """The finish was declared at a learned program's end, so it may have come early."""

    def extended(self, live: LiveCycle, end: float) -> LearnedCycle:
        """Return this cycle extended by the activity of `live`, which ended at `end`."""
        bin_s = self.signature.bin_s
        bins = [float(v) for v in self.signature.profile_w]
        # The signature keeps at most MAX_PROFILE_BINS bins, whatever the times say.
        offset = min(max(round((live.start - self.start) / bin_s), 0), MAX_PROFILE_BINS)
        bins.extend([0.0] * (offset - len(bins)))
        for k, value in enumerate(live.profile.bins_w[: MAX_PROFILE_BINS - offset], start=offset):
            if k < len(bins):
                bins[k] = max(bins[k], value)
            else:
                bins.append(value)
        length = min(max(1, round((end - self.start) / bin_s)), MAX_PROFILE_BINS)
        return LearnedCycle(
            early=self.early,
            program_id=self.program_id,
            signature=Signature(bin_s=bin_s, profile_w=tuple(round(v) for v in bins[:length])),
            start=self.start,
            end=end,
            energy_wh=self.energy_wh + live.energy_ws / 3600.0,
        )


_RUN = ("start", "peak", "quiet", "high", "short")


class LiveCycle:
    """Activity since the first active report: a candidate until confirmed, then a cycle."""

    __slots__ = (
        "chained",
        "confirmed",
        "energy_at_quiet_ws",
        "energy_ws",
        "gap_s",
        "last_high_at",
        "last_strong",
        "meter_start_wh",
        "paused",
        "peak_w",
        "profile",
        "quiet_before_s",
        "quiet_gap_s",
        "run_peak_w",
        "run_start",
        "short_quiets",
        "spin",
        "start",
        "strong_s",
    )

    def __init__(self, start: float, meter_start_wh: float | None = None) -> None:
        """Begin tracking activity that started at `start`."""
        self.start = start
        self.confirmed = False
        self.strong_s = 0.0
        """Seconds at or above the start threshold (before confirmation)."""
        self.last_strong = start
        """Last time power was at or above the start threshold (before confirmation)."""
        self.energy_ws = 0.0
        self.energy_at_quiet_ws = 0.0
        """Energy when power last fell quiet: the cycle's energy if it ends there."""
        self.profile = ProfileBuilder(start, PROFILE_BIN_S)
        self.peak_w = 0.0
        self.gap_s = 0.0
        """Time without data inside the cycle."""
        self.quiet_gap_s = 0.0
        """Time without data inside the current quiet phase (not counted as quiet)."""
        self.paused = False
        self.meter_start_wh = meter_start_wh
        self.chained = False
        """Started right after the last cycle's end: either may be part of one cycle."""
        self.spin = SpinMeter()
        """The latest spin and the drain before it (a washer's)."""
        self.run_start = start
        """Start of the current (or last) run of activity."""
        self.run_peak_w = 0.0
        """Its highest power."""
        self.quiet_before_s = 0.0
        """Length of the quiet before it (0: none)."""
        self.last_high_at: float | None = None
        """Last time power was at half the cycle's peak or more (heating)."""
        self.short_quiets = 0
        """Quiet spells inside the cycle too short to end it (a sampled drum's pauses)."""

    def take_active(self, t: float, p: float, active_w: float) -> None:
        """Take an active power value at time t."""
        self.peak_w = max(self.peak_w, p)
        self.run_peak_w = max(self.run_peak_w, p)
        self.spin.take(t, p, active_w)

    def shift(self, delta_s: float) -> None:
        """Move all times by `delta_s` (the clock jumped)."""
        self.start += delta_s
        self.last_strong += delta_s
        self.profile.shift(delta_s)
        self.spin.shift(delta_s)
        self.run_start += delta_s
        if self.last_high_at is not None:
            self.last_high_at += delta_s

    def plausible(self, now: float, max_power_w: float) -> bool:
        """Bring restored figures within what a cycle running until `now` can have.

        Return False when the cycle itself is impossible: it starts after `now` or more than
        MAX_CYCLE_S before it.
        """
        start = self.start
        if not now - MAX_CYCLE_S <= start <= now:
            return False
        self.last_strong = min(max(self.last_strong, start), now)
        span = now - start
        self.strong_s = min(max(self.strong_s, 0.0), span)
        most_ws = max_power_w * span
        self.energy_ws = min(max(self.energy_ws, 0.0), most_ws)
        self.energy_at_quiet_ws = min(max(self.energy_at_quiet_ws, 0.0), self.energy_ws)
        self.peak_w = min(max(self.peak_w, 0.0), max_power_w)
        self.gap_s = min(max(self.gap_s, 0.0), span)
        self.quiet_gap_s = min(max(self.quiet_gap_s, 0.0), span)
        self.run_start = min(max(self.run_start, start), now)
        self.run_peak_w = min(max(self.run_peak_w, 0.0), self.peak_w)
        self.quiet_before_s = min(max(self.quiet_before_s, 0.0), span)
        if self.last_high_at is not None:
            self.last_high_at = min(max(self.last_high_at, start), now)
        self.profile.plausible(start, now, max_power_w)
        return True

    def to_state(self) -> dict[str, object]:
        """Return the live cycle as JSON-compatible data."""
        return {
            "start": self.start,
            "confirmed": self.confirmed,
            "strong_s": self.strong_s,
            "last_strong": self.last_strong,
            "energy_ws": self.energy_ws,
            "energy_at_quiet_ws": self.energy_at_quiet_ws,
            "peak_w": self.peak_w,
            "gap_s": self.gap_s,
            "quiet_gap_s": self.quiet_gap_s,
            "paused": self.paused,
            "chained": self.chained,
            "meter_start_wh": self.meter_start_wh,
            "profile": self.profile.to_state(),
            "spin": self.spin.to_state(),
            "run": [
                self.run_start,
                self.run_peak_w,
                self.quiet_before_s,
                self.last_high_at,
                self.short_quiets,
            ],
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> LiveCycle:
        """Rebuild a live cycle from to_state output."""
        live = cls(get_float(data, "start"), get_opt_float(data, "meter_start_wh"))
        live.confirmed = data.get("confirmed") is True
        live.strong_s = get_float(data, "strong_s", 0.0)
        live.last_strong = get_float(data, "last_strong", live.start)
        live.energy_ws = get_float(data, "energy_ws", 0.0)
        live.energy_at_quiet_ws = get_float(data, "energy_at_quiet_ws", 0.0)
        live.peak_w = get_float(data, "peak_w", 0.0)
        live.gap_s = get_float(data, "gap_s", 0.0)
        live.quiet_gap_s = get_float(data, "quiet_gap_s", 0.0)
        live.paused = data.get("paused") is True
        live.chained = data.get("chained") is True
        live.spin = SpinMeter.from_state(data.get("spin"))
        run = data.get("run")
        if isinstance(run, list) and len(run) == len(_RUN):
            figures = dict(zip(_RUN, run, strict=True))
            live.run_start = get_float(figures, "start", live.start)
            live.run_peak_w = get_float(figures, "peak", 0.0)
            live.quiet_before_s = get_float(figures, "quiet", 0.0)
            live.last_high_at = get_opt_float(figures, "high")
            live.short_quiets = max(0, round(get_float(figures, "short", 0.0)))
        profile = as_numbers(get_list(data, "profile"), "profile")
        if profile:
            if len(profile) < 3:  # noqa: PLR2004 - origin, open bin, bin end
                raise StateError("profile too short")
            live.profile = ProfileBuilder.from_state(profile, PROFILE_BIN_S)
        return live
