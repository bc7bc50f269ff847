"""A connected appliance: a device of another integration, read through its entities.

The device's entities are found in the entity registry and matched against the table of
its integration (lg_thinq.py, smartthings.py, home_connect.py), or taken as the user chose
them for any other device (the generic path). Their states become the engine's readings
here, at the boundary: the machine's run state as a `Run`, remaining time in seconds, a
finish time as Unix seconds, an error as "code|cause", a filter's life left as life used.
Appliance Care's entities join the device itself; when the device goes, its appliance
stops and a repair offers to remove it (what it recorded is kept until then).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, State, callback
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_APPLIANCE_TYPE,
    CONF_CARE,
    CONF_INTEGRATION,
    CONF_PLACE,
    CONF_PURCHASE_DATE,
    CONF_UNHEATED,
    DOMAIN,
    LOGGER,
)
from ..engine import ApplianceType, CompressorSettings, CycleSettings
from ..engine.care import CareSubject
from ..engine.machine_run import Run, as_run
from ..engine.signals import Reading, SignalKind
from ..engine_options import defaults_for
from .base import ApplianceProfile, ApplianceSource, Emit, purchase_date
from .connected_feeds import (
    CONVERT,
    MAPS,
    NO_VALUE,
    Feed,
    combined_run,
    subentry_feeds,
    tells,
    timestamp,
)
from .connected_map import ErrorCause
from .power_sensor import care_settings
from .tracked import TrackedEntities


def device_removed_issue(key: str) -> str:
    """Return the id of the repair raised when a connected appliance's device is gone."""
    return f"device_removed_{key}"


# ---------------------------------------------------------------------- source


def connected_profile(
    subentry: ConfigSubentry, device: dr.AnyDeviceEntry | None, feeds: list[Feed]
) -> ApplianceProfile:
    """Return what a connected appliance is: its type, signals and engine."""
    data = subentry.data
    subject = CareSubject(data[CONF_APPLIANCE_TYPE])
    signals = frozenset(feed.kind for feed in feeds)
    appliance_type: ApplianceType | None = None
    settings: CycleSettings | CompressorSettings | None = None
    if subject.runs_cycles or subject is CareSubject.OTHER:
        if SignalKind.RUN_STATE in signals:
            appliance_type = ApplianceType(str(subject))
    elif subject.cools and SignalKind.POWER in signals:
        appliance_type = ApplianceType(str(subject))
    if appliance_type is not None:
        settings = defaults_for(appliance_type)
    return ApplianceProfile(
        key=subentry.subentry_id,
        name=subentry.title,
        subject=subject,
        appliance_type=appliance_type,
        device_info=DeviceInfo(name=device.name if device is not None else subentry.title),
        signals=signals,
        settings=settings,
        care_settings=care_settings(subject, data.get(CONF_CARE, {}), subentry.title),
        unheated=bool(data.get(CONF_PLACE, {}).get(CONF_UNHEATED)),
        device_id=device.id if device is not None else None,
        purchased=purchase_date(data.get(CONF_PURCHASE_DATE)),
        connected=appliance_type is not None and appliance_type.has_cycles,
    )


class ConnectedSource(ApplianceSource):
    """Readings of an appliance that another integration brings into Home Assistant."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        subentry: ConfigSubentry,
        device: dr.AnyDeviceEntry,
    ) -> None:
        """Describe the appliance of one subentry, on its device."""
        feeds = subentry_feeds(hass, subentry)
        super().__init__(connected_profile(subentry, device, feeds))
        self._hass = hass
        self._entry_id = entry_id
        self._device_id = device.id
        integration = MAPS.get(str(subentry.data.get(CONF_INTEGRATION)))
        self._errors: Mapping[str, ErrorCause] = (
            integration.errors if integration is not None else MappingProxyType({})
        )
        self._feeds = {feed.key: feed for feed in feeds}
        self._runs: dict[str, Run | None] = {
            feed.key: None for feed in feeds if feed.kind is SignalKind.RUN_STATE
        }
        self._faults: dict[str, str | None] = {
            feed.key: None for feed in feeds if feed.kind is SignalKind.ERROR
        }
        self._event_keys = [feed.key for feed in feeds if feed.is_event]
        self._starting = False
        self._fault: str | None = None
        self._fault_told = False
        self._emit: Emit | None = None
        self._run_available = False
        self._unknown_states: set[tuple[str, str]] = set()
        self._last_run: str | None = None
        self._unsubscribe: CALLBACK_TYPE | None = None
        self._entities: TrackedEntities[str] = TrackedEntities(
            hass,
            {feed.key: feed.reference for feed in feeds},
            on_state=self._state_changed,
            on_removed=self._removed,
            on_returned=self._returned,
        )

    @property
    def available(self) -> bool:
        """Return whether the machine tells its run state (any state, for others)."""
        return self._run_available

    def entities(self) -> dict[str, str]:
        """Return the entity each signal is read from now."""
        return {
            key: entity_id
            for key in self._feeds
            if (entity_id := self._entities.entity_id(key)) is not None
        }

    def missing_entities(self) -> int:
        """Return how many of the entities it reads are gone."""
        return len(self._feeds) - len(self.entities())

    @callback
    def async_start(self, emit: Emit) -> None:
        """Follow the device's entities, and the device itself."""
        self._emit = emit
        # The states found at start are not news for an event entity: its last event
        # fired before (an error it told then is the run state's to clear).
        self._starting = True
        self._entities.async_start()
        self._starting = False
        self._unsubscribe = self._hass.bus.async_listen(
            dr.EVENT_DEVICE_REGISTRY_UPDATED, self._async_device_updated
        )

    @callback
    def async_stop(self) -> None:
        """Stop following."""
        self._entities.async_stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._emit = None

    @callback
    def _async_device_updated(self, event: Event[dr.EventDeviceRegistryUpdatedData]) -> None:
        if event.data["action"] != "remove" or event.data["device_id"] != self._device_id:
            return
        async_device_gone(self._hass, self._entry_id, self.profile.key, self.profile.name)
        self._hass.config_entries.async_schedule_reload(self._entry_id)

    # ----------------------------------------------------------------- states

    @callback
    def _state_changed(self, key: str, state: State | None, at: float) -> None:
        feed = self._feeds[key]
        kind = feed.kind
        readings: list[Reading] = []
        if feed.is_event:
            self._event_changed(feed, state, at, readings)
        else:
            value = self._value(feed, state)
            if kind is SignalKind.RUN_STATE:
                self._runs[key] = as_run(value)
                combined = combined_run(list(self._runs.values()))
                value = str(combined) if combined is not None else None
                self._run_changed(value, at, readings)
            elif kind is SignalKind.ERROR and tells(state):
                # An error sensor that cannot tell says nothing about the error.
                self._fault_changed(key, value, at, readings)
            if kind is not SignalKind.ERROR:
                readings.insert(0, Reading(kind, at, value))
        if not self._runs:
            self._run_available = state is not None and state.state != STATE_UNAVAILABLE
        if self._emit is not None and readings:
            self._emit(readings)

    def _value(self, feed: Feed, state: State | None) -> float | bool | str | None:
        if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            return None
        if feed.kind is SignalKind.RUN_STATE:
            run = feed.states.get(state.state)
            if run is None:
                self._unknown(state)
            return str(run) if run is not None else None
        if feed.kind is SignalKind.ERROR:
            return self._error(state.state, feed)
        if feed.kind is SignalKind.REMAINING and state.attributes.get("device_class") == (
            "timestamp"
        ):
            end = timestamp(state)
            now = dt_util.utcnow().timestamp()
            return max(end - now, 0.0) if end is not None else None
        return CONVERT[feed.kind](state)

    def _fault_changed(
        self, key: str, value: float | bool | str | None, at: float, readings: list[Reading]
    ) -> None:
        """Tell the first fault any error entity shows (or none), when that changes."""
        self._faults[key] = value if isinstance(value, str) else None
        fault = next((f for f in self._faults.values() if f is not None), None)
        if fault != self._fault or not self._fault_told:
            self._fault, self._fault_told = fault, True
            readings.append(Reading(SignalKind.ERROR, at, fault))

    def _error(self, state: str, feed: Feed) -> str | None:
        if state in feed.no_error or state.lower() in NO_VALUE:
            return None
        code = feed.code or state
        cause = self._errors.get(code)
        if cause is None:
            self._unknown_code(code)
        return f"{code}|{cause or ErrorCause.OTHER}"

    def _run_changed(self, value: object, at: float, readings: list[Reading]) -> None:
        self._run_available = value is not None
        run = value if isinstance(value, str) else None
        if self._event_keys and run is not None and run not in {self._last_run, Run.ERROR}:
            # An error told by an event lasts until the machine moves on (also one from
            # before a restart: the first state heard that is no error clears it).
            for key in self._event_keys:
                self._fault_changed(key, None, at, readings)
        if run is not None:
            self._last_run = run

    def _event_changed(
        self, feed: Feed, state: State | None, at: float, readings: list[Reading]
    ) -> None:
        """Take a new event of an event entity: an error code, or its end."""
        if self._starting or state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            return
        fired = timestamp(state)
        if fired is None or at - fired > _EVENT_FRESH_S:
            return  # an event from before this start: not news
        code = state.attributes.get("event_type")
        if not isinstance(code, str):
            return
        self._fault_changed(feed.key, self._error(code, feed), at, readings)

    def _unknown(self, state: State) -> None:
        key = (state.entity_id, state.state)
        if key not in self._unknown_states:
            self._unknown_states.add(key)
            LOGGER.info(
                "%s reports %r, a state Appliance Care does not know; it is taken as unknown",
                state.entity_id,
                state.state,
            )

    def _unknown_code(self, code: str) -> None:
        key = ("error", code)
        if key not in self._unknown_states:
            self._unknown_states.add(key)
            LOGGER.info("%s reports error %r, not in its table", self.profile.name, code)

    # --------------------------------------------------------------- presence

    @callback
    def _returned(self, key: str, _entity_id: str) -> None:
        """Nothing to undo: a returning entity gives states again."""

    @callback
    def _removed(self, key: str, reference: str) -> None:
        LOGGER.warning("%s of %s was removed", reference, self.profile.name)
        at = dt_util.utcnow().timestamp()
        if self._feeds[key].kind is SignalKind.ERROR:
            # A gone error entity shows no fault any more.
            readings: list[Reading] = []
            self._fault_changed(key, None, at, readings)
            if self._emit is not None and readings:
                self._emit(readings)
            return
        self._state_changed(key, None, at)


# An event entity's state is when its last event fired; older than this at a state change
# (a restart restoring it) is not a new event.
_EVENT_FRESH_S = 60.0


@callback
def async_device_gone(hass: HomeAssistant, entry_id: str, key: str, name: str) -> None:
    """Tell the user a connected appliance's device is gone; the fix removes the appliance."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        device_removed_issue(key),
        is_fixable=True,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="device_removed",
        translation_placeholders={"name": name},
        data={"entry_id": entry_id, "subentry_id": key},
    )
