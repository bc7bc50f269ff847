"""The real Home Connect integration, its client library talking to a stand-in Home Connect API.

`async_setup_home_connect` sets up core's `home_connect` integration with an OAuth token
that needs no refresh. Its client library, aiohomeconnect, speaks HTTP through an httpx
client; the harness hands it one whose transport (`httpx.MockTransport`) answers the Home
Connect API routes from the fixtures in `fixtures/home_connect` and serves the event
stream (`GET /api/homeappliances/events`) as a `text/event-stream` body fed from a queue.

Every change a test makes travels the real path: the harness writes a server-sent event
(STATUS, NOTIFY or EVENT) into the stream, aiohomeconnect parses it, the integration's
event listener hands it to the appliance's coordinator and the entities update. A push
returns once the listener has asked the stream for the next message (so it has handled
the pushed one) and Home Assistant has settled.

The integration registers its event sensors (supplies, alarms) disabled; the harness sets
up with them enabled, as a user who enables them would have them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
import json
from pathlib import Path
import time
from typing import Any
from unittest.mock import patch

from homeassistant.components.application_credentials import (
    ClientCredential,
    async_import_client_credential,
)
from homeassistant.components.home_connect.sensor import HomeConnectEventSensor
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import httpx
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care.sources.connected_map import Run

DOMAIN = "home_connect"
FIXTURES = Path(__file__).parent / "fixtures" / "home_connect"
APPLIANCE_ROLES = {
    "Washer": "washer",
    "Dryer": "dryer",
    "Dishwasher": "dishwasher",
    "FridgeFreezer": "refrigerator",
}
"""The fixture appliances by Home Connect type, and the name the harness knows each by."""

OPERATION_STATE = "BSH.Common.Status.OperationState"
DOOR_STATE = "BSH.Common.Status.DoorState"
FRIDGE_DOOR = "Refrigeration.Common.Status.Door.Refrigerator"
REMAINING_TIME = "BSH.Common.Option.RemainingProgramTime"
PROGRAM_PROGRESS = "BSH.Common.Option.ProgramProgress"
ACTIVE_PROGRAM = "BSH.Common.Root.ActiveProgram"
EVENT_PRESENT = "BSH.Common.EnumType.EventPresentState.Present"
EVENT_OFF = "BSH.Common.EnumType.EventPresentState.Off"

RUN_VALUES = {
    Run.OFF: "BSH.Common.EnumType.OperationState.Inactive",
    Run.IDLE: "BSH.Common.EnumType.OperationState.Ready",
    Run.RUNNING: "BSH.Common.EnumType.OperationState.Run",
    Run.PAUSED: "BSH.Common.EnumType.OperationState.Pause",
    Run.FINISHED: "BSH.Common.EnumType.OperationState.Finished",
    Run.ERROR: "BSH.Common.EnumType.OperationState.Error",
}
"""The Home Connect operation state the harness sends for each `Run`."""

SETTLE_ROUNDS = 200
PUSH_TIMEOUT_S = 10.0


def _fixture(name: str) -> Any:
    """Return a fixture file's JSON."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _error(status: int, key: str, description: str) -> httpx.Response:
    """Return an error answer as the Home Connect API gives it."""
    return httpx.Response(status, json={"error": {"key": key, "description": description}})


def _data(data: Any) -> httpx.Response:
    """Return a successful answer carrying `data`."""
    return httpx.Response(200, json={"data": data})


@dataclass
class _ApplianceState:
    """What the stand-in API knows of one appliance, changed as the harness pushes."""

    info: dict[str, Any]
    status: dict[str, dict[str, Any]]
    settings: dict[str, dict[str, Any]]
    programs: list[dict[str, Any]]
    selected: dict[str, Any] | None
    active: dict[str, Any] | None
    commands: list[dict[str, Any]]
    definitions: dict[str, list[dict[str, Any]]]
    raised: set[str] = field(default_factory=set)
    """Event keys raised by the harness and not yet cleared."""

    def all_programs(self) -> dict[str, Any]:
        """Return the programs answer: every program, and the active and selected ones."""
        programs: dict[str, Any] = {"programs": self.programs}
        if self.active is not None:
            programs["active"] = self.active
        if self.selected is not None:
            programs["selected"] = self.selected
        return programs

    @classmethod
    def load(cls, info: dict[str, Any], role: str) -> _ApplianceState:
        """Read an appliance's fixture."""
        fixture = _fixture(role)
        return cls(
            info=info,
            status={item["key"]: item for item in fixture["status"]},
            settings={item["key"]: item for item in fixture["settings"]},
            programs=fixture["programs"],
            selected=fixture["selected"],
            active=fixture["active"],
            commands=fixture["commands"],
            definitions=fixture["program_definitions"],
        )


class _EventFeed:
    """The event stream's messages, and whether the listener has handled all of them."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[bytes] = asyncio.Queue()
        self._waiting = asyncio.Event()
        self.open_streams = 0
        self.connections = 0

    def put(self, message: bytes) -> None:
        """Queue one message for the stream."""
        self._waiting.clear()
        self._queue.put_nowait(message)

    async def async_wait_handled(self) -> None:
        """Wait until the stream's reader asks for more with nothing left to give it."""
        async with asyncio.timeout(PUSH_TIMEOUT_S):
            await self._waiting.wait()

    @property
    def reader_waiting(self) -> bool:
        """Whether a reader is connected and waiting for the next message."""
        return self._waiting.is_set()

    async def chunks(self) -> AsyncIterator[bytes]:
        """Yield the queued messages as they come, one message a chunk."""
        while True:
            if self._queue.empty():
                self._waiting.set()
            message = await self._queue.get()
            yield message


class _EventStream(httpx.AsyncByteStream):
    """The body of one connection to the event stream: open until the client closes it."""

    def __init__(self, feed: _EventFeed) -> None:
        self._feed = feed
        self._closed = False
        feed.open_streams += 1
        feed.connections += 1

    async def __aiter__(self) -> AsyncIterator[bytes]:
        """Yield the feed's messages."""
        async for chunk in self._feed.chunks():
            yield chunk

    async def aclose(self) -> None:
        """Count the connection closed."""
        if not self._closed:
            self._closed = True
            self._feed.open_streams -= 1


class _HomeConnectApi:
    """The Home Connect API routes the integration calls, answered from the fixtures."""

    def __init__(self, appliances: dict[str, _ApplianceState]) -> None:
        self.appliances = appliances
        self.feed = _EventFeed()
        self.requests: list[str] = []

    async def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        self.requests.append(f"{request.method} {request.url.path}")
        parts = request.url.path.strip("/").split("/")
        if parts[:2] != ["api", "homeappliances"]:
            return _error(404, "SDK.Error.NotFound", "No such route")
        rest = parts[2:]
        if request.method != "GET":
            return _error(403, "SDK.Error.ForbiddenAccess", "The stand-in API only reads")
        if not rest:
            return _data({"homeappliances": [a.info for a in self.appliances.values()]})
        if rest == ["events"]:
            return httpx.Response(
                200,
                headers={"content-type": "text/event-stream"},
                stream=_EventStream(self.feed),
            )
        appliance = self.appliances.get(rest[0])
        if appliance is None:
            return _error(404, "SDK.Error.HomeApplianceNotFound", "Unknown appliance")
        return self._appliance_route(appliance, rest[1:])

    def _appliance_route(self, appliance: _ApplianceState, route: list[str]) -> httpx.Response:
        """Answer a GET below `/homeappliances/{haId}`."""
        data: Any = None
        missing = ("SDK.Error.UnsupportedOperation", "Not offered by this appliance")
        match route:
            case []:
                data = appliance.info
            case ["status"]:
                data = {"status": list(appliance.status.values())}
            case ["status", key]:
                data = appliance.status.get(key)
            case ["settings"]:
                data = {"settings": list(appliance.settings.values())}
            case ["settings", key]:
                data = appliance.settings.get(key)
            case ["commands"]:
                data = {"commands": appliance.commands}
            case ["programs"] if appliance.programs:
                data = appliance.all_programs()
            case ["programs", "active"]:
                data = appliance.active
                missing = ("SDK.Error.NoProgramActive", "No program is active")
            case ["programs", "available", key] if key in appliance.definitions:
                data = {"key": key, "options": appliance.definitions[key]}
        if data is None:
            return _error(404, *missing)
        return _data(data)


@dataclass
class HomeConnectHarness:
    """A set-up Home Connect config entry with the fixture appliances, and ways to drive them."""

    hass: HomeAssistant
    entry: MockConfigEntry
    device_ids: dict[str, str]
    """The device registry id of each fixture appliance: washer, dryer, dishwasher, refrigerator."""
    _api: _HomeConnectApi
    _client: httpx.AsyncClient
    _ha_ids: dict[str, str]

    @property
    def open_event_streams(self) -> int:
        """How many connections to the event stream are open."""
        return self._api.feed.open_streams

    @property
    def requests(self) -> list[str]:
        """The requests the library made, as `METHOD path`, in order."""
        return list(self._api.requests)

    def ha_id(self, appliance: str) -> str:
        """Return an appliance's Home Connect id."""
        return self._ha_ids[appliance]

    async def async_push(self, appliance: str, kind: str, items: Mapping[str, Any]) -> None:
        """Send one server-sent event of `kind` (STATUS, NOTIFY, EVENT) for an appliance.

        Each item is a Home Connect key and its value. Status and settings items also
        change what the API answers from then on, as the appliance's would.
        """
        ha_id = self._ha_ids[appliance]
        state = self._api.appliances[ha_id]
        stamp = int(time.time())
        payload = []
        for key, value in items.items():
            if key in state.status:
                state.status[key]["value"] = value
            elif kind == "STATUS":
                state.status[key] = {"key": key, "value": value}
            if key in state.settings:
                state.settings[key]["value"] = value
            payload.append(
                {
                    "key": key,
                    "value": value,
                    "timestamp": stamp,
                    "level": "alert" if kind == "EVENT" else "hint",
                    "handling": "acknowledge" if kind == "EVENT" else "none",
                    "uri": f"/api/homeappliances/{ha_id}",
                }
            )
        message = (
            f"event: {kind}\ndata: {json.dumps({'items': payload})}\nid: {ha_id}\n\n"
        ).encode()
        self._api.feed.put(message)
        await self._api.feed.async_wait_handled()
        await self.hass.async_block_till_done()

    async def async_set_run(self, appliance: str, run: Run) -> None:
        """Send the operation state that means `run` as a STATUS event."""
        if OPERATION_STATE not in self._state(appliance).status:
            raise ValueError(f"The {appliance} reports no operation state")
        await self.async_push(appliance, "STATUS", {OPERATION_STATE: RUN_VALUES[run]})

    async def async_set_remaining(self, appliance: str, minutes: int | None) -> None:
        """Send the remaining program time (None: no estimate) as a NOTIFY event."""
        await self.async_push(
            appliance, "NOTIFY", {REMAINING_TIME: None if minutes is None else minutes * 60}
        )

    async def async_set_program(self, appliance: str, program: str) -> None:
        """Make `program` (a Home Connect program key) the active program, as a NOTIFY event."""
        self._state(appliance).active = {"key": program, "options": []}
        await self.async_push(appliance, "NOTIFY", {ACTIVE_PROGRAM: program})

    async def async_set_door(self, appliance: str, is_open: bool) -> None:
        """Open or close the appliance's door (a fridge's: its fridge compartment's)."""
        status = self._state(appliance).status
        if DOOR_STATE in status:
            value = f"BSH.Common.EnumType.DoorState.{'Open' if is_open else 'Closed'}"
            await self.async_push(appliance, "STATUS", {DOOR_STATE: value})
        elif FRIDGE_DOOR in status:
            value = f"Refrigeration.Common.EnumType.Door.States.{'Open' if is_open else 'Closed'}"
            await self.async_push(appliance, "STATUS", {FRIDGE_DOOR: value})
        else:
            raise ValueError(f"The {appliance} reports no door")

    async def async_set_error(self, appliance: str, code: str | None) -> None:
        """Raise the Home Connect event `code` as present, or (None) clear those raised."""
        state = self._state(appliance)
        if code is not None:
            state.raised.add(code)
            await self.async_push(appliance, "EVENT", {code: EVENT_PRESENT})
            return
        cleared = sorted(state.raised)
        state.raised.clear()
        if cleared:
            await self.async_push(appliance, "EVENT", dict.fromkeys(cleared, EVENT_OFF))

    async def async_set_progress(self, appliance: str, percent: int) -> None:
        """Send the program progress as a NOTIFY event."""
        await self.async_push(appliance, "NOTIFY", {PROGRAM_PROGRESS: percent})

    def entity_id(self, appliance: str, platform: str, key: str) -> str:
        """Return the id of the appliance's entity of `platform` with this translation key.

        `key` may also be the end of the unique id (a Home Connect key), for entities
        without a translation key.
        """
        registry = er.async_get(self.hass)
        entries = er.async_entries_for_device(
            registry, self.device_ids[appliance], include_disabled_entities=True
        )
        for entry in entries:
            if entry.domain == platform and (
                entry.translation_key == key or entry.unique_id.endswith(f"-{key}")
            ):
                return entry.entity_id
        known = sorted(f"{e.domain}:{e.translation_key}" for e in entries)
        raise LookupError(f"No {platform} {key!r} on the {appliance}; it has {known}")

    async def async_unload(self) -> None:
        """Unload the entry (its event listener ends) and close the HTTP client."""
        if self.entry.state is ConfigEntryState.LOADED:
            assert await self.hass.config_entries.async_unload(self.entry.entry_id)
            await self.hass.async_block_till_done()
        await self._client.aclose()

    def _state(self, appliance: str) -> _ApplianceState:
        return self._api.appliances[self._ha_ids[appliance]]


async def async_setup_home_connect(hass: HomeAssistant) -> HomeConnectHarness:
    """Set up Home Connect with the fixture appliances; return once all their entities exist."""
    appliances: dict[str, _ApplianceState] = {}
    ha_ids: dict[str, str] = {}
    for info in _fixture("appliances")["homeappliances"]:
        role = APPLIANCE_ROLES[info["type"]]
        appliances[info["haId"]] = _ApplianceState.load(info, role)
        ha_ids[role] = info["haId"]
    api = _HomeConnectApi(appliances)
    client = httpx.AsyncClient(transport=httpx.MockTransport(api.handle))

    assert await async_setup_component(hass, "application_credentials", {})
    await async_import_client_credential(
        hass, DOMAIN, ClientCredential("appliance-care-client", "appliance-care-secret")
    )
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home Connect",
        version=1,
        minor_version=3,
        unique_id="appliance-care-account",
        data={
            "auth_implementation": DOMAIN,
            "token": {
                "access_token": "appliance-care-access-token",
                "refresh_token": "appliance-care-refresh-token",
                "token_type": "Bearer",
                "expires_in": 86400,
                "expires_at": time.time() + 10 * 365 * 86400,
                "scope": "IdentifyAppliance Monitor Control Settings",
            },
        },
    )
    entry.add_to_hass(hass)
    with (
        patch("homeassistant.components.home_connect.api.get_async_client", return_value=client),
        patch.object(HomeConnectEventSensor, "_attr_entity_registry_enabled_default", new=True),
    ):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await _async_settle(hass, entry, api)

    devices = dr.async_get(hass)
    device_ids = {}
    for role, ha_id in ha_ids.items():
        device = devices.async_get_device_by_identifier((DOMAIN, ha_id), entry.entry_id)
        assert device is not None, f"No device for the {role}"
        device_ids[role] = device.id
    return HomeConnectHarness(
        hass=hass,
        entry=entry,
        device_ids=device_ids,
        _api=api,
        _client=client,
        _ha_ids=ha_ids,
    )


async def _async_settle(hass: HomeAssistant, entry: MockConfigEntry, api: _HomeConnectApi) -> None:
    """Wait until every appliance's first full refresh is in and the event stream is read.

    The integration refreshes its appliances in background tasks, which
    `async_block_till_done` does not wait for (the event listener never ends).
    """
    for _ in range(SETTLE_ROUNDS):
        await hass.async_block_till_done()
        coordinators = entry.runtime_data.appliance_coordinators.values()
        refreshed = all(
            f"GET /api/homeappliances/{c.data.info.ha_id}/commands" in api.requests
            and c.data.status
            for c in coordinators
        )
        if refreshed and api.feed.reader_waiting:
            await hass.async_block_till_done()
            return
        await asyncio.sleep(0)
    raise TimeoutError(f"Home Connect did not settle; requests: {api.requests}")
