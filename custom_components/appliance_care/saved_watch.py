"""What appliances and their care rules share: memory in Home Assistant storage.

Both keep their state in a Store, save it when Home Assistant stops or the entry
unloads, and keep saved state they cannot read beside it (nothing recorded is lost)
with one repair issue to say where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import UnsupportedStorageVersionError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store

from .const import DOMAIN, LOGGER, STORAGE_VERSION


class NotAStoreDocumentError(ValueError):
    """A saved file that parses but is not what Home Assistant's storage writes."""


def _raw_text(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None


async def async_read_saved(
    hass: HomeAssistant, store: Store[dict[str, Any]], *, name: str, issue_id: str
) -> object:
    """Return what a store holds (None if nothing), never raising on what is on disk.

    A document written by a newer version stays untouched: the store turns read-only and a
    repair issue says why (after a downgrade or the restore of a newer backup). A file that
    is not a store document at all (null, an array, no data) is kept aside with its own
    repair issue, and reading starts afresh.
    """
    try:
        return await store.async_load()
    except UnsupportedStorageVersionError as err:
        store.make_read_only()
        LOGGER.warning(
            "%s was saved by a newer version of Appliance Care (%s); it is left as it is "
            "and nothing is saved over it",
            name,
            err,
        )
        ir.async_create_issue(
            hass,
            DOMAIN,
            f"newer_{issue_id}",
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="newer_history",
            translation_placeholders={"name": name, "key": store.key},
        )
        return None
    except (TypeError, KeyError, ValueError, AttributeError) as err:
        raw = await hass.async_add_executor_job(_raw_text, store.path)
        await async_keep_unreadable(hass, store.key, raw, err, issue_id=issue_id, name=name)
        return None


async def async_keep_unreadable(
    hass: HomeAssistant, key: str, stored: object, err: Exception, *, issue_id: str, name: str
) -> None:
    """Keep saved state that cannot be read beside it, and tell the user once."""
    backup_key = f"{key}.unreadable"
    await Store[dict[str, Any]](hass, STORAGE_VERSION, backup_key).async_save(
        {"stored": stored, "error": str(err)}
    )
    LOGGER.warning(
        "Saved history of %s could not be read (%s); it was kept as %s and learning starts afresh",
        name,
        err,
        backup_key,
    )
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="unreadable_history",
        translation_placeholders={"name": name, "backup": backup_key},
    )


class SavedWatch:
    """Base of WatchedAppliance and CareWatch: a Store, read before it is ever written."""

    def __init__(self, hass: HomeAssistant, storage_key: str) -> None:
        """Prepare the storage under the given key."""
        self.hass = hass
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, storage_key)
        self._storage_key = storage_key
        # Set once saved state was read: until then, saving would overwrite it.
        self._loaded = False
        # While held (a demo home living its past), nothing is written: the past is saved
        # whole once lived, or not at all and lived again.
        self._held = False
        self._save_wanted = False

    def _document(self) -> dict[str, Any]:
        """Return what is saved."""
        raise NotImplementedError

    @callback
    def _save_later(self, delay: float) -> None:
        """Save after `delay` seconds (changes meanwhile are saved with it)."""
        if self._held:
            self._save_wanted = True
            return
        self._store.async_delay_save(self._document, delay)

    @callback
    def hold_saves(self) -> None:
        """Write nothing until async_release_saves (or ever, if that never comes)."""
        self._held = True

    async def async_release_saves(self) -> None:
        """Write again, and now what was held back."""
        self._held = False
        if self._save_wanted and self._loaded:
            self._save_wanted = False
            await self._store.async_save(self._document())

    async def async_stop(self) -> None:
        """Save now (the entry unloads), unless saves are held."""
        if self._loaded and not self._held:
            await self._store.async_save(self._document())

    async def async_remove_storage(self) -> None:
        """Delete what was saved (when the appliance is removed)."""
        await self._store.async_remove()

    @callback
    def async_save_at_stop(self) -> None:
        """Save with the store's final write as Home Assistant stops, unless saves are held."""
        if self._loaded and not self._held:
            self._store.async_delay_save(self._document)

    async def _async_read(self, *, name: str, issue_id: str) -> object:
        """Return what was saved; see async_read_saved."""
        return await async_read_saved(self.hass, self._store, name=name, issue_id=issue_id)

    async def _async_keep_unreadable(
        self, stored: object, err: Exception, *, issue_id: str, name: str
    ) -> None:
        """Keep saved state that cannot be read beside it, and tell the user once."""
        await async_keep_unreadable(
            self.hass, self._storage_key, stored, err, issue_id=issue_id, name=name
        )
