"""The steps that add a connected appliance: a device another integration brings.

"An appliance already in Home Assistant" offers the appliance devices of LG ThinQ,
SmartThings and Home Connect, proposes the type their entities tell, and takes an optional
power sensor under the machine. "Another device" takes any device: the user picks which
of its entities tell the run state (and maps that entity's states), the remaining or
finish time, the course, the door and the power.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.config_entries import ConfigSubentryFlow, SubentryFlowResult
from homeassistant.const import CONF_NAME
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.selector import (
    DateSelector,
    DeviceFilterSelectorConfig,
    DeviceSelector,
    DeviceSelectorConfig,
    EntitySelector,
    EntitySelectorConfig,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import (
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_DEVICE_ID,
    CONF_DOOR_SENSOR,
    CONF_ENERGY_SENSOR,
    CONF_FINISH_ENTITY,
    CONF_INTEGRATION,
    CONF_PLACE,
    CONF_POWER_SENSOR,
    CONF_PROGRAM_ENTITY,
    CONF_PURCHASE_DATE,
    CONF_REMAINING_ENTITY,
    CONF_RUN_STATE_ENTITY,
    CONF_STATE_MAP,
    CONF_THRESHOLDS,
    INTEGRATION_GENERIC,
)
from .engine.care import CareSubject
from .engine.machine_run import Run
from .engine.signals import SignalKind
from .sources.connected_feeds import MAPS, proposed_type, subentry_feeds
from .sources.tracked import shown_entity_id, stored_reference

CONNECTED_TYPES = [
    str(subject)
    for subject in (
        CareSubject.WASHER,
        CareSubject.DRYER,
        CareSubject.WASHER_DRYER,
        CareSubject.DISHWASHER,
        CareSubject.REFRIGERATOR,
        CareSubject.FREEZER,
        CareSubject.AIR_CONDITIONER,
        CareSubject.AIR_PURIFIER,
        CareSubject.WATER_PURIFIER,
        CareSubject.OTHER,
    )
]
"""What a connected appliance can be: the care subjects."""

_GENERIC_ENTITIES = (
    CONF_PROGRAM_ENTITY,
    CONF_REMAINING_ENTITY,
    CONF_FINISH_ENTITY,
    CONF_DOOR_SENSOR,
)
_ADDED_SENSORS = (CONF_POWER_SENSOR, CONF_ENERGY_SENSOR)
# Runs the user maps the run-state entity's states to, in the order the form shows them.
_RUNS = (Run.RUNNING, Run.PAUSED, Run.FINISHED, Run.IDLE, Run.OFF, Run.ERROR)


def _type_selector() -> SelectSelector:
    return SelectSelector(
        SelectSelectorConfig(
            options=CONNECTED_TYPES,
            mode=SelectSelectorMode.DROPDOWN,
            translation_key="connected_type",
        )
    )


def _power_fields() -> dict[vol.Marker, Any]:
    return {
        vol.Optional(CONF_POWER_SENSOR): EntitySelector(
            EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.POWER)
        ),
        vol.Optional(CONF_ENERGY_SENSOR): EntitySelector(
            EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.ENERGY)
        ),
        vol.Optional(CONF_PURCHASE_DATE): DateSelector(),
    }


def device_entity_ids(hass: Any, device_id: str) -> list[str]:
    """Return the entity ids of a device, for pickers limited to it."""
    return [e.entity_id for e in er.async_entries_for_device(er.async_get(hass), device_id)]


class ConnectedSteps(ConfigSubentryFlow):
    """Add a connected appliance (a mapped integration's device, or any device)."""

    _device_id: str
    _integration: str
    _generic: dict[str, Any]

    def _device_taken(self, device_id: str, *, besides: str | None = None) -> bool:
        return any(
            subentry.data.get(CONF_DEVICE_ID) == device_id and subentry.subentry_id != besides
            for subentry in self._get_entry().subentries.values()
        )

    def _picked_device(
        self, user_input: dict[str, Any], errors: dict[str, str]
    ) -> dr.AnyDeviceEntry | None:
        """Return the picked device, or None with the reason in `errors`."""
        device = dr.async_get(self.hass).async_get(user_input[CONF_DEVICE_ID])
        if device is None:
            errors[CONF_DEVICE_ID] = "device_not_found"
        elif self._device_taken(device.id):
            errors[CONF_DEVICE_ID] = "device_already_watched"
        else:
            return device
        return None

    def _check_common(self, user_input: dict[str, Any], errors: dict[str, str]) -> None:
        if not str(user_input.get(CONF_NAME, "")).strip():
            errors[CONF_NAME] = "name_required"
        if (bought := user_input.get(CONF_PURCHASE_DATE)) and (
            date.fromisoformat(bought) > dt_util.now().date()
        ):
            errors[CONF_PURCHASE_DATE] = "purchase_date_in_future"
        for key in _ADDED_SENSORS:
            if (chosen := user_input.get(key)) and self.hass.states.get(chosen) is None:
                errors[key] = "entity_not_found"

    def _stored(self, user_input: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        data = {
            key: stored_reference(self.hass, user_input[key]) for key in keys if user_input.get(key)
        }
        if user_input.get(CONF_PURCHASE_DATE):
            data[CONF_PURCHASE_DATE] = user_input[CONF_PURCHASE_DATE]
        return data

    def _create(self, title: str, data: dict[str, Any]) -> SubentryFlowResult:
        return self.async_create_entry(
            title=title.strip(),
            data={
                CONF_DEVICE_ID: self._device_id,
                **data,
                CONF_THRESHOLDS: {},
                CONF_PLACE: {},
                CONF_CARE: {},
            },
            unique_id=f"device_{self._device_id}",
        )

    # ------------------------------------------------------- a mapped device

    async def async_step_connected(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Pick an appliance device of LG ThinQ, SmartThings or Home Connect."""
        errors: dict[str, str] = {}
        if user_input is not None:
            device = self._picked_device(user_input, errors)
            integration = self._mapped_integration(device.id) if device is not None else None
            if device is not None and integration is None:
                errors[CONF_DEVICE_ID] = "device_not_mapped"
            elif device is not None and integration is not None:
                self._device_id, self._integration = device.id, integration
                return await self.async_step_connected_details()
        schema = vol.Schema(
            {
                vol.Required(CONF_DEVICE_ID): DeviceSelector(
                    DeviceSelectorConfig(
                        filter=[DeviceFilterSelectorConfig(integration=d) for d in sorted(MAPS)]
                    )
                )
            }
        )
        return self.async_show_form(step_id="connected", data_schema=schema, errors=errors)

    def _mapped_integration(self, device_id: str) -> str | None:
        """Return the mapped integration whose entities the device has, if any."""
        entries = er.async_entries_for_device(er.async_get(self.hass), device_id)
        return next((e.platform for e in entries if e.platform in MAPS), None)

    async def async_step_connected_details(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Name the appliance, confirm its type, and add a power sensor if there is one."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._check_common(user_input, errors)
            data = {
                CONF_INTEGRATION: self._integration,
                CONF_APPLIANCE_TYPE: user_input[CONF_APPLIANCE_TYPE],
                **self._stored(user_input, _ADDED_SENSORS),
            }
            if not errors and not self._reads_enough(data):
                errors["base"] = "no_run_state"
            if not errors:
                return self._create(user_input[CONF_NAME], data)
        device = dr.async_get(self.hass).async_get(self._device_id)
        proposed = proposed_type(self.hass, MAPS[self._integration], self._device_id)
        suggested = {
            CONF_NAME: (device.name_by_user or device.name or "") if device is not None else "",
            CONF_APPLIANCE_TYPE: proposed or str(CareSubject.WASHER),
        }
        schema = vol.Schema(
            {
                vol.Required(CONF_NAME): TextSelector(),
                vol.Required(CONF_APPLIANCE_TYPE): _type_selector(),
                **_power_fields(),
            }
        )
        return self.async_show_form(
            step_id="connected_details",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or suggested),
            errors=errors,
        )

    def _reads_enough(self, data: dict[str, Any]) -> bool:
        """Return whether the chosen entities tell a cycle appliance's run state."""
        subject = CareSubject(data[CONF_APPLIANCE_TYPE])
        if not (subject.runs_cycles or subject is CareSubject.OTHER):
            return True
        probe = _Probe({CONF_DEVICE_ID: self._device_id, **data})
        kinds = {feed.kind for feed in subentry_feeds(self.hass, probe)}  # type: ignore[arg-type]
        return SignalKind.RUN_STATE in kinds

    # --------------------------------------------------------- any device

    async def async_step_generic(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Pick any device that is an appliance."""
        errors: dict[str, str] = {}
        if user_input is not None:
            device = self._picked_device(user_input, errors)
            if device is not None:
                self._device_id = device.id
                self._generic = {}
                return await self.async_step_generic_entities()
        schema = vol.Schema({vol.Required(CONF_DEVICE_ID): DeviceSelector()})
        return self.async_show_form(step_id="generic", data_schema=schema, errors=errors)

    async def async_step_generic_entities(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Pick the device's entities that tell its run state, times, course and door."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._check_common(user_input, errors)
            for key in (CONF_RUN_STATE_ENTITY, *_GENERIC_ENTITIES):
                if (chosen := user_input.get(key)) and self.hass.states.get(chosen) is None:
                    errors[key] = "entity_not_found"
            if not errors:
                self._generic = dict(user_input)
                return await self.async_step_generic_states()
        own = EntitySelector(
            EntitySelectorConfig(include_entities=device_entity_ids(self.hass, self._device_id))
        )
        schema = vol.Schema(
            {
                vol.Required(CONF_NAME): TextSelector(),
                vol.Required(CONF_APPLIANCE_TYPE): _type_selector(),
                vol.Required(CONF_RUN_STATE_ENTITY): own,
                **{vol.Optional(key): own for key in _GENERIC_ENTITIES},
                **_power_fields(),
            }
        )
        device = dr.async_get(self.hass).async_get(self._device_id)
        suggested = self._generic or {
            CONF_NAME: (device.name_by_user or device.name or "") if device is not None else "",
            CONF_APPLIANCE_TYPE: str(CareSubject.WASHER),
        }
        return self.async_show_form(
            step_id="generic_entities",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or suggested),
            errors=errors,
        )

    async def async_step_generic_states(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Map the run-state entity's states to running, paused, finished, idle and off."""
        errors: dict[str, str] = {}
        if user_input is not None:
            state_map: dict[str, str] = {}
            for run in _RUNS:
                for raw in user_input.get(str(run), []):
                    if raw in state_map:
                        errors[str(run)] = "state_mapped_twice"
                    state_map[str(raw)] = str(run)
            if not any(run == Run.RUNNING for run in state_map.values()):
                errors[str(Run.RUNNING)] = "running_state_required"
            if not errors:
                chosen = self._generic
                data = {
                    CONF_INTEGRATION: INTEGRATION_GENERIC,
                    CONF_APPLIANCE_TYPE: chosen[CONF_APPLIANCE_TYPE],
                    **self._stored(
                        chosen, (CONF_RUN_STATE_ENTITY, *_GENERIC_ENTITIES, *_ADDED_SENSORS)
                    ),
                    CONF_STATE_MAP: state_map,
                }
                return self._create(chosen[CONF_NAME], data)
        states = self._known_states(self._generic[CONF_RUN_STATE_ENTITY])
        pick = SelectSelector(
            SelectSelectorConfig(
                options=states, multiple=True, custom_value=True, mode=SelectSelectorMode.DROPDOWN
            )
        )
        schema = vol.Schema({vol.Optional(str(run), default=[]): pick for run in _RUNS})
        return self.async_show_form(
            step_id="generic_states",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or {}),
            errors=errors,
            description_placeholders={"entity": self._generic[CONF_RUN_STATE_ENTITY]},
        )

    def _known_states(self, entity_id: str) -> list[str]:
        """Return the states an entity can take, as far as Home Assistant tells."""
        state = self.hass.states.get(entity_id)
        if state is None:
            return []
        options = state.attributes.get("options")
        known = [str(o) for o in options] if isinstance(options, list) else []
        if state.state not in ("unknown", "unavailable") and state.state not in known:
            known.append(state.state)
        return known

    # ------------------------------------------------------------ reconfigure

    async def async_step_connected_sensors(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change a connected appliance's name, power sensor or purchase date."""
        subentry = self._get_reconfigure_subentry()
        errors: dict[str, str] = {}
        if user_input is not None:
            self._check_common(user_input, errors)
            if not errors:
                replaced = (*_ADDED_SENSORS, CONF_PURCHASE_DATE)
                kept = {k: v for k, v in subentry.data.items() if k not in replaced}
                return self.async_update_and_abort(
                    self._get_entry(),
                    subentry,
                    title=user_input[CONF_NAME].strip(),
                    data={**kept, **self._stored(user_input, _ADDED_SENSORS)},
                )
        current: dict[str, Any] = {CONF_NAME: subentry.title}
        for key in _ADDED_SENSORS:
            if (entity_id := shown_entity_id(self.hass, subentry.data.get(key))) is not None:
                current[key] = entity_id
        if subentry.data.get(CONF_PURCHASE_DATE):
            current[CONF_PURCHASE_DATE] = subentry.data[CONF_PURCHASE_DATE]
        schema = vol.Schema({vol.Required(CONF_NAME): TextSelector(), **_power_fields()})
        return self.async_show_form(
            step_id="connected_sensors",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or current),
            errors=errors,
        )


class _Probe:
    """The parts of a subentry that finding its entities reads, before it exists."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
