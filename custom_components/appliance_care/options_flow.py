"""Options flows of Appliance Care: the demo home's simulation, and engine thresholds."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.config_entries import ConfigFlowResult, OptionsFlowWithReload
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TimeSelector,
)
import probatio as vol

from .care_options import (
    care_option_keys,
    care_options,
    care_selector_config,
    care_settings_from_options,
)
from .const import (
    CONF_AMBIENT_SENSOR,
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_FAULTS,
    CONF_OUTDOOR_SENSOR,
    CONF_PLACE,
    CONF_SCHEDULES,
    CONF_SEED,
    CONF_SIMULATION,
    CONF_SPEED,
    CONF_TEMPERATURE_SENSOR,
    CONF_UNHEATED,
    CONF_WEATHER,
    DEFAULT_SEED,
    DEFAULT_SPEED,
    MAX_SPEED,
)
from .demo_home import fault_options
from .engine import ApplianceType
from .engine.care import CareSubject, default_care_settings
from .engine_options import (
    defaults_for,
    option_fields,
    option_unit,
    settings_as_options,
    settings_from_options,
)
from .simulator import ApplianceKind

# The seed only chooses which random household the simulation plays; any small number will do.
MAX_SEED = 9999
# Appliances that can run by a daily schedule, in the order shown in the options.
SCHEDULED_KINDS: tuple[ApplianceKind, ...] = (
    ApplianceKind.WASHER,
    ApplianceKind.DRYER,
    ApplianceKind.DISHWASHER,
    ApplianceKind.AIR_CONDITIONER,
    ApplianceKind.AIR_PURIFIER,
)
SPEED_SELECTOR = NumberSelector(
    NumberSelectorConfig(min=1, max=MAX_SPEED, step=1, mode=NumberSelectorMode.BOX)
)
# Upper bound of any threshold field: far above any household appliance's power (25 kW)
# or hold time (a day is 1440 min).
MAX_SETTING = 100_000
SETTING_STEP = 0.1


def _setting_selector(key: str) -> NumberSelector:
    config = NumberSelectorConfig(
        min=0, max=MAX_SETTING, step=SETTING_STEP, mode=NumberSelectorMode.BOX
    )
    if (unit := option_unit(key)) is not None:
        config["unit_of_measurement"] = unit
    return NumberSelector(config)


class DemoOptionsFlow(OptionsFlowWithReload):
    """Tune the demo home: speed, injected faults and daily schedules."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show and save the demo home's options."""
        if user_input is not None:
            schedules = {
                kind: value for kind, value in user_input.get(CONF_SCHEDULES, {}).items() if value
            }
            return self.async_create_entry(
                data={
                    CONF_SIMULATION: {
                        CONF_SPEED: float(user_input[CONF_SIMULATION][CONF_SPEED]),
                        CONF_SEED: int(user_input[CONF_SIMULATION][CONF_SEED]),
                    },
                    CONF_FAULTS: {CONF_FAULTS: list(user_input[CONF_FAULTS][CONF_FAULTS])},
                    CONF_SCHEDULES: schedules,
                }
            )
        schema = vol.Schema(
            {
                vol.Required(CONF_SIMULATION): section(
                    vol.Schema(
                        {
                            vol.Required(CONF_SPEED, default=DEFAULT_SPEED): SPEED_SELECTOR,
                            vol.Required(CONF_SEED, default=DEFAULT_SEED): NumberSelector(
                                NumberSelectorConfig(
                                    min=0, max=MAX_SEED, step=1, mode=NumberSelectorMode.BOX
                                )
                            ),
                        }
                    ),
                    {"collapsed": False},
                ),
                vol.Required(CONF_FAULTS): section(
                    vol.Schema(
                        {
                            vol.Optional(CONF_FAULTS, default=[]): SelectSelector(
                                SelectSelectorConfig(
                                    options=fault_options(),
                                    multiple=True,
                                    mode=SelectSelectorMode.LIST,
                                    translation_key="fault",
                                )
                            ),
                        }
                    ),
                    {"collapsed": False},
                ),
                # Suggested values rather than defaults, so a cleared time stays cleared.
                vol.Required(CONF_SCHEDULES): section(
                    vol.Schema({vol.Optional(kind): TimeSelector() for kind in SCHEDULED_KINDS}),
                    {"collapsed": True},
                ),
            }
        )
        schema = self.add_suggested_values_to_schema(schema, self.config_entry.options)
        return self.async_show_form(step_id="init", data_schema=schema)


class ThresholdsOptionsFlow(OptionsFlowWithReload):
    """Tune how an appliance's cycles (or compressor runs) are told apart, and its place."""

    _thresholds: dict[str, Any]
    _place: dict[str, Any]

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Go to the thresholds form."""
        return await self.async_step_thresholds(user_input)

    async def async_step_thresholds(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show every threshold and hold time, with the appliance type's defaults."""
        appliance_type = ApplianceType(self.config_entry.data[CONF_APPLIANCE_TYPE])
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                settings_from_options(appliance_type, user_input)
            except TypeError, ValueError:
                errors["base"] = "invalid_setting"
            else:
                self._thresholds = dict(user_input)
                return await self.async_step_place()
        defaults = settings_as_options(defaults_for(appliance_type))
        current = {**defaults, **self.config_entry.options, **(user_input or {})}
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
            description_placeholders={"appliance_type": str(appliance_type)},
        )

    async def async_step_place(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Where the appliance stands and which sensors tell the care rules about it."""
        if user_input is not None:
            self._place = {
                key: value for key, value in user_input.items() if value not in (None, "")
            }
            return await self.async_step_care()
        temperature = EntitySelector(
            EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.TEMPERATURE)
        )
        schema = vol.Schema(
            {
                vol.Optional(CONF_UNHEATED, default=False): BooleanSelector(),
                vol.Optional(CONF_TEMPERATURE_SENSOR): temperature,
                vol.Optional(CONF_AMBIENT_SENSOR): temperature,
                vol.Optional(CONF_OUTDOOR_SENSOR): temperature,
                vol.Optional(CONF_WEATHER): EntitySelector(EntitySelectorConfig(domain="weather")),
            }
        )
        return self.async_show_form(
            step_id="place",
            data_schema=self.add_suggested_values_to_schema(
                schema, self.config_entry.options.get(CONF_PLACE, {})
            ),
        )

    async def async_step_care(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the care thresholds that a user may sensibly want to change."""
        subject = CareSubject(self.config_entry.data[CONF_APPLIANCE_TYPE])
        keys = care_option_keys(subject, unheated=bool(self._place.get(CONF_UNHEATED)))
        defaults = care_options(default_care_settings(subject), keys)
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                care_settings_from_options(subject, user_input)
            except TypeError, ValueError:
                errors["base"] = "invalid_setting"
            else:
                return self.async_create_entry(
                    data={**self._thresholds, CONF_PLACE: self._place, CONF_CARE: user_input}
                )
        if not keys:
            return self.async_create_entry(
                data={**self._thresholds, CONF_PLACE: self._place, CONF_CARE: {}}
            )
        current = {**defaults, **self.config_entry.options.get(CONF_CARE, {}), **(user_input or {})}
        schema = vol.Schema(
            {
                vol.Required(key, default=defaults[key]): NumberSelector(care_selector_config(key))
                for key in keys
            }
        )
        return self.async_show_form(
            step_id="care",
            data_schema=self.add_suggested_values_to_schema(schema, current),
            errors=errors,
        )
