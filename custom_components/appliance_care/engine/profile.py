"""The power envelope of a running cycle, built online in fixed time bins."""

from __future__ import annotations

# Two minutes keeps a three-hour cycle at 90 numbers while resolving the shortest phases
# that tell programs apart (a dishwasher's 10-minute heater runs, a washer's 5-minute fill).
PROFILE_BIN_S = 120.0
# Twelve hours: no washer, dryer or dishwasher program runs longer; longer cycles keep
# their first twelve hours as their signature.
MAX_PROFILE_BINS = 360
# Two days: longer than any cycle of a washer, dryer, dishwasher or other appliance with
# programs. Saved figures beyond it are impossible and are not restored.
MAX_CYCLE_S = 2 * 86_400.0


class ProfileBuilder:
    """Mean power per bin since `origin`, O(1) per update and bounded in memory.

    Each report's power holds until the next report; spans with no data are added as
    0 W. Completed bins are appended to `bins_w`.
    """

    __slots__ = ("_acc_ws", "_bin_end", "bin_s", "bins_w", "origin")

    def __init__(self, origin: float, bin_s: float = PROFILE_BIN_S) -> None:
        """Start an empty profile whose first bin begins at `origin` (Unix seconds)."""
        self.origin = origin
        self.bin_s = bin_s
        self.bins_w: list[float] = []
        self._acc_ws = 0.0
        self._bin_end = origin + bin_s

    def add(self, t0: float, t1: float, watts: float) -> bool:
        """Add `watts` held from t0 to t1; return True when at least one bin completed."""
        end = self._bin_end
        if t1 < end:
            self._acc_ws += watts * (t1 - t0)
            return False
        bin_s = self.bin_s
        bins = self.bins_w
        self._acc_ws += watts * (end - t0)
        if len(bins) < MAX_PROFILE_BINS:
            bins.append(self._acc_ws / bin_s)
        t0 = end
        end += bin_s
        # Whole bins at one power level: bounded by the profile size, then skipped.
        while t1 >= end:
            if len(bins) >= MAX_PROFILE_BINS:
                end += bin_s * ((t1 - end) // bin_s + 1)
                t0 = end - bin_s
                break
            bins.append(watts)
            t0 = end
            end += bin_s
        self._bin_end = end
        self._acc_ws = watts * (t1 - t0)
        return True

    def shift(self, delta_s: float) -> None:
        """Move the profile in time (the clock jumped); bins keep their contents."""
        self.origin += delta_s
        self._bin_end += delta_s

    def plausible(self, origin: float, now: float, max_power_w: float) -> None:
        """Make restored figures those of a profile begun at `origin` and built until `now`."""
        bin_s = self.bin_s
        self.origin = origin
        self.bins_w = [min(max(b, 0.0), max_power_w) for b in self.bins_w]
        # The open bin follows the completed ones; past the size limit it is at `now`.
        built = len(self.bins_w)
        end = origin + (built + 1) * bin_s
        if built >= MAX_PROFILE_BINS:
            end = max(end, min(self._bin_end, now + bin_s))
        self._bin_end = end
        self._acc_ws = min(max(self._acc_ws, 0.0), max_power_w * bin_s)

    def to_state(self) -> list[float]:
        """Return [origin, accumulated W*s of the open bin, bin end, *bins]."""
        return [self.origin, self._acc_ws, self._bin_end, *(round(b, 1) for b in self.bins_w)]

    @classmethod
    def from_state(cls, data: list[float], bin_s: float = PROFILE_BIN_S) -> ProfileBuilder:
        """Rebuild a profile from to_state output."""
        builder = cls(data[0], bin_s)
        builder._acc_ws = data[1]
        builder._bin_end = data[2]
        builder.bins_w = list(data[3 : 3 + MAX_PROFILE_BINS])
        return builder
