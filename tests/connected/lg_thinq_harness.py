"""Run Home Assistant's LG ThinQ integration on made-up devices, with no network.

The real `lg_thinq` integration and its client library (thinqconnect) run as they do in a
home; only the wire is answered here:

- HTTP (the ThinQ Connect cloud API, and the download of the broker's root certificate)
  is answered through `aioclient_mock` from a small in-memory cloud that holds each
  device's list entry, profile and current status (tests/connected/fixtures/lg_thinq).
- MQTT: the library builds its broker connection with the AWS IoT SDK (awscrt). That
  builder is replaced by one that returns an in-memory connection: connecting and
  subscribing succeed at once and no socket is opened. The message callback the library
  subscribes with is kept, and every change a test makes is delivered through it as the
  JSON bytes of a DEVICE_STATUS push, from a worker thread as the SDK does. From there
  the integration's own handler, the library's parser and the device's coordinator bring
  it to the entities.

The HTTP "state" answer always gives the same status as the last push, so a coordinator
refresh reads what the entities show.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import ExitStack, asynccontextmanager
import copy
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
import json
from pathlib import Path
import re
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch

from homeassistant.const import CONF_ACCESS_TOKEN, CONF_COUNTRY
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
    AiohttpClientMockResponse,
)
from thinqconnect import mqtt_client as thinq_mqtt
from yarl import URL

from custom_components.appliance_care.sources.connected_map import Run

DOMAIN = "lg_thinq"
FIXTURES = Path(__file__).parent / "fixtures" / DOMAIN
APPLIANCES = ("washer", "dryer", "dishwasher", "refrigerator")
"""The made-up devices, in the order of the cloud's device list."""

ACCESS_TOKEN = "thinqpat_made_up_for_tests_0123456789abcdef"  # noqa: S105
CLIENT_ID = "home-assistant-made-up-client-0001"
API = re.compile(r"^https://api-[a-z]+\.lgthinq\.com/")
ROOT_CA_URL = f"{thinq_mqtt.ROOT_CA_REPOSITORY}/{thinq_mqtt.FILE_ROOT_CA}"
MQTT_TOPIC = f"app/clients/{CLIENT_ID}/push"

RAW_RUN = {
    Run.OFF: "POWER_OFF",
    Run.IDLE: "INITIAL",
    Run.RUNNING: "RUNNING",
    Run.PAUSED: "PAUSE",
    Run.FINISHED: "END",
    Run.ERROR: "ERROR",
}
"""The ThinQ run state each `Run` is driven with (all four cycle devices know them)."""


def _done[T](result: T) -> Future[T]:
    """Return a finished future, as the SDK's calls return."""
    future: Future[T] = Future()
    future.set_result(result)
    return future


class _ThinqResponse(AiohttpClientMockResponse):
    """A mocked HTTP answer that also tells `ok`, which the client library reads."""

    @property
    def ok(self) -> bool:
        """Whether the status is below 400, as aiohttp's own response says."""
        return int(self.status) < HTTPStatus.BAD_REQUEST


class _MqttConnection:
    """The broker connection the SDK would build, kept in memory."""

    def __init__(self) -> None:
        self.on_message: Callable[..., None] | None = None
        self.topic: str | None = None

    def connect(self) -> Future[dict[str, Any]]:
        """Connect, at once."""
        return _done({"session_present": False})

    def subscribe(
        self, topic: str, qos: Any, callback: Callable[..., None]
    ) -> tuple[Future[dict[str, Any]], int]:
        """Keep the library's message callback."""
        self.topic = topic
        self.on_message = callback
        return _done({"packet_id": 1, "topic": topic, "qos": qos}), 1

    def unsubscribe(self, topic: str) -> tuple[Future[dict[str, Any]], int]:
        """Drop the message callback."""
        self.on_message = None
        return _done({"packet_id": 2}), 2

    def disconnect(self) -> Future[dict[str, Any]]:
        """Disconnect, at once."""
        return _done({})


def _load(name: str) -> Any:
    """Return a fixture file's JSON."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass
class LgThinqHarness:
    """A loaded lg_thinq config entry over the made-up devices, and the means to drive them."""

    hass: HomeAssistant
    entry: MockConfigEntry
    device_ids: dict[str, str]
    """Appliance ("washer", "dryer", "dishwasher", "refrigerator") -> device registry id."""
    thinq_ids: dict[str, str] = field(default_factory=dict)
    """Appliance -> the cloud's device id."""
    device_types: dict[str, str] = field(default_factory=dict)
    """Appliance -> the cloud's device type (DEVICE_WASHER, ...)."""
    status: dict[str, Any] = field(default_factory=dict)
    """Appliance -> its current status as the cloud reports it."""
    profiles: dict[str, Any] = field(default_factory=dict)
    mqtt: _MqttConnection = field(default_factory=_MqttConnection)
    pushes: int = 0
    """How many status pushes were delivered."""

    # --- what the tests drive -----------------------------------------------------------

    async def async_set_run(self, appliance: str, run: Run) -> None:
        """Set the machine's ThinQ run state for `run` and push it."""
        self._resources(appliance, "runState")["currentState"] = RAW_RUN[run]
        await self._async_push(appliance)

    async def async_set_remaining(self, appliance: str, minutes: int | None) -> None:
        """Set the remaining time (None: no time, as the machine reports 0:00) and push it."""
        timer = self._resources(appliance, "timer")
        hours, rest = divmod(minutes or 0, 60)
        timer["remainHour"] = hours
        timer["remainMinute"] = rest
        await self._async_push(appliance)

    async def async_set_program(self, appliance: str, program: str) -> None:
        """Set the course (its raw ThinQ key) and push it; only dishwashers report one."""
        self._resources(appliance, "dishWashingCourse")["currentDishWashingCourse"] = (
            program.upper()
        )
        await self._async_push(appliance)

    async def async_set_door(self, appliance: str, is_open: bool) -> None:
        """Open or close the door and push it (dishwasher, refrigerator)."""
        state = "OPEN" if is_open else "CLOSE"
        if appliance == "refrigerator":
            for door in self.status[appliance]["doorStatus"]:
                door["doorState"] = state
        else:
            self._resources(appliance, "doorStatus")["doorState"] = state
        await self._async_push(appliance)

    async def async_set_error(self, appliance: str, code: str | None) -> None:
        """Report an error code (as the integration names it, or the raw key), or none."""
        if "error" not in self.profiles[appliance]:
            raise NotImplementedError(f"lg_thinq shows no error of a {appliance}")
        where = self._location(appliance)
        if code is None:
            where.pop("error", None)
        else:
            where["error"] = code.upper()
        await self._async_push(appliance)

    async def async_set_tub_clean_count(self, appliance: str, count: int) -> None:
        """Set the washer's cycle count since its last tub clean and push it."""
        self._resources(appliance, "cycle")["cycleCount"] = count
        await self._async_push(appliance)

    async def async_set_filter_left(self, appliance: str, percent: int) -> None:
        """Set the refrigerator's water filter life left and push it."""
        self._resources(appliance, "waterFilterInfo")["waterFilter1RemainPercent"] = percent
        await self._async_push(appliance)

    def entity_id(self, appliance: str, platform: str, translation_key: str) -> str:
        """Return the entity id of an appliance's entity.

        Found by its platform and translation key, or, for an entity with no translation
        key (the door), by its unique id ending in `_<translation_key>`.
        """
        registry = er.async_get(self.hass)
        entries = [
            entry
            for entry in er.async_entries_for_device(registry, self.device_ids[appliance])
            if entry.domain == platform
        ]
        for entry in entries:
            if entry.translation_key == translation_key:
                return entry.entity_id
        for entry in entries:
            if entry.translation_key is None and entry.unique_id.endswith(f"_{translation_key}"):
                return entry.entity_id
        raise LookupError(f"{appliance} has no {platform} entity {translation_key!r}")

    async def async_unload(self) -> None:
        """Unload the config entry (idempotent)."""
        if self.entry.state.recoverable:
            await self.hass.config_entries.async_unload(self.entry.entry_id)
            await self.hass.async_block_till_done()

    # --- the device side ----------------------------------------------------------------

    def _location(self, appliance: str) -> dict[str, Any]:
        """Return the status object that holds the appliance's resources."""
        status = self.status[appliance]
        if isinstance(status, list):  # per location: the washer's main drum
            located: dict[str, Any] = status[0]
            return located
        plain: dict[str, Any] = status
        return plain

    def _resources(self, appliance: str, resource: str) -> dict[str, Any]:
        """Return one resource of the appliance's status, or refuse if it has none."""
        where = self._location(appliance)
        if not isinstance(where.get(resource), dict):
            raise NotImplementedError(f"lg_thinq shows no {resource} of a {appliance}")
        found: dict[str, Any] = where[resource]
        return found

    async def _async_push(self, appliance: str) -> None:
        """Deliver the appliance's status as the broker does, and let it settle."""
        if self.mqtt.on_message is None:
            raise RuntimeError("the integration is not subscribed to pushes")
        message = {
            "pushType": "DEVICE_STATUS",
            "deviceId": self.thinq_ids[appliance],
            "deviceType": self.device_types[appliance],
            "report": copy.deepcopy(self.status[appliance]),
        }
        payload = json.dumps(message).encode()
        # The SDK calls back from its own thread; the integration's handler blocks that
        # thread until the event loop has handled the message.
        await self.hass.async_add_executor_job(
            partial(
                self.mqtt.on_message,
                topic=self.mqtt.topic,
                payload=payload,
                dup=False,
                qos=1,
                retain=False,
            )
        )
        self.pushes += 1
        await self.hass.async_block_till_done()

    # --- the cloud side -----------------------------------------------------------------

    async def _async_answer(self, method: str, url: URL, data: Any) -> _ThinqResponse:
        """Answer one ThinQ Connect API call."""
        method = method.upper()
        parts = url.path.strip("/").split("/")
        by_id = {thinq_id: name for name, thinq_id in self.thinq_ids.items()}
        body: Any = None
        error = ("1000", f"Bad request: {method} {url.path}")
        match method, parts:
            case "GET", ["devices"]:
                body = _load("devices.json")
            case "GET", ["devices", "energy", _, "profile"]:
                error = ("2201", "Not provided feature")
            case "GET", ["devices", device, "profile"] if device in by_id:
                body = self.profiles[by_id[device]]
            case "GET", ["devices", device, "state"] if device in by_id:
                body = copy.deepcopy(self.status[by_id[device]])
            case "GET", ["route"]:
                body = {
                    "apiServer": "https://api-aic.lgthinq.com",
                    "mqttServer": "mqtts://broker.thinq.invalid:8883",
                }
            case "POST", ["client", "certificate"]:
                body = {
                    "result": {
                        "certificatePem": "-----BEGIN CERTIFICATE-----\nmade-up\n"
                        "-----END CERTIFICATE-----\n",
                        "subscriptions": [MQTT_TOPIC],
                    }
                }
            case ("POST" | "DELETE", ["client"]) | ("POST", ["push" | "event", _, "subscribe"]):
                body = {}
            case "DELETE", ["push" | "event", _, "unsubscribe"]:
                body = {}
        if body is None:
            return _ThinqResponse(
                method,
                url,
                status=HTTPStatus.BAD_REQUEST,
                json={"messageId": "made-up", "error": {"code": error[0], "message": error[1]}},
            )
        return _ThinqResponse(method, url, json={"messageId": "made-up", "response": body})


@asynccontextmanager
async def _root_ca_download(
    aioclient_mock: AiohttpClientMocker, method: str, url: str, **kwargs: Any
) -> AsyncIterator[AiohttpClientMockResponse]:
    """Fetch the broker's root certificate through the mocked HTTP client."""
    yield await aioclient_mock.match_request(method, url, **kwargs)


async def async_setup_lg_thinq(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> LgThinqHarness:
    """Set up lg_thinq over the made-up washer, dryer, dishwasher and refrigerator."""
    devices = _load("devices.json")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="LG ThinQ",
        unique_id=ACCESS_TOKEN,
        data={
            CONF_ACCESS_TOKEN: ACCESS_TOKEN,
            "connect_client_id": CLIENT_ID,
            CONF_COUNTRY: "US",
        },
    )
    harness = LgThinqHarness(hass=hass, entry=entry, device_ids={})
    for name, device in zip(APPLIANCES, devices, strict=True):
        harness.thinq_ids[name] = device["deviceId"]
        harness.device_types[name] = device["deviceInfo"]["deviceType"]
        harness.profiles[name] = _load(f"{name}.profile.json")
        harness.status[name] = _load(f"{name}.status.json")

    for method in ("get", "post", "delete"):
        aioclient_mock.request(method, API, side_effect=harness._async_answer)
    aioclient_mock.get(
        ROOT_CA_URL,
        text="-----BEGIN CERTIFICATE-----\nmade-up root\n-----END CERTIFICATE-----\n",
    )

    def build_connection(**_: Any) -> _MqttConnection:
        return harness.mqtt

    entry.add_to_hass(hass)
    with ExitStack() as stack:
        # The network boundary of the library's MQTT client: the root certificate's
        # download (aiohttp's module-level request) and the SDK's connection builder.
        stack.enter_context(
            patch.object(thinq_mqtt, "request", partial(_root_ca_download, aioclient_mock))
        )
        stack.enter_context(
            patch.object(
                thinq_mqtt,
                "io",
                SimpleNamespace(
                    EventLoopGroup=lambda *_: None,
                    DefaultHostResolver=lambda *_: None,
                    ClientBootstrap=lambda *_: None,
                ),
            )
        )
        stack.enter_context(
            patch.object(
                thinq_mqtt,
                "mqtt_connection_builder",
                SimpleNamespace(mtls_from_bytes=build_connection),
            )
        )
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()

    devices_of_entry = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    for name, thinq_id in harness.thinq_ids.items():
        found = [device for device in devices_of_entry if (DOMAIN, thinq_id) in device.identifiers]
        if len(found) != 1:
            raise LookupError(f"lg_thinq registered no device for the {name}")
        harness.device_ids[name] = found[0].id
    return harness
