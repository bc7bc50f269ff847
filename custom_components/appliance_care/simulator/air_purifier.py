"""An air purifier in auto mode, and the fine dust (PM2.5) of the room it cleans.

The room follows dC/dt = (a C_out + S/V) - (a + k + CADR/V) C: outdoor air leaks in and
out at the exchange rate a, particles settle at k, cooking and people add S, the purifier
removes what its clean-air delivery rate passes through the room's volume V. Its
coefficients change only at events (an hour's sources, a fan level, the day's operation),
so between them the concentration relaxes exponentially like the cooling appliances'
compartments (thermal.Relaxation) and is evaluated lazily. Auto mode reads it every 10-40
minutes and runs the fan at the level the air calls for.
"""

from collections.abc import Iterator, Mapping
from datetime import time
from enum import IntEnum
from itertools import pairwise
from typing import Any

from .appliance import FILTER_DECIMALS, Appliance, OperatingWindow
from .clock import NEVER, SECONDS_PER_HOUR, hour_of_day
from .model import ApplianceKind, ApplianceSnapshot, PlugSettings
from .phases import noisy
from .plug import ReportSink
from .state import read_float, section
from .thermal import Relaxation


class FanLevel(IntEnum):
    """Fan speeds of the air purifier."""

    SLEEP = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3


# Power per level (5-45 W) and filter wear per hour relative to medium speed.
FAN_W: tuple[float, ...] = (5.0, 12.0, 24.0, 45.0)
FAN_WEAR: tuple[float, ...] = (0.4, 0.7, 1.0, 1.6)
# Clean-air delivery rate per level. High is the rated smoke CADR of a 45 W purifier
# (Levoit Core 300: 141 cfm, 240 m3/h); makers rate only the top speed, so the lower
# speeds are estimates.
CADR_M3_PER_H: tuple[float, ...] = (50.0, 110.0, 170.0, 240.0)
# Auto mode re-reads the air every 10-40 min and picks the level of its band: low while
# "good", medium while "moderate", high above (the US EPA's PM2.5 AQI bands before 2024:
# to 12.0 and 35.4 ug/m3); sleep in the last two hours of the day's operation.
LEVEL_HOLD_S = (600, 2_400)
SLEEP_BEFORE_END_S = 2 * SECONDS_PER_HOUR
LOW_BELOW_UGM3 = 12.0
HIGH_ABOVE_UGM3 = 35.4
AIR_STANDBY_W = 0.8
FAN_BLOCK_S = 300
AIR_OPERATION_H = (13.0, 16.0)
# Filter rated for 4,000 h at medium speed; a home's filter is already part-used.
AIR_FILTER_LIFE_H = 4_000.0
AIR_FILTER_INITIAL_H = (200.0, 2_400.0)

# -- the room's air ------------------------------------------------------------------------

# 20 m2 at 2.5 m: the room AHAM's sizing rule (floor area in ft2 up to 1.5 x the smoke
# CADR in cfm) gives this purifier.
ROOM_M3 = 50.0
# Outdoors 8-15 ug/m3 per household, the range of urban annual means in Europe and the US.
OUTDOOR_UGM3 = (8.0, 15.0)
# A home exchanges about half its air an hour (median of US homes, Murray and Burmaster
# 1995), and PM2.5 settles at about 0.2 per hour: without indoor sources the room holds
# 70 % of the outdoor level, within measured indoor/outdoor ratios (Chen and Zhao 2011).
AIR_EXCHANGE_PER_H = 0.5
DEPOSITION_PER_H = 0.2
# Cooking is a home's largest indoor source (Abdullahi et al. 2013, a review). What reaches
# this room, averaged over a cooking hour (UTC, like the other appliances' days), is drawn
# per hour: 2-10 mg, so that without a purifier a meal lifts the room to 100-200 ug/m3.
COOKING_HOURS = frozenset({11, 12, 17, 18, 19})
COOKING_MG_PER_H = (2.0, 10.0)
# People moving about stir up a little dust while the household is up (the operating day).
OCCUPANCY_MG_PER_H = 0.15
UG_PER_MG = 1_000.0
# Saved concentrations beyond any home's air are not believed.
MAX_PM25_UGM3 = 2_000.0


def level_for(pm25_ugm3: float) -> FanLevel:
    """Return the level auto mode picks for the air it reads (outside sleep hours)."""
    if pm25_ugm3 < LOW_BELOW_UGM3:
        return FanLevel.LOW
    return FanLevel.MEDIUM if pm25_ugm3 <= HIGH_ABOVE_UGM3 else FanLevel.HIGH


def room_air(*, source_ug_per_h: float, outdoor_ugm3: float, cadr_m3_per_h: float) -> Relaxation:
    """Return how the room's PM2.5 relaxes under constant sources and cleaning."""
    loss_per_h = AIR_EXCHANGE_PER_H + DEPOSITION_PER_H + cadr_m3_per_h / ROOM_M3
    gain_per_h = AIR_EXCHANGE_PER_H * outdoor_ugm3 + source_ug_per_h / ROOM_M3
    return Relaxation(equilibrium_c=gain_per_h / loss_per_h, tau_s=SECONDS_PER_HOUR / loss_per_h)


class AirPurifier(Appliance):
    """An air purifier in auto mode, running from its daily start for most of the day."""

    def __init__(
        self, *, t0: int, seed: int, plug: PlugSettings, sink: ReportSink | None = None
    ) -> None:
        """Create an air purifier that is off until its schedule starts it."""
        super().__init__(ApplianceKind.AIR_PURIFIER, t0=t0, seed=seed)
        self._window = OperatingWindow(AIR_OPERATION_H)
        self._wear_s = self._rng.uniform(*AIR_FILTER_INITIAL_H) * SECONDS_PER_HOUR
        self._outdoor_ugm3 = self._rng.uniform(*OUTDOOR_UGM3)
        self._level = FanLevel.LOW
        self._level_since = t0
        self._level_t = NEVER
        self._fan_w = 0.0
        self._fan_t = NEVER
        self._cooking_ug_per_h = self._cooking_at(t0)
        self._hour_t = t0 - t0 % SECONDS_PER_HOUR + SECONDS_PER_HOUR
        # The room starts at its level without indoor sources.
        clean = room_air(source_ug_per_h=0.0, outdoor_ugm3=self._outdoor_ugm3, cadr_m3_per_h=0.0)
        self._pm25 = clean.equilibrium_c
        self._pm25_at = t0
        self._air = clean
        self._relax()
        self._init_plug(plug, self._power(), sink)
        self._refresh_next()

    # -- the room's air ----------------------------------------------------------------

    def _cooking_at(self, t: int) -> float:
        if hour_of_day(t) not in COOKING_HOURS:
            return 0.0
        return self._rng.uniform(*COOKING_MG_PER_H) * UG_PER_MG

    def _settle(self, t: int) -> None:
        if t > self._pm25_at:
            self._pm25 = self._air.at(self._pm25, t - self._pm25_at)
            self._pm25_at = t

    def _relax(self) -> None:
        on = self._window.on
        occupancy = OCCUPANCY_MG_PER_H * UG_PER_MG if on else 0.0
        self._air = room_air(
            source_ug_per_h=self._cooking_ug_per_h + occupancy,
            outdoor_ugm3=self._outdoor_ugm3,
            cadr_m3_per_h=CADR_M3_PER_H[self._level] if on else 0.0,
        )

    def _pm25_now(self) -> float:
        return self._air.at(self._pm25, self._t - self._pm25_at)

    # -- events ------------------------------------------------------------------------

    def _power(self) -> float:
        return self._fan_w if self._window.on else AIR_STANDBY_W

    def _wear_until(self, t: int) -> float:
        if not self._window.on:
            return self._wear_s
        return self._wear_s + (t - self._level_since) * FAN_WEAR[self._level]

    def _choose_level(self, t: int) -> FanLevel:
        if self._window.toggle_t - t <= SLEEP_BEFORE_END_S:
            return FanLevel.SLEEP
        return level_for(self._pm25)

    def _on_event(self, t: int) -> None:
        self._settle(t)
        if self._hour_t <= t:
            self._cooking_ug_per_h = self._cooking_at(t)
            self._hour_t = t - t % SECONDS_PER_HOUR + SECONDS_PER_HOUR
        if self._window.toggle_t <= t:
            self._wear_s = self._wear_until(t)
            self._window.toggle(t, self._rng)
            self._level_since = t
            self._level_t = t if self._window.on else NEVER
            self._fan_t = NEVER
        if self._level_t <= t:
            self._wear_s = self._wear_until(t)
            self._level = self._choose_level(t)
            self._level_since = t
            self._level_t = min(t + self._rng.randint(*LEVEL_HOLD_S), self._window.toggle_t)
            self._fan_t = t
        if self._fan_t <= t:
            self._fan_w = noisy(self._rng, FAN_W[self._level])
            self._fan_t = t + FAN_BLOCK_S
        self._relax()
        power = self._power()
        if power != self.plug.power_w:
            self.plug.set_power(t, power)
        self._refresh_next()

    def _refresh_next(self) -> None:
        self._next_t = min(self._window.toggle_t, self._level_t, self._fan_t, self._hour_t)

    def _set_schedule(self, when: time | None) -> None:
        self._window.set_schedule(when, self._t)
        self._refresh_next()

    def _on_settings_changed(self) -> None:
        self._refresh_next()

    # -- coarse fast-forward -----------------------------------------------------------

    def _pieces(
        self, t0: int, t_end: int, spans: list[tuple[int, int]]
    ) -> Iterator[tuple[int, int, bool, bool]]:
        """Yield (start, end, operating, sleeping) for stretches within single hours."""
        edges = {t0, t_end}
        sleeps: list[int] = []
        for start, end in spans:
            # An operation still on at t_end sleeps before its planned end, not before t_end.
            stop = self._window.toggle_t if end == t_end and self._window.on else end
            sleeps.append(stop - SLEEP_BEFORE_END_S)
            edges.update((start, end, min(max(sleeps[-1], t0), t_end)))
        index = 0
        for a, b in pairwise(sorted(edges)):
            while index < len(spans) and spans[index][1] <= a:
                index += 1
            operating = index < len(spans) and spans[index][0] <= a
            sleeping = operating and a >= sleeps[index]
            t = a
            while t < b:
                hour_end = min(b, t - t % SECONDS_PER_HOUR + SECONDS_PER_HOUR)
                yield t, hour_end, operating, sleeping
                t = hour_end

    def fast_forward(self, t_end: int) -> None:
        """Integrate auto mode coarsely: a level read from the air at every mean hold."""
        t0 = self._t
        self._settle(t0)
        self._wear_s = self._wear_until(t0)
        spans = self._window.intervals(t0, t_end, self._rng)
        mean_cooking = sum(COOKING_MG_PER_H) / 2.0 * UG_PER_MG
        mean_hold = sum(LEVEL_HOLD_S) // 2
        energy_ws = AIR_STANDBY_W * (t_end - t0)
        pm25 = self._pm25
        level, read_at = self._level, t0
        for start, end, operating, sleeping in self._pieces(t0, t_end, spans):
            source = mean_cooking if hour_of_day(start) in COOKING_HOURS else 0.0
            if not operating:
                air = room_air(
                    source_ug_per_h=source, outdoor_ugm3=self._outdoor_ugm3, cadr_m3_per_h=0.0
                )
                pm25, read_at = air.at(pm25, end - start), end
                continue
            source += OCCUPANCY_MG_PER_H * UG_PER_MG
            t = start
            while t < end:
                if read_at <= t:
                    level = FanLevel.SLEEP if sleeping else level_for(pm25)
                    read_at = t + mean_hold
                step = min(end, read_at) - t
                air = room_air(
                    source_ug_per_h=source,
                    outdoor_ugm3=self._outdoor_ugm3,
                    cadr_m3_per_h=CADR_M3_PER_H[level],
                )
                pm25 = air.at(pm25, step)
                energy_ws += step * (FAN_W[level] - AIR_STANDBY_W)
                self._wear_s += step * FAN_WEAR[level]
                t += step
        self._t = self._pm25_at = t_end
        self._pm25, self._level = pm25, level
        self._cooking_ug_per_h = self._cooking_at(t_end)
        self._hour_t = t_end - t_end % SECONDS_PER_HOUR + SECONDS_PER_HOUR
        self._level_since = t_end
        self._level_t = t_end + 1 if self._window.on else NEVER
        self._fan_t = NEVER
        self._relax()
        self.plug.jump(t_end, energy_ws, self._power())
        self._refresh_next()

    # -- what is shown -----------------------------------------------------------------

    def _filter_pct(self) -> float:
        return self._wear_until(self._t) / SECONDS_PER_HOUR / AIR_FILTER_LIFE_H * 100.0

    @property
    def level(self) -> FanLevel | None:
        """Return the fan level while operating."""
        return self._level if self._window.on else None

    def _visible_details(self) -> tuple[object, ...]:
        return (
            self._window.on,
            round(self._filter_pct(), FILTER_DECIMALS),
            round(self._pm25_now()),
        )

    def snapshot(self) -> ApplianceSnapshot:
        """Return the purifier's sensors."""
        return self._snapshot(
            filter_pct=self._filter_pct(), pm25_ugm3=self._pm25_now(), running=self._window.on
        )

    # -- saving ------------------------------------------------------------------------

    def _details_state(self) -> dict[str, Any]:
        return {
            "wear_s": self._wear_until(self._t),
            "pm25_ugm3": self._pm25_now(),
            "window": self._window.to_state(),
        }

    def _restore_details(self, state: Mapping[str, Any]) -> None:
        wear = read_float(state, "wear_s", 0.0)
        # A state saved before the room's air was modelled keeps its filter; its air starts
        # as a new purifier's does.
        pm25 = (
            read_float(state, "pm25_ugm3", 0.0, MAX_PM25_UGM3)
            if "pm25_ugm3" in state
            else self._pm25_now()
        )
        self._window.restore(section(state, "window"), self._t)
        self._wear_s, self._level_since = wear, self._t
        self._level_t = self._t + 1 if self._window.on else NEVER
        self._pm25, self._pm25_at = pm25, self._t
        self._relax()
        self._refresh_next()
