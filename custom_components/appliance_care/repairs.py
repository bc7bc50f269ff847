"""Repairs fix flows: record the maintenance a finding asks for; replace a removed sensor."""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.selector import EntitySelector, EntitySelectorConfig
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import CONF_POWER_SENSOR, CONF_THRESHOLDS, DOMAIN
from .engine.care import MaintenanceKind, MaintenanceRecord
from .engine_options import option_key
from .runtime import coordinator_by_key
from .sources.tracked import stored_reference
from .texts import async_option_texts


def _appliance(
    hass: HomeAssistant, issue_id: str, entry_id: str, subentry_id: str
) -> tuple[ConfigEntry, ConfigSubentry] | None:
    """Return the home entry and the appliance an issue is about; drop the issue if gone."""
    entry = hass.config_entries.async_get_entry(entry_id)
    subentry = entry.subentries.get(subentry_id) if entry is not None else None
    if entry is None or subentry is None:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return None
    return entry, subentry


class ConfirmFlow(RepairsFlow):
    """A fix flow of one step: the user confirms, and the fix is done."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Go to the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Show the confirmation, or do the fix once confirmed."""
        raise NotImplementedError


class ApplianceIssueFlow(RepairsFlow):
    """A fix flow about one appliance of the home (its issue goes if the appliance went)."""

    def __init__(self, issue_id: str, entry_id: str, subentry_id: str) -> None:
        """Remember the issue and the appliance it is about."""
        self._issue_id = issue_id
        self._entry_id = entry_id
        self._subentry_id = subentry_id

    def _found(self) -> tuple[ConfigEntry, ConfigSubentry] | None:
        return _appliance(self.hass, self._issue_id, self._entry_id, self._subentry_id)


class RecordMaintenanceFlow(ConfirmFlow):
    """Asks the user to confirm they did the maintenance, then records it."""

    def __init__(self, prefix: str, fix: MaintenanceKind, name: str) -> None:
        """Remember which appliance and which maintenance the issue is about."""
        self._prefix = prefix
        self._fix = fix
        self._name = name

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Record the maintenance once the user confirms."""
        if user_input is not None:
            coordinator = coordinator_by_key(self.hass, self._prefix)
            if coordinator is None:
                return self.async_abort(reason="appliance_not_loaded")
            coordinator.async_record(
                MaintenanceRecord(kind=self._fix, at=dt_util.utcnow().timestamp())
            )
            return self.async_create_entry(data={})
        names = await async_option_texts(self.hass, "maintenance_kind")
        maintenance = names.get(str(self._fix), str(self._fix))
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"name": self._name, "maintenance": maintenance},
        )


class ReplaceSensorFlow(ApplianceIssueFlow):
    """Asks for another power sensor in place of one that was removed."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Go to picking the new sensor."""
        return await self.async_step_pick()

    async def async_step_pick(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Pick the new power sensor; the appliance keeps everything it learned."""
        found = self._found()
        if found is None:
            return self.async_abort(reason="appliance_removed")
        entry, subentry = found
        errors: dict[str, str] = {}
        if user_input is not None:
            power = stored_reference(self.hass, user_input[CONF_POWER_SENSOR])
            if any(
                other.unique_id == power and other.subentry_id != subentry.subentry_id
                for other in entry.subentries.values()
            ):
                errors[CONF_POWER_SENSOR] = "already_watched"
            else:
                changed = self.hass.config_entries.async_update_subentry(
                    entry,
                    subentry,
                    data={**subentry.data, CONF_POWER_SENSOR: power},
                    unique_id=power,
                )
                if not changed:
                    # The same sensor, back again: nothing changed to reload on, so reload.
                    self.hass.config_entries.async_schedule_reload(entry.entry_id)
                ir.async_delete_issue(self.hass, DOMAIN, self._issue_id)
                return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="pick",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_POWER_SENSOR): EntitySelector(
                        EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.POWER)
                    )
                }
            ),
            errors=errors,
            description_placeholders={"name": subentry.title},
        )


class RemoveApplianceFlow(ApplianceIssueFlow, ConfirmFlow):
    """Removes a connected appliance whose device is gone, once the user confirms."""

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Remove the appliance (and what it recorded) once the user confirms."""
        found = self._found()
        if found is None:
            return self.async_abort(reason="appliance_removed")
        entry, subentry = found
        if user_input is not None:
            self.hass.config_entries.async_remove_subentry(entry, subentry.subentry_id)
            ir.async_delete_issue(self.hass, DOMAIN, self._issue_id)
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"name": subentry.title},
        )


class RaiseOffThresholdFlow(ApplianceIssueFlow, ConfirmFlow):
    """Raises an appliance's off threshold above its measured standby, once confirmed."""

    def __init__(self, issue_id: str, data: dict[str, str | int | float | None]) -> None:
        """Remember the appliance and the threshold proposed."""
        super().__init__(issue_id, str(data.get("entry_id", "")), str(data.get("subentry_id", "")))
        proposed = data.get("proposed")
        self._proposed = float(proposed) if isinstance(proposed, int | float) else None

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Set the threshold (what the appliance learned is kept)."""
        found = self._found()
        if found is None or self._proposed is None:
            return self.async_abort(reason="appliance_removed")
        entry, subentry = found
        if user_input is not None:
            thresholds = {**subentry.data.get(CONF_THRESHOLDS, {})}
            thresholds[option_key("off_threshold_w")] = self._proposed
            self.hass.config_entries.async_update_subentry(
                entry, subentry, data={**subentry.data, CONF_THRESHOLDS: thresholds}
            )
            ir.async_delete_issue(self.hass, DOMAIN, self._issue_id)
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"name": subentry.title, "proposed_w": str(self._proposed)},
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Create the fix flow of a Repairs issue of Appliance Care."""
    data = data or {}
    if issue_id.startswith("source_removed_"):
        return ReplaceSensorFlow(
            issue_id, str(data.get("entry_id", "")), str(data.get("subentry_id", ""))
        )
    if issue_id.startswith("off_threshold_"):
        return RaiseOffThresholdFlow(issue_id, data)
    if issue_id.startswith("device_removed_"):
        return RemoveApplianceFlow(
            issue_id, str(data.get("entry_id", "")), str(data.get("subentry_id", ""))
        )
    return RecordMaintenanceFlow(
        prefix=str(data.get("prefix", "")),
        fix=MaintenanceKind(str(data.get("fix"))),
        name=str(data.get("name", "")),
    )
