"""The demo home's subentry flow: add it, and reconfigure its simulation."""

from __future__ import annotations

from datetime import datetime, timedelta
import math
from typing import Any

from homeassistant.config_entries import ConfigSubentryFlow, SubentryFlowResult
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TimeSelector,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import (
    CONF_FAULTS,
    CONF_HISTORY_WEEKS,
    CONF_SCHEDULES,
    CONF_SEED,
    CONF_SIMULATION,
    CONF_SPEED,
    DEFAULT_HISTORY_WEEKS,
    DEFAULT_SEED,
    DEFAULT_SPEED,
    DEMO_SUBENTRY_UNIQUE_ID,
    MAX_HISTORY_WEEKS,
    MAX_SPEED,
)
from .simulator import ApplianceKind
from .simulator.faults import HEALTHY_BEFORE_FAULT_S
from .sources.demo_options import all_fault_options, fault_options, fault_tour

DEMO_TITLE = "Demo home"
# The seed only chooses which random household the simulation plays; any small number will do.
MAX_SEED = 9999
# Appliances that can run by a daily schedule, in the order shown in the form.
SCHEDULED_KINDS: tuple[ApplianceKind, ...] = (
    ApplianceKind.WASHER,
    ApplianceKind.DRYER,
    ApplianceKind.DISHWASHER,
    ApplianceKind.AIR_CONDITIONER,
    ApplianceKind.AIR_PURIFIER,
    ApplianceKind.WATER_PURIFIER,
)
# Scheduled from the moment a demo home is added, so they are alive at once.
ALWAYS_ON_KINDS = (
    ApplianceKind.AIR_CONDITIONER,
    ApplianceKind.AIR_PURIFIER,
    ApplianceKind.WATER_PURIFIER,
)
STARTS_IN = timedelta(minutes=1)
SPEED_SELECTOR = NumberSelector(
    NumberSelectorConfig(min=1, max=MAX_SPEED, step=1, mode=NumberSelectorMode.BOX)
)
CONF_FAULT_TOUR = "fault_tour"
# The tour's faults begin after the appliances ran healthy this long (HEALTHY_BEFORE_FAULT_S).
TOUR_MIN_WEEKS = math.ceil(HEALTHY_BEFORE_FAULT_S / (7 * 86_400))
HISTORY_SELECTOR = NumberSelector(
    NumberSelectorConfig(
        min=0,
        max=MAX_HISTORY_WEEKS,
        step=1,
        mode=NumberSelectorMode.SLIDER,
    )
)


def demo_subentry_data(
    speed: float = DEFAULT_SPEED,
    seed: int = DEFAULT_SEED,
    faults: list[str] | None = None,
    schedules: dict[str, str] | None = None,
    history_weeks: int = 0,
) -> dict[str, Any]:
    """Return a demo home's settings as its subentry keeps them.

    `history_weeks`: the simulated past it starts with (the flows ask for some; none by
    default here, for callers that want a home that begins now).
    """
    return {
        CONF_SIMULATION: {
            CONF_SPEED: float(speed),
            CONF_SEED: int(seed),
            CONF_HISTORY_WEEKS: int(history_weeks),
        },
        CONF_FAULTS: {CONF_FAULTS: list(faults or [])},
        CONF_SCHEDULES: dict(schedules or {}),
    }


def running_now(now: datetime) -> dict[str, str]:
    """Return daily schedules that start the climate appliances in the first minutes.

    The air conditioner and the purifiers run only from a daily start (local time). A
    start two minutes after the demo home is added has them working at once, at any
    speed, and again every day at that time; the schedules can be changed or cleared.
    """
    start = (now + STARTS_IN).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return {str(kind): start.time().isoformat() for kind in ALWAYS_ON_KINDS}


def _settings_schema(faults: list[str]) -> vol.Schema:
    """Return the reconfigure form; `faults`: the fault options it lists."""
    return vol.Schema(
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
                                options=faults,
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


class DemoSubentryFlow(ConfigSubentryFlow):
    """Add the demo home of seven simulated appliances; tune its simulation."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Ask how fast the simulation runs; one demo home per home."""
        entry = self._get_entry()
        if any(s.unique_id == DEMO_SUBENTRY_UNIQUE_ID for s in entry.subentries.values()):
            return self.async_abort(reason="already_configured")
        errors: dict[str, str] = {}
        weeks = int(user_input[CONF_HISTORY_WEEKS]) if user_input is not None else 0
        if user_input is not None and user_input.get(CONF_FAULT_TOUR) and weeks < TOUR_MIN_WEEKS:
            errors["base"] = "fault_tour_needs_past"
        elif user_input is not None:
            return self.async_create_entry(
                title=DEMO_TITLE,
                data=demo_subentry_data(
                    speed=user_input[CONF_SPEED],
                    schedules=running_now(dt_util.now()),
                    history_weeks=weeks,
                    faults=fault_tour() if user_input.get(CONF_FAULT_TOUR) else None,
                ),
                unique_id=DEMO_SUBENTRY_UNIQUE_ID,
            )
        schema = vol.Schema(
            {
                vol.Required(CONF_SPEED, default=DEFAULT_SPEED): SPEED_SELECTOR,
                vol.Required(CONF_HISTORY_WEEKS, default=DEFAULT_HISTORY_WEEKS): HISTORY_SELECTOR,
                vol.Optional(CONF_FAULT_TOUR, default=False): BooleanSelector(),
            }
        )
        return self.async_show_form(
            step_id="user",
            # After an error, the form keeps what was chosen.
            data_schema=self.add_suggested_values_to_schema(schema, user_input or {}),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Speed, household, injected faults and daily schedules."""
        subentry = self._get_reconfigure_subentry()
        if user_input is not None:
            schedules = {
                kind: value for kind, value in user_input.get(CONF_SCHEDULES, {}).items() if value
            }
            data = {
                CONF_SIMULATION: {
                    # The past it began with stays on record (it matters only when added).
                    **subentry.data.get(CONF_SIMULATION, {}),
                    CONF_SPEED: float(user_input[CONF_SIMULATION][CONF_SPEED]),
                    CONF_SEED: int(user_input[CONF_SIMULATION][CONF_SEED]),
                },
                CONF_FAULTS: {CONF_FAULTS: list(user_input[CONF_FAULTS][CONF_FAULTS])},
                CONF_SCHEDULES: schedules,
            }
            return self.async_update_and_abort(self._get_entry(), subentry, data=data)
        # The faults a care rule finds, and any other the home has already (so that it
        # shows, and saving the form keeps it unless it is unticked).
        chosen = subentry.data.get(CONF_FAULTS, {}).get(CONF_FAULTS, [])
        offered = fault_options()
        faults = offered + [f for f in chosen if f in all_fault_options() and f not in offered]
        schema = self.add_suggested_values_to_schema(_settings_schema(faults), subentry.data)
        return self.async_show_form(step_id="reconfigure", data_schema=schema)
