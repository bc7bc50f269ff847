"""Courses and firmware in the appliances that take downloads: the demo appliances.

A course installs into every loaded demo home that has its kind of appliance; a demo home
set up later gets the installed courses then, and loses courses uninstalled meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping, Set as AbstractSet
from typing import Any

from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util.json import json_loads

from .catalog import CatalogEntry, CatalogError, FirmwareRelease, InstalledFeature, Problem
from .const import DOMAIN, LOGGER
from .feature_fetch import feature_error
from .simulator import (
    CYCLE_KINDS,
    ApplianceKind,
    SimulationError,
    parse_program,
    program_to_mapping,
)
from .sources.demo_home import DemoHome


def simulation_error(err: SimulationError, **placeholders: str) -> HomeAssistantError:
    """Return the translated error of a program or firmware the appliance refused."""
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=err.key, translation_placeholders=placeholders
    )


class CourseTargets:
    """The loaded demo homes, whose washers, dryers and dishwashers take courses."""

    def __init__(self) -> None:
        """Start with none; each demo home adds itself when its updates are set up."""
        self._homes: dict[str, DemoHome] = {}

    async def async_add(
        self,
        entry_id: str,
        demo_home: DemoHome,
        installed: Mapping[str, InstalledFeature],
        catalog_courses: AbstractSet[str],
    ) -> CALLBACK_TYPE:
        """Take a demo home; give it the installed courses, take the uninstalled ones away.

        Only programs named like a course of the catalog are taken away: the programs
        that came with new firmware stay.
        """
        self._homes[entry_id] = demo_home
        home = demo_home.home
        courses = {
            feature_id: feature
            for feature_id, feature in installed.items()
            if feature.program is not None
        }
        for kind in (kind for kind in home.kinds if kind in CYCLE_KINDS):
            present = set(home.installed_programs(kind))
            for feature_id, feature in courses.items():
                if feature.entry.appliance == kind and feature_id not in present:
                    try:
                        home.install_program(kind, feature_id, parse_program(kind, feature.program))
                    except SimulationError as err:
                        LOGGER.warning("Cannot install course %s again: %s", feature_id, err)
            for name in present & catalog_courses - courses.keys():
                try:
                    home.uninstall_program(kind, name)
                except SimulationError as err:
                    LOGGER.warning("Course %s stays until it has run: %s", name, err)
        await demo_home.async_save()

        @callback
        def remove() -> None:
            del self._homes[entry_id]

        return remove

    def _targets(self, entry: CatalogEntry) -> tuple[ApplianceKind, list[DemoHome]]:
        appliance = str(entry.appliance)
        targets = [
            demo_home
            for demo_home in self._homes.values()
            if appliance in {str(kind) for kind in demo_home.home.kinds if kind in CYCLE_KINDS}
        ]
        if not targets:
            raise CatalogError(Problem.NO_APPLIANCE, id=entry.id, appliance=appliance)
        return ApplianceKind(appliance), targets

    async def async_install(self, entry: CatalogEntry, content: bytes) -> dict[str, Any]:
        """Install a checked course download; return its program as stored course data.

        Raises CatalogError NO_APPLIANCE or INVALID_COURSE, or the appliance's refusal.
        """
        kind, targets = self._targets(entry)
        try:
            data = json_loads(content)
        except ValueError as err:
            LOGGER.warning("Course %s cannot be installed: %s", entry.id, err)
            raise CatalogError(Problem.INVALID_COURSE, id=entry.id) from err
        if not isinstance(data, dict) or (data.get("id"), data.get("appliance")) != (
            entry.id,
            entry.appliance,
        ):
            LOGGER.warning("Course %s is not the course the catalog lists", entry.id)
            raise CatalogError(Problem.INVALID_COURSE, id=entry.id)
        try:
            recipe = parse_program(kind, data.get("program"))
        except SimulationError as err:
            LOGGER.warning("Course %s cannot be installed: %s", entry.id, err)
            raise CatalogError(Problem.INVALID_COURSE, id=entry.id) from err
        for demo_home in targets:
            try:
                demo_home.home.install_program(kind, entry.id, recipe)
            except SimulationError as err:
                raise simulation_error(err, program=entry.id, id=entry.id) from err
            await demo_home.async_save()
        return program_to_mapping(recipe)

    async def async_remove(self, feature: InstalledFeature) -> None:
        """Take a course out of every appliance that has it; raise the appliance's refusal."""
        kind = ApplianceKind(str(feature.entry.appliance))
        for demo_home in self._homes.values():
            if feature.entry.id not in demo_home.home.installed_programs(kind):
                continue
            try:
                demo_home.home.uninstall_program(kind, feature.entry.id)
            except SimulationError as err:
                raise simulation_error(err, program=feature.entry.id, id=feature.entry.id) from err
            await demo_home.async_save()


async def async_install_firmware(
    demo_home: DemoHome, kind: ApplianceKind, release: FirmwareRelease
) -> None:
    """Put announced firmware, and the programs it brings, on a demo appliance."""
    programs = {}
    for name, data in release.programs.items():
        try:
            programs[name] = parse_program(kind, data)
        except SimulationError as err:
            LOGGER.warning("Firmware %s brings a broken course: %s", release.version, err)
            raise feature_error(CatalogError(Problem.INVALID_COURSE, id=name)) from err
    try:
        demo_home.home.update_firmware(kind, release.version, programs)
    except SimulationError as err:
        names = ", ".join(programs) or release.version
        raise simulation_error(err, program=names, id=names, version=release.version) from err
    await demo_home.async_save()
