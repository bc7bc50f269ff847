"""What appliances and their care rules share: memory in Home Assistant storage.

Both keep their state in a Store, save it when Home Assistant stops or the entry
unloads, and keep saved state they cannot read beside it (nothing recorded is lost)
with one repair issue to say where.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store

from .const import DOMAIN, LOGGER, STORAGE_VERSION


class SavedWatch:
    """Base of WatchedAppliance and CareWatch: a Store, read before it is ever written."""

    def __init__(self, hass: HomeAssistant, storage_key: str) -> None:
        """Prepare the storage under the given key."""
        self.hass = hass
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, storage_key)
        self._storage_key = storage_key
        # Set once saved state was read: until then, saving would overwrite it.
        self._loaded = False

    def _document(self) -> dict[str, Any]:
        """Return what is saved."""
        raise NotImplementedError

    async def async_stop(self) -> None:
        """Save now (the entry unloads)."""
        if self._loaded:
            await self._store.async_save(self._document())

    async def async_remove_storage(self) -> None:
        """Delete what was saved (when the appliance is removed)."""
        await self._store.async_remove()

    @callback
    def async_save_at_stop(self) -> None:
        """Save with the store's final write as Home Assistant stops."""
        if self._loaded:
            self._store.async_delay_save(self._document)

    async def _async_keep_unreadable(
        self, stored: object, err: Exception, *, issue_id: str, name: str
    ) -> None:
        """Keep saved state that cannot be read beside it, and tell the user once."""
        backup_key = f"{self._storage_key}.unreadable"
        await Store[dict[str, Any]](self.hass, STORAGE_VERSION, backup_key).async_save(
            {"stored": stored, "error": str(err)}
        )
        LOGGER.warning(
            "Saved history of %s could not be read (%s); it was kept as %s and learning "
            "starts afresh",
            name,
            err,
            backup_key,
        )
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="unreadable_history",
            translation_placeholders={"sensor": name, "backup": backup_key},
        )
