"""The demo home's connected washer as a source: its cloud's reports, no plug.

It gives what a connected washer's integration gives (run state, course, countdown,
tub-clean counter, error code), so the connected path of Appliance Care (the machine's
word for a cycle, its countdown overtaking a late "end", its error codes and counter as
care) can be tried without an account.
"""

from __future__ import annotations

from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers.device_registry import DeviceInfo

from ..const import DOMAIN
from ..engine import ApplianceType
from ..engine.care import CareSubject, default_care_settings
from ..engine.machine_run import Run
from ..engine.signals import Reading, SignalKind
from ..engine_options import defaults_for
from ..simulator.connected_washer import COURSES, MachineReport, MachineState
from .base import ApplianceProfile, ApplianceSource, Emit
from .demo import DEMO_MANUFACTURER, demo_clock
from .demo_home import DemoHome

CONNECTED_WASHER = "connected_washer"
"""Its key among the demo home's appliances, and its device's translation key."""

RUN_OF: dict[MachineState, Run] = {
    MachineState.OFF: Run.OFF,
    MachineState.READY: Run.IDLE,
    MachineState.RUNNING: Run.RUNNING,
    MachineState.END: Run.FINISHED,
    MachineState.ERROR: Run.ERROR,
}
"""How its run states read, as a connected integration's table says."""
_DRAIN = "drain"
FIRMWARE = "3.0.2"
_SIGNALS = frozenset(
    {
        SignalKind.RUN_STATE,
        SignalKind.PROGRAM,
        SignalKind.REMAINING,
        SignalKind.TUB_CLEAN_COUNT,
        SignalKind.ERROR,
    }
)


def demo_connected_key(key: str) -> str:
    """Return the key of a demo home's connected washer (unique ids, storage)."""
    return f"{key}_{CONNECTED_WASHER}"


def course_label(course: str) -> str:
    """Return a course as its machine shows it ("quick_30" is "Quick 30")."""
    return course.replace("_", " ").capitalize()


def machine_readings(at: float, report: MachineReport) -> tuple[Reading, ...]:
    """Return what a report of the washer's cloud tells the engine."""
    remaining = None if report.remaining_min is None else report.remaining_min * 60.0
    error = f"{report.error_code}|{_DRAIN}" if report.error_code else None
    return (
        Reading(SignalKind.PROGRAM, at, course_label(report.course)),
        Reading(SignalKind.REMAINING, at, remaining),
        Reading(SignalKind.RUN_STATE, at, str(RUN_OF[report.state])),
        Reading(SignalKind.TUB_CLEAN_COUNT, at, float(report.tub_count)),
        Reading(SignalKind.ERROR, at, error),
    )


class DemoConnectedWasher(ApplianceSource):
    """The demo home's connected washer."""

    def __init__(self, demo_home: DemoHome, key: str, model: str | None = None) -> None:
        """Describe the washer of a running demo home (`model`: its translated model)."""
        profile_key = demo_connected_key(key)
        super().__init__(
            ApplianceProfile(
                key=profile_key,
                name="Connected washer",
                subject=CareSubject.WASHER,
                appliance_type=ApplianceType.WASHER,
                device_info=DeviceInfo(
                    identifiers={(DOMAIN, profile_key)},
                    manufacturer=DEMO_MANUFACTURER,
                    model=model,
                    model_id=f"sim-{CONNECTED_WASHER}",
                    translation_key=CONNECTED_WASHER,
                    sw_version=FIRMWARE,
                ),
                signals=_SIGNALS,
                settings=defaults_for(ApplianceType.WASHER),
                care_settings=default_care_settings(CareSubject.WASHER),
                connected=True,
            )
        )
        self.demo_home = demo_home
        self.clock = demo_clock(demo_home)
        self._emit: Emit | None = None
        self._unsubscribe: CALLBACK_TYPE | None = None

    @property
    def available(self) -> bool:
        """Return True: a simulated cloud always answers."""
        return True

    @property
    def demo_machine(self) -> DemoConnectedWasher:
        """Return itself: the demo's own entities show and control it."""
        return self

    @property
    def report(self) -> MachineReport:
        """Return what the washer's cloud says now."""
        return self.demo_home.machine_report()

    @property
    def courses(self) -> list[str]:
        """Return the courses it offers."""
        return list(COURSES)

    @property
    def states(self) -> list[str]:
        """Return the run states it reports."""
        return [str(state) for state in MachineState]

    @property
    def course(self) -> str:
        """Return the course the next start runs."""
        return self.demo_home.connected_washer.course

    @callback
    def async_select_course(self, course: str) -> None:
        """Choose the course the next start runs."""
        self.demo_home.connected_washer.select(course)

    @callback
    def async_start_course(self) -> None:
        """Start the selected course now (a running cycle is left as it is)."""
        self.demo_home.async_start_machine(self.course)

    @callback
    def async_start(self, emit: Emit) -> None:
        """Take the current report, then every new one."""
        self._emit = emit
        self._unsubscribe = self.demo_home.async_set_machine_listener(self._changed)
        self._changed(self.report)

    @callback
    def async_stop(self) -> None:
        """Stop taking reports."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._emit = None

    @callback
    def _changed(self, report: MachineReport) -> None:
        if self._emit is not None:
            at = self.demo_home.simulated_now().timestamp()
            self._emit(machine_readings(at, report), refresh=True)
