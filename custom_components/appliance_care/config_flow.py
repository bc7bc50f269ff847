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
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from .appliance_flow import ApplianceSubentryFlow
from .const import (
    CONF_ADD_BLUEPRINTS,
    CONF_OUTDOOR_SENSOR,
    CONF_PRICE_ENTITY,
    CONF_WEATHER,
    DEFAULT_HISTORY_WEEKS,
    DEMO_SUBENTRY_UNIQUE_ID,
    DOMAIN,
    ENTRY_VERSION,
    HOME_TITLE,
    SUBENTRY_APPLIANCE,
    SUBENTRY_DEMO,
)
from .demo_flow import DEMO_TITLE, DemoSubentryFlow, demo_subentry_data, running_now

CONF_ADD_DEMO = "add_demo"
CONF_BLUEPRINTS = "blueprints"


def _home_schema() -> vol.Schema:
    return vol.Schema(
        {
            vol.Optional(CONF_OUTDOOR_SENSOR): EntitySelector(
                EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.TEMPERATURE)
            ),
            vol.Optional(CONF_WEATHER): EntitySelector(EntitySelectorConfig(domain="weather")),
            vol.Optional(CONF_PRICE_ENTITY): EntitySelector(
                EntitySelectorConfig(domain=["sensor", "input_number", "number"])
            ),
        }
    )


def _home_options(user_input: dict[str, Any]) -> dict[str, Any]:
    keys = (CONF_OUTDOOR_SENSOR, CONF_WEATHER, CONF_PRICE_ENTITY)
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
                        data=demo_subentry_data(
                            schedules=running_now(dt_util.now()),
                            history_weeks=DEFAULT_HISTORY_WEEKS,
                        ),
                        subentry_type=SUBENTRY_DEMO,
                        title=DEMO_TITLE,
                        unique_id=DEMO_SUBENTRY_UNIQUE_ID,
                    )
                )
            return self.async_create_entry(
                title=HOME_TITLE,
                data={CONF_ADD_BLUEPRINTS: bool(user_input.get(CONF_ADD_BLUEPRINTS, True))},
                options=_home_options(user_input),
                subentries=subentries,
            )
        schema = _home_schema().extend(
            {
                vol.Optional(CONF_ADD_DEMO, default=False): BooleanSelector(),
                vol.Optional(CONF_ADD_BLUEPRINTS, default=True): BooleanSelector(),
            }
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
    """The home: its settings, and which blueprints of the feature catalog are installed."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose what to change."""
        return self.async_show_menu(step_id="init", menu_options=["settings", "blueprints"])

    async def async_step_settings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and save the home's settings (the entry reloads with them)."""
        if user_input is not None:
            return self.async_create_entry(data=_home_options(user_input))
        return self.async_show_form(
            step_id="settings",
            data_schema=self.add_suggested_values_to_schema(
                _home_schema(), self.config_entry.options
            ),
        )

    async def async_step_blueprints(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the catalog's blueprints to have; install and remove to match.

        What cannot be done (a blueprint in use, a download that failed) is said under the
        list; everything else is done.
        """
        # Imported here: the catalog brings the simulator's courses, which the rest of the
        # flow does not need.
        from .features import catalog_of  # noqa: PLC0415

        catalog = catalog_of(self.hass)
        offered = catalog.blueprints_offered()
        # Only what the catalog offers is shown and changed; others stay as they are.
        installed = catalog.installed_blueprints() & set(offered)
        errors: dict[str, str] = {}
        placeholders = {"problem": ""}
        if user_input is not None:
            wanted = set(user_input.get(CONF_BLUEPRINTS, []))
            problems = [
                str(err) for err in await catalog.async_match_blueprints(wanted & set(offered))
            ]
            if not problems:
                return self.async_create_entry(data=dict(self.config_entry.options))
            errors["base"] = "blueprints_not_all_done"
            placeholders["problem"] = "\n".join(problems)
            installed = catalog.installed_blueprints() & set(offered)
        schema = vol.Schema(
            {
                vol.Optional(CONF_BLUEPRINTS, default=sorted(installed)): SelectSelector(
                    SelectSelectorConfig(
                        options=[
                            SelectOptionDict(value=feature_id, label=title)
                            for feature_id, title in sorted(
                                offered.items(), key=lambda item: item[1]
                            )
                        ],
                        multiple=True,
                        mode=SelectSelectorMode.LIST,
                    )
                )
            }
        )
        return self.async_show_form(
            step_id="blueprints",
            data_schema=schema,
            errors=errors,
            description_placeholders=placeholders,
        )
