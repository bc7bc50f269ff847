"""The demo connected washer's own entities: what its integration would show.

A real connected washer comes with its integration's entities (run state, course,
remaining time, counters, error); the simulated one shows the same on its device, with a
course select and a start button, so its device page looks like a connected appliance's
with Appliance Care's entities on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import UnitOfTime
from homeassistant.helpers.entity import Entity

from .coordinator import ApplianceCoordinator
from .entity import ApplianceEntity

if TYPE_CHECKING:
    from .simulator.connected_washer import MachineReport
    from .sources.demo_connected import DemoConnectedWasher


@dataclass(frozen=True, kw_only=True)
class MachineSensorDescription(SensorEntityDescription):
    """One figure the washer's cloud reports."""

    value_fn: Callable[[MachineReport], str | int | None]


def _sensor_descriptions(machine: DemoConnectedWasher) -> tuple[MachineSensorDescription, ...]:
    return (
        MachineSensorDescription(
            key="machine_state",
            translation_key="machine_state",
            device_class=SensorDeviceClass.ENUM,
            options=machine.states,
            value_fn=lambda r: str(r.state),
        ),
        MachineSensorDescription(
            key="machine_course",
            translation_key="machine_course",
            device_class=SensorDeviceClass.ENUM,
            options=machine.courses,
            value_fn=lambda r: r.course,
        ),
        MachineSensorDescription(
            key="machine_remaining",
            translation_key="machine_remaining",
            device_class=SensorDeviceClass.DURATION,
            native_unit_of_measurement=UnitOfTime.MINUTES,
            value_fn=lambda r: r.remaining_min,
        ),
        MachineSensorDescription(
            key="machine_tub_count",
            translation_key="machine_tub_count",
            value_fn=lambda r: r.tub_count,
        ),
        MachineSensorDescription(
            key="machine_error",
            translation_key="machine_error",
            value_fn=lambda r: r.error_code,
        ),
    )


START = ButtonEntityDescription(key="machine_start", translation_key="machine_start")


class MachineEntity(ApplianceEntity):
    """An entity of the demo connected washer's own."""

    @property
    def washer(self) -> DemoConnectedWasher:
        """Return the simulated washer (platforms create these only for it)."""
        machine = self.coordinator.source.demo_machine
        if machine is None:
            raise TypeError("a machine entity of an appliance that is no demo washer")
        return machine


class MachineSensor(MachineEntity, SensorEntity):
    """A figure the washer's cloud reports."""

    entity_description: MachineSensorDescription

    def shown_value(self) -> object:
        """Return the value, so unchanged updates skip the state write."""
        return self.native_value

    @property
    def native_value(self) -> str | int | None:
        """Return the figure from the latest report."""
        return self.entity_description.value_fn(self.washer.report)


class MachineCourseSelect(MachineEntity, SelectEntity):
    """The course the next start runs."""

    def shown_value(self) -> object:
        """Return the selected course."""
        return self.current_option

    @property
    def current_option(self) -> str | None:
        """Return the selected course."""
        return self.washer.course

    async def async_select_option(self, option: str) -> None:
        """Select a course (one runs: it applies to the next start)."""
        self.washer.async_select_course(option)
        self.coordinator.async_refresh_entities()


class MachineStartButton(MachineEntity, ButtonEntity):
    """Starts the selected course now."""

    def shown_value(self) -> object:
        """Return nothing that changes: a button's state is its last press."""
        return None

    async def async_press(self) -> None:
        """Start the course (a running cycle is left as it is)."""
        self.washer.async_start_course()


def machine_entities(coordinator: ApplianceCoordinator, platform: str) -> list[Entity]:
    """Return the washer's own entities of one platform (none for other appliances)."""
    machine = coordinator.source.demo_machine
    if machine is None:
        return []
    if platform == "sensor":
        return [MachineSensor(coordinator, d) for d in _sensor_descriptions(machine)]
    if platform == "select":
        course = SelectEntityDescription(
            key="machine_course_select",
            translation_key="machine_course_select",
            options=machine.courses,
        )
        return [MachineCourseSelect(coordinator, course)]
    return [MachineStartButton(coordinator, START)]
