"""The real SmartThings integration over its real client, answered at the HTTP boundary.

The core `smartthings` integration is set up with an OAuth token that needs no refresh.
Its client (pysmartthings) makes its ordinary requests through Home Assistant's aiohttp
session, which the `aioclient_mock` fixture answers from the device fixtures. The event
subscription is answered the same way: the GET of the subscription's registration URL
returns a server-sent-event stream that stays open, and every push writes one event into
it as the SmartThings server would (`event: DEVICE_EVENT` / `data: {json}`). The library
reads the line, parses it into its event model and calls the integration's listeners,
which update the entities. Nothing leaves the process.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
import json
from pathlib import Path
import time
from typing import Any
from unittest.mock import Mock
import uuid

from aiohttp.streams import StreamReader
from homeassistant.components.application_credentials import (
    ClientCredential,
    async_import_client_credential,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pysmartthings import DeviceEvent, SmartThings
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
    AiohttpClientMockResponse,
)
from yarl import URL

from custom_components.appliance_care.sources.connected_map import Run

DOMAIN = "smartthings"
FIXTURES = Path(__file__).parent / "fixtures" / DOMAIN
APPLIANCES = ("washer", "dryer", "dishwasher", "refrigerator")
"""The fixture devices, by the name of their file."""

API = "https://api.smartthings.com"
LOCATION_ID = "6f1c2a40-5b7e-4d0a-9c3e-2a7b8d41e001"
OWNER_ID = "b3d9e1c7-1a2b-4c5d-8e9f-0a1b2c3d4e5f"
ROOM_ID = "2e8a4c10-7d3f-4b6a-a1c2-5e9f0b7d3c20"
INSTALLED_APP_ID = "4c7d2e90-3b1a-4f6e-9d8c-7a6b5c4d3e21"
SUBSCRIPTION_ID = "f2a9c3d1-8e7b-4a65-b4c3-d2e1f0a9b8c7"
STREAM_URL = f"https://spigot-regional.api.smartthings.com/filters/{SUBSCRIPTION_ID}/activate"
SCOPES = (
    "r:devices:* w:devices:* x:devices:* r:hubs:* r:locations:* w:locations:* "
    "x:locations:* r:scenes:* x:scenes:* r:rules:* w:rules:* sse "
    "r:installedapps w:installedapps"
)
PUSH_TIMEOUT = 5.0
"""Seconds a push may take to come through the library (it takes one loop turn)."""

CYCLE_MACHINES = ("washer", "dryer", "dishwasher")
OPERATING_STATE = {
    "washer": ("washerOperatingState", "washerJobState"),
    "dryer": ("dryerOperatingState", "dryerJobState"),
    "dishwasher": ("dishwasherOperatingState", "dishwasherJobState"),
}
"""Each cycle machine's operating-state capability and the attribute of its job state."""
RUNNING_JOB = {"washer": "wash", "dryer": "drying", "dishwasher": "wash"}
FINISHED_JOB = {"washer": "finish", "dryer": "finished", "dishwasher": "finish"}
IDLE_JOB = {"washer": "none", "dryer": "none", "dishwasher": "unknown"}
"""What each machine's job state says with no cycle (a dishwasher has no `none`)."""
PROGRAM = {
    "washer": ("washerMode", "washerMode"),
    "dryer": ("dryerMode", "dryerMode"),
    "dishwasher": ("samsungce.dishwasherWashingCourse", "washingCourse"),
}
DOOR = {
    "washer": ("main", "samsungce.doorState", "doorState"),
    "dryer": ("main", "samsungce.doorState", "doorState"),
    "dishwasher": ("main", "samsungce.doorState", "doorState"),
    "refrigerator": ("cooler", "contactSensor", "contact"),
}
"""Where each appliance's door is told (a refrigerator's: its fridge compartment's)."""


def load_fixture(appliance: str) -> dict[str, Any]:
    """Return one fixture device: its description and its status, as the API gives them."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{appliance}.json").read_text())
    return data


class EventStream(AiohttpClientMockResponse):  # type: ignore[misc]
    """The open server-sent-event stream of a subscription, written to by the harness."""

    def __init__(self, url: URL) -> None:
        """Open an empty stream."""
        super().__init__("get", url, headers={"Content-Type": "text/event-stream"})
        self.reader = StreamReader(Mock(_reading_paused=False), limit=2**16)

    @property
    def content(self) -> StreamReader:
        """Return the stream the client reads lines from."""
        return self.reader

    def send(self, event_type: str, payload: dict[str, Any]) -> None:
        """Write one event as the server frames it."""
        frame = f"event: {event_type}\ndata: {json.dumps(payload)}\n\n"
        self.reader.feed_data(frame.encode())


@dataclass
class SmartThingsHarness:
    """The set-up SmartThings integration, its fixture devices and ways to move them."""

    hass: HomeAssistant
    entry: MockConfigEntry
    device_ids: dict[str, str]
    """Fixture name -> device registry id."""
    stream: EventStream
    st_ids: dict[str, str]
    """Fixture name -> SmartThings device id."""
    _job: dict[str, str] = field(default_factory=dict)
    _switched_off: set[str] = field(default_factory=set)
    _waiting: dict[str, asyncio.Future[None]] = field(default_factory=dict)
    _unsubscribe: list[Any] = field(default_factory=list)

    @property
    def client(self) -> SmartThings:
        """Return the integration's own client."""
        client: SmartThings = self.entry.runtime_data.client
        return client

    def listen(self) -> None:
        """Learn, through the library's listeners, when a written event was dispatched."""
        self._unsubscribe.append(self.client.add_unspecified_device_event_listener(self._seen))

    def _seen(self, event: DeviceEvent) -> None:
        if (future := self._waiting.pop(event.event_id, None)) is not None:
            future.set_result(None)

    async def _deliver(self, key: str, event_type: str, payload: dict[str, Any]) -> None:
        future: asyncio.Future[None] = self.hass.loop.create_future()
        self._waiting[key] = future
        self.stream.send(event_type, payload)
        async with asyncio.timeout(PUSH_TIMEOUT):
            await future
        await self.hass.async_block_till_done()

    async def async_push(
        self, appliance: str, component: str, capability: str, attribute: str, value: Any
    ) -> None:
        """Send one attribute change of a device through the event stream."""
        st_id = self.st_ids[appliance]
        event_id = str(uuid.uuid4())
        now_ms = int(dt_util.utcnow().timestamp() * 1000)
        await self._deliver(
            event_id,
            "DEVICE_EVENT",
            {
                "eventId": event_id,
                "eventTime": now_ms,
                "eventType": "DEVICE_EVENT",
                "deviceEvent": {
                    "eventId": event_id,
                    "locationId": LOCATION_ID,
                    "ownerId": LOCATION_ID,
                    "ownerType": "LOCATION",
                    "deviceId": st_id,
                    "componentId": component,
                    "capability": capability,
                    "attribute": attribute,
                    "value": value,
                    "valueType": type(value).__name__,
                    "stateChange": True,
                    "data": {},
                    "subscriptionName": "My Home Assistant sub",
                },
            },
        )

    def _cycle_machine(self, appliance: str, what: str) -> None:
        if appliance not in CYCLE_MACHINES:
            raise NotImplementedError(f"SmartThings shows no {what} for a {appliance}")

    async def async_set_run(self, appliance: str, run: Run) -> None:
        """Put a cycle machine in the raw states a Samsung machine reports for `run`.

        The machine state and the job state come as two events, as from a real machine.
        OFF also switches the machine off (its `switch`); any other run switches it on
        first. ERROR has no state of its own in SmartThings.
        """
        self._cycle_machine(appliance, "run state")
        if run is Run.ERROR:
            raise NotImplementedError("SmartThings shows no error state for a machine")
        capability, job_attribute = OPERATING_STATE[appliance]
        current_job = self._job.get(appliance, IDLE_JOB[appliance])
        in_cycle = current_job not in (IDLE_JOB[appliance], FINISHED_JOB[appliance])
        machine, job = {
            Run.RUNNING: ("run", current_job if in_cycle else RUNNING_JOB[appliance]),
            Run.PAUSED: ("pause", current_job if in_cycle else RUNNING_JOB[appliance]),
            Run.FINISHED: ("stop", FINISHED_JOB[appliance]),
            Run.IDLE: ("stop", IDLE_JOB[appliance]),
            Run.OFF: ("stop", IDLE_JOB[appliance]),
        }[run]
        if run is not Run.OFF and appliance in self._switched_off:
            await self.async_push(appliance, "main", "switch", "switch", "on")
            self._switched_off.discard(appliance)
        await self.async_push(appliance, "main", capability, job_attribute, job)
        await self.async_push(appliance, "main", capability, "machineState", machine)
        self._job[appliance] = job
        if run is Run.OFF:
            await self.async_push(appliance, "main", "switch", "switch", "off")
            self._switched_off.add(appliance)

    async def async_set_remaining(self, appliance: str, minutes: int | None) -> None:
        """Set the completion time `minutes` from now (None: now, as an idle machine says)."""
        self._cycle_machine(appliance, "completion time")
        end = dt_util.utcnow() + timedelta(minutes=minutes or 0)
        capability, _ = OPERATING_STATE[appliance]
        await self.async_push(
            appliance, "main", capability, "completionTime", end.strftime("%Y-%m-%dT%H:%M:%SZ")
        )

    async def async_set_program(self, appliance: str, program: str) -> None:
        """Set the programme, as the device names it (a dishwasher's course, a mode)."""
        self._cycle_machine(appliance, "programme")
        capability, attribute = PROGRAM[appliance]
        await self.async_push(appliance, "main", capability, attribute, program)

    async def async_set_door(self, appliance: str, is_open: bool) -> None:
        """Open or close the door (a refrigerator's fridge door)."""
        component, capability, attribute = DOOR[appliance]
        await self.async_push(
            appliance, component, capability, attribute, "open" if is_open else "closed"
        )

    async def async_set_error(self, appliance: str, code: str | None) -> None:
        """Not offered: the integration shows no error entity."""
        raise NotImplementedError("the smartthings integration shows no error codes")

    async def async_set_tub_clean_count(self, appliance: str, count: int) -> None:
        """Not offered: the integration shows no tub-clean count."""
        raise NotImplementedError("the smartthings integration shows no tub-clean count")

    async def async_set_filter_left(self, appliance: str, percent: int) -> None:
        """Set a refrigerator's water filter to `percent` left (it reports the per cent used).

        The integration's sensor shows the use, so no rule of the map reads it.
        """
        if appliance != "refrigerator":
            raise NotImplementedError(f"SmartThings shows no filter life for a {appliance}")
        await self.async_push(
            appliance, "main", "custom.waterFilter", "waterFilterUsage", 100 - percent
        )

    async def async_set_power(self, appliance: str, watts: float, energy_wh: float) -> None:
        """Send a power consumption report: the power now and the energy meter in Wh."""
        now = dt_util.utcnow()
        await self.async_push(
            appliance,
            "main",
            "powerConsumptionReport",
            "powerConsumption",
            {
                "energy": energy_wh,
                "deltaEnergy": 0,
                "power": watts,
                "powerEnergy": 0.0,
                "persistedEnergy": 0,
                "energySaved": 0,
                "start": (now - timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "end": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )

    def entity_id(self, appliance: str, platform: str, key: str) -> str:
        """Return the entity of a device by its platform and translation key (or id end)."""
        registry = er.async_get(self.hass)
        for entry in er.async_entries_for_device(registry, self.device_ids[appliance]):
            if entry.domain == platform and (
                entry.translation_key == key or entry.unique_id.endswith(key)
            ):
                return entry.entity_id
        raise KeyError(f"{appliance} has no {platform} entity {key}")

    async def async_unload(self) -> None:
        """Unload the integration (which ends its event stream task)."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        if self.entry.state is ConfigEntryState.LOADED:
            assert await self.hass.config_entries.async_unload(self.entry.entry_id)
        await self.hass.async_block_till_done()


def _mock_api(aioclient_mock: AiohttpClientMocker, stream: EventStream) -> dict[str, str]:
    """Answer every request the integration makes at setup, unload and reload."""
    devices = {name: load_fixture(name) for name in APPLIANCES}
    aioclient_mock.post(
        f"{API}/subscriptions",
        json={
            "subscriptionId": SUBSCRIPTION_ID,
            "registrationUrl": STREAM_URL,
            "name": "My Home Assistant sub",
            "version": 20250122,
            "subscriptionFilters": [
                {
                    "type": "LOCATIONIDS",
                    "value": [LOCATION_ID],
                    "eventType": ["DEVICE_EVENT", "DEVICE_LIFECYCLE_EVENT", "DEVICE_HEALTH_EVENT"],
                }
            ],
        },
    )
    aioclient_mock.delete(f"{API}/subscriptions/{SUBSCRIPTION_ID}", text="{}")

    async def open_stream(method: str, url: URL, data: Any) -> EventStream:
        return stream

    aioclient_mock.get(STREAM_URL, side_effect=open_stream)
    aioclient_mock.get(
        f"{API}/v1/locations/{LOCATION_ID}/rooms",
        json={
            "items": [{"roomId": ROOM_ID, "locationId": LOCATION_ID, "name": "Utility room"}],
            "_links": {},
        },
    )
    aioclient_mock.get(
        f"{API}/v1/devices", json={"items": [d["device"] for d in devices.values()], "_links": {}}
    )
    aioclient_mock.get(f"{API}/v1/scenes", json={"items": [], "_links": {}})
    st_ids: dict[str, str] = {}
    for name, data in devices.items():
        st_id = data["device"]["deviceId"]
        st_ids[name] = st_id
        aioclient_mock.get(f"{API}/v1/devices/{st_id}/status", json=data["status"])
        aioclient_mock.get(
            f"{API}/v1/devices/{st_id}/health",
            json={
                "deviceId": st_id,
                "state": "ONLINE",
                "lastUpdatedDate": "2026-11-02T06:38:51.170Z",
            },
        )
    return st_ids


async def async_setup_smartthings(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> SmartThingsHarness:
    """Set up the real SmartThings integration with the fixture devices."""
    stream = EventStream(URL(STREAM_URL))
    st_ids = _mock_api(aioclient_mock, stream)
    assert await async_setup_component(hass, "application_credentials", {})
    await async_import_client_credential(
        hass, DOMAIN, ClientCredential("appliance-care-client", "appliance-care-secret"), DOMAIN
    )
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        unique_id=LOCATION_ID,
        version=3,
        minor_version=3,
        data={
            "auth_implementation": DOMAIN,
            "token": {
                "access_token": "fixture-access-token",
                "refresh_token": "fixture-refresh-token",
                "token_type": "Bearer",
                "expires_in": 86399,
                # Far enough ahead that no test clock reaches it: no refresh is made.
                "expires_at": time.time() + 10 * 365 * 86400,
                "scope": SCOPES,
                "access_tier": 0,
                "installed_app_id": INSTALLED_APP_ID,
            },
            "location_id": LOCATION_ID,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    registry = dr.async_get(hass)
    device_ids: dict[str, str] = {}
    for name, st_id in st_ids.items():
        device = registry.async_get_device_by_identifier((DOMAIN, st_id), entry.entry_id)
        assert device is not None, name
        device_ids[name] = device.id
    harness = SmartThingsHarness(
        hass=hass, entry=entry, device_ids=device_ids, stream=stream, st_ids=st_ids
    )
    harness.listen()
    return harness
