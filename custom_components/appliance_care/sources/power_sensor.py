"""An appliance behind a power sensor (a smart plug or a meter), with optional sensors.

Reads the power, energy, door and vibration sensors chosen for the appliance and the
temperature sensors of where it stands, converts them to the engine's units at this
boundary (W, Wh, °C whatever the sensor reports), and is available while the power
sensor gives readings.
"""

from __future__ import annotations

from collections.abc import Mapping
import math
from typing import Any

from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import STATE_ON, UnitOfEnergy, UnitOfPower, UnitOfTemperature
from homeassistant.core import HomeAssistant, State, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er, issue_registry as ir
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import TemperatureConverter

from ..care_options import care_settings_from_options
from ..const import (
    CONF_AMBIENT_SENSOR,
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_PLACE,
    CONF_POWER_SENSOR,
    CONF_PURCHASE_DATE,
    CONF_TEMPERATURE_SENSOR,
    CONF_THRESHOLDS,
    CONF_UNHEATED,
    CONF_VIBRATION_SENSOR,
    DOMAIN,
    LOGGER,
)
from ..engine import ApplianceType, CompressorSettings, CycleSettings
from ..engine.care import CareSettings, CareSubject, default_care_settings
from ..engine.signals import Reading, SignalKind
from ..engine_options import defaults_for, settings_from_options
from .base import ApplianceProfile, ApplianceSource, Emit, purchase_date
from .tracked import TrackedEntities

_POWER_FACTORS: dict[str | None, float] = {
    UnitOfPower.WATT: 1.0,
    UnitOfPower.KILO_WATT: 1000.0,
    UnitOfPower.MILLIWATT: 0.001,
    None: 1.0,
}
POWER_UNITS = frozenset(unit for unit in _POWER_FACTORS if unit is not None)
"""Units a power sensor may report in (a sensor without a unit is taken as watts)."""
_ENERGY_FACTORS: dict[str | None, float] = {
    UnitOfEnergy.WATT_HOUR: 1.0,
    UnitOfEnergy.KILO_WATT_HOUR: 1000.0,
    UnitOfEnergy.MEGA_WATT_HOUR: 1_000_000.0,
}
_TEMPERATURE_UNITS = {str(unit) for unit in UnitOfTemperature}

# Which subentry field feeds which signal; the place's sensors sit in their own section.
_SENSOR_FIELDS: dict[str, SignalKind] = {
    CONF_POWER_SENSOR: SignalKind.POWER,
    CONF_ENERGY_SENSOR: SignalKind.ENERGY,
    CONF_DOOR_SENSOR: SignalKind.DOOR,
    CONF_VIBRATION_SENSOR: SignalKind.VIBRATION,
}
_PLACE_FIELDS: dict[str, SignalKind] = {
    CONF_TEMPERATURE_SENSOR: SignalKind.COMPARTMENT_TEMPERATURE,
    CONF_AMBIENT_SENSOR: SignalKind.AMBIENT_TEMPERATURE,
}


def source_removed_issue(key: str) -> str:
    """Return the id of the repair issue raised when an appliance's power sensor is deleted."""
    return f"source_removed_{key}"


def state_number(state: State | None) -> float | None:
    """Return a sensor's state as a finite number; None when unavailable or garbage."""
    if state is None:
        return None
    try:
        value = float(state.state)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _scaled(state: State | None, factors: Mapping[str | None, float]) -> float | None:
    # Run for every report of a plug: state_number's check inline, one call fewer.
    if state is None:
        return None
    try:
        value = float(state.state)
    except ValueError:
        return None
    factor = factors.get(state.attributes.get("unit_of_measurement"))
    return value * factor if factor is not None and math.isfinite(value) else None


def power_watts(state: State | None) -> float | None:
    """Return a power sensor's state in watts; None when unavailable or not a number."""
    return _scaled(state, _POWER_FACTORS)


def energy_watt_hours(state: State | None) -> float | None:
    """Return an energy sensor's state in watt-hours; None when unusable."""
    return _scaled(state, _ENERGY_FACTORS)


def celsius(state: State | None) -> float | None:
    """Return a temperature sensor's state in °C, whatever unit it reports in."""
    value = state_number(state)
    if value is None or state is None:
        return None
    unit = state.attributes.get("unit_of_measurement", UnitOfTemperature.CELSIUS)
    if unit not in _TEMPERATURE_UNITS:
        return None
    return TemperatureConverter.convert(value, unit, UnitOfTemperature.CELSIUS)


def is_on(state: State | None) -> bool | None:
    """Return whether a binary sensor says on (a door open); None when unavailable."""
    if state is None or state.state not in ("on", "off"):
        return None
    return state.state == STATE_ON


_CONVERTERS = {
    SignalKind.POWER: power_watts,
    SignalKind.ENERGY: energy_watt_hours,
    SignalKind.DOOR: is_on,
    SignalKind.VIBRATION: is_on,
    SignalKind.COMPARTMENT_TEMPERATURE: celsius,
    SignalKind.AMBIENT_TEMPERATURE: celsius,
}


def sensor_references(data: Mapping[str, Any]) -> dict[SignalKind, str]:
    """Return the stored sensor references of a power-sensor subentry, by signal."""
    references = {kind: data[key] for key, kind in _SENSOR_FIELDS.items() if data.get(key)}
    place = data.get(CONF_PLACE, {})
    references |= {kind: place[key] for key, kind in _PLACE_FIELDS.items() if place.get(key)}
    return references


def _cycle_settings(
    appliance_type: ApplianceType, data: Mapping[str, Any], title: str
) -> CycleSettings | CompressorSettings:
    try:
        return settings_from_options(appliance_type, data.get(CONF_THRESHOLDS, {}))
    except (TypeError, ValueError) as err:
        LOGGER.warning("Ignoring invalid thresholds of %s: %s", title, err)
        return defaults_for(appliance_type)


def care_settings(subject: CareSubject, care: Mapping[str, Any], title: str) -> CareSettings:
    """Return the care settings of the options, or the defaults where they are unusable."""
    try:
        return care_settings_from_options(subject, care)
    except (TypeError, ValueError) as err:
        LOGGER.warning("Ignoring invalid care options of %s: %s", title, err)
        return default_care_settings(subject)


def _device_info(
    hass: HomeAssistant, subentry: ConfigSubentry, power: str, model: str | None
) -> DeviceInfo:
    info = DeviceInfo(
        identifiers={(DOMAIN, subentry.subentry_id)}, name=subentry.title, model=model
    )
    # Shown as connected through the smart plug's device, where there is one.
    registry = er.async_get(hass)
    entity_id = er.async_resolve_entity_id(registry, power)
    entity = registry.async_get(entity_id) if entity_id else None
    if entity is not None and entity.device_id and dr.async_get(hass).async_get(entity.device_id):
        info["via_device_id"] = entity.device_id
    return info


class PowerSensorSource(ApplianceSource):
    """Readings of an ordinary appliance from the sensors around it."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        subentry: ConfigSubentry,
        *,
        model: str | None = None,
    ) -> None:
        """Describe the appliance of one subentry."""
        data = subentry.data
        appliance_type = ApplianceType(data[CONF_APPLIANCE_TYPE])
        subject = CareSubject(str(appliance_type))
        references = sensor_references(data)
        super().__init__(
            ApplianceProfile(
                key=subentry.subentry_id,
                name=subentry.title,
                subject=subject,
                appliance_type=appliance_type,
                device_info=_device_info(hass, subentry, data[CONF_POWER_SENSOR], model),
                signals=frozenset(references),
                settings=_cycle_settings(appliance_type, data, subentry.title),
                care_settings=care_settings(subject, data.get(CONF_CARE, {}), subentry.title),
                unheated=bool(data.get(CONF_PLACE, {}).get(CONF_UNHEATED)),
                purchased=purchase_date(data.get(CONF_PURCHASE_DATE)),
            )
        )
        self._hass = hass
        self._entry_id = entry_id
        self._emit: Emit | None = None
        self._power_unavailable = False
        self._available = False
        self._entities = TrackedEntities(
            hass,
            references,
            on_state=self._state_changed,
            on_removed=self._removed,
            on_returned=self._returned,
        )

    @property
    def available(self) -> bool:
        """Return whether the power sensor gives readings."""
        return self._available

    def entity_id(self, kind: SignalKind) -> str | None:
        """Return the entity a signal is read from now."""
        return self._entities.entity_id(kind)

    def entities(self) -> dict[str, str]:
        """Return the entity each signal is read from now."""
        return {
            str(kind): entity_id
            for kind in self.profile.signals
            if (entity_id := self.entity_id(kind)) is not None
        }

    def missing_entities(self) -> int:
        """Return how many of its sensors are gone."""
        return len(self.profile.signals) - len(self.entities())

    @callback
    def async_start(self, emit: Emit) -> None:
        """Follow the sensors."""
        self._emit = emit
        self._entities.async_start()

    @callback
    def async_stop(self) -> None:
        """Stop following the sensors."""
        self._entities.async_stop()
        self._emit = None

    @callback
    def _state_changed(self, kind: SignalKind, state: State | None, at: float) -> None:
        value = _CONVERTERS[kind](state)
        if kind is SignalKind.POWER:
            self._available = value is not None
            if (value is None) is not self._power_unavailable:
                self._log_power(value)
        if self._emit is not None:
            self._emit((Reading(kind, at, value),))

    def _log_power(self, watts: float | None) -> None:
        """Log that the power sensor stopped giving readings, or that they are back.

        Called only when that changed (_state_changed checks, at every report).
        """
        self._power_unavailable = watts is None
        if watts is None:
            LOGGER.info(
                "%s gives no power reading; a running cycle is kept until it is back or "
                "the outage lasts too long",
                self.entity_id(SignalKind.POWER),
            )
        else:
            LOGGER.info("%s gives power readings again", self.entity_id(SignalKind.POWER))

    @callback
    def _returned(self, kind: SignalKind, _entity_id: str) -> None:
        """Drop the repair of a power sensor that exists (again)."""
        if kind is SignalKind.POWER:
            ir.async_delete_issue(self._hass, DOMAIN, source_removed_issue(self.profile.key))

    @callback
    def _removed(self, kind: SignalKind, reference: str) -> None:
        """Tell the user once the power sensor is deleted: the appliance needs a new one."""
        LOGGER.warning("%s of %s was removed", reference, self.profile.name)
        if kind is SignalKind.POWER:
            self._available = False
            ir.async_create_issue(
                self._hass,
                DOMAIN,
                source_removed_issue(self.profile.key),
                is_fixable=True,
                is_persistent=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="source_removed",
                translation_placeholders={"name": self.profile.name, "sensor": reference},
                data={"entry_id": self._entry_id, "subentry_id": self.profile.key},
            )
        if self._emit is not None:
            self._emit((Reading(kind, dt_util.utcnow().timestamp(), None),))
