"""Downloads of the feature catalog, and the remote index: fetched daily, on demand.

A download is https only, checked while it streams (size) and when complete (checksum).
The remote index is off until the owner turns it on; then it is fetched at most once a
day on schedule, retried hourly while it cannot be reached, logged once per outage, and
reported as a repair issue once an outage has lasted a day.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import datetime
from typing import Any

import aiohttp
from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util
from homeassistant.util.json import json_loads

from .catalog import (
    MAX_INDEX_BYTES,
    CatalogError,
    CatalogIndex,
    DownloadCheck,
    Problem,
    is_https_url,
    parse_index,
)
from .catalog.remote import REFRESH_INTERVAL, RETRY_INTERVAL, RemoteSource
from .const import DOMAIN, LOGGER

ISSUE_UNREACHABLE = "catalog_unreachable"
# A catalog file is small; a server that has not sent it in 30 s is not going to.
DOWNLOAD_TIMEOUT_S = 30
CHUNK_BYTES = 16_384

type Progress = Callable[[float], None]


def feature_error(err: CatalogError) -> HomeAssistantError:
    """Return the translated error of a failed catalog operation."""
    kind = ServiceValidationError if err.problem.by_user else HomeAssistantError
    return kind(
        translation_domain=DOMAIN,
        translation_key=str(err.problem),
        translation_placeholders=dict(err.placeholders),
    )


async def async_download(
    hass: HomeAssistant, url: str, check: DownloadCheck, progress: Progress | None = None
) -> bytes:
    """Return a download checked while it streams; raise CatalogError.

    `progress` is called with the bytes received so far.
    """
    if not is_https_url(url):
        raise CatalogError(Problem.INSECURE_URL, url=url)
    session = async_get_clientsession(hass)
    try:
        async with asyncio.timeout(DOWNLOAD_TIMEOUT_S), session.get(url) as response:
            response.raise_for_status()
            if not is_https_url(str(response.url)):  # redirected to plain http
                raise CatalogError(Problem.INSECURE_URL, url=str(response.url))
            length = response.headers.get(aiohttp.hdrs.CONTENT_LENGTH, "")
            check.declared(int(length) if length.isdigit() else None)
            async for chunk in response.content.iter_chunked(CHUNK_BYTES):
                check.feed(chunk)
                if progress is not None:
                    progress(check.received)
    except TimeoutError as err:
        raise CatalogError(Problem.DOWNLOAD_TIMEOUT, url=url) from err
    except aiohttp.ClientError as err:
        raise CatalogError(Problem.DOWNLOAD_FAILED, url=url, error=str(err)) from err
    return check.result()


async def async_fetch_index(
    hass: HomeAssistant, url: str, known: Any = None
) -> tuple[dict[str, Any], CatalogIndex]:
    """Return a remote index as fetched and as read; raise CatalogError.

    Entries left out are logged when the index differs from `known` (the last one).
    """
    content = await async_download(hass, url, DownloadCheck(limit=MAX_INDEX_BYTES))
    try:
        data = json_loads(content)
    except ValueError as err:
        raise CatalogError(Problem.INVALID_CATALOG, url=url) from err
    if not isinstance(data, dict):
        raise CatalogError(Problem.INVALID_CATALOG, url=url)
    try:
        index, rejected = parse_index(data)
    except CatalogError as err:
        raise CatalogError(Problem.INVALID_CATALOG, url=url) from err
    if rejected and data != known:
        LOGGER.warning("Feature catalog %s: left out %s", url, "; ".join(rejected))
    return data, index


class RemoteCatalog:
    """The remote index: where it is, what it last said, and when to fetch it again."""

    def __init__(
        self,
        hass: HomeAssistant,
        source: RemoteSource,
        on_change: Callable[[], Awaitable[None]],
    ) -> None:
        """Take the stored source; `on_change` saves and shows whatever changed."""
        self._hass = hass
        self.source = source
        self.index = self._parse(source)
        self._on_change = on_change
        self._fetch: asyncio.Task[None] | None = None
        self._scheduled: asyncio.Task[None] | None = None
        self._unschedule: CALLBACK_TYPE | None = None
        self._outage_logged = False

    @staticmethod
    def _parse(source: RemoteSource) -> CatalogIndex | None:
        if not source.enabled or source.index is None:
            return None
        try:
            index, _ = parse_index(source.index)
        except CatalogError:
            return None
        return index

    @callback
    def async_start(self) -> None:
        """Schedule the first fetch (none while the remote catalog is off)."""
        self._schedule(self.source.first_fetch(dt_util.utcnow()))

    @callback
    def async_stop(self) -> None:
        """Stop fetching, and cancel a fetch under way (the entry unloads)."""
        self._schedule(None)
        for task in (self._scheduled, self._fetch):
            if task is not None and not task.done():
                task.cancel()
        self._scheduled = self._fetch = None

    def _schedule(self, when: datetime | None) -> None:
        if self._unschedule is not None:
            self._unschedule()
            self._unschedule = None
        if when is not None:
            job = HassJob(self._async_due, "appliance_care catalog", cancel_on_shutdown=True)
            self._unschedule = async_track_point_in_utc_time(self._hass, job, when)

    @callback
    def _async_due(self, _now: datetime) -> None:
        self._unschedule = None
        self._scheduled = self._hass.async_create_background_task(
            self._async_scheduled(), "appliance_care catalog fetch"
        )

    async def _async_scheduled(self) -> None:
        # A failure is recorded, logged once per outage and retried; nobody waits for it.
        with suppress(HomeAssistantError):
            await self.async_refresh()

    async def async_refresh(self) -> None:
        """Fetch the remote index now; concurrent calls share one fetch.

        Does nothing while the remote catalog is off. Raises the translated error of a
        failed fetch.
        """
        if not self.source.enabled:
            return
        if self._fetch is None:
            self._fetch = self._hass.async_create_task(self._async_fetch_once())
        fetch = self._fetch
        try:
            await asyncio.shield(fetch)
        finally:
            if self._fetch is fetch and fetch.done():
                self._fetch = None

    async def _async_fetch_once(self) -> None:
        source = self.source
        try:
            data, index = await async_fetch_index(self._hass, source.url, source.index)
        except CatalogError as err:
            self.source = source.failed(dt_util.utcnow())
            self._report_outage(err)
            self._schedule(dt_util.utcnow() + RETRY_INTERVAL)
            await self._on_change()
            raise feature_error(err) from err
        if source.unreachable_since is not None or self._outage_logged:
            LOGGER.info("Feature catalog %s can be fetched again", source.url)
        self._outage_logged = False
        ir.async_delete_issue(self._hass, DOMAIN, ISSUE_UNREACHABLE)
        self.source = source.fetched(dt_util.utcnow(), data)
        self.index = index
        self._schedule(dt_util.utcnow() + REFRESH_INTERVAL)
        await self._on_change()

    def _report_outage(self, err: CatalogError) -> None:
        if not self._outage_logged:
            self._outage_logged = True
            LOGGER.warning(
                "Feature catalog %s cannot be fetched (%s); retrying every hour",
                self.source.url,
                err,
            )
        if self.source.outage_is_long(dt_util.utcnow()):
            ir.async_create_issue(
                self._hass,
                DOMAIN,
                ISSUE_UNREACHABLE,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_UNREACHABLE,
                translation_placeholders={"url": self.source.url},
            )

    async def async_set(self, url: str, *, enabled: bool) -> None:
        """Use another remote index, or none; an index turned on must be readable now.

        Raises the translated error (and changes nothing) when it is not.
        """
        if not is_https_url(url):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key=str(Problem.INSECURE_URL),
                translation_placeholders={"url": url},
            )
        source = RemoteSource(enabled=enabled, url=url)
        index: CatalogIndex | None = None
        if enabled:
            try:
                data, index = await async_fetch_index(self._hass, url)
            except CatalogError as err:
                raise feature_error(err) from err
            source = source.fetched(dt_util.utcnow(), data)
        self._outage_logged = False
        ir.async_delete_issue(self._hass, DOMAIN, ISSUE_UNREACHABLE)
        self.source, self.index = source, index
        self._schedule(dt_util.utcnow() + REFRESH_INTERVAL if enabled else None)
        await self._on_change()
