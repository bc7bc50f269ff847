"""The appliance subentry flow: add an appliance behind a power sensor, and tune it.

Adding asks for the appliance type and its sensors. Reconfiguring offers the sensors and
name, or the thresholds of its cycle detector (compressor monitor), where it stands and
its care thresholds; what the appliance learned is kept either way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from homeassistant.components.binary_sensor import BinarySensorDeviceClass
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.config_entries import SubentryFlowResult
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    BooleanSelector,
    DateSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from .care_options import (
    care_option_keys,
    care_options,
    care_options_to_show,
    care_options_to_store,
    care_selector_config,
    care_settings_from_options,
    place_fields,
)
from .connected_flow import ConnectedSteps
from .const import (
    CONF_AMBIENT_SENSOR,
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_DEVICE_ID,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_PLACE,
    CONF_POWER_SENSOR,
    CONF_PURCHASE_DATE,
    CONF_TEMPERATURE_SENSOR,
    CONF_THRESHOLDS,
    CONF_UNHEATED,
    CONF_VIBRATION_SENSOR,
)
from .engine import ApplianceType, contradictions
from .engine.care import CareSubject, default_care_settings
from .engine_options import (
    defaults_for,
    option_fields,
    option_key,
    option_unit,
    settings_as_options,
    settings_from_options,
)
from .sources.power_sensor import POWER_UNITS
from .sources.tracked import shown_entity_id, stored_reference
from .texts import async_option_texts

_OPTIONAL_SENSORS = (CONF_ENERGY_SENSOR, CONF_DOOR_SENSOR, CONF_VIBRATION_SENSOR)
_SENSORS = (CONF_POWER_SENSOR, *_OPTIONAL_SENSORS)
# Upper bound of any threshold field: far above any household appliance's power (25 kW)
# or hold time (a day is 1440 min).
MAX_SETTING = 100_000
SETTING_STEP = 0.1


def _appliance_schema(*, with_type: bool) -> vol.Schema:
    fields: dict[vol.Marker, Any] = {vol.Required(CONF_NAME): TextSelector()}
    if with_type:
        fields[vol.Required(CONF_APPLIANCE_TYPE, default=ApplianceType.WASHER)] = SelectSelector(
            SelectSelectorConfig(
                options=[str(kind) for kind in ApplianceType],
                mode=SelectSelectorMode.DROPDOWN,
                translation_key="appliance_type",
            )
        )
    fields[vol.Required(CONF_POWER_SENSOR)] = EntitySelector(
        EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.POWER)
    )
    fields[vol.Optional(CONF_ENERGY_SENSOR)] = EntitySelector(
        EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.ENERGY)
    )
    fields[vol.Optional(CONF_DOOR_SENSOR)] = EntitySelector(
        EntitySelectorConfig(
            domain="binary_sensor",
            device_class=[BinarySensorDeviceClass.DOOR, BinarySensorDeviceClass.OPENING],
        )
    )
    fields[vol.Optional(CONF_VIBRATION_SENSOR)] = EntitySelector(
        EntitySelectorConfig(
            domain="binary_sensor",
            device_class=[BinarySensorDeviceClass.VIBRATION, BinarySensorDeviceClass.MOVING],
        )
    )
    fields[vol.Optional(CONF_PURCHASE_DATE)] = DateSelector()
    return vol.Schema(fields)


def _setting_selector(key: str) -> NumberSelector:
    config = NumberSelectorConfig(
        min=0, max=MAX_SETTING, step=SETTING_STEP, mode=NumberSelectorMode.BOX
    )
    if (unit := option_unit(key)) is not None:
        config["unit_of_measurement"] = unit
    return NumberSelector(config)


class ApplianceSubentryFlow(ConnectedSteps):
    """Add an appliance (behind a power sensor, or connected); change its inputs or thresholds."""

    _thresholds: dict[str, Any]
    _place: dict[str, Any]

    # ------------------------------------------------------------------ sensors

    def _validate_sensors(self, user_input: dict[str, Any]) -> dict[str, str]:
        """Check the chosen sensors; return form errors keyed by field."""
        errors: dict[str, str] = {}
        power = user_input[CONF_POWER_SENSOR]
        state = self.hass.states.get(power)
        if state is None:
            errors[CONF_POWER_SENSOR] = "entity_not_found"
        elif state.attributes.get("unit_of_measurement") not in POWER_UNITS:
            errors[CONF_POWER_SENSOR] = "not_a_power_sensor"
        for key in _OPTIONAL_SENSORS:
            other = user_input.get(key)
            if other and other == power:
                errors[key] = "same_as_power_sensor"
            elif other and self.hass.states.get(other) is None:
                errors[key] = "entity_not_found"
        if (bought := user_input.get(CONF_PURCHASE_DATE)) and (
            date.fromisoformat(bought) > dt_util.now().date()
        ):
            errors[CONF_PURCHASE_DATE] = "purchase_date_in_future"
        if not str(user_input.get(CONF_NAME, "")).strip():
            errors[CONF_NAME] = "name_required"
        return errors

    def _taken(self, reference: str, *, besides: str | None = None) -> bool:
        return any(
            subentry.unique_id == reference and subentry.subentry_id != besides
            for subentry in self._get_entry().subentries.values()
        )

    def _sensor_data(self, user_input: dict[str, Any]) -> dict[str, Any]:
        """Return the sensors as stored: registry ids where the sensors have one."""
        data: dict[str, Any] = {
            key: stored_reference(self.hass, user_input[key])
            for key in _SENSORS
            if user_input.get(key)
        }
        if user_input.get(CONF_PURCHASE_DATE):
            data[CONF_PURCHASE_DATE] = user_input[CONF_PURCHASE_DATE]
        return data

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Choose how the appliance is known: a power sensor, or a device already here."""
        return self.async_show_menu(
            step_id="user", menu_options=["power_sensor", "connected", "generic"]
        )

    async def async_step_power_sensor(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Add an appliance behind a power sensor (a smart plug or a meter)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            reference = stored_reference(self.hass, user_input[CONF_POWER_SENSOR])
            errors = (
                {CONF_POWER_SENSOR: "already_watched"}
                if self._taken(reference)
                else self._validate_sensors(user_input)
            )
            if not errors:
                return self.async_create_entry(
                    title=user_input[CONF_NAME].strip(),
                    data={
                        CONF_APPLIANCE_TYPE: user_input[CONF_APPLIANCE_TYPE],
                        **self._sensor_data(user_input),
                        CONF_THRESHOLDS: {},
                        CONF_PLACE: {},
                        CONF_CARE: {},
                    },
                    unique_id=reference,
                )
        return self.async_show_form(
            step_id="power_sensor",
            data_schema=self.add_suggested_values_to_schema(
                _appliance_schema(with_type=True), user_input or {}
            ),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Choose what to change: the sensors and name, or the thresholds and care."""
        if CONF_DEVICE_ID in self._get_reconfigure_subentry().data:
            return self.async_show_menu(
                step_id="reconfigure", menu_options=["connected_sensors", "thresholds"]
            )
        return self.async_show_menu(step_id="reconfigure", menu_options=["sensors", "thresholds"])

    async def async_step_sensors(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change the name, the sensors or the purchase date."""
        subentry = self._get_reconfigure_subentry()
        errors: dict[str, str] = {}
        if user_input is not None:
            reference = stored_reference(self.hass, user_input[CONF_POWER_SENSOR])
            errors = (
                {CONF_POWER_SENSOR: "already_watched"}
                if self._taken(reference, besides=subentry.subentry_id)
                else self._validate_sensors(user_input)
            )
            if not errors:
                replaced = (*_SENSORS, CONF_PURCHASE_DATE)
                kept = {k: v for k, v in subentry.data.items() if k not in replaced}
                return self.async_update_and_abort(
                    self._get_entry(),
                    subentry,
                    unique_id=reference,
                    title=user_input[CONF_NAME].strip(),
                    data={**kept, **self._sensor_data(user_input)},
                )
        current: dict[str, Any] = {CONF_NAME: subentry.title}
        for key in _SENSORS:
            if (entity_id := shown_entity_id(self.hass, subentry.data.get(key))) is not None:
                current[key] = entity_id
        if subentry.data.get(CONF_PURCHASE_DATE):
            current[CONF_PURCHASE_DATE] = subentry.data[CONF_PURCHASE_DATE]
        return self.async_show_form(
            step_id="sensors",
            data_schema=self.add_suggested_values_to_schema(
                _appliance_schema(with_type=False), user_input or current
            ),
            errors=errors,
        )

    # --------------------------------------------------------------- thresholds

    async def async_step_thresholds(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Show every threshold and hold time, with the appliance type's defaults."""
        subentry = self._get_reconfigure_subentry()
        if CONF_DEVICE_ID in subentry.data:
            # A connected machine tells its cycles itself: only its place and care remain.
            self._thresholds = {}
            return await self.async_step_place()
        appliance_type = ApplianceType(subentry.data[CONF_APPLIANCE_TYPE])
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                settings = settings_from_options(appliance_type, user_input)
            except TypeError, ValueError:
                errors["base"] = "invalid_setting"
            else:
                errors = {
                    option_key(field): code for field, code in contradictions(settings).items()
                }
            if not errors:
                self._thresholds = dict(user_input)
                return await self.async_step_place()
        defaults = settings_as_options(defaults_for(appliance_type))
        current = {**defaults, **subentry.data.get(CONF_THRESHOLDS, {}), **(user_input or {})}
        schema = vol.Schema(
            {
                vol.Required(key, default=defaults[key]): _setting_selector(key)
                for key in option_fields(appliance_type)
            }
        )
        return self.async_show_form(
            step_id="thresholds",
            data_schema=self.add_suggested_values_to_schema(schema, current),
            errors=errors,
            description_placeholders={
                "appliance_type": (await async_option_texts(self.hass, "appliance_type")).get(
                    str(appliance_type), str(appliance_type)
                )
            },
        )

    async def async_step_place(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Where the appliance stands and which sensors tell the care rules about it."""
        subentry = self._get_reconfigure_subentry()
        fields = place_fields(CareSubject(subentry.data[CONF_APPLIANCE_TYPE]))
        if not fields:
            self._place = {}
            return await self.async_step_care()
        errors: dict[str, str] = {}
        if user_input is not None:
            chosen = [user_input.get(CONF_TEMPERATURE_SENSOR), user_input.get(CONF_AMBIENT_SENSOR)]
            if chosen[0] and chosen[0] == chosen[1]:
                errors[CONF_AMBIENT_SENSOR] = "same_as_compartment_sensor"
            else:
                self._place = {
                    key: stored_reference(self.hass, value) if isinstance(value, str) else value
                    for key, value in user_input.items()
                    if value not in (None, "")
                }
                return await self.async_step_care()
        temperature = EntitySelector(
            EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.TEMPERATURE)
        )
        selectors: dict[str, Any] = {
            CONF_UNHEATED: BooleanSelector(),
            CONF_TEMPERATURE_SENSOR: temperature,
            CONF_AMBIENT_SENSOR: temperature,
        }
        schema = vol.Schema(
            {
                (
                    vol.Optional(key, default=False) if key == CONF_UNHEATED else vol.Optional(key)
                ): selectors[key]
                for key in fields
            }
        )
        place = dict(subentry.data.get(CONF_PLACE, {}))
        for key in (CONF_TEMPERATURE_SENSOR, CONF_AMBIENT_SENSOR):
            if key in place:
                place[key] = shown_entity_id(self.hass, place[key])
        return self.async_show_form(
            step_id="place",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or place),
            errors=errors,
        )

    async def async_step_care(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Ask for the care thresholds that a user may sensibly want to change."""
        subentry = self._get_reconfigure_subentry()
        subject = CareSubject(subentry.data[CONF_APPLIANCE_TYPE])
        keys = care_option_keys(subject, unheated=bool(self._place.get(CONF_UNHEATED)))
        # Temperatures are kept in °C and shown in the installation's unit.
        unit = self.hass.config.units.temperature_unit
        defaults = care_options(default_care_settings(subject), keys, unit)
        errors: dict[str, str] = {}
        if user_input is not None:
            care = care_options_to_store(user_input, unit)
            try:
                care_settings_from_options(subject, care)
            except TypeError, ValueError:
                errors["base"] = "invalid_setting"
            else:
                return self._save_thresholds(care)
        if not keys:
            return self._save_thresholds({})
        saved = care_options_to_show(subentry.data.get(CONF_CARE, {}), unit)
        current = {**defaults, **saved, **(user_input or {})}
        schema = vol.Schema(
            {
                vol.Required(key, default=defaults[key]): NumberSelector(
                    care_selector_config(key, unit)
                )
                for key in keys
            }
        )
        return self.async_show_form(
            step_id="care",
            data_schema=self.add_suggested_values_to_schema(schema, current),
            errors=errors,
        )

    def _save_thresholds(self, care: dict[str, Any]) -> SubentryFlowResult:
        return self.async_update_and_abort(
            self._get_entry(),
            self._get_reconfigure_subentry(),
            data_updates={
                CONF_THRESHOLDS: self._thresholds,
                CONF_PLACE: self._place,
                CONF_CARE: care,
            },
        )
