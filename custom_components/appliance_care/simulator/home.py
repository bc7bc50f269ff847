"""The simulated home: seven appliances behind smart plugs, on one simulated clock."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

from .air_conditioner import AirConditioner
from .air_purifier import AirPurifier
from .appliance import FIRMWARE_VERSION, Appliance
from .clock import SECONDS_PER_HOUR, ensure_utc, to_seconds
from .courses import InstalledPrograms
from .cycle import CycleAppliance
from .model import (
    CYCLE_KINDS,
    ApplianceKind,
    ApplianceSnapshot,
    HomeSettings,
    PlugSettings,
    SimulationError,
)
from .plug import ReportSink
from .programs import PROGRAMS, Program
from .purifiers import WaterPurifier
from .refrigerator import Refrigerator

STATE_VERSION = 1
# A gap longer than this is skipped coarsely instead of event by event ...
LONG_GAP_S = 6 * SECONDS_PER_HOUR
# ... except for its last hour, which is simulated in full so that the home arrives in
# a realistic state (a fridge mid-cycle, a purifier at its current speed).
FINE_TAIL_S = SECONDS_PER_HOUR


class _Factory(Protocol):
    def __call__(
        self, *, t0: int, seed: int, plug: PlugSettings, sink: ReportSink | None
    ) -> Appliance: ...


def make_appliance(
    kind: ApplianceKind, *, t0: int, seed: int, plug: PlugSettings, sink: ReportSink | None = None
) -> Appliance:
    """Create one simulated appliance of a kind, idle and fresh, at second t0."""
    if kind in CYCLE_KINDS:
        return CycleAppliance(kind, t0=t0, seed=seed, plug=plug, sink=sink)
    factories: Mapping[ApplianceKind, _Factory] = {
        ApplianceKind.REFRIGERATOR: Refrigerator,
        ApplianceKind.AIR_CONDITIONER: AirConditioner,
        ApplianceKind.WATER_PURIFIER: WaterPurifier,
        ApplianceKind.AIR_PURIFIER: AirPurifier,
    }
    return factories[kind](t0=t0, seed=seed, plug=plug, sink=sink)


class SimulatedHome:
    """A home of simulated appliances, advanced explicitly along simulated time.

    Deterministic: the same seed, settings and calls give the same results. Time moves in
    whole seconds; `advance` may be called with any later moment (fractions of a second
    accumulate).
    """

    def __init__(
        self,
        *,
        start: datetime,
        settings: HomeSettings,
        state: Mapping[str, Any] | None = None,
    ) -> None:
        """Create the home at `start`, or resume it from a state saved by to_state().

        A saved clock wins over `start`, so that the caller can then advance to the
        present and the gap is simulated. Parts of the state that cannot be read start
        fresh; nothing in a damaged state raises.
        """
        now = ensure_utc(start)
        saved_clock = _read_clock(state)
        if saved_clock is not None:
            now = saved_clock
        self._now = now
        self._t = to_seconds(now)
        self._settings = settings
        # A command that changed what an appliance offers (a program added, new firmware)
        # is reported by the next advance().
        self._commanded = False
        self._appliances: dict[ApplianceKind, Appliance] = {
            kind: make_appliance(kind, t0=self._t, seed=settings.seed, plug=settings.plug)
            for kind in ApplianceKind
        }
        self.apply_settings(settings)
        saved = state.get("appliances") if isinstance(state, Mapping) else None
        if isinstance(saved, Mapping):
            for kind in ApplianceKind:
                if kind in saved:
                    self._restore(kind, saved[kind])

    def _restore(self, kind: ApplianceKind, state: Any) -> None:
        try:
            self._appliances[kind].restore(state)
        except Exception:  # noqa: BLE001 - a damaged state must never stop the home
            # Whatever the damage, this appliance starts fresh instead.
            settings = self._settings
            fresh = make_appliance(kind, t0=self._t, seed=settings.seed, plug=settings.plug)
            fresh.apply(
                self._settings.faults.get(kind, frozenset()),
                self._settings.schedules.get(kind),
                self._settings.plug,
            )
            self._appliances[kind] = fresh

    @property
    def kinds(self) -> tuple[ApplianceKind, ...]:
        """Return the appliances of the home."""
        return tuple(self._appliances)

    @property
    def now(self) -> datetime:
        """Return the simulated time."""
        return self._now

    @property
    def settings(self) -> HomeSettings:
        """Return the settings in effect."""
        return self._settings

    def appliance(self, kind: ApplianceKind) -> Appliance:
        """Return the model of one appliance (for tests and diagnostics)."""
        return self._appliances[kind]

    def listen_reports(self, kind: ApplianceKind, sink: ReportSink | None) -> None:
        """Give every plug report of one appliance to `sink` (second, watts); None stops.

        For callers that need every report between two advances (the snapshot shows the
        last one only), such as living a home's past through an engine.
        """
        self._appliances[ApplianceKind(kind)].plug.listen(sink)

    def advance(self, to: datetime) -> bool:
        """Move simulated time forward to `to`; return whether any snapshot changed.

        Programs added or removed and firmware updated since the last call count as a
        change. Changes count at the resolution the snapshot is shown with: every plug report,
        the door, running, the program, energy in watt-hours, temperatures to 0.1 C,
        filter use to 0.1 %, water to 10 mL, a delayed start in whole minutes. A moment
        before now (a clock jumping back) is ignored. A gap over six hours is skipped
        coarsely up to its last hour.
        """
        moment = ensure_utc(to)
        if moment <= self._now:
            return False
        target = to_seconds(moment)
        self._now = moment
        if target <= self._t:
            return self._take_commanded()
        before = self._visible()
        if target - self._t > LONG_GAP_S:
            coarse_end = target - FINE_TAIL_S
            for appliance in self._appliances.values():
                appliance.fast_forward(coarse_end)
            self._t = coarse_end
        for appliance in self._appliances.values():
            appliance.advance_to(target)
        self._t = target
        changed = self._visible() != before
        return self._take_commanded() or changed

    def _take_commanded(self) -> bool:
        commanded, self._commanded = self._commanded, False
        return commanded

    def _visible(self) -> list[tuple[object, ...]]:
        return [appliance.visible() for appliance in self._appliances.values()]

    def snapshot(self, kind: ApplianceKind) -> ApplianceSnapshot:
        """Return what one appliance's sensors show now."""
        return self._appliances[ApplianceKind(kind)].snapshot()

    def _cycle(self, kind: ApplianceKind) -> CycleAppliance:
        appliance = self._appliances.get(kind)
        if not isinstance(appliance, CycleAppliance):
            raise SimulationError("not_a_cycle_appliance", f"{kind} does not run programs")
        return appliance

    def select_program(self, kind: ApplianceKind, program: str) -> None:
        """Select the program of a cycle appliance's next start.

        Raises SimulationError: "not_a_cycle_appliance", "unknown_program", or
        "already_running" while a program runs or waits for its delayed start.
        """
        self._cycle(kind).select_program(program)

    def start(self, kind: ApplianceKind, *, delay: timedelta = timedelta(0)) -> None:
        """Start the selected program from the next second, or after `delay`.

        Raises SimulationError: "not_a_cycle_appliance", or "already_running" while a
        program runs or waits. A negative delay counts as none.
        """
        delay_s = max(0, round(delay.total_seconds()))
        self._cycle(kind).start(delay_s)

    def busy(self, kind: ApplianceKind) -> bool:
        """Return whether an appliance runs a program or waits to start one."""
        appliance = self._appliances[kind]
        return isinstance(appliance, CycleAppliance) and appliance.busy

    def installed_programs(self, kind: ApplianceKind) -> tuple[str, ...]:
        """Return the programs added to an appliance after it left the factory."""
        appliance = self._appliances[kind]
        if not isinstance(appliance, CycleAppliance):
            return ()
        return appliance.programs[len(PROGRAMS[kind]) :]

    def install_program(self, kind: ApplianceKind, name: str, recipe: Program) -> None:
        """Add a program to a cycle appliance (a downloaded course), or replace it.

        Raises SimulationError: "not_a_cycle_appliance", "invalid_course",
        "program_exists" (a built-in program has the name), "already_running" (the
        program runs or waits to start).
        """
        self._cycle(kind).install_program(name, recipe)
        self._commanded = True

    def uninstall_program(self, kind: ApplianceKind, name: str) -> None:
        """Remove an added program; the first program is selected where it was selected.

        Raises SimulationError: "not_a_cycle_appliance", "unknown_program" (no added
        program has the name), "already_running".
        """
        self._cycle(kind).uninstall_program(name)
        self._commanded = True

    def update_firmware(
        self, kind: ApplianceKind, version: str, programs: Mapping[str, Program] | None = None
    ) -> None:
        """Run new firmware on an appliance, with the programs it brings; all or nothing.

        Raises SimulationError: "invalid_firmware", "already_running" (a cycle appliance
        updates only while idle), or what install_program raises for its programs.
        """
        if not FIRMWARE_VERSION.fullmatch(version):
            raise SimulationError("invalid_firmware", f"{version!r} is not a firmware version")
        if self.busy(kind):
            raise SimulationError("already_running", f"{kind} is running")
        if programs:
            checked = InstalledPrograms(kind)
            for name, recipe in programs.items():
                checked.install(name, recipe, running=None)
            machine = self._cycle(kind)
            for name, recipe in programs.items():
                machine.install_program(name, recipe)
        self._appliances[kind].set_firmware(version)
        self._commanded = True

    def apply_settings(self, settings: HomeSettings) -> None:
        """Apply faults, schedules and plug settings live; the seed applies at creation only."""
        self._settings = settings
        for kind, appliance in self._appliances.items():
            appliance.apply(
                settings.faults.get(kind, frozenset()),
                settings.schedules.get(kind),
                settings.plug,
            )

    def to_state(self) -> dict[str, Any]:
        """Return everything needed to resume the home, JSON-serialisable."""
        return {
            "version": STATE_VERSION,
            "clock": self._now.isoformat(),
            "appliances": {
                str(kind): appliance.to_state() for kind, appliance in self._appliances.items()
            },
        }


def _read_clock(state: Mapping[str, Any] | None) -> datetime | None:
    """Return the saved clock, or None when there is none that can be believed."""
    if not isinstance(state, Mapping):
        return None
    clock = state.get("clock")
    if not isinstance(clock, str):
        return None
    try:
        moment = datetime.fromisoformat(clock)
        return ensure_utc(moment) if to_seconds(moment) > 0 else None
    except ValueError, OverflowError:
        return None
