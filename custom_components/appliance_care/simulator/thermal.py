"""First-order thermal model shared by the cooling appliances.

Every compartment follows dT/dt = (T_eq - T) / tau, where the equilibrium T_eq and the
time constant tau depend on what runs (compressor, heater, open door) and on the room.
Between events these are constant, so the temperature has a closed form and the time at
which a thermostat threshold is crossed can be solved for instead of stepped towards.
"""

from dataclasses import dataclass
import math


@dataclass(frozen=True, slots=True)
class Relaxation:
    """A compartment relaxing exponentially towards an equilibrium."""

    equilibrium_c: float
    tau_s: float

    def at(self, start_c: float, elapsed_s: float) -> float:
        """Return the temperature `elapsed_s` after it was `start_c`."""
        return self.equilibrium_c + (start_c - self.equilibrium_c) * math.exp(
            -elapsed_s / self.tau_s
        )

    def time_to(self, start_c: float, target_c: float) -> float | None:
        """Return the seconds until the temperature reaches `target_c`, or None if never."""
        gap_now = start_c - self.equilibrium_c
        gap_target = target_c - self.equilibrium_c
        if gap_now == 0.0 or gap_now * gap_target <= 0.0 or abs(gap_target) > abs(gap_now):
            return 0.0 if start_c == target_c else None
        return self.tau_s * math.log(gap_now / gap_target)


def linear_relaxation(
    *, leak_per_s: float, ambient_c: float, drive_k_per_s: float = 0.0
) -> Relaxation:
    """Return the relaxation of dT/dt = leak * (ambient - T) + drive.

    `drive_k_per_s` is a constant heating (positive) or cooling (negative) rate.
    """
    return Relaxation(equilibrium_c=ambient_c + drive_k_per_s / leak_per_s, tau_s=1.0 / leak_per_s)


def sink_relaxation(
    *, leak_per_s: float, ambient_c: float, sink_per_s: float, sink_c: float, drive_k_per_s: float
) -> Relaxation:
    """Return the relaxation of dT/dt = leak (ambient - T) + sink (sink_c - T) + drive.

    A compartment cooled by an evaporator at `sink_c` through the conductance
    `sink_per_s`: the colder it gets the less it is cooled, which keeps a freezer near its
    set point although its thermostat sits in the fridge.
    """
    conductance = leak_per_s + sink_per_s
    return Relaxation(
        equilibrium_c=(leak_per_s * ambient_c + sink_per_s * sink_c + drive_k_per_s) / conductance,
        tau_s=1.0 / conductance,
    )
