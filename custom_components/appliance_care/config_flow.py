"""Config flow of Appliance Care: a demo home, or an appliance behind a power sensor."""

from __future__ import annotations

from datetime import date
from typing import Any

from homeassistant.components.binary_sensor import BinarySensorDeviceClass
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult, OptionsFlow
from homeassistant.const import CONF_NAME, UnitOfPower
from homeassistant.core import callback
from homeassistant.helpers.selector import (
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

from . import ApplianceCareConfigEntry
from .const import (
    CONF_APPLIANCE_TYPE,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_FAULTS,
    CONF_POWER_SENSOR,
    CONF_PURCHASE_DATE,
    CONF_SCHEDULES,
    CONF_SEED,
    CONF_SIMULATION,
    CONF_SOURCE,
    CONF_SPEED,
    CONF_VIBRATION_SENSOR,
    DEFAULT_SEED,
    DEFAULT_SPEED,
    DOMAIN,
    MAX_SPEED,
    SOURCE_DEMO,
    SOURCE_POWER_SENSOR,
)
from .engine import ApplianceType
from .options_flow import DemoOptionsFlow, ThresholdsOptionsFlow

DEMO_UNIQUE_ID = "demo_home"
POWER_UNITS = {UnitOfPower.WATT, UnitOfPower.KILO_WATT, UnitOfPower.MILLIWATT}

SPEED_SELECTOR = NumberSelector(
    NumberSelectorConfig(min=1, max=MAX_SPEED, step=1, mode=NumberSelectorMode.BOX)
)
_OPTIONAL_SENSORS = (CONF_ENERGY_SENSOR, CONF_DOOR_SENSOR, CONF_VIBRATION_SENSOR)


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


class ApplianceCareConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add appliances to Appliance Care."""

    VERSION = 1
    MINOR_VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask where the appliance's data comes from."""
        return self.async_show_menu(step_id="user", menu_options=[SOURCE_POWER_SENSOR, SOURCE_DEMO])

    async def async_step_demo(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Add the demo home of simulated appliances."""
        await self.async_set_unique_id(DEMO_UNIQUE_ID)
        self._abort_if_unique_id_configured()
        if user_input is not None:
            return self.async_create_entry(
                title="Demo home",
                data={CONF_SOURCE: SOURCE_DEMO},
                options={
                    CONF_SIMULATION: {
                        CONF_SPEED: float(user_input[CONF_SPEED]),
                        CONF_SEED: DEFAULT_SEED,
                    },
                    CONF_FAULTS: {CONF_FAULTS: []},
                    CONF_SCHEDULES: {},
                },
            )
        return self.async_show_form(
            step_id="demo",
            data_schema=vol.Schema(
                {vol.Required(CONF_SPEED, default=DEFAULT_SPEED): SPEED_SELECTOR}
            ),
        )

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

    @staticmethod
    def _entry_data(user_input: dict[str, Any], appliance_type: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            CONF_SOURCE: SOURCE_POWER_SENSOR,
            CONF_APPLIANCE_TYPE: appliance_type,
            CONF_POWER_SENSOR: user_input[CONF_POWER_SENSOR],
        }
        for key in (*_OPTIONAL_SENSORS, CONF_PURCHASE_DATE):
            if user_input.get(key):
                data[key] = user_input[key]
        return data

    async def async_step_power_sensor(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add an appliance behind a power sensor (a smart plug or a meter)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            await self.async_set_unique_id(user_input[CONF_POWER_SENSOR])
            self._abort_if_unique_id_configured()
            errors = self._validate_sensors(user_input)
            if not errors:
                return self.async_create_entry(
                    title=user_input[CONF_NAME].strip(),
                    data=self._entry_data(user_input, user_input[CONF_APPLIANCE_TYPE]),
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
    ) -> ConfigFlowResult:
        """Change an appliance's name, sensors or purchase date."""
        entry = self._get_reconfigure_entry()
        if entry.data.get(CONF_SOURCE) != SOURCE_POWER_SENSOR:
            return self.async_abort(reason="demo_not_reconfigurable")
        errors: dict[str, str] = {}
        if user_input is not None:
            power = user_input[CONF_POWER_SENSOR]
            taken = any(
                other.unique_id == power and other.entry_id != entry.entry_id
                for other in self._async_current_entries(include_ignore=False)
            )
            errors = (
                {CONF_POWER_SENSOR: "already_watched"}
                if taken
                else self._validate_sensors(user_input)
            )
            if not errors:
                return self.async_update_reload_and_abort(
                    entry,
                    unique_id=power,
                    title=user_input[CONF_NAME].strip(),
                    data=self._entry_data(user_input, entry.data[CONF_APPLIANCE_TYPE]),
                )
        current = {CONF_NAME: entry.title, **entry.data}
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _appliance_schema(with_type=False), user_input or current
            ),
            errors=errors,
        )

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ApplianceCareConfigEntry) -> OptionsFlow:
        """Return the options flow for the entry's kind of source."""
        if config_entry.data.get(CONF_SOURCE) == SOURCE_DEMO:
            return DemoOptionsFlow()
        return ThresholdsOptionsFlow()
