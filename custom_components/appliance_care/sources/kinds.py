"""Which sources each kind of subentry brings.

Each subentry names its kind; `async_open_sources` turns it into the sources it brings
(one appliance behind a power sensor, or the seven appliances of the demo home), so that
setting up never asks which kind it is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir

from ..const import (
    CONF_APPLIANCE_TYPE,
    CONF_DEVICE_ID,
    DOMAIN,
    SUBENTRY_APPLIANCE,
    SUBENTRY_DEMO,
)
from ..simulator import ApplianceKind
from ..texts import async_option_texts
from .base import ApplianceSource
from .connected import ConnectedSource, async_device_gone, device_removed_issue
from .demo import demo_appliance_key, demo_appliances, demo_home_of
from .demo_connected import CONNECTED_WASHER, DemoConnectedWasher, demo_connected_key
from .demo_home import demo_storage_key
from .demo_past import async_live_past
from .power_sensor import PowerSensorSource

if TYPE_CHECKING:
    from ..coordinator import ApplianceCoordinator


@dataclass(kw_only=True)
class SubentrySources:
    """The sources one subentry brings, and how to stop what they share."""

    sources: Sequence[ApplianceSource]
    stop: Callable[[], Awaitable[None]] | None = None
    catch_up: Callable[[Sequence[ApplianceCoordinator]], Awaitable[object]] | None = None
    """Lives what the sources had before they were added (a new demo home's past)."""

    async def async_catch_up(self, coordinators: Sequence[ApplianceCoordinator]) -> None:
        """Let the appliances learn from the time before they were added, if there was any."""
        if self.catch_up is not None:
            await self.catch_up(coordinators)

    async def async_stop(self) -> None:
        """Stop what the sources share (the demo's simulation), saving it."""
        if self.stop is not None:
            await self.stop()


async def _async_power_sensor(
    hass: HomeAssistant, entry_id: str, subentry: ConfigSubentry
) -> SubentrySources:
    if CONF_DEVICE_ID in subentry.data:
        return _connected(hass, entry_id, subentry)
    models = await async_option_texts(hass, "appliance_type")
    source = PowerSensorSource(
        hass, entry_id, subentry, model=models.get(str(subentry.data[CONF_APPLIANCE_TYPE]))
    )
    return SubentrySources(sources=[source])


async def _async_demo(
    hass: HomeAssistant, entry_id: str, subentry: ConfigSubentry
) -> SubentrySources:
    models = await async_option_texts(hass, "demo_model")
    demo_home = demo_home_of(hass, subentry)
    await demo_home.async_start()
    connected = DemoConnectedWasher(demo_home, subentry.subentry_id, models.get(CONNECTED_WASHER))

    async def catch_up(coordinators: Sequence[ApplianceCoordinator]) -> object:
        return await async_live_past(hass, demo_home, coordinators)

    return SubentrySources(
        sources=[*demo_appliances(demo_home, subentry.subentry_id, models), connected],
        stop=demo_home.async_stop,
        catch_up=catch_up,
    )


def _connected(hass: HomeAssistant, entry_id: str, subentry: ConfigSubentry) -> SubentrySources:
    """Return a connected appliance's source; none while its device is gone."""
    device = dr.async_get(hass).async_get(subentry.data[CONF_DEVICE_ID])
    if device is None:
        async_device_gone(hass, entry_id, subentry.subentry_id, subentry.title)
        return SubentrySources(sources=[])
    ir.async_delete_issue(hass, DOMAIN, device_removed_issue(subentry.subentry_id))
    return SubentrySources(sources=[ConnectedSource(hass, entry_id, subentry, device)])


type Opener = Callable[[HomeAssistant, str, ConfigSubentry], Awaitable[SubentrySources]]

_OPENERS: dict[str, Opener] = {
    SUBENTRY_APPLIANCE: _async_power_sensor,
    SUBENTRY_DEMO: _async_demo,
}


async def async_open_sources(
    hass: HomeAssistant, entry_id: str, subentry: ConfigSubentry
) -> SubentrySources:
    """Return the sources of a subentry, with whatever they share started."""
    return await _OPENERS[subentry.subentry_type](hass, entry_id, subentry)


def storage_of(subentry_id: str, subentry_type: str) -> tuple[list[str], list[str]]:
    """Return a subentry's appliance keys and the storage keys of what the sources share."""
    if subentry_type == SUBENTRY_DEMO:
        keys = [demo_appliance_key(subentry_id, kind) for kind in ApplianceKind]
        keys.append(demo_connected_key(subentry_id))
        return keys, [demo_storage_key(subentry_id)]
    return [subentry_id], []
