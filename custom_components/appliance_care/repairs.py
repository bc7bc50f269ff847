"""Repairs fix flows: confirming a care finding's fix records the maintenance."""

from __future__ import annotations

from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import probatio as vol

from .care_watch import CareWatch, loaded_cares
from .engine.care import MaintenanceKind, MaintenanceRecord


def find_care(hass: HomeAssistant, prefix: str) -> CareWatch | None:
    """Return the running care rules of an appliance by its unique prefix."""
    return next((care for care in loaded_cares(hass) if care.unique_prefix == prefix), None)


class RecordMaintenanceFlow(RepairsFlow):
    """Asks the user to confirm they did the maintenance, then records it."""

    def __init__(self, prefix: str, fix: MaintenanceKind, name: str) -> None:
        """Remember which appliance and which maintenance the issue is about."""
        self._prefix = prefix
        self._fix = fix
        self._name = name

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Go to the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Record the maintenance once the user confirms."""
        if user_input is not None:
            care = find_care(self.hass, self._prefix)
            if care is None:
                return self.async_abort(reason="appliance_not_loaded")
            care.async_record(MaintenanceRecord(kind=self._fix, at=dt_util.utcnow().timestamp()))
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={
                "name": self._name,
                "maintenance": str(self._fix).replace("_", " "),
            },
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Create the fix flow of a care finding's Repairs issue."""
    data = data or {}
    return RecordMaintenanceFlow(
        prefix=str(data.get("prefix", "")),
        fix=MaintenanceKind(str(data.get("fix"))),
        name=str(data.get("name", "")),
    )
