"""The remote catalog's settings and health, and the document kept between restarts.

When to fetch is decided here, from the clock the caller passes: a successful fetch holds
for a day, a failed one is retried every hour, and an outage becomes the owner's concern
(a repair issue) only once it has lasted a day.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from .model import InstalledFeature
from .parse import entry_to_mapping, parse_entry

DEFAULT_URL = (
    "https://raw.githubusercontent.com/appliance-care/appliance-care/main/catalog/index.json"
)
"""The catalog file of this integration's repository."""

REFRESH_INTERVAL = timedelta(days=1)
"""At most one scheduled fetch a day: features are released every few weeks (the issue)."""
RETRY_INTERVAL = timedelta(hours=1)
"""After a failed fetch; an hour rides out a router restart without hammering a server."""
REPAIR_AFTER = timedelta(days=1)
"""An outage this long is worth the owner's attention; a shorter one heals on its own."""
STARTUP_DELAY = timedelta(minutes=1)
"""A fetch due at startup waits this long, so that it does not slow the start down."""

DOCUMENT_VERSION = 1


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoteSource:
    """Where the remote catalog is, what it last said, and since when it cannot be reached.

    Off until the owner turns it on: nothing leaves the house unless the owner asks.
    """

    enabled: bool = False
    url: str = DEFAULT_URL
    index: Mapping[str, Any] | None = None
    """The index as last fetched, unparsed (it is parsed again on every load)."""
    fetched_at: datetime | None = None
    unreachable_since: datetime | None = None

    def first_fetch(self, now: datetime) -> datetime | None:
        """Return when to fetch after a start; None while the remote catalog is off."""
        if not self.enabled:
            return None
        if self.fetched_at is not None and self.unreachable_since is None:
            due = self.fetched_at + REFRESH_INTERVAL
            if due > now:
                return due
        return now + STARTUP_DELAY

    def fetched(self, now: datetime, index: Mapping[str, Any]) -> RemoteSource:
        """Return the source after a successful fetch."""
        return replace(self, index=index, fetched_at=now, unreachable_since=None)

    def failed(self, now: datetime) -> RemoteSource:
        """Return the source after a failed fetch; the outage starts at the first failure."""
        return replace(self, unreachable_since=self.unreachable_since or now)

    def outage_is_long(self, now: datetime) -> bool:
        """Return whether the catalog has been unreachable for a day or more."""
        since = self.unreachable_since
        return since is not None and now - since >= REPAIR_AFTER

    def to_json(self) -> dict[str, Any]:
        """Return the source as stored."""
        return {
            "enabled": self.enabled,
            "url": self.url,
            "index": None if self.index is None else dict(self.index),
            "fetched_at": None if self.fetched_at is None else self.fetched_at.isoformat(),
            "unreachable_since": (
                None if self.unreachable_since is None else self.unreachable_since.isoformat()
            ),
        }

    @classmethod
    def from_json(cls, data: Any) -> RemoteSource:
        """Read a stored source; anything unreadable takes its default."""
        if not isinstance(data, Mapping):
            return cls()
        url = data.get("url")
        index = data.get("index")
        return cls(
            enabled=data.get("enabled") is True,
            url=url if isinstance(url, str) and url else DEFAULT_URL,
            index=index if isinstance(index, Mapping) else None,
            fetched_at=_time(data.get("fetched_at")),
            unreachable_since=_time(data.get("unreachable_since")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogDocument:
    """Everything the catalog keeps between restarts."""

    remote: RemoteSource = field(default_factory=RemoteSource)
    installed: Mapping[str, InstalledFeature] = field(default_factory=lambda: MappingProxyType({}))
    bundled_added: frozenset[str] = frozenset()
    """Bundled blueprints added once at setup: one the owner removed is not added again."""

    def with_installed(self, feature: InstalledFeature) -> CatalogDocument:
        """Return the document with a feature installed (or updated)."""
        installed = dict(self.installed) | {feature.entry.id: feature}
        return replace(self, installed=MappingProxyType(installed))

    def without(self, feature_id: str) -> CatalogDocument:
        """Return the document with a feature no longer installed."""
        installed = {key: value for key, value in self.installed.items() if key != feature_id}
        return replace(self, installed=MappingProxyType(installed))

    def to_json(self) -> dict[str, Any]:
        """Return the document as stored."""
        return {
            "version": DOCUMENT_VERSION,
            "remote": self.remote.to_json(),
            "bundled_added": sorted(self.bundled_added),
            "installed": [
                {
                    "entry": entry_to_mapping(feature.entry),
                    "program": None if feature.program is None else dict(feature.program),
                }
                for feature in self.installed.values()
            ],
        }

    @classmethod
    def from_json(cls, data: Any) -> tuple[CatalogDocument, tuple[str, ...]]:
        """Read a stored document and say what could not be read (and is forgotten)."""
        if not isinstance(data, Mapping):
            return cls(), ()
        installed: dict[str, InstalledFeature] = {}
        lost: list[str] = []
        items = data.get("installed")
        for item in items if isinstance(items, list) else []:
            try:
                entry = parse_entry(item.get("entry") if isinstance(item, Mapping) else None)
            except ValueError as err:
                lost.append(str(err))
                continue
            program = item.get("program")
            installed[entry.id] = InstalledFeature(
                entry=entry, program=program if isinstance(program, Mapping) else None
            )
        added = data.get("bundled_added")
        document = cls(
            remote=RemoteSource.from_json(data.get("remote")),
            installed=MappingProxyType(installed),
            bundled_added=frozenset(
                item for item in (added if isinstance(added, list) else []) if isinstance(item, str)
            ),
        )
        return document, tuple(lost)
