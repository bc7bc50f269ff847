"""Simulated time: whole UTC seconds, daily schedules and day rhythms."""

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
import math
import random

SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3_600
SECONDS_PER_DAY = 86_400
HOURS_PER_DAY = 24

# A time far beyond any simulated span; stands for "never" in event timers so that
# min() over timers needs no None checks.
NEVER = 2**62

# A Poisson process with a day rhythm gives up looking for its next event after this many
# hours of zero rate (e.g. an appliance whose operation is switched off).
_POISSON_HORIZON_H = 24 * 14

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_SECOND = timedelta(seconds=1)


def ensure_utc(moment: datetime) -> datetime:
    """Return an aware datetime in UTC; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("simulated time must be a timezone-aware datetime")
    return moment.astimezone(UTC)


def to_seconds(moment: datetime) -> int:
    """Return whole seconds since the epoch (floored) of an aware datetime."""
    return (ensure_utc(moment) - _EPOCH) // _ONE_SECOND


def from_seconds(seconds: float) -> datetime:
    """Return the aware UTC datetime of seconds since the epoch."""
    return _EPOCH + timedelta(seconds=seconds)


def time_of_day_s(when: time) -> int:
    """Return the seconds since midnight of a time of day."""
    return when.hour * SECONDS_PER_HOUR + when.minute * SECONDS_PER_MINUTE + when.second


def next_daily(after: int, when: time) -> int:
    """Return the first moment strictly after `after` that falls on the daily time `when`."""
    candidate = after - after % SECONDS_PER_DAY + time_of_day_s(when)
    while candidate <= after:
        candidate += SECONDS_PER_DAY
    return candidate


def hour_of_day(t: int) -> int:
    """Return the UTC hour (0..23) of a moment."""
    return t % SECONDS_PER_DAY // SECONDS_PER_HOUR


def daily_sine(t: float, mean: float, amplitude: float, peak_hour: float) -> float:
    """Return a value following a daily sine that peaks at `peak_hour` UTC."""
    phase = (t / SECONDS_PER_HOUR - peak_hour) / HOURS_PER_DAY
    return mean + amplitude * math.cos(2.0 * math.pi * phase)


def next_poisson(t: int, hourly_rates: Sequence[float], rng: random.Random) -> int:
    """Return the next event time of a Poisson process whose rate follows the UTC hour.

    `hourly_rates` holds 24 expected event counts per hour. The rate is constant within
    an hour, so the exponential waiting time is spent hour by hour.
    """
    budget = rng.expovariate(1.0)
    for _ in range(_POISSON_HORIZON_H):
        hour_end = t - t % SECONDS_PER_HOUR + SECONDS_PER_HOUR
        rate_per_s = hourly_rates[hour_of_day(t)] / SECONDS_PER_HOUR
        span = hour_end - t
        if rate_per_s > 0.0 and budget <= rate_per_s * span:
            return t + max(1, math.ceil(budget / rate_per_s))
        budget -= rate_per_s * span
        t = hour_end
    return NEVER
