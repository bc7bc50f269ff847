"""The catalog as the owner sees it: the bundled index and the remote one, merged."""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .model import CatalogEntry, CatalogIndex, FirmwareRelease
from .versions import parse_version


@dataclass(frozen=True, slots=True, kw_only=True)
class Offer:
    """What the catalog offers of one feature."""

    newest: CatalogEntry
    """The newest version listed, whatever integration it needs."""
    latest: CatalogEntry | None
    """The newest version this integration can install (None: all need a newer one)."""
    bundled: bool
    """Whether `latest` ships with the integration, so it installs without a download."""


def _version(item: CatalogEntry | FirmwareRelease) -> tuple[int, ...]:
    return parse_version(item.version)


class Catalog:
    """The features and firmware on offer, newest first; bundled content wins a tie."""

    def __init__(
        self, bundled: CatalogIndex, remote: CatalogIndex | None, integration_version: str
    ) -> None:
        """Merge the bundled index with the remote one for this integration version."""
        self._bundled = {(e.id, e.version, e.sha256) for e in bundled.features}
        # Bundled entries come first, so that they win a tie with the remote index.
        entries = [*bundled.features, *(remote.features if remote else ())]
        runnable = parse_version(integration_version)
        offers: dict[str, Offer] = {}
        for feature_id in sorted({entry.id for entry in entries}):
            # max() keeps the first of equals: the bundled entry wins a tie.
            versions = [entry for entry in entries if entry.id == feature_id]
            latest = max(
                (e for e in versions if parse_version(e.min_integration_version) <= runnable),
                key=_version,
                default=None,
            )
            offers[feature_id] = Offer(
                newest=max(versions, key=_version),
                latest=latest,
                bundled=latest is not None and self.bundles(latest),
            )
        self.offers: Mapping[str, Offer] = MappingProxyType(offers)
        releases = [*bundled.firmware, *(remote.firmware if remote else ())]
        firmware: dict[str, FirmwareRelease] = {}
        for release in releases:
            current = firmware.get(release.appliance)
            if current is None or _version(release) > _version(current):
                firmware[release.appliance] = release
        self._firmware = firmware

    def bundles(self, entry: CatalogEntry) -> bool:
        """Return whether exactly this entry's content ships with the integration."""
        return (entry.id, entry.version, entry.sha256) in self._bundled

    def offer(self, feature_id: str) -> Offer | None:
        """Return what is on offer of a feature, if the catalog lists it."""
        return self.offers.get(feature_id)

    def firmware(self, appliance: str) -> FirmwareRelease | None:
        """Return the newest firmware announced for a kind of appliance."""
        return self._firmware.get(appliance)
