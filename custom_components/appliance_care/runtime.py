"""What the loaded Appliance Care entry holds, typed; platforms import from here.

Importing this module does not import the simulator or the feature catalog: the
platforms that need them import them themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from .const import DOMAIN
from .coordinator import ApplianceCoordinator

if TYPE_CHECKING:
    from .features import FeatureCatalog
    from .home_climate import HomeClimate
    from .price import ElectricityPrice
    from .sources.kinds import SubentrySources


@dataclass(kw_only=True)
class SubentryRuntime:
    """The sources of one subentry and the coordinator of each of its appliances."""

    sources: SubentrySources
    coordinators: list[ApplianceCoordinator] = field(default_factory=list)


@dataclass(kw_only=True)
class ApplianceCareRuntime:
    """The home's catalog and climate, and its appliances by subentry."""

    catalog: FeatureCatalog
    climate: HomeClimate
    price: ElectricityPrice
    subentries: dict[str, SubentryRuntime] = field(default_factory=dict)

    def coordinators(self) -> Iterator[ApplianceCoordinator]:
        """Yield the coordinator of every appliance of the home."""
        for subentry in self.subentries.values():
            yield from subentry.coordinators


type ApplianceCareConfigEntry = ConfigEntry[ApplianceCareRuntime]


def loaded_runtime(hass: HomeAssistant) -> ApplianceCareRuntime | None:
    """Return the runtime of the loaded Appliance Care entry, if it is loaded."""
    entries: list[ApplianceCareConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    return entries[0].runtime_data if entries else None


def loaded_coordinators(hass: HomeAssistant) -> Iterator[ApplianceCoordinator]:
    """Yield the coordinator of every loaded appliance."""
    if (runtime := loaded_runtime(hass)) is not None:
        yield from runtime.coordinators()


def coordinator_by_key(hass: HomeAssistant, key: str) -> ApplianceCoordinator | None:
    """Return a loaded appliance by the key of its profile."""
    return next((c for c in loaded_coordinators(hass) if c.profile.key == key), None)
