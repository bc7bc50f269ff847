"""A countertop water purifier: a chilled tank, drinks through the day, a filter by the litre."""

from collections.abc import Mapping
from datetime import time
import math
from typing import Any

from .appliance import FILTER_DECIMALS, TEMPERATURE_DECIMALS, WATER_DECIMALS, Appliance
from .clock import (
    HOURS_PER_DAY,
    NEVER,
    SECONDS_PER_HOUR,
    hour_of_day,
    next_daily,
    next_poisson,
)
from .model import ApplianceKind, ApplianceSnapshot, PlugSettings
from .phases import noisy
from .plug import ReportSink
from .state import read_float
from .thermal import Relaxation, linear_relaxation

# Cold-water tank of 2 L kept between 4 and 7 C by a small compressor (60-90 W).
TANK_L = 2.0
TANK_CUT_IN_C = 7.0
TANK_CUT_OUT_C = 4.0
TANK_MID_C = (TANK_CUT_IN_C + TANK_CUT_OUT_C) / 2.0
TANK_LEAK_TAU_S = 4.0 * SECONDS_PER_HOUR
TANK_COOLING_K_PER_S = 0.25 / 60.0
ROOM_C = 22.0
INLET_WATER_C = 15.0
TANK_COMPRESSOR_W = (65.0, 85.0)
TANK_START_SPIKE_SHARE = 2.5
TANK_COMPRESSOR_BLOCK_S = 60
TANK_MIN_OFF_S = 180
# Electronics and the UV lamp; the valve and the UV flash add a little while dispensing.
PURIFIER_STANDBY_W = 2.0
DISPENSE_EXTRA_W = 6.0
# Dispensing: ~1.2 L/min, 0.2-1.5 L a glass or a jug (log-normal around 0.35 L).
FLOW_L_PER_S = 1.2 / 60.0
VOLUME_MEDIAN_L = 0.35
VOLUME_SIGMA = 0.6
VOLUME_L = (0.2, 1.5)
# Expected drinks per hour, counted from the daily schedule (the household's morning):
# breakfast, lunch and dinner peaks, nothing after 16 h; about 13 a day.
DISPENSE_PROFILE: tuple[float, ...] = (
    2.0, 1.0, 0.3, 0.5, 0.5, 1.5, 1.0, 0.5, 0.5, 0.5, 0.7, 1.5, 1.0, 0.7, 0.5, 0.3,
)  # fmt: skip
# Filter rated for 2,000 L; a home's filter is already part-used.
WATER_FILTER_LIFE_L = 2_000.0
WATER_FILTER_INITIAL_L = (100.0, 1_200.0)


class WaterPurifier(Appliance):
    """A countertop water purifier with a chilled tank."""

    def __init__(
        self, *, t0: int, seed: int, plug: PlugSettings, sink: ReportSink | None = None
    ) -> None:
        """Create a purifier with a cold tank; nobody draws water until a schedule is set."""
        super().__init__(ApplianceKind.WATER_PURIFIER, t0=t0, seed=seed)
        rng = self._rng
        self._compressor_w = rng.uniform(*TANK_COMPRESSOR_W)
        self._initial_l = rng.uniform(*WATER_FILTER_INITIAL_L)
        self._litres = 0.0
        self._rates: tuple[float, ...] = (0.0,) * HOURS_PER_DAY
        self._tank_c = rng.uniform(TANK_CUT_OUT_C, TANK_CUT_IN_C)
        self._tank_at = t0
        self._compressor = False
        self._compressor_since = t0 - TANK_MIN_OFF_S
        self._compressor_now_w = 0.0
        self._power_t = NEVER
        self._dispensing = 0.0
        self._dispense_t = NEVER
        # The household's day begins with a glass of water at the scheduled time.
        self._schedule: time | None = None
        self._day_t = NEVER
        self._tank = Relaxation(ROOM_C, TANK_LEAK_TAU_S)
        self._thermo_t = NEVER
        self._relax(t0)
        self._init_plug(plug, self._power(), sink)
        self._refresh_next()

    def _settle(self, t: int) -> None:
        if t > self._tank_at:
            self._tank_c = self._tank.at(self._tank_c, t - self._tank_at)
            self._tank_at = t

    def _relax(self, t: int) -> None:
        self._tank = linear_relaxation(
            leak_per_s=1.0 / TANK_LEAK_TAU_S,
            ambient_c=ROOM_C,
            drive_k_per_s=-TANK_COOLING_K_PER_S if self._compressor else 0.0,
        )
        if self._compressor:
            wait = self._tank.time_to(self._tank_c, TANK_CUT_OUT_C)
            self._thermo_t = NEVER if wait is None else t + max(1, math.ceil(wait))
            return
        earliest = self._compressor_since + TANK_MIN_OFF_S
        if self._tank_c >= TANK_CUT_IN_C:
            self._thermo_t = max(t + 1, earliest)
            return
        wait = self._tank.time_to(self._tank_c, TANK_CUT_IN_C)
        self._thermo_t = NEVER if wait is None else max(t + max(1, math.ceil(wait)), earliest)

    def _power(self) -> float:
        power = PURIFIER_STANDBY_W + (self._compressor_now_w if self._compressor else 0.0)
        return power + (DISPENSE_EXTRA_W if self._dispensing else 0.0)

    def _on_event(self, t: int) -> None:
        self._settle(t)
        if self._day_t <= t:
            self._day_t = NEVER if self._schedule is None else next_daily(t, self._schedule)
            if not self._dispensing:
                self._dispense_t = t
        if self._dispense_t <= t:
            if self._dispensing:
                share = self._dispensing / TANK_L
                self._tank_c += share * (INLET_WATER_C - self._tank_c)
                self._litres += self._dispensing
                self._dispensing = 0.0
                self._dispense_t = next_poisson(t, self._rates, self._rng)
            else:
                volume = self._rng.lognormvariate(math.log(VOLUME_MEDIAN_L), VOLUME_SIGMA)
                self._dispensing = min(VOLUME_L[1], max(VOLUME_L[0], volume))
                self._dispense_t = t + max(1, math.ceil(self._dispensing / FLOW_L_PER_S))
        if self._thermo_t <= t:
            self._compressor = not self._compressor
            self._compressor_since = t
            self._compressor_now_w = self._compressor_w * TANK_START_SPIKE_SHARE
            self._power_t = t + 1 if self._compressor else NEVER
        if self._power_t <= t:
            self._compressor_now_w = noisy(self._rng, self._compressor_w)
            self._power_t = t + TANK_COMPRESSOR_BLOCK_S
        self._relax(t)
        power = self._power()
        if power != self.plug.power_w:
            self.plug.set_power(t, power)
        self._refresh_next()

    def _refresh_next(self) -> None:
        self._next_t = min(self._dispense_t, self._thermo_t, self._power_t, self._day_t)

    def _set_schedule(self, when: time | None) -> None:
        if when != self._schedule:
            self._schedule = when
            self._day_t = NEVER if when is None else next_daily(self._t, when)
        if when is None:
            rates: tuple[float, ...] = (0.0,) * HOURS_PER_DAY
        else:
            by_hour = [0.0] * HOURS_PER_DAY
            for offset, rate in enumerate(DISPENSE_PROFILE):
                by_hour[(when.hour + offset) % HOURS_PER_DAY] = rate
            rates = tuple(by_hour)
        if rates == self._rates:
            return
        self._rates = rates
        if not self._dispensing:
            self._dispense_t = next_poisson(self._t, rates, self._rng)
        self._refresh_next()

    def _on_settings_changed(self) -> None:
        self._refresh_next()

    def fast_forward(self, t_end: int) -> None:
        """Integrate hour by hour: expected drinks, and the duty cycle they and the room need."""
        t = self._t
        if self._dispensing:
            self._litres += self._dispensing
            self._dispensing = 0.0
        mean_l = VOLUME_MEDIAN_L * math.exp(VOLUME_SIGMA**2 / 2.0)
        energy_ws = 0.0
        while t < t_end:
            span = min(SECONDS_PER_HOUR - t % SECONDS_PER_HOUR, t_end - t)
            litres = self._rates[hour_of_day(t)] * span / SECONDS_PER_HOUR * mean_l
            self._litres += litres
            heat_k = litres / TANK_L * (INLET_WATER_C - TANK_MID_C)
            load_k = (ROOM_C - TANK_MID_C) / TANK_LEAK_TAU_S * span + heat_k
            duty = min(1.0, load_k / (TANK_COOLING_K_PER_S * span))
            energy_ws += span * (PURIFIER_STANDBY_W + duty * self._compressor_w)
            t += span
        self._t = self._tank_at = t_end
        self._tank_c = TANK_MID_C
        self._compressor = False
        self._compressor_since = t_end - TANK_MIN_OFF_S
        self._power_t = NEVER
        self._dispense_t = next_poisson(t_end, self._rates, self._rng)
        self._day_t = NEVER if self._schedule is None else next_daily(t_end, self._schedule)
        self._relax(t_end)
        self.plug.jump(t_end, energy_ws, self._power())
        self._refresh_next()

    def _tank_now(self) -> float:
        return self._tank.at(self._tank_c, self._t - self._tank_at)

    def _filter_pct(self) -> float:
        return (self._initial_l + self._litres) / WATER_FILTER_LIFE_L * 100.0

    def _visible_details(self) -> tuple[object, ...]:
        return (
            self._compressor,
            round(self._litres, WATER_DECIMALS),
            round(self._filter_pct(), FILTER_DECIMALS),
            round(self._tank_now(), TEMPERATURE_DECIMALS),
        )

    def snapshot(self) -> ApplianceSnapshot:
        """Return the purifier's sensors."""
        return self._snapshot(
            filter_pct=self._filter_pct(), water_l=self._litres, running=self._compressor
        )

    def _details_state(self) -> dict[str, Any]:
        return {
            "litres": self._litres,
            "initial_l": self._initial_l,
            "tank_c": self._tank_now(),
        }

    def _restore_details(self, state: Mapping[str, Any]) -> None:
        litres = read_float(state, "litres", 0.0)
        initial = read_float(state, "initial_l", 0.0)
        tank = read_float(state, "tank_c", -10.0, 60.0)
        self._litres, self._initial_l = litres, initial
        self._tank_c, self._tank_at = tank, self._t
        self._relax(self._t)
        self._refresh_next()
