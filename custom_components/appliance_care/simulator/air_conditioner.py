"""A fixed-speed split air conditioner cooling one room for some hours a day.

From its daily start it runs its fan and switches its compressor on the room thermostat;
the room leaks heat from outdoors, which follows a summer day. Hotter afternoons mean
longer runs and more compressor power. Condenser dust ramps in over a week: less cooling
(longer runs) and more power. The filter wears with operating hours.
"""

from collections.abc import Mapping
from datetime import time
import math
from typing import Any

from .appliance import FILTER_DECIMALS, TEMPERATURE_DECIMALS, Appliance, OperatingWindow
from .clock import NEVER, SECONDS_PER_HOUR, daily_sine
from .model import ApplianceKind, ApplianceSnapshot, Fault, PlugSettings
from .phases import noisy
from .plug import ReportSink
from .state import read_float, section
from .thermal import Relaxation, linear_relaxation

# Outdoors: a summer day between about 24 and 34 C, warmest mid-afternoon (UTC).
OUTDOOR_MEAN_C = 29.0
OUTDOOR_SPREAD_K = 1.5  # per household
OUTDOOR_AMPLITUDE_K = 5.0
OUTDOOR_PEAK_HOUR = 15.0
OUTDOOR_BLOCK_S = 300
# The room: without cooling it settles 2 K below outdoors (shade, thermal mass) with a
# time constant of 2 h.
ROOM_SHADE_K = 2.0
ROOM_TAU_S = 2.0 * SECONDS_PER_HOUR
# Thermostat: 24 C with a 1 K band; at least 3 min between compressor runs.
SETPOINT_C = 24.0
HALF_BAND_K = 0.5
MIN_OFF_S = 180
# Cooling: 0.12 K/min at 30 C outdoors, 1 % less per kelvin hotter.
COOLING_K_PER_S = 0.12 / 60.0
CAPACITY_REFERENCE_C = 30.0
CAPACITY_LOSS_PER_K = 0.01
# Compressor power: ~650 W at 24 C outdoors, 40 W more per kelvin (600-1500 W over the
# range and across units), a one-second start surge.
COMPRESSOR_BASE_W = 650.0
COMPRESSOR_REFERENCE_C = 24.0
COMPRESSOR_W_PER_K = 40.0
COMPRESSOR_UNIT_SHARE = (0.95, 1.1)
START_SPIKE_SHARE = 1.6
COMPRESSOR_BLOCK_S = 30
FAN_W = (35.0, 45.0)
STANDBY_W = 1.5
# Condenser dust at full severity.
DUST_COOLING_LOSS = 0.2
DUST_POWER_GAIN = 0.08
# Operation lasts 5-8 h from its daily start.
OPERATION_H = (5.0, 8.0)
# Filter rated for 500 operating hours; a home's filter is already part-used.
FILTER_LIFE_H = 500.0
FILTER_INITIAL_H = (25.0, 300.0)


class AirConditioner(Appliance):
    """A split air conditioner behind a smart plug."""

    def __init__(
        self, *, t0: int, seed: int, plug: PlugSettings, sink: ReportSink | None = None
    ) -> None:
        """Create an air conditioner that is off, in a room at outdoor temperature."""
        super().__init__(ApplianceKind.AIR_CONDITIONER, t0=t0, seed=seed)
        rng = self._rng
        self._unit_share = rng.uniform(*COMPRESSOR_UNIT_SHARE)
        self._fan_w = rng.uniform(*FAN_W)
        self._outdoor_mean_c = OUTDOOR_MEAN_C + rng.uniform(-OUTDOOR_SPREAD_K, OUTDOOR_SPREAD_K)
        self._filter_s = rng.uniform(*FILTER_INITIAL_H) * SECONDS_PER_HOUR
        self._window = OperatingWindow(OPERATION_H)
        self._outdoor_c = self._outdoor_at(t0)
        self._outdoor_t = t0 + OUTDOOR_BLOCK_S
        self._room_c = self._outdoor_c - ROOM_SHADE_K
        self._room_at = t0
        self._compressor = False
        self._compressor_since = t0 - MIN_OFF_S
        self._compressor_now_w = 0.0
        self._power_t = NEVER
        self._thermo_t = NEVER
        self._room = Relaxation(self._room_c, ROOM_TAU_S)
        self._relax(t0)
        self._init_plug(plug, self._power(), sink)
        self._refresh_next()

    # -- model -------------------------------------------------------------------------

    def _outdoor_at(self, t: float) -> float:
        return daily_sine(t, self._outdoor_mean_c, OUTDOOR_AMPLITUDE_K, OUTDOOR_PEAK_HOUR)

    def _settle(self, t: int) -> None:
        if t > self._room_at:
            self._room_c = self._room.at(self._room_c, t - self._room_at)
            self._room_at = t

    def _cooling_k_per_s(self, t: int) -> float:
        dust = self.faults.severity(Fault.DUSTY_CONDENSER, t)
        heat = 1.0 - CAPACITY_LOSS_PER_K * (self._outdoor_c - CAPACITY_REFERENCE_C)
        return COOLING_K_PER_S * heat * (1.0 - DUST_COOLING_LOSS * dust)

    def _compressor_power(self, t: int) -> float:
        dust = self.faults.severity(Fault.DUSTY_CONDENSER, t)
        watts = COMPRESSOR_BASE_W + COMPRESSOR_W_PER_K * (self._outdoor_c - COMPRESSOR_REFERENCE_C)
        return watts * self._unit_share * (1.0 + DUST_POWER_GAIN * dust)

    def _relax(self, t: int) -> None:
        drive = -self._cooling_k_per_s(t) if self._compressor else 0.0
        self._room = linear_relaxation(
            leak_per_s=1.0 / ROOM_TAU_S,
            ambient_c=self._outdoor_c - ROOM_SHADE_K,
            drive_k_per_s=drive,
        )
        self._thermo_t = self._thermostat_time(t)

    def _thermostat_time(self, t: int) -> int:
        if not self._window.on:
            return NEVER
        if self._compressor:
            wait = self._room.time_to(self._room_c, SETPOINT_C - HALF_BAND_K)
            return NEVER if wait is None else t + max(1, math.ceil(wait))
        earliest = self._compressor_since + MIN_OFF_S
        if self._room_c >= SETPOINT_C + HALF_BAND_K:
            return max(t + 1, earliest)
        wait = self._room.time_to(self._room_c, SETPOINT_C + HALF_BAND_K)
        return NEVER if wait is None else max(t + max(1, math.ceil(wait)), earliest)

    def _power(self) -> float:
        if not self._window.on:
            return STANDBY_W
        return self._fan_w + (self._compressor_now_w if self._compressor else 0.0)

    # -- events ------------------------------------------------------------------------

    def _on_event(self, t: int) -> None:
        self._settle(t)
        if self._window.toggle_t <= t:
            if self._window.on:
                self._filter_s += t - self._window.since
                self._compressor = False
                self._power_t = NEVER
            self._window.toggle(t, self._rng)
        if self._outdoor_t <= t:
            self._outdoor_c = self._outdoor_at(t)
            self._outdoor_t = t + OUTDOOR_BLOCK_S
        if self._thermo_t <= t and self._window.on:
            self._compressor = not self._compressor
            self._compressor_since = t
            if self._compressor:
                self._compressor_now_w = self._compressor_power(t) * START_SPIKE_SHARE
                self._power_t = t + 1
            else:
                self._power_t = NEVER
        if self._power_t <= t:
            self._compressor_now_w = noisy(self._rng, self._compressor_power(t))
            self._power_t = t + COMPRESSOR_BLOCK_S
        self._relax(t)
        power = self._power()
        if power != self.plug.power_w:
            self.plug.set_power(t, power)
        self._refresh_next()

    def _refresh_next(self) -> None:
        self._next_t = min(self._window.toggle_t, self._outdoor_t, self._thermo_t, self._power_t)

    def _set_schedule(self, when: time | None) -> None:
        self._window.set_schedule(when, self._t)
        self._refresh_next()

    def _on_settings_changed(self) -> None:
        self._settle(self._t)
        self._relax(self._t)
        self._refresh_next()

    # -- coarse fast-forward -----------------------------------------------------------

    def fast_forward(self, t_end: int) -> None:
        """Integrate operation hour by hour at the duty cycle the heat balance needs."""
        t0 = self._t
        if self._window.on:
            self._filter_s += t0 - self._window.since
        spans = self._window.intervals(t0, t_end, self._rng)
        energy_ws = STANDBY_W * (t_end - t0)
        for start, end in spans:
            t = start
            while t < end:
                span = min(SECONDS_PER_HOUR - t % SECONDS_PER_HOUR, end - t)
                self._outdoor_c = self._outdoor_at(t + span / 2.0)
                leak = (self._outdoor_c - ROOM_SHADE_K - SETPOINT_C) / ROOM_TAU_S
                duty = min(1.0, max(0.0, leak / self._cooling_k_per_s(t)))
                watts = self._fan_w + duty * self._compressor_power(t) - STANDBY_W
                energy_ws += span * watts
                t += span
            self._filter_s += end - start
        if self._window.on:
            # The running operation's hours up to t_end are counted; it continues from here.
            self._filter_s -= t_end - self._window.since
        self._t = self._room_at = t_end
        self._outdoor_c = self._outdoor_at(t_end)
        self._outdoor_t = t_end + OUTDOOR_BLOCK_S
        self._room_c = SETPOINT_C if self._window.on else self._outdoor_c - ROOM_SHADE_K
        self._compressor = False
        self._compressor_since = t_end - MIN_OFF_S
        self._power_t = NEVER
        self._relax(t_end)
        self.plug.jump(t_end, energy_ws, self._power())
        self._refresh_next()

    # -- what is shown -----------------------------------------------------------------

    def _room_now(self) -> float:
        return self._room.at(self._room_c, self._t - self._room_at)

    def _filter_pct(self) -> float:
        used = self._filter_s + (self._t - self._window.since if self._window.on else 0)
        return used / SECONDS_PER_HOUR / FILTER_LIFE_H * 100.0

    @property
    def compressor_on(self) -> bool:
        """Return whether the compressor runs now."""
        return self._compressor

    def _visible_details(self) -> tuple[object, ...]:
        return (
            self._window.on,
            round(self._room_now(), TEMPERATURE_DECIMALS),
            round(self._filter_pct(), FILTER_DECIMALS),
        )

    def snapshot(self) -> ApplianceSnapshot:
        """Return the air conditioner's sensors."""
        return self._snapshot(
            interior_c=self._room_now(),
            filter_pct=self._filter_pct(),
            running=self._window.on,
        )

    # -- saving ------------------------------------------------------------------------

    def _details_state(self) -> dict[str, Any]:
        return {
            "room_c": self._room_now(),
            "filter_s": self._filter_s,
            "window": self._window.to_state(),
        }

    def _restore_details(self, state: Mapping[str, Any]) -> None:
        clock = self._t
        room = read_float(state, "room_c", -30.0, 70.0)
        filter_s = read_float(state, "filter_s", 0.0)
        self._window.restore(section(state, "window"), clock)
        self._room_c, self._room_at, self._filter_s = room, clock, filter_s
        self._relax(clock)
        self.plug.power_w = self._power()
        self._refresh_next()
