"""What removed appliances leave behind (saved history, repair issues), deleted.

The home keeps a list of its subentries in storage. At every setup, subentries that are no
longer there are forgotten: whether they were removed while the home ran, while it was
disabled, or while it failed to load.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store

from .appliance import appliance_storage_key
from .care_watch import care_storage_key
from .const import (
    CONF_SOURCE,
    DOMAIN,
    HOME_TITLE,
    SOURCE_DEMO,
    STORAGE_VERSION,
    SUBENTRY_APPLIANCE,
    SUBENTRY_DEMO,
)
from .saved_watch import async_read_saved
from .sources.kinds import storage_of

HOME_STORAGE_KEY = f"{DOMAIN}.home"
_SUBENTRIES = "subentries"


def _store(hass: HomeAssistant) -> Store[dict[str, Any]]:
    return Store(hass, STORAGE_VERSION, HOME_STORAGE_KEY)


async def async_forget_removed(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Delete what subentries removed since the last setup left; remember the present ones."""
    store = _store(hass)
    stored = await async_read_saved(hass, store, name=HOME_TITLE, issue_id="unreadable_home")
    known = stored.get(_SUBENTRIES) if isinstance(stored, dict) else None
    present = {s.subentry_id: s.subentry_type for s in entry.subentries.values()}
    if isinstance(known, dict):
        for subentry_id, subentry_type in known.items():
            if subentry_id not in present and isinstance(subentry_type, str):
                await async_forget_subentry(hass, subentry_id, subentry_type)
    if known != present:
        await store.async_save({_SUBENTRIES: present})


async def async_forget_subentry(hass: HomeAssistant, subentry_id: str, subentry_type: str) -> None:
    """Delete everything a subentry's appliances saved, and their repair issues."""
    appliance_keys, shared_keys = storage_of(subentry_id, subentry_type)
    keys = [appliance_storage_key(key) for key in appliance_keys]
    keys += [care_storage_key(key) for key in appliance_keys] + shared_keys
    for key in keys:
        await Store[dict[str, object]](hass, STORAGE_VERSION, key).async_remove()
    # Issue ids carry the appliance's key (care findings, unreadable history, its sensor).
    for domain, issue_id in list(ir.async_get(hass).issues):
        if domain == DOMAIN and any(key in issue_id for key in (subentry_id, *appliance_keys)):
            ir.async_delete_issue(hass, DOMAIN, issue_id)


async def async_forget_home(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Delete what the home's appliances saved when the home entry is removed."""
    for subentry in entry.subentries.values():
        await async_forget_subentry(hass, subentry.subentry_id, subentry.subentry_type)
    await _store(hass).async_remove()


async def async_forget_unmerged(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Delete what an entry of version 1 that was never merged into the home saved."""
    merged = any(
        entry.entry_id in home.subentries
        for home in hass.config_entries.async_entries(DOMAIN)
        if home.entry_id != entry.entry_id
    )
    if merged:
        return  # its data lives on in the home
    kind = SUBENTRY_DEMO if entry.data.get(CONF_SOURCE) == SOURCE_DEMO else SUBENTRY_APPLIANCE
    await async_forget_subentry(hass, entry.entry_id, kind)
    ir.async_delete_issue(hass, DOMAIN, f"migration_failed_{entry.entry_id}")
