"""A frost-free fridge-freezer with one compressor and its thermostat in the fridge.

The fridge compartment leaks heat to the room and is cooled at a constant rate while the
compressor runs; a thermostat with hysteresis switches the compressor. The freezer is
cooled by the evaporator only while the compressor runs, so it follows the fridge's duty
cycle. Door openings (a Poisson process with a day rhythm) light the lamp and let warm air
in, which lengthens the next run. After enough compressor hours a defrost heater melts the
evaporator's ice, followed by a long recovery run.

Faults: a leaking door seal steps in at once (more warm air, longer runs, shorter pauses);
condenser dust ramps in over a week (weaker cooling, longer runs, a little more power).
"""

from collections.abc import Mapping
from datetime import time
from enum import StrEnum
import math
from typing import Any

from .appliance import TEMPERATURE_DECIMALS, Appliance
from .clock import NEVER, SECONDS_PER_HOUR, daily_sine, hour_of_day, next_poisson
from .model import ApplianceKind, ApplianceSnapshot, Fault, PlugSettings
from .phases import noisy
from .plug import ReportSink
from .state import read_choice, read_float, read_int
from .thermal import Relaxation, linear_relaxation, sink_relaxation

# Thermostat: cut in at 5 C, cut out at 3 C (a 2 K band, as mechanical thermostats have).
CUT_IN_C = 5.0
CUT_OUT_C = 3.0
MID_C = (CUT_IN_C + CUT_OUT_C) / 2.0
MIN_OFF_S = 300  # compressor protection: at least 5 min between runs
# Fridge compartment: warms from 3 to 5 C in about 35 min at 21 C, cools back in ~18 min.
LEAK_TAU_S = 5.0 * SECONDS_PER_HOUR
COOLING_K_PER_S = 0.17 / 60.0
# Freezer: its evaporator sits near -27 C while the compressor runs.
FREEZER_LEAK_TAU_S = 10.0 * SECONDS_PER_HOUR
FREEZER_SINK_PER_S = 10.45 / FREEZER_LEAK_TAU_S
FREEZER_EVAPORATOR_C = -27.0
FREEZER_START_C = -18.0
# Faults at full severity.
DOOR_SEAL_LEAK_GAIN = 0.3  # 30 % more heat leaks in: duty up by ~20-25 %
DUST_COOLING_LOSS = 0.15  # on-times ~30 % longer
DUST_POWER_GAIN = 0.08  # higher condensing pressure: ~8 % more compressor power
DUST_EVAPORATOR_RISE_K = 2.0
# Compressor: 80-95 W once settled, ~15 % more just after starting, a one-second start
# spike of about three times its power, ~1.5 % more power per kelvin of room above 21 C.
COMPRESSOR_W = (80.0, 95.0)
START_SPIKE_SHARE = 3.0
SETTLE_GAIN = 0.15
SETTLE_TAU_S = 300.0
AMBIENT_POWER_GAIN_PER_K = 0.015
AMBIENT_REFERENCE_C = 21.0
COMPRESSOR_BLOCK_S = 60
ELECTRONICS_W = (1.2, 2.5)
LIGHT_W = (12.0, 20.0)
# Defrost: every 8-14 h of compressor time, a 160-240 W heater for 15-30 min, then 5 min
# of dripping before the recovery run. It warms both compartments.
DEFROST_EVERY_RUN_S = (8.0 * SECONDS_PER_HOUR, 14.0 * SECONDS_PER_HOUR)
DEFROST_W = (160.0, 240.0)
DEFROST_S = (900, 1_800)
DRIP_S = 300
DEFROST_FRIDGE_K_PER_S = 0.04 / 60.0
DEFROST_FREEZER_K_PER_S = 0.1 / 60.0
# Kitchen: a daily sine between about 19 and 24 C, warmest mid-afternoon (UTC).
AMBIENT_MEAN_C = 21.5
AMBIENT_SPREAD_K = 1.0  # per household
AMBIENT_AMPLITUDE_K = 2.5
AMBIENT_PEAK_HOUR = 15.0
AMBIENT_BLOCK_S = 300
# Over a year the room is warmest in mid-July (day 196 of 1970, and every year since).
SEASON_PEAK_S = 196 * 24 * SECONDS_PER_HOUR
SECONDS_PER_YEAR = 365.25 * 24 * SECONDS_PER_HOUR
# Door openings per hour of the (UTC) day: meals, almost none at night; ~40 a day.
DOOR_RATES: tuple[float, ...] = (
    0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 1.0, 4.0, 3.0, 1.0, 1.0, 1.5,
    4.0, 3.0, 1.0, 1.0, 1.5, 2.0, 5.0, 5.0, 3.0, 2.0, 1.0, 0.3,
)  # fmt: skip
# How long the door stays open: log-normal around 12 s, 3-90 s.
DOOR_OPEN_MEDIAN_S = 12.0
DOOR_OPEN_SIGMA = 0.6
DOOR_OPEN_S = (3, 90)
# Warm air and warm food: a fixed part per opening plus a part per second open.
DOOR_HEAT_K = 0.15
DOOR_HEAT_K_PER_S = 0.02


class FridgeMode(StrEnum):
    """What the refrigeration system does."""

    OFF = "off"
    COOLING = "cooling"
    DEFROST = "defrost"
    DRIP = "drip"


class Refrigerator(Appliance):
    """A fridge-freezer behind a smart plug."""

    def __init__(
        self, *, t0: int, seed: int, plug: PlugSettings, sink: ReportSink | None = None
    ) -> None:
        """Create a fridge resting somewhere within its thermostat band."""
        super().__init__(ApplianceKind.REFRIGERATOR, t0=t0, seed=seed)
        rng = self._rng
        self._compressor_w = rng.uniform(*COMPRESSOR_W)
        self._electronics_w = rng.uniform(*ELECTRONICS_W)
        self._light_w = rng.uniform(*LIGHT_W)
        self._defrost_w = rng.uniform(*DEFROST_W)
        self._ambient_mean_c = AMBIENT_MEAN_C + rng.uniform(-AMBIENT_SPREAD_K, AMBIENT_SPREAD_K)
        self.season_k = 0.0
        """Half the swing of the room's temperature over a year (0: the same all year; set
        by benchmarks, not saved with the fridge's state)."""
        self.away: tuple[tuple[int, int], ...] = ()
        """Spans (Unix seconds) when nobody is home to open the door (a holiday; set by
        benchmarks, not saved)."""
        self._fridge_c = rng.uniform(CUT_OUT_C, CUT_IN_C)
        self._freezer_c = FREEZER_START_C + rng.uniform(-1.0, 1.0)
        self._run_s = rng.uniform(0.0, DEFROST_EVERY_RUN_S[0])
        self._defrost_after_s = rng.uniform(*DEFROST_EVERY_RUN_S)
        self._temps_at = t0
        self._mode = FridgeMode.OFF
        self._mode_since = t0 - MIN_OFF_S
        self._mode_until = NEVER
        self._door_open = False
        self._door_opened_at = t0
        self._door_t = self._next_door(t0)
        self._ambient_c = self._ambient_at(t0)
        self._ambient_t = t0 + AMBIENT_BLOCK_S
        self._compressor_now_w = 0.0
        self._power_t = NEVER
        self._thermo_t = NEVER
        self._fridge = Relaxation(0.0, 1.0)
        self._freezer = Relaxation(0.0, 1.0)
        self._relax(t0)
        self._init_plug(plug, self._power(), sink)
        self._refresh_next()

    # -- model -------------------------------------------------------------------------

    def _ambient_at(self, t: float) -> float:
        day = daily_sine(t, self._ambient_mean_c, AMBIENT_AMPLITUDE_K, AMBIENT_PEAK_HOUR)
        if not self.season_k:
            return day
        year = (t - SEASON_PEAK_S) / SECONDS_PER_YEAR
        return day + self.season_k * math.cos(2.0 * math.pi * year)

    def _home_again(self, t: float) -> float | None:
        """Return when the household is back, if it is away at `t`."""
        return next((end for start, end in self.away if start <= t < end), None)

    def _next_door(self, t: int) -> int:
        """Return when the door is opened next (nobody opens it while the home is away)."""
        opened = next_poisson(t, DOOR_RATES, self._rng)
        while (back := self._home_again(opened)) is not None:
            opened = next_poisson(int(back), DOOR_RATES, self._rng)
        return opened

    def _settle(self, t: int) -> None:
        elapsed = t - self._temps_at
        if elapsed > 0:
            self._fridge_c = self._fridge.at(self._fridge_c, elapsed)
            self._freezer_c = self._freezer.at(self._freezer_c, elapsed)
            self._temps_at = t

    def _leak_per_s(self, t: int) -> float:
        return (1.0 + DOOR_SEAL_LEAK_GAIN * self.faults.severity(Fault.DOOR_SEAL, t)) / LEAK_TAU_S

    def _cooling_k_per_s(self, t: int) -> float:
        dust = self.faults.severity(Fault.DUSTY_CONDENSER, t)
        return COOLING_K_PER_S * (1.0 - DUST_COOLING_LOSS * dust)

    def _relax(self, t: int) -> None:
        """Recompute both compartments' relaxation and the next thermostat switch."""
        drive = 0.0
        if self._mode is FridgeMode.COOLING:
            drive = -self._cooling_k_per_s(t)
        elif self._mode is FridgeMode.DEFROST:
            drive = DEFROST_FRIDGE_K_PER_S
        self._fridge = linear_relaxation(
            leak_per_s=self._leak_per_s(t), ambient_c=self._ambient_c, drive_k_per_s=drive
        )
        self._freezer = self._freezer_relaxation(
            t, 1.0 if self._mode is FridgeMode.COOLING else 0.0
        )
        self._thermo_t = self._thermostat_time(t)

    def _freezer_relaxation(self, t: int, duty: float) -> Relaxation:
        dust = self.faults.severity(Fault.DUSTY_CONDENSER, t)
        return sink_relaxation(
            leak_per_s=1.0 / FREEZER_LEAK_TAU_S,
            ambient_c=self._ambient_c,
            sink_per_s=FREEZER_SINK_PER_S * duty,
            sink_c=FREEZER_EVAPORATOR_C + DUST_EVAPORATOR_RISE_K * dust,
            drive_k_per_s=DEFROST_FREEZER_K_PER_S if self._mode is FridgeMode.DEFROST else 0.0,
        )

    def _thermostat_time(self, t: int) -> int:
        if self._mode is FridgeMode.COOLING:
            wait = self._fridge.time_to(self._fridge_c, CUT_OUT_C)
            return NEVER if wait is None else t + max(1, math.ceil(wait))
        if self._mode is FridgeMode.OFF:
            earliest = self._mode_since + MIN_OFF_S
            if self._fridge_c >= CUT_IN_C:
                return max(t + 1, earliest)
            wait = self._fridge.time_to(self._fridge_c, CUT_IN_C)
            return NEVER if wait is None else max(t + max(1, math.ceil(wait)), earliest)
        return NEVER

    def _compressor_power(self, t: int, *, settled: bool = False) -> float:
        dust = self.faults.severity(Fault.DUSTY_CONDENSER, t)
        settle = 1.0
        if not settled:
            settle += SETTLE_GAIN * math.exp(-(t - self._mode_since) / SETTLE_TAU_S)
        ambient = 1.0 + AMBIENT_POWER_GAIN_PER_K * (self._ambient_c - AMBIENT_REFERENCE_C)
        return self._compressor_w * (1.0 + DUST_POWER_GAIN * dust) * settle * ambient

    def _power(self) -> float:
        power = self._electronics_w
        if self._mode is FridgeMode.COOLING:
            power += self._compressor_now_w
        elif self._mode is FridgeMode.DEFROST:
            power += self._defrost_w
        if self._door_open:
            power += self._light_w
        return power

    # -- events ------------------------------------------------------------------------

    def _on_event(self, t: int) -> None:
        self._settle(t)
        if self._mode_until <= t:
            if self._mode is FridgeMode.DEFROST:
                self._mode, self._mode_since, self._mode_until = FridgeMode.DRIP, t, t + DRIP_S
            else:
                self._start_compressor(t)
        if self._thermo_t <= t:
            if self._mode is FridgeMode.COOLING:
                self._stop_compressor(t)
            else:
                self._start_compressor(t)
        if self._door_t <= t:
            self._move_door(t)
        if self._ambient_t <= t:
            self._ambient_c = self._ambient_at(t)
            self._ambient_t = t + AMBIENT_BLOCK_S
        if self._power_t <= t:
            self._compressor_now_w = noisy(self._rng, self._compressor_power(t))
            self._power_t = t + COMPRESSOR_BLOCK_S
        self._relax(t)
        power = self._power()
        if power != self.plug.power_w:
            self.plug.set_power(t, power)
        self._refresh_next()

    def _refresh_next(self) -> None:
        self._next_t = min(
            self._mode_until, self._thermo_t, self._door_t, self._ambient_t, self._power_t
        )

    def _start_compressor(self, t: int) -> None:
        self._mode, self._mode_since, self._mode_until = FridgeMode.COOLING, t, NEVER
        self._compressor_now_w = self._compressor_power(t) * START_SPIKE_SHARE
        self._power_t = t + 1

    def _stop_compressor(self, t: int) -> None:
        self._run_s += t - self._mode_since
        self._power_t = NEVER
        if self._run_s >= self._defrost_after_s:
            self._run_s = 0.0
            self._defrost_after_s = self._rng.uniform(*DEFROST_EVERY_RUN_S)
            until = t + self._rng.randint(*DEFROST_S)
            self._mode, self._mode_since, self._mode_until = FridgeMode.DEFROST, t, until
        else:
            self._mode, self._mode_since, self._mode_until = FridgeMode.OFF, t, NEVER

    def _move_door(self, t: int) -> None:
        if self._door_open:
            self._door_open = False
            self._fridge_c += DOOR_HEAT_K + DOOR_HEAT_K_PER_S * (t - self._door_opened_at)
            self._door_t = self._next_door(t)
        else:
            self._door_open = True
            self._door_opened_at = t
            seconds = self._rng.lognormvariate(math.log(DOOR_OPEN_MEDIAN_S), DOOR_OPEN_SIGMA)
            self._door_t = t + min(DOOR_OPEN_S[1], max(DOOR_OPEN_S[0], round(seconds)))

    def _set_schedule(self, when: time | None) -> None:
        """Ignore schedules: a fridge runs around the clock."""

    def _on_settings_changed(self) -> None:
        self._settle(self._t)
        self._relax(self._t)
        self._refresh_next()

    # -- coarse fast-forward -----------------------------------------------------------

    def fast_forward(self, t_end: int) -> None:
        """Integrate hour by hour at the duty cycle the heat balance needs."""
        t = self._t
        self._settle(t)
        energy_ws = 0.0
        duty = 0.0
        mean_open_s = DOOR_OPEN_MEDIAN_S * math.exp(DOOR_OPEN_SIGMA**2 / 2.0)
        heat_per_opening = DOOR_HEAT_K + DOOR_HEAT_K_PER_S * mean_open_s
        while t < t_end:
            span = min(SECONDS_PER_HOUR - t % SECONDS_PER_HOUR, t_end - t)
            self._ambient_c = self._ambient_at(t + span / 2.0)
            rate = 0.0 if self._home_again(t) is not None else DOOR_RATES[hour_of_day(t)]
            load = (
                self._leak_per_s(t) * (self._ambient_c - MID_C)
                + rate * heat_per_opening / SECONDS_PER_HOUR
            )
            duty = min(1.0, max(0.0, load / self._cooling_k_per_s(t)))
            energy_ws += span * self._electronics_w
            energy_ws += span * duty * self._compressor_power(t, settled=True)
            energy_ws += rate * span / SECONDS_PER_HOUR * mean_open_s * self._light_w
            self._run_s += span * duty
            if self._run_s >= self._defrost_after_s:
                self._run_s -= self._defrost_after_s
                self._defrost_after_s = self._rng.uniform(*DEFROST_EVERY_RUN_S)
                energy_ws += self._defrost_w * sum(DEFROST_S) / 2.0
            t += span
        self._t = self._temps_at = t_end
        self._fridge_c = MID_C
        self._freezer_c = self._freezer_relaxation(t_end, duty).equilibrium_c
        self._mode, self._mode_since, self._mode_until = FridgeMode.OFF, t_end - MIN_OFF_S, NEVER
        self._door_open = False
        self._door_t = self._next_door(t_end)
        self._ambient_c = self._ambient_at(t_end)
        self._ambient_t = t_end + AMBIENT_BLOCK_S
        self._power_t = NEVER
        self._relax(t_end)
        self.plug.jump(t_end, energy_ws, self._power())
        self._refresh_next()

    # -- what is shown -----------------------------------------------------------------

    def _temperatures(self) -> tuple[float, float]:
        elapsed = self._t - self._temps_at
        return self._fridge.at(self._fridge_c, elapsed), self._freezer.at(self._freezer_c, elapsed)

    @property
    def mode(self) -> FridgeMode:
        """Return what the refrigeration system does now."""
        return self._mode

    def _visible_details(self) -> tuple[object, ...]:
        fridge, freezer = self._temperatures()
        return (
            self._door_open,
            self._mode is FridgeMode.COOLING,
            round(fridge, TEMPERATURE_DECIMALS),
            round(freezer, TEMPERATURE_DECIMALS),
            round(self._ambient_c, TEMPERATURE_DECIMALS),
        )

    def snapshot(self) -> ApplianceSnapshot:
        """Return the fridge's sensors."""
        fridge, freezer = self._temperatures()
        return self._snapshot(
            door_open=self._door_open,
            interior_c=fridge,
            freezer_c=freezer,
            ambient_c=self._ambient_c,
            running=self._mode is FridgeMode.COOLING,
        )

    # -- saving ------------------------------------------------------------------------

    def _details_state(self) -> dict[str, Any]:
        fridge, freezer = self._temperatures()
        return {
            "fridge_c": fridge,
            "freezer_c": freezer,
            "mode": str(self._mode),
            "mode_since": self._mode_since,
            "mode_until": self._mode_until,
            "run_s": self._run_s,
            "defrost_after_s": self._defrost_after_s,
        }

    def _restore_details(self, state: Mapping[str, Any]) -> None:
        clock = self._t
        fridge = read_float(state, "fridge_c", -40.0, 60.0)
        freezer = read_float(state, "freezer_c", -60.0, 60.0)
        mode = read_choice(state, "mode", {str(m): m for m in FridgeMode})
        since = read_int(state, "mode_since", 0, clock)
        until = NEVER
        if mode in {FridgeMode.DEFROST, FridgeMode.DRIP}:
            until = read_int(state, "mode_until", clock + 1, clock + DEFROST_S[1] + DRIP_S)
        run_s = read_float(state, "run_s", 0.0, DEFROST_EVERY_RUN_S[1])
        after = read_float(state, "defrost_after_s", *DEFROST_EVERY_RUN_S)
        self._fridge_c, self._freezer_c, self._temps_at = fridge, freezer, clock
        self._mode, self._mode_since, self._mode_until = mode, since, until
        self._run_s, self._defrost_after_s = run_s, after
        self._power_t = clock + 1 if mode is FridgeMode.COOLING else NEVER
        self._relax(clock)
        self._refresh_next()
