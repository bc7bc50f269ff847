"""The health index sensor of every appliance: 0 to 100, with its reasons.

It shows what the coordinator worked out (appliance_health.py); the reasons are codes and
numbers, translated in the user interface.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)

from .entity import ApplianceEntity

HEALTH = SensorEntityDescription(
    key="health_index",
    translation_key="health_index",
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=0,
)


class HealthSensor(ApplianceEntity, SensorEntity):
    """The appliance's health index, with its reasons as attributes."""

    # The index is the history worth keeping; its reasons are the moment's explanation.
    _unrecorded_attributes = frozenset({"reasons"})

    def shown_value(self) -> object:
        """Return the index and its reasons; unchanged, the state write is skipped."""
        health = self.coordinator.health
        return None if health is None else (health.index, health.reasons)

    @property
    def native_value(self) -> int | None:
        """Return the index."""
        health = self.coordinator.health
        return None if health is None else health.index

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the reasons: codes, the points each takes off, and their numbers."""
        health = self.coordinator.health
        if health is None:
            return None
        main = next((r.code for r in health.reasons if r.points > 0), "none")
        return {"main_reason": main, "reasons": [reason.as_dict() for reason in health.reasons]}
