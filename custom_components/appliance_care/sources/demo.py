"""The demo home as a source: seven simulated appliances on one simulated clock.

One demo subentry brings the whole simulated home; each appliance in it is a source like
any other, reading its simulated plug, door, temperatures and filter. Its readings are in
simulated time, so hold times mean simulated minutes at any speed; the clock that maps
them back to the wall stays here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.device_registry import DeviceInfo

from ..const import DOMAIN
from ..engine import ApplianceType
from ..engine.care import CareSubject, default_care_settings
from ..engine.signals import Reading, SignalKind
from ..engine_options import defaults_for
from ..simulator import ApplianceKind, ApplianceSnapshot, SimulationError
from .base import CARE_TICK, ENGINE_TICK, ApplianceProfile, ApplianceSource, Emit, SourceClock
from .demo_home import DemoHome

# Shown as the maker of each simulated appliance's device.
DEMO_MANUFACTURER = "Appliance Care"
# Home Assistant's timers do not run usefully faster than this.
MIN_DEMO_TICK = timedelta(seconds=1)
# Demo sensors are shown to one decimal; the care rules read what is shown.
SHOWN_DECIMALS = 1

# Demo appliances whose simulated plugs feed the cycle or compressor engine.
DEMO_ENGINES: dict[ApplianceKind, ApplianceType] = {
    ApplianceKind.WASHER: ApplianceType.WASHER,
    ApplianceKind.DRYER: ApplianceType.DRYER,
    ApplianceKind.DISHWASHER: ApplianceType.DISHWASHER,
    ApplianceKind.REFRIGERATOR: ApplianceType.REFRIGERATOR,
}


def demo_appliance_key(key: str, kind: ApplianceKind) -> str:
    """Return the key of one simulated appliance of a demo home (unique ids, storage)."""
    return f"{key}_{kind}"


def demo_device_info(
    key: str, kind: ApplianceKind, snapshot: ApplianceSnapshot, model: str | None
) -> DeviceInfo:
    """Return the device of one simulated appliance (`model`: translated, if known)."""
    return DeviceInfo(
        identifiers={(DOMAIN, demo_appliance_key(key, kind))},
        manufacturer=DEMO_MANUFACTURER,
        model=model,
        model_id=f"sim-{kind}",
        translation_key=str(kind),
        sw_version=snapshot.firmware_version,
    )


def demo_clock(demo_home: DemoHome) -> SourceClock:
    """Return the clock of a demo home's appliances: simulated time, mapped to the wall."""
    return SourceClock(
        to_engine=demo_home.simulated_timestamp,
        to_wall=demo_home.wall_timestamp,
        # The engine's timers should see simulated time pass in steps of about 30 s.
        tick=max(MIN_DEMO_TICK, ENGINE_TICK / demo_home.speed),
        # ... and the care rules about every simulated minute (a fridge's duty cycle
        # counts only runs seen at least every quarter of an hour).
        care_tick=max(MIN_DEMO_TICK, CARE_TICK / demo_home.speed),
        # The demo home keeps its simulated time through wall-clock jumps itself.
        follows_wall=False,
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, SHOWN_DECIMALS)


def snapshot_values(snapshot: ApplianceSnapshot) -> dict[SignalKind, float | bool | None]:
    """Return what the simulated appliance's own sensors tell the engine."""
    values: dict[SignalKind, float | bool | None] = {SignalKind.POWER: snapshot.power_w}
    if snapshot.door_open is not None:
        values[SignalKind.DOOR] = snapshot.door_open
    if snapshot.freezer_temperature_c is not None:
        values[SignalKind.COMPARTMENT_TEMPERATURE] = _rounded(snapshot.interior_temperature_c)
    if snapshot.ambient_temperature_c is not None:
        values[SignalKind.AMBIENT_TEMPERATURE] = _rounded(snapshot.ambient_temperature_c)
    if snapshot.filter_used_pct is not None:
        values[SignalKind.FILTER_USED] = _rounded(snapshot.filter_used_pct)
    return values


class DemoAppliance(ApplianceSource):
    """One simulated appliance of the demo home."""

    def __init__(
        self, demo_home: DemoHome, key: str, kind: ApplianceKind, model: str | None = None
    ) -> None:
        """Describe one appliance of a running demo home (`model`: its translated model)."""
        snapshot = demo_home.snapshot(kind)
        subject = CareSubject(str(kind))
        appliance_type = DEMO_ENGINES.get(kind)
        super().__init__(
            ApplianceProfile(
                key=demo_appliance_key(key, kind),
                name=str(kind).replace("_", " ").capitalize(),
                subject=subject,
                appliance_type=appliance_type,
                device_info=demo_device_info(key, kind, snapshot, model),
                signals=frozenset(snapshot_values(snapshot)),
                settings=defaults_for(appliance_type) if appliance_type else None,
                care_settings=default_care_settings(subject),
            )
        )
        self.demo_home = demo_home
        self.kind = kind
        self.clock = demo_clock(demo_home)
        self._emit: Emit | None = None
        self._emitted: dict[SignalKind, float | bool | str | None] = {}
        self._unsubscribe: Any = None

    @property
    def available(self) -> bool:
        """Return True: a simulated appliance is always there."""
        return True

    @property
    def demo(self) -> DemoAppliance:
        """Return itself: the demo's own entities control it."""
        return self

    @property
    def snapshot(self) -> ApplianceSnapshot:
        """Return the appliance's latest state."""
        return self.demo_home.snapshot(self.kind)

    @callback
    def async_select_program(self, program: str) -> None:
        """Select a program; a translated error if the appliance refuses it."""
        try:
            self.demo_home.async_select_program(self.kind, program)
        except SimulationError as err:
            raise _refused(err, program) from err

    @callback
    def async_start_program(self) -> None:
        """Start the selected program after the set delay; a translated error if refused."""
        try:
            self.demo_home.async_start_program(self.kind)
        except SimulationError as err:
            raise _refused(err, self.snapshot.program or "") from err

    @property
    def start_delay_minutes(self) -> float:
        """Return the delay the next start waits, in minutes."""
        return self.demo_home.start_delay_minutes(self.kind)

    @callback
    def async_set_start_delay(self, minutes: float) -> None:
        """Set the delay the next start waits."""
        self.demo_home.async_set_start_delay(self.kind, minutes)

    @callback
    def async_start(self, emit: Emit) -> None:
        """Take the current state, then every change the simulation publishes."""
        self._emit = emit
        self._emitted = {}
        self._unsubscribe = self.demo_home.async_set_listener(self.kind, self._changed)
        self._changed(self.snapshot)

    @callback
    def async_stop(self) -> None:
        """Stop taking the simulation's changes."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._emit = None

    @callback
    def _changed(self, snapshot: ApplianceSnapshot) -> None:
        if self._emit is None:
            return
        at = self.demo_home.home.now.timestamp()
        readings = [
            Reading(kind, at, value)
            for kind, value in snapshot_values(snapshot).items()
            if kind not in self._emitted or self._emitted[kind] != value
        ]
        self._emitted.update((reading.kind, reading.value) for reading in readings)
        self._emit(readings, refresh=True)


def _refused(err: SimulationError, program: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=err.key,
        translation_placeholders={"program": program},
    )


def demo_appliances(
    demo_home: DemoHome, key: str, models: Mapping[str, str] | None = None
) -> list[DemoAppliance]:
    """Return a source for every appliance of a started demo home (`models` by kind)."""
    models = models or {}
    return [
        DemoAppliance(demo_home, key, kind, models.get(str(kind))) for kind in demo_home.home.kinds
    ]


def demo_home_of(hass: HomeAssistant, subentry: ConfigSubentry) -> DemoHome:
    """Return the (not yet started) simulation of a demo subentry."""
    options: Mapping[str, Any] = subentry.data
    return DemoHome(hass, subentry.subentry_id, options, subentry.title)
