"""The feature catalog inside Home Assistant: installing, storage, what is installed where.

One catalog serves the home: it belongs to the Appliance Care entry and lives while the
entry is loaded. It holds the index bundled with the integration, plus a remote index the
owner may turn on (`appliance_care.set_catalog`; see feature_fetch.py). Blueprints are
added and removed through Home Assistant's blueprint API, as
`blueprints/automation/appliance_care/<id>.yaml`; courses go into the
demo appliances (the one source that takes downloads), which register here as course
targets when their update platform is set up.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

from homeassistant.components.automation import automations_with_blueprint
from homeassistant.components.automation.helpers import (
    async_get_blueprints as async_get_automation_blueprints,
)
from homeassistant.components.blueprint import BlueprintInUse
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceNotFound, ServiceValidationError
from homeassistant.helpers.storage import Store
from homeassistant.loader import async_get_integration
from homeassistant.util.json import json_loads

from .blueprint_check import blueprint_name, validate_blueprint
from .catalog import (
    MAX_FEATURE_BYTES,
    Catalog,
    CatalogDocument,
    CatalogEntry,
    CatalogError,
    CatalogIndex,
    DownloadCheck,
    FeatureKind,
    FirmwareRelease,
    InstalledFeature,
    Problem,
    feature_file,
    parse_index,
    require_feature_id,
)
from .catalog.verify import check_content
from .const import DOMAIN, HOME_TITLE, LOGGER, STORAGE_VERSION
from .feature_courses import CourseTargets
from .feature_fetch import Progress, RemoteCatalog, async_download, feature_error
from .runtime import loaded_runtime
from .saved_watch import async_read_saved
from .simulator import ApplianceKind
from .sources.demo_home import DemoHome

STORAGE_KEY = f"{DOMAIN}.features"
BUNDLED = Path(__file__).parent / "catalog" / "bundled"
BLUEPRINT_FOLDER = ("blueprints", "automation", DOMAIN)
# Share of an install's progress bar the download takes; checking and writing the rest.
DOWNLOAD_SHARE_PCT = 90.0


def _read_bundled(path: Path) -> bytes:
    return path.read_bytes()


def _load_bundled() -> CatalogIndex:
    index, rejected = parse_index(json_loads((BUNDLED / "index.json").read_bytes()))
    if rejected:  # the build script checks every entry: this is a packaging error
        LOGGER.error("Bundled feature catalog has invalid entries: %s", "; ".join(rejected))
    return index


class FeatureCatalog:
    """The integration's feature catalog and the features installed from it."""

    def __init__(self, hass: HomeAssistant, integration_version: str) -> None:
        """Prepare an empty catalog; async_load reads it."""
        self._hass = hass
        self._version = integration_version
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
        self._document = CatalogDocument()
        self._bundled = CatalogIndex()
        self.remote = RemoteCatalog(hass, self._document.remote, self._async_remote_changed)
        self.catalog = Catalog(self._bundled, None, integration_version)
        self._listeners: list[CALLBACK_TYPE] = []
        self.courses = CourseTargets()
        self._install_lock = asyncio.Lock()

    # -- loading and state -------------------------------------------------------------

    async def async_load(self) -> None:
        """Read the bundled index and what was installed; schedule the remote fetch."""
        self._bundled = await self._hass.async_add_executor_job(_load_bundled)
        stored = await async_read_saved(
            self._hass, self._store, name=HOME_TITLE, issue_id="unreadable_features"
        )
        document, lost = CatalogDocument.from_json(stored)
        for reason in lost:
            LOGGER.warning("Forgetting an installed feature that cannot be read: %s", reason)
        gone = await self._hass.async_add_executor_job(self._deleted_blueprints, document)
        for feature_id in gone:
            LOGGER.info("Blueprint %s was deleted outside Appliance Care", feature_id)
            document = document.without(feature_id)
        self._document = document
        self.remote = RemoteCatalog(self._hass, document.remote, self._async_remote_changed)
        self._rebuild()
        self.remote.async_start()

    def _deleted_blueprints(self, document: CatalogDocument) -> list[str]:
        return [
            feature.entry.id
            for feature in document.installed.values()
            if feature.entry.kind is FeatureKind.BLUEPRINT
            and not self._blueprint_path(feature.entry.id).is_file()
        ]

    async def _async_remote_changed(self) -> None:
        self._document = replace(self._document, remote=self.remote.source)
        await self._async_save()
        self._rebuild()

    def _rebuild(self) -> None:
        self.catalog = Catalog(self._bundled, self.remote.index, self._version)
        for listener in list(self._listeners):
            listener()

    async def _async_save(self) -> None:
        await self._store.async_save(self._document.to_json())

    @property
    def installed(self) -> dict[str, InstalledFeature]:
        """Return the installed features by id."""
        return dict(self._document.installed)

    @property
    def language(self) -> str:
        """Return the language texts of the catalog are shown in."""
        return self._hass.config.language

    def firmware(self, kind: ApplianceKind) -> FirmwareRelease | None:
        """Return the newest firmware announced for a kind of appliance."""
        return self.catalog.firmware(str(kind))

    @callback
    def async_add_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `listener` whenever the catalog or the installed features change."""
        self._listeners.append(listener)

        @callback
        def remove() -> None:
            self._listeners.remove(listener)

        return remove

    # -- where courses go -------------------------------------------------------------

    async def async_add_course_target(self, entry_id: str, demo_home: DemoHome) -> CALLBACK_TYPE:
        """Take a demo home's appliances as course targets; bring their courses up to date."""
        catalog_courses = {
            feature_id
            for feature_id, offer in self.catalog.offers.items()
            if offer.newest.kind is FeatureKind.COURSE
        }
        return await self.courses.async_add(
            entry_id, demo_home, self._document.installed, catalog_courses
        )

    # -- installing --------------------------------------------------------------------

    def _blueprint_path(self, feature_id: str) -> Path:
        folder = Path(self._hass.config.path(*BLUEPRINT_FOLDER))
        return feature_file(folder, feature_id, FeatureKind.BLUEPRINT.suffix)

    def _entry_to_install(self, feature_id: str, version: str | None) -> CatalogEntry:
        offer = self.catalog.offer(require_feature_id(feature_id))
        if offer is None:
            raise CatalogError(Problem.UNKNOWN_FEATURE, id=feature_id)
        entry = offer.latest
        if entry is None:
            raise CatalogError(
                Problem.NEEDS_NEWER_INTEGRATION,
                id=feature_id,
                version=offer.newest.min_integration_version,
            )
        if version is not None and version != entry.version:
            raise CatalogError(Problem.VERSION_UNAVAILABLE, id=feature_id, version=version)
        return entry

    async def _async_content(self, entry: CatalogEntry, progress: Progress | None) -> bytes:
        check = DownloadCheck(limit=MAX_FEATURE_BYTES, size=entry.size, sha256=entry.sha256)
        if self.catalog.bundles(entry):
            folder = BUNDLED / f"{entry.kind}s"
            path = feature_file(folder, entry.id, entry.kind.suffix)
            data = await self._hass.async_add_executor_job(_read_bundled, path)
            return check_content(
                data, limit=MAX_FEATURE_BYTES, size=entry.size, sha256=entry.sha256
            )
        share = DOWNLOAD_SHARE_PCT / entry.size
        return await async_download(
            self._hass,
            entry.url,
            check,
            None if progress is None else lambda done: progress(done * share),
        )

    async def async_install(
        self, feature_id: str, *, version: str | None = None, progress: Progress | None = None
    ) -> InstalledFeature:
        """Install (or update) a feature to its latest version; all or nothing.

        Raises the translated error of whatever stopped it; nothing is written then.
        """
        try:
            entry = self._entry_to_install(feature_id, version)
            async with self._install_lock:
                content = await self._async_content(entry, progress)
                program = None
                if entry.kind is FeatureKind.BLUEPRINT:
                    await self._async_install_blueprint(entry, content)
                else:
                    program = await self.courses.async_install(entry, content)
                feature = InstalledFeature(entry=entry, program=program)
                self._document = self._document.with_installed(feature)
                await self._async_save()
        except CatalogError as err:
            raise feature_error(err) from err
        self._rebuild()
        return feature

    async def _async_install_blueprint(self, entry: CatalogEntry, content: bytes) -> None:
        """Add a checked blueprint through Home Assistant's blueprint API.

        Home Assistant writes it, shows it in Settings > Blueprints at once, and reloads
        the automations using it when it replaces an older version.
        """
        path = self._blueprint_path(entry.id)
        blueprint = await self._hass.async_add_executor_job(validate_blueprint, entry.id, content)
        if not await self._hass.async_add_executor_job(self._inside_config, path):
            raise CatalogError(Problem.OUTSIDE_CONFIG, id=entry.id, folder=str(path.parent))
        try:
            await async_get_automation_blueprints(self._hass).async_add_blueprint(
                blueprint, blueprint_name(entry.id), allow_override=True
            )
        except OSError as err:
            raise CatalogError(Problem.WRITE_FAILED, id=entry.id, error=str(err)) from err
        except ServiceNotFound:
            # Automations are not loaded: nothing uses the blueprint yet.
            LOGGER.debug("Blueprint %s updated with automations not loaded", entry.id)
        except HomeAssistantError as err:
            # Written; the automations using it could not reload (their configuration).
            LOGGER.warning("Blueprint %s is updated; automations did not reload: %s", entry.id, err)

    def _inside_config(self, path: Path) -> bool:
        """Return whether a path resolves inside the configuration folder (no link leads out)."""
        config = Path(self._hass.config.config_dir).resolve()
        return path.parent.resolve().is_relative_to(config)

    async def async_uninstall(self, feature_id: str) -> None:
        """Remove an installed feature; raise the translated error of what stopped it."""
        try:
            feature = self._installed_feature(feature_id)
            async with self._install_lock:
                if feature.entry.kind is FeatureKind.BLUEPRINT:
                    await self._async_remove_blueprint(feature_id)
                else:
                    await self.courses.async_remove(feature)
                self._document = self._document.without(feature_id)
                await self._async_save()
        except CatalogError as err:
            raise feature_error(err) from err
        self._rebuild()

    # -- the blueprints, as the options flow shows them ---------------------------------

    def blueprints_offered(self) -> dict[str, str]:
        """Return the installable blueprints by id, with their titles in the language."""
        language = self.language
        return {
            feature_id: offer.latest.title.in_language(language)
            for feature_id, offer in self.catalog.offers.items()
            if offer.latest is not None and offer.latest.kind is FeatureKind.BLUEPRINT
        }

    def installed_blueprints(self) -> set[str]:
        """Return the ids of the installed blueprints."""
        return {
            feature_id
            for feature_id, feature in self._document.installed.items()
            if feature.entry.kind is FeatureKind.BLUEPRINT
        }

    async def async_match_blueprints(self, wanted: set[str]) -> list[HomeAssistantError]:
        """Install the wanted blueprints and remove the other offered ones; return what failed.

        A blueprint the catalog no longer offers (the remote catalog turned off) is left
        installed: the owner could not see it to keep it.
        """
        failed: list[HomeAssistantError] = []
        installed = self.installed_blueprints() & set(self.blueprints_offered())
        for feature_id in sorted(wanted - installed):
            try:
                await self.async_install(feature_id)
            except HomeAssistantError as err:
                failed.append(err)
        for feature_id in sorted(installed - wanted):
            try:
                await self.async_uninstall(feature_id)
            except HomeAssistantError as err:
                failed.append(err)
        return failed

    async def async_add_bundled_blueprints(self) -> None:
        """Add each bundled blueprint once, as Home Assistant adds its own at first start.

        One the owner removed later, or a file of that name already there, is left alone.
        """
        added = set(self._document.bundled_added)
        for feature_id, offer in self.catalog.offers.items():
            if feature_id in added or offer.latest is None or not offer.bundled:
                continue
            if offer.latest.kind is not FeatureKind.BLUEPRINT:
                continue
            added.add(feature_id)
            exists = await self._hass.async_add_executor_job(
                self._blueprint_path(feature_id).exists
            )
            if exists or feature_id in self._document.installed:
                continue
            try:
                await self.async_install(feature_id)
            except HomeAssistantError as err:
                LOGGER.warning("Bundled blueprint %s was not added: %s", feature_id, err)
        if added != self._document.bundled_added:
            self._document = replace(self._document, bundled_added=frozenset(added))
            await self._async_save()

    def _installed_feature(self, feature_id: str) -> InstalledFeature:
        feature = self._document.installed.get(require_feature_id(feature_id))
        if feature is None:
            raise CatalogError(Problem.NOT_INSTALLED, id=feature_id)
        return feature

    async def _async_remove_blueprint(self, feature_id: str) -> None:
        """Remove a blueprint through Home Assistant's API, which refuses one in use."""
        path = self._blueprint_path(feature_id)
        if not await self._hass.async_add_executor_job(self._inside_config, path):
            raise CatalogError(Problem.OUTSIDE_CONFIG, id=feature_id, folder=str(path.parent))
        name = blueprint_name(feature_id)
        try:
            await async_get_automation_blueprints(self._hass).async_remove_blueprint(name)
        except BlueprintInUse as err:
            users = automations_with_blueprint(self._hass, name)
            raise CatalogError(Problem.IN_USE, id=feature_id, users=", ".join(users)) from err
        except FileNotFoundError:
            LOGGER.debug("Blueprint %s was already deleted", feature_id)
        except OSError as err:
            raise CatalogError(Problem.WRITE_FAILED, id=feature_id, error=str(err)) from err


async def async_setup_feature_catalog(hass: HomeAssistant, entry: ConfigEntry) -> FeatureCatalog:
    """Create and load the home's feature catalog; it stops fetching when the entry unloads."""
    integration = await async_get_integration(hass, DOMAIN)
    catalog = FeatureCatalog(hass, str(integration.version))
    await catalog.async_load()
    entry.async_on_unload(catalog.remote.async_stop)
    return catalog


def catalog_of(hass: HomeAssistant) -> FeatureCatalog:
    """Return the loaded home's feature catalog; a translated error if none is loaded."""
    runtime = loaded_runtime(hass)
    if runtime is None:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="not_loaded")
    return runtime.catalog
