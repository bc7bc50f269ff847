"""Comparing cycle signatures: shift-tolerant distances between power envelopes."""

from __future__ import annotations

from collections.abc import Sequence

from .types import Signature

# Phases of the same program drift by a few minutes from run to run (fill time follows
# water pressure, heating time the inlet temperature): compare envelopes shifted by up to
# this many bins (8 bins of 2 minutes = 16 minutes) and keep the best alignment.
MAX_SHIFT_BINS = 8
# Power differences of this size are noise (pumps, electronics, a drum's load): bins are
# compared as |a - b| / (a + b + NOISE_FLOOR_W), so two quiet bins agree (0), a quiet bin
# against a working one disagrees (near 1), and a 2 kW heater counts no more than a 60 W
# tumble: the on/off structure of a program, not its largest phase, tells it apart.
NOISE_FLOOR_W = 20.0


def bin_difference(a: float, b: float) -> float:
    """Return how different two bins are, from 0 (same) to nearly 1 (one quiet, one busy)."""
    return abs(a - b) / (a + b + NOISE_FLOOR_W)


def envelope_distance(
    a: Sequence[float], b: Sequence[float], max_shift: int = MAX_SHIFT_BINS
) -> tuple[float, int]:
    """Return (distance, shift) of the best alignment of two power envelopes.

    The distance is the sum of bin_difference over all bins of either envelope (missing
    bins count as 0 W) divided by the longer envelope's length, so padding by a shift never
    dilutes it: 0 for identical envelopes, near 1 for ones never active at the same time.
    A positive shift means `a` runs late compared with `b`.
    """
    len_a = len(a)
    len_b = len(b)
    best = float("inf")
    best_shift = 0
    for shift in range(-max_shift, max_shift + 1):
        lo = min(0, shift)
        hi = max(len_a, len_b + shift)
        total = 0.0
        for k in range(lo, hi):
            x = a[k] if 0 <= k < len_a else 0.0
            j = k - shift
            y = b[j] if 0 <= j < len_b else 0.0
            total += abs(x - y) / (x + y + NOISE_FLOOR_W)
        distance = total / max(len_a, len_b, 1)
        if distance < best or (distance == best and abs(shift) < abs(best_shift)):
            best = distance
            best_shift = shift
    return best, best_shift


def signature_of(bins_w: Sequence[float], bin_s: float, active_bins: int) -> Signature:
    """Return the compact signature of a cycle: its first `active_bins` bins, in whole watts."""
    return Signature(bin_s=bin_s, profile_w=tuple(round(w) for w in bins_w[:active_bins]))


def median(values: Sequence[float]) -> float:
    """Return the median of a non-empty sequence."""
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    if n % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2.0


def median_envelope(members: Sequence[Sequence[float]], length: int) -> tuple[int, ...]:
    """Return the bin-by-bin median of several envelopes, `length` bins long."""
    return tuple(
        round(median([m[k] if k < len(m) else 0.0 for m in members])) for k in range(length)
    )
