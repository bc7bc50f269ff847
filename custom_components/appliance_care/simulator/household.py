"""The demo household's past: how it used its machines before the demo home was added.

A demo home can start with weeks of history. The household then loads the washer most
evenings and weekend mornings with a few favourite programs, dries most washes soon after
they end, and runs the dishwasher after dinner; the fridge, the air conditioner and the
purifiers run by themselves. `PastHousehold` lives that time on a `SimulatedHome` step by
step and hands over every plug report and every changed snapshot, so that software
watching the home (its engine, its care rules) can learn from it as if it had been there.
"""

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field, replace
import random
from types import MappingProxyType

from .clock import SECONDS_PER_DAY, SECONDS_PER_HOUR, from_seconds, to_seconds
from .faults import FAULT_FOUND_WITHIN_S, HEALTHY_BEFORE_FAULT_S
from .home import SimulatedHome
from .model import ApplianceKind, ApplianceSnapshot, Fault, HomeSettings

# The household's habits; the programs are weighted by how often they are chosen, so a
# few become familiar and others are rare, as in a real home.
WEEKDAYS = 5  # Monday to Friday, days 0 to 4 of the week


@dataclass(frozen=True, slots=True)
class Habit:
    """How often a machine is started, when (local hours), and with which programs."""

    per_week: float
    weekday_hours: tuple[float, float]
    weekend_hours: tuple[float, float]
    programs: Mapping[str, float]


HABITS: Mapping[ApplianceKind, Habit] = MappingProxyType(
    {
        ApplianceKind.WASHER: Habit(
            per_week=4.5,
            weekday_hours=(17.5, 20.5),
            weekend_hours=(8.5, 11.5),
            programs={"cotton_40": 6.0, "eco_40_60": 2.0, "quick_30": 1.0, "cotton_60": 0.5},
        ),
        ApplianceKind.DISHWASHER: Habit(
            per_week=6.0,
            weekday_hours=(20.0, 22.0),
            weekend_hours=(13.5, 21.5),
            programs={"eco_50": 6.0, "auto_45_65": 3.0, "quick_45": 1.0, "intensive_70": 0.5},
        ),
    }
)
# Most washes go into the dryer some minutes after they end.
DRYER_SHARE = 0.7
DRYER_AFTER_S = (600, 2_400)
DRYER_PROGRAMS: Mapping[str, float] = MappingProxyType(
    {"cotton_cupboard": 5.0, "synthetics": 2.0, "cotton_iron": 1.0, "cotton_extra_dry": 0.5}
)
# The stated times are measured on one program run daily; the household mixes programs
# and skips days, so its faults begin this many times as long before the end.
PAST_LEAD_FACTOR = 2
# A fault that no care rule finds (see FAULT_FOUND_WITHIN_S) begins this long before the end.
UNFOUND_LEAD_S = 7 * SECONDS_PER_DAY
# Every plug report is handed over, a step at a time; the other sensors (doors,
# temperatures, filters) are looked at less often, which is plenty for weeks of history.
PAST_STEP_S = 60
SNAPSHOT_EVERY_S = 300


@dataclass(slots=True)
class PastStep:
    """What happened in one step of the past, up to second `at`."""

    at: int
    reports: dict[ApplianceKind, list[tuple[int, float]]] = field(default_factory=dict)
    """Each appliance's plug reports in the step: (second, watts)."""
    snapshots: dict[ApplianceKind, ApplianceSnapshot] = field(default_factory=dict)
    """The appliances whose snapshot changed in the step, with the new one."""
    finished: tuple[ApplianceKind, ...] = ()
    """Machines the household saw end a program in the step."""


def fault_onsets(settings: HomeSettings, *, start: int, end: int) -> list[tuple[int, HomeSettings]]:
    """Return when the settings' faults begin in a past from `start` to `end` (seconds).

    Each begins as long before the end as its finding takes to come (FAULT_FOUND_WITHIN_S),
    so that it is found by the time the home appears, but not before the appliance ran
    healthy long enough for the care rules to learn it (HEALTHY_BEFORE_FAULT_S); where the
    past is too short for both, the finding comes after the end. A fault no rule finds
    begins a week before the end. The result: the settings in effect from each onset on.
    """
    earliest = min(end, start + HEALTHY_BEFORE_FAULT_S)
    onsets: dict[int, list[tuple[ApplianceKind, Fault]]] = {}
    for kind, faults in settings.faults.items():
        for fault in faults:
            lead = PAST_LEAD_FACTOR * FAULT_FOUND_WITHIN_S.get(kind, {}).get(fault, UNFOUND_LEAD_S)
            onsets.setdefault(max(earliest, end - lead), []).append((kind, fault))
    changes: list[tuple[int, HomeSettings]] = []
    active: dict[ApplianceKind, frozenset[Fault]] = {}
    for at in sorted(onsets):
        for kind, fault in onsets[at]:
            active[kind] = active.get(kind, frozenset()) | {fault}
        changes.append((at, replace(settings, faults=dict(active))))
    return changes


def _pick(programs: Mapping[str, float], rng: random.Random) -> str:
    names = list(programs)
    return rng.choices(names, weights=[programs[name] for name in names])[0]


class PastHousehold:
    """Lives a home's past from its current time to `end`, using its machines by habit."""

    def __init__(
        self,
        home: SimulatedHome,
        *,
        seed: int,
        utc_offset_s: int,
        later: Sequence[tuple[int, HomeSettings]] = (),
    ) -> None:
        """Take a home at the start of its past; `utc_offset_s`: the household's local time.

        `later`: settings the home takes at seconds of its past (faults that begin then,
        so that what was learned before knows the appliance healthy).
        """
        self._home = home
        self._later = sorted(later, key=lambda change: change[0])
        self._rng = random.Random(seed)  # noqa: S311 - a simulation, not security
        self._offset = utc_offset_s
        self._starts: list[tuple[int, ApplianceKind, str]] = []
        self._began = to_seconds(home.now)
        local = self._began + utc_offset_s
        self._next_day = local - local % SECONDS_PER_DAY - utc_offset_s
        """The local midnight (in UTC seconds) of the next day to plan."""
        self._reports: dict[ApplianceKind, list[tuple[int, float]]] = {}
        self._busy = {kind: home.busy(kind) for kind in home.kinds}
        self._shown = {kind: home.snapshot(kind) for kind in home.kinds}
        self.started: list[tuple[int, ApplianceKind, str]] = []
        """The programs the household started: (second, machine, program)."""

    def _plan_day(self, day_start: int) -> None:
        """Plan the starts of one local day (day_start: its local midnight, as UTC)."""
        weekday = from_seconds(day_start + self._offset).weekday()
        for kind, habit in HABITS.items():
            if self._rng.random() >= habit.per_week / 7:
                continue
            first, last = habit.weekday_hours if weekday < WEEKDAYS else habit.weekend_hours
            hour = self._rng.uniform(first, last)
            at = day_start + round(hour * SECONDS_PER_HOUR)
            self._starts.append((at, kind, _pick(habit.programs, self._rng)))
        self._starts.sort()

    def _plan_until(self, t: int) -> None:
        while self._next_day <= t:
            self._plan_day(self._next_day)
            self._next_day += SECONDS_PER_DAY

    def _start_due(self, t: int) -> None:
        home = self._home
        while self._starts and self._starts[0][0] <= t:
            at, kind, program = self._starts.pop(0)
            if at < self._began or home.busy(kind):
                continue  # planned before the past began, or the machine is still busy
            home.select_program(kind, program)
            home.start(kind)
            self.started.append((at, kind, program))

    def _collect(self, kind: ApplianceKind) -> None:
        reports: list[tuple[int, float]] = []
        self._reports[kind] = reports
        self._home.listen_reports(kind, lambda t, watts: reports.append((t, watts)))

    def steps(self, end: int, reported: frozenset[ApplianceKind]) -> Generator[PastStep]:
        """Yield the past step by step until second `end`; stop listening at the end.

        `reported`: the appliances whose every plug report is wanted.
        """
        home = self._home
        for kind in reported:
            self._collect(kind)
        try:
            t = to_seconds(home.now)
            while t < end:
                t = min(end, t + PAST_STEP_S)
                self._plan_until(t)
                while self._later and self._later[0][0] <= t:
                    home.apply_settings(self._later.pop(0)[1])
                self._start_due(t)
                home.advance(from_seconds(t))
                yield self._step(t, look=t % SNAPSHOT_EVERY_S < PAST_STEP_S or t == end)
            self._select_favourites()
        finally:
            for kind in reported:
                home.listen_reports(kind, None)

    def _select_favourites(self) -> None:
        """Leave each idle machine on its favourite program, the one learned best."""
        favourites = {kind: habit.programs for kind, habit in HABITS.items()}
        favourites[ApplianceKind.DRYER] = DRYER_PROGRAMS
        for kind, programs in favourites.items():
            if not self._home.busy(kind):
                self._home.select_program(kind, max(programs, key=lambda p: programs[p]))

    def _step(self, t: int, *, look: bool) -> PastStep:
        home = self._home
        step = PastStep(at=t)
        finished: list[ApplianceKind] = []
        for kind in home.kinds:
            reports = self._reports.get(kind)
            if reports:
                step.reports[kind] = reports.copy()
                reports.clear()
            if look and (snapshot := home.snapshot(kind)) != self._shown[kind]:
                self._shown[kind] = snapshot
                step.snapshots[kind] = snapshot
            busy = home.busy(kind)
            if self._busy[kind] and not busy:
                finished.append(kind)
            self._busy[kind] = busy
        step.finished = tuple(finished)
        if ApplianceKind.WASHER in finished and self._rng.random() < DRYER_SHARE:
            after = self._rng.randint(*DRYER_AFTER_S)
            self._starts.append((t + after, ApplianceKind.DRYER, _pick(DRYER_PROGRAMS, self._rng)))
            self._starts.sort()
        return step
