"""CompressorMonitor: compressor runs, duty cycle and defrosts of a fridge or freezer.

Rolling figures come from 24 hourly buckets (observed time, compressor-on time, run
starts, completed runs and their length), so every update is O(1) and memory is fixed.
The 24-hour window therefore covers the current hour and the 23 before it.
"""

from __future__ import annotations

from collections.abc import Mapping
import math

from ._state import StateError, as_numbers, get_float, get_int, get_list, get_opt_float
from .readings import parse_power, parse_time
from .settings import CompressorSettings, default_compressor_settings
from .types import ApplianceType, CompressorEvent, CompressorEventKind

_NO_EVENTS: tuple[CompressorEvent, ...] = ()
HOUR_S = 3600.0
DAY_S = 86_400.0
WINDOW_HOURS = 24
# Figures need at least an hour of observed time to mean anything.
MIN_OBSERVED_S = 3600.0
# The usual compressor power follows completed runs with this weight per run (about the
# last five runs), so a slow drift (ageing, ambient temperature) is followed.
TYPICAL_POWER_WEIGHT = 0.2
CLOCK_JITTER_S = 2.0
# A day: a compressor that ran longer is broken, and saved runs older than this are not
# restored (the care rules raise "never stops" long before).
MAX_RUN_S = DAY_S
_OBSERVED, _ON, _STARTS, _RUNS, _RUN_S = range(5)
_FIELDS = 5
_STATE_VERSION = 1


class CompressorMonitor:
    """Compressor intelligence for one refrigerator or freezer behind a power sensor."""

    __slots__ = (
        "_buckets",
        "_confirmed",
        "_heater_s",
        "_hour",
        "_last_defrost_at",
        "_last_run_s",
        "_now",
        "_power",
        "_run_start",
        "_run_ws",
        "_s",
        "_typical_w",
        "appliance_type",
        "defrosts",
        "runs",
    )

    def __init__(
        self,
        appliance_type: ApplianceType = ApplianceType.REFRIGERATOR,
        settings: CompressorSettings | None = None,
        *,
        state: Mapping[str, object] | None = None,
    ) -> None:
        """Create a monitor, optionally continuing from `state` (saved by to_state)."""
        self.appliance_type = ApplianceType(appliance_type)
        self._s = settings or default_compressor_settings(self.appliance_type)
        self._now: float | None = None
        self._power: float | None = None
        self._run_start: float | None = None
        self._confirmed = False
        self._run_ws = 0.0
        self._heater_s = 0.0
        self._typical_w: float | None = None
        self._last_run_s: float | None = None
        self._last_defrost_at: float | None = None
        self._hour = 0
        self._buckets = [[0.0] * _FIELDS for _ in range(WINDOW_HOURS)]
        self.runs = 0
        """Compressor runs completed since the monitor was first created."""
        self.defrosts = 0
        """Defrosts detected since the monitor was first created."""
        if state is not None:
            self._restore(state)

    # ----------------------------------------------------------------- inputs

    def power(self, at: float, watts: object) -> tuple[CompressorEvent, ...]:
        """Take a power report (None or a non-numeric state means unavailable)."""
        t = self._clock(at)
        if t is None:
            return _NO_EVENTS
        out = self._advance(t)
        s = self._s
        p = (
            watts
            if type(watts) is float and 0.0 <= watts <= s.max_power_w
            else parse_power(watts, s.max_power_w, 0.0)
        )
        self._power = p
        if p is None:
            out = self._end_run(t, out)
        elif self._run_start is None:
            if p >= s.on_threshold_w:
                self._run_start = t
                self._run_ws = 0.0
                self._heater_s = 0.0
                self._confirmed = False
        elif p < s.off_threshold_w:
            out = self._end_run(t, out)
        return out

    def tick(self, at: float) -> tuple[CompressorEvent, ...]:
        """Let time pass without a report (the last report holds)."""
        t = self._clock(at)
        return _NO_EVENTS if t is None else self._advance(t)

    # ------------------------------------------------------------- read-only

    @property
    def settings(self) -> CompressorSettings:
        """Return the settings in use."""
        return self._s

    @property
    def running(self) -> bool:
        """Return whether a compressor run (longer than the minimum) is in progress."""
        return self._confirmed

    @property
    def typical_power_w(self) -> float | None:
        """Return the usual compressor power, learned from completed runs."""
        return self._typical_w

    @property
    def last_run_s(self) -> float | None:
        """Return the length of the last completed run."""
        return self._last_run_s

    @property
    def last_defrost_at(self) -> float | None:
        """Return when the last defrost heater run ended."""
        return self._last_defrost_at

    @property
    def defrost_detected(self) -> bool:
        """Return whether a defrost was detected within the last 24 hours."""
        last = self._last_defrost_at
        return last is not None and self._now is not None and self._now - last < DAY_S

    def _sum(self, field: int) -> float:
        return sum(b[field] for b in self._buckets)

    @property
    def observed_24h_s(self) -> float:
        """Return the seconds with data in the rolling window."""
        return self._sum(_OBSERVED)

    @property
    def duty_cycle_24h(self) -> float | None:
        """Return the share of observed time the compressor ran (0..1) over the last 24 h."""
        observed = self._sum(_OBSERVED)
        return None if observed < MIN_OBSERVED_S else min(self._sum(_ON) / observed, 1.0)

    @property
    def cycles_per_day(self) -> float | None:
        """Return compressor starts per day over the last 24 h (scaled to observed time)."""
        observed = self._sum(_OBSERVED)
        return None if observed < MIN_OBSERVED_S else self._sum(_STARTS) * DAY_S / observed

    @property
    def average_run_s(self) -> float | None:
        """Return the mean length of runs completed in the last 24 h."""
        runs = self._sum(_RUNS)
        return None if runs < 1 else self._sum(_RUN_S) / runs

    def clock_jumped(self, delta_s: float) -> None:
        """Move the running compressor run forward by `delta_s`.

        The wall clock was set forward while reports went on: the run's length must not
        count the jump.
        """
        if not (delta_s > 0 and math.isfinite(delta_s)) or self._now is None:
            return
        self._now += delta_s
        if self._run_start is not None:
            self._run_start += delta_s

    # -------------------------------------------------------------- internals

    def _clock(self, at: object) -> float | None:
        t = parse_time(at)
        now = self._now
        if t is None or now is None or t >= now:
            if t is not None and now is None:
                self._now = t
                self._hour = math.floor(t / HOUR_S)
            return t
        if now - t <= CLOCK_JITTER_S:
            return now
        # The clock jumped back: move the run with it, keep the buckets.
        delta = t - now
        if self._run_start is not None:
            self._run_start += delta
        self._now = t
        self._hour = math.floor(t / HOUR_S)
        return t

    def _bucket(self, t: float) -> list[float]:
        hour = math.floor(t / HOUR_S)
        if hour > self._hour:
            for h in range(max(self._hour + 1, hour - WINDOW_HOURS + 1), hour + 1):
                bucket = self._buckets[h % WINDOW_HOURS]
                for i in range(_FIELDS):
                    bucket[i] = 0.0
            self._hour = hour
        return self._buckets[self._hour % WINDOW_HOURS]

    def _advance(self, t: float) -> tuple[CompressorEvent, ...]:
        prev = self._now
        self._now = t
        if prev is None or t <= prev:
            return _NO_EVENTS
        p = self._power
        if p is None or t - prev > self._s.max_gap_s:
            self._bucket(t)
            return self._end_run(prev, _NO_EVENTS) if self._run_start is not None else _NO_EVENTS
        # Split at hour boundaries so each bucket gets its own share.
        t0 = prev
        while True:
            boundary = (math.floor(t0 / HOUR_S) + 1) * HOUR_S
            t1 = min(t, boundary)
            self._accumulate(self._bucket(t0), t1 - t0, p)
            if t1 >= t:
                break
            t0 = t1
        self._bucket(t)
        start = self._run_start
        if start is not None and not self._confirmed and t - start >= self._s.min_run_s:
            self._confirmed = True
            self._bucket(t)[_STARTS] += 1
            return (
                CompressorEvent(kind=CompressorEventKind.COMPRESSOR_STARTED, at=t, run_s=t - start),
            )
        return _NO_EVENTS

    def _accumulate(self, bucket: list[float], dt: float, p: float) -> None:
        bucket[_OBSERVED] += dt
        if self._run_start is None:
            return
        self._run_ws += p * dt
        typical = self._typical_w
        if typical is not None and p >= typical * self._s.defrost_power_ratio:
            self._heater_s += dt
        else:
            bucket[_ON] += dt

    def _end_run(self, t: float, out: tuple[CompressorEvent, ...]) -> tuple[CompressorEvent, ...]:
        start = self._run_start
        if start is None:
            return out
        self._run_start = None
        if not self._confirmed:
            return out
        self._confirmed = False
        run_s = t - start
        events = [*out]
        s = self._s
        if self._heater_s >= s.defrost_min_s:
            self._last_defrost_at = t
            self.defrosts += 1
            events.append(
                CompressorEvent(kind=CompressorEventKind.DEFROST, at=t, run_s=self._heater_s)
            )
        compressor_s = run_s - self._heater_s
        if compressor_s >= s.min_run_s:
            self.runs += 1
            self._last_run_s = compressor_s
            bucket = self._bucket(t)
            bucket[_RUNS] += 1
            bucket[_RUN_S] += compressor_s
            if self._heater_s < s.defrost_min_s and run_s > 0:
                mean_w = self._run_ws / run_s
                typical = self._typical_w
                self._typical_w = (
                    mean_w
                    if typical is None
                    else typical + TYPICAL_POWER_WEIGHT * (mean_w - typical)
                )
        events.append(
            CompressorEvent(kind=CompressorEventKind.COMPRESSOR_STOPPED, at=t, run_s=run_s)
        )
        return tuple(events)

    # ------------------------------------------------------------------ state

    def apply_settings(self, settings: CompressorSettings) -> None:
        """Use new settings from now on."""
        self._s = settings

    def to_state(self) -> dict[str, object]:
        """Return everything needed to continue after a restart, as JSON-compatible data."""
        return {
            "version": _STATE_VERSION,
            "now": self._now,
            "hour": self._hour,
            "typical_w": self._typical_w,
            "last_run_s": self._last_run_s,
            "last_defrost_at": self._last_defrost_at,
            "runs": self.runs,
            "defrosts": self.defrosts,
            "power": self._power,
            "run_start": self._run_start,
            "confirmed": self._confirmed,
            "run_ws": self._run_ws,
            "heater_s": self._heater_s,
            "buckets": [[round(v, 1) for v in b] for b in self._buckets],
        }

    def _restore(self, data: Mapping[str, object]) -> None:
        if get_int(data, "version", _STATE_VERSION) > _STATE_VERSION:
            raise StateError("compressor state from a newer version")
        self._now = get_opt_float(data, "now")
        self._hour = get_int(data, "hour")
        self._typical_w = get_opt_float(data, "typical_w")
        self._last_run_s = get_opt_float(data, "last_run_s")
        self._last_defrost_at = get_opt_float(data, "last_defrost_at")
        self.runs = get_int(data, "runs")
        self.defrosts = get_int(data, "defrosts")
        buckets = [as_numbers(b, "buckets") for b in get_list(data, "buckets")]
        if buckets:
            if len(buckets) != WINDOW_HOURS or any(len(b) != _FIELDS for b in buckets):
                raise StateError("compressor buckets")
            self._buckets = buckets
        self._power = get_opt_float(data, "power")
        self._run_start = get_opt_float(data, "run_start")
        self._confirmed = data.get("confirmed") is True and self._run_start is not None
        self._run_ws = get_float(data, "run_ws", 0.0)
        self._heater_s = get_float(data, "heater_s", 0.0)
        self._plausible()

    def _plausible(self) -> None:
        """Bring restored figures within what a compressor can have done by the saved time.

        A run starting after the saved time or longer ago than MAX_RUN_S is dropped; counts,
        energies and durations are never negative; a bucket holds at most an hour.
        """
        s = self._s
        self.runs = max(0, self.runs)
        self.defrosts = max(0, self.defrosts)
        if self._typical_w is not None and not 0.0 < self._typical_w <= s.max_power_w:
            self._typical_w = None
        if self._power is not None and not 0.0 <= self._power <= s.max_power_w:
            self._power = None
        if self._last_run_s is not None and not 0.0 <= self._last_run_s <= MAX_RUN_S:
            self._last_run_s = None
        for bucket in self._buckets:
            for i in range(_FIELDS):
                bucket[i] = max(0.0, bucket[i])
            for i in (_OBSERVED, _ON, _RUN_S):
                bucket[i] = min(bucket[i], HOUR_S if i != _RUN_S else MAX_RUN_S)
        now = self._now
        if now is None:
            self._run_start = None
            self._confirmed = False
            return
        self._hour = min(self._hour, math.floor(now / HOUR_S))
        if self._last_defrost_at is not None:
            self._last_defrost_at = min(self._last_defrost_at, now)
        start = self._run_start
        if start is not None and not now - MAX_RUN_S <= start <= now:
            self._run_start = None
            self._confirmed = False
        span = now - start if self._run_start is not None and start is not None else 0.0
        self._run_ws = min(max(self._run_ws, 0.0), s.max_power_w * span)
        self._heater_s = min(max(self._heater_s, 0.0), span)
