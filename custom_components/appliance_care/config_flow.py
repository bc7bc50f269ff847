"""Config flow of Appliance Care: add a demo home (more sources follow)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
    OptionsFlowWithReload,
)
from homeassistant.core import callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TimeSelector,
)
import probatio as vol

from . import ApplianceCareConfigEntry
from .const import (
    CONF_FAULTS,
    CONF_SCHEDULES,
    CONF_SEED,
    CONF_SIMULATION,
    CONF_SOURCE,
    CONF_SPEED,
    DEFAULT_SEED,
    DEFAULT_SPEED,
    DOMAIN,
    MAX_SPEED,
    SOURCE_DEMO,
)
from .demo_home import fault_options
from .simulator import ApplianceKind

DEMO_UNIQUE_ID = "demo_home"
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


class ApplianceCareConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add appliances to Appliance Care."""

    VERSION = 1
    MINOR_VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask which kind of appliance source to add."""
        return self.async_show_menu(step_id="user", menu_options=[SOURCE_DEMO])

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

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ApplianceCareConfigEntry) -> OptionsFlow:
        """Return the options flow."""
        return DemoOptionsFlow()


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
        options = self.config_entry.options
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
        schema = self.add_suggested_values_to_schema(schema, options)
        return self.async_show_form(step_id="init", data_schema=schema)
