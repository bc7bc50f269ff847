"""Config flow of Appliance Care: one home entry; appliances are added as subentries."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryData,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
)
import probatio as vol

from .appliance_flow import ApplianceSubentryFlow
from .const import (
    CONF_OUTDOOR_SENSOR,
    CONF_WEATHER,
    DEMO_SUBENTRY_UNIQUE_ID,
    DOMAIN,
    ENTRY_VERSION,
    HOME_TITLE,
    SUBENTRY_APPLIANCE,
    SUBENTRY_DEMO,
)
from .demo_flow import DEMO_TITLE, DemoSubentryFlow, demo_subentry_data

CONF_ADD_DEMO = "add_demo"


def _home_schema() -> vol.Schema:
    return vol.Schema(
        {
            vol.Optional(CONF_OUTDOOR_SENSOR): EntitySelector(
                EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.TEMPERATURE)
            ),
            vol.Optional(CONF_WEATHER): EntitySelector(EntitySelectorConfig(domain="weather")),
        }
    )


def _home_options(user_input: dict[str, Any]) -> dict[str, Any]:
    keys = (CONF_OUTDOOR_SENSOR, CONF_WEATHER)
    return {key: user_input[key] for key in keys if user_input.get(key)}


class ApplianceCareConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create the home's one Appliance Care entry."""

    VERSION = ENTRY_VERSION
    MINOR_VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the home-wide settings, and whether to try the demo home at once."""
        if user_input is not None:
            subentries: list[ConfigSubentryData] = []
            if user_input.get(CONF_ADD_DEMO):
                subentries.append(
                    ConfigSubentryData(
                        data=demo_subentry_data(),
                        subentry_type=SUBENTRY_DEMO,
                        title=DEMO_TITLE,
                        unique_id=DEMO_SUBENTRY_UNIQUE_ID,
                    )
                )
            return self.async_create_entry(
                title=HOME_TITLE, data={}, options=_home_options(user_input), subentries=subentries
            )
        schema = _home_schema().extend(
            {vol.Optional(CONF_ADD_DEMO, default=False): BooleanSelector()}
        )
        return self.async_show_form(step_id="user", data_schema=schema)

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Appliances behind a power sensor, and the demo home."""
        return {SUBENTRY_APPLIANCE: ApplianceSubentryFlow, SUBENTRY_DEMO: DemoSubentryFlow}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """Return the flow of the home-wide settings."""
        return HomeOptionsFlow()


class HomeOptionsFlow(OptionsFlow):
    """The home-wide settings: the outdoor temperature sensor and the weather forecast."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show and save the home's settings (the entry reloads with them)."""
        if user_input is not None:
            return self.async_create_entry(data=_home_options(user_input))
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                _home_schema(), self.config_entry.options
            ),
        )
