"""Sensor descriptions of the maintenance log: last done, next due, filter life."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory

from .care_kinds import FILTERING
from .care_watch import CareWatch
from .engine.care import MaintenanceKind


@dataclass(frozen=True, kw_only=True)
class CareSensorDescription(SensorEntityDescription):
    """Describes one maintenance sensor of an appliance."""

    value_fn: Callable[[CareWatch], float | datetime | date | None]


def _last_done(kind: MaintenanceKind) -> Callable[[CareWatch], datetime | None]:
    def value(care: CareWatch) -> datetime | None:
        return care.last_done(kind)

    return value


def _next_due(kind: MaintenanceKind) -> Callable[[CareWatch], date | None]:
    def value(care: CareWatch) -> date | None:
        return care.next_due_date(kind)

    return value


def _cycles_since(kind: MaintenanceKind) -> Callable[[CareWatch], float | None]:
    def value(care: CareWatch) -> float | None:
        due = care.due(kind)
        return due.cycles_since if due is not None else None

    return value


def _filter_replace_by(care: CareWatch) -> date | None:
    return care.next_due_date(MaintenanceKind.FILTER_REPLACE)


def care_descriptions(care: CareWatch) -> list[CareSensorDescription]:
    """Return the maintenance sensors of one appliance."""
    descriptions = [
        CareSensorDescription(
            key=f"last_{kind}",
            translation_key=f"last_{kind}",
            device_class=SensorDeviceClass.TIMESTAMP,
            value_fn=_last_done(kind),
        )
        for kind in care.maintenance_buttons()
    ]
    for kind in care.reminder_kinds():
        descriptions.append(
            CareSensorDescription(
                key=f"next_{kind}",
                translation_key=f"next_{kind}",
                device_class=SensorDeviceClass.DATE,
                value_fn=_next_due(kind),
            )
        )
        descriptions.append(
            CareSensorDescription(
                key=f"cycles_since_{kind}",
                translation_key=f"cycles_since_{kind}",
                entity_category=EntityCategory.DIAGNOSTIC,
                state_class=SensorStateClass.MEASUREMENT,
                value_fn=_cycles_since(kind),
            )
        )
    if care.subject in FILTERING:
        descriptions.append(
            CareSensorDescription(
                key="filter_remaining",
                translation_key="filter_remaining",
                native_unit_of_measurement=PERCENTAGE,
                state_class=SensorStateClass.MEASUREMENT,
                suggested_display_precision=0,
                value_fn=lambda c: (
                    round(left, 1)
                    if c.monitor is not None
                    and (left := c.monitor.filter_remaining_pct) is not None
                    else None
                ),
            )
        )
    if care.subject in FILTERING or care.reports_filter:
        # A connected appliance's own filter (a fridge's water filter) too: the
        # integration shows what is left; the forecast is Appliance Care's.
        descriptions.append(
            CareSensorDescription(
                key="filter_replace_by",
                translation_key="filter_replace_by",
                device_class=SensorDeviceClass.DATE,
                value_fn=_filter_replace_by,
            )
        )
    return descriptions
