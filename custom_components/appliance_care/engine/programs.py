"""Learned programs: groups of similar finished cycles with robust typical figures."""

from __future__ import annotations

from collections.abc import Mapping

from ._state import StateError, as_numbers, get_float, get_int, get_list, get_str
from .profile import MAX_CYCLE_S, MAX_PROFILE_BINS
from .signature import envelope_distance, median, median_envelope
from .types import ProgramInfo, Signature

# A cycle joins a program when its envelope differs by at most this share of their
# combined energy (best alignment) ...
ENVELOPE_MATCH_MAX = 0.35
# ... and its duration by at most this share of the longer one. Runs of one program on
# REFIT House 2's washer and dishwasher vary by under 10 % in duration; different
# programs of the same machine differ by 15 % or more.
DURATION_MATCH_MAX_RATIO = 0.15
# Robust statistics over the most recent cycles of a program: medians of this many
# durations and energies, and the bin-by-bin median envelope of this many members.
STATS_MEMORY = 15
ENVELOPE_MEMORY = 5
# A program needs this many cycles before it is trusted for estimates: one cycle could
# have been an aborted or unusual run.
MIN_CYCLES_FOR_ESTIMATE = 2
# At most this many programs per appliance (real machines offer 5 to 15 that are used);
# beyond, the least used, least recent one is forgotten.
MAX_PROGRAMS = 24


class Program:
    """A learned program (mutable, owned by a ProgramLibrary)."""

    __slots__ = (
        "cycles",
        "durations",
        "energies",
        "envelope",
        "last_seen",
        "members",
        "name",
        "program_id",
        "typical_duration_s",
        "typical_energy_wh",
    )

    def __init__(self, program_id: int, name: str | None = None) -> None:
        """Create an empty program."""
        self.program_id = program_id
        self.name = name
        self.cycles = 0
        self.durations: list[float] = []
        self.energies: list[float] = []
        self.members: list[tuple[int, ...]] = []
        self.envelope: tuple[int, ...] = ()
        self.last_seen = 0.0
        self.typical_duration_s = 0.0
        self.typical_energy_wh = 0.0

    def add(self, signature: Signature, duration_s: float, energy_wh: float, at: float) -> None:
        """Add a finished cycle to the program and refresh its typical figures."""
        self.cycles += 1
        self.last_seen = max(self.last_seen, at)
        self.durations = [*self.durations[-(STATS_MEMORY - 1) :], round(duration_s)]
        self.energies = [*self.energies[-(STATS_MEMORY - 1) :], round(energy_wh, 1)]
        self.members = [*self.members[-(ENVELOPE_MEMORY - 1) :], signature.profile_w]
        self._refresh(signature.bin_s)

    def remove_last(self, bin_s: float) -> None:
        """Take back the cycle added last (it turned out to continue after its finish)."""
        self.cycles -= 1
        self.durations = self.durations[:-1]
        self.energies = self.energies[:-1]
        self.members = self.members[:-1]
        if self.durations and self.members and self.energies:
            self._refresh(bin_s)

    def _refresh(self, bin_s: float) -> None:
        self.typical_duration_s = median(self.durations)
        self.typical_energy_wh = median(self.energies)
        length = min(max(1, round(self.typical_duration_s / bin_s)), MAX_PROFILE_BINS)
        self.envelope = median_envelope(self.members, length)

    def info(self) -> ProgramInfo:
        """Return the public, immutable view of the program."""
        typical = self.typical_duration_s
        spread = median([abs(d - typical) for d in self.durations]) if self.durations else 0.0
        return ProgramInfo(
            program_id=self.program_id,
            name=self.name,
            cycles=self.cycles,
            typical_duration_s=typical,
            duration_spread_s=spread,
            typical_energy_wh=self.typical_energy_wh,
            last_seen=self.last_seen,
        )

    def distance(self, signature: Signature, duration_s: float) -> float | None:
        """Return how far a cycle is from this program, or None when it does not fit."""
        longer = max(duration_s, self.typical_duration_s)
        if longer <= 0 or abs(duration_s - self.typical_duration_s) / longer > (
            DURATION_MATCH_MAX_RATIO
        ):
            return None
        env, _ = envelope_distance(signature.profile_w, self.envelope)
        if env > ENVELOPE_MATCH_MAX:
            return None
        return env + abs(duration_s - self.typical_duration_s) / longer

    def to_state(self) -> dict[str, object]:
        """Return the program as JSON-compatible data."""
        return {
            "id": self.program_id,
            "name": self.name,
            "cycles": self.cycles,
            "last_seen": self.last_seen,
            "durations": list(self.durations),
            "energies": list(self.energies),
            "members": [list(m) for m in self.members],
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object], bin_s: float) -> Program | None:
        """Rebuild a program from to_state output, leaving out figures no cycle can have.

        Return None when no cycle of it is left to learn from.
        """
        program = cls(get_int(data, "id"), get_str(data, "name"))
        program.last_seen = max(0.0, get_float(data, "last_seen", 0.0))
        durations = as_numbers(get_list(data, "durations"), "durations")
        program.durations = [d for d in durations if 0.0 < d <= MAX_CYCLE_S][-STATS_MEMORY:]
        energies = as_numbers(get_list(data, "energies"), "energies")
        program.energies = [e for e in energies if e >= 0.0][-STATS_MEMORY:] or [0.0]
        program.members = [
            tuple(max(0, round(v)) for v in as_numbers(m, "members")[:MAX_PROFILE_BINS])
            for m in get_list(data, "members")[-ENVELOPE_MEMORY:]
        ]
        if not program.durations or not program.members:
            return None
        # Every figure kept is one cycle: a count below them is impossible.
        program.cycles = max(get_int(data, "cycles"), len(program.durations))
        program._refresh(bin_s)
        return program


class ProgramLibrary:
    """The programs of one appliance: learning, naming, and candidates for matching."""

    __slots__ = ("_next_id", "bin_s", "programs")

    def __init__(self, bin_s: float) -> None:
        """Create an empty library for envelopes with bins of `bin_s` seconds."""
        self.bin_s = bin_s
        self.programs: dict[int, Program] = {}
        self._next_id = 1

    def classify(self, signature: Signature, duration_s: float) -> Program | None:
        """Return the program a finished cycle belongs to, or None."""
        best: Program | None = None
        best_distance = float("inf")
        for program in self.programs.values():
            distance = program.distance(signature, duration_s)
            if distance is not None and distance < best_distance:
                best = program
                best_distance = distance
        return best

    def learn(self, signature: Signature, duration_s: float, energy_wh: float, at: float) -> int:
        """Assign a finished cycle to its program (a new one when none fits); return its id."""
        program = self.classify(signature, duration_s)
        if program is None:
            program = Program(self._next_id)
            self._next_id += 1
            self.programs[program.program_id] = program
            self._evict()
        program.add(signature, duration_s, energy_wh, at)
        return program.program_id

    def add_named(self, name: str) -> Program:
        """Add an empty program named by the appliance itself (a connected machine's course)."""
        program = Program(self._next_id, name)
        self._next_id += 1
        self.programs[program.program_id] = program
        self._evict()
        return program

    def _evict(self) -> None:
        while len(self.programs) > MAX_PROGRAMS:
            victim = min(self.programs.values(), key=_keep_first)
            del self.programs[victim.program_id]

    def unlearn(self, program_id: int) -> None:
        """Take back the cycle learned last into a program (dropping an emptied program)."""
        program = self.programs.get(program_id)
        if program is None:
            return
        program.remove_last(self.bin_s)
        if not program.members or not program.durations or not program.energies:
            del self.programs[program_id]

    def candidates(self) -> list[Program]:
        """Return the programs trusted for matching a running cycle."""
        return [p for p in self.programs.values() if p.cycles >= MIN_CYCLES_FOR_ESTIMATE]

    def get(self, program_id: int | None) -> Program | None:
        """Return a program by id."""
        return None if program_id is None else self.programs.get(program_id)

    def rename(self, program_id: int, name: str | None) -> ProgramInfo:
        """Name a program (None or empty clears the name); KeyError for an unknown id."""
        program = self.programs[program_id]
        program.name = name.strip() if name and name.strip() else None
        return program.info()

    def forget(self, program_id: int) -> None:
        """Delete a program; KeyError for an unknown id."""
        del self.programs[program_id]

    def infos(self) -> tuple[ProgramInfo, ...]:
        """Return all programs, most used first."""
        ordered = sorted(self.programs.values(), key=lambda p: (-p.cycles, p.program_id))
        return tuple(p.info() for p in ordered)

    def to_state(self) -> dict[str, object]:
        """Return the library as JSON-compatible data."""
        return {
            "next_id": self._next_id,
            "programs": [p.to_state() for p in self.programs.values()],
        }

    @classmethod
    def from_state(cls, data: Mapping[str, object], bin_s: float) -> ProgramLibrary:
        """Rebuild a library from to_state output."""
        library = cls(bin_s)
        for item in get_list(data, "programs"):
            if not isinstance(item, Mapping):
                raise StateError("program is not a mapping")
            program = Program.from_state(item, bin_s)
            if program is not None:
                library.programs[program.program_id] = program
        if len(library.programs) > MAX_PROGRAMS:
            kept = sorted(library.programs.values(), key=_keep_first, reverse=True)
            library.programs = {p.program_id: p for p in kept[:MAX_PROGRAMS]}
        highest = max(library.programs, default=0)
        library._next_id = max(get_int(data, "next_id", 1), highest + 1)
        return library


def _keep_first(program: Program) -> tuple[bool, int, float]:
    """Return what keeps a program when there are too many: named, most used, most recent."""
    return (program.name is not None, program.cycles, program.last_seen)
