"""What a cycle costs: its energy priced as it is drawn, so a dynamic tariff counts.

The running cycle's energy grows with every power report; each increment is priced at
the price of that moment (per kWh, in the home's currency). A price briefly unknown is
carried forward from the last one known; with no price ever known the cost is unknown.
The work per update is a subtraction and a multiplication.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._state import StateError, get_float, get_opt_float

WH_PER_KWH = 1000.0


class CycleCost:
    """The cost of the running cycle, and of the last finished one."""

    __slots__ = ("_energy_wh", "_price", "cost", "cycle_start", "last_cost", "last_start")

    def __init__(self) -> None:
        """Start with no cycle and no price known."""
        self.cycle_start: float | None = None
        self._energy_wh = 0.0
        self.cost: float | None = None
        """The running cycle's cost so far (None: no price known yet)."""
        self._price: float | None = None
        self.last_start: float | None = None
        self.last_cost: float | None = None
        """The last finished cycle's cost, and its start."""

    def update(
        self, cycle_start: float | None, energy_wh: float | None, price: float | None
    ) -> None:
        """Price the energy the running cycle drew since the last update."""
        if price is not None:
            self._price = price
        if cycle_start is None or energy_wh is None:
            return
        if cycle_start != self.cycle_start:
            self.cycle_start, self._energy_wh, self.cost = cycle_start, 0.0, None
        drawn = energy_wh - self._energy_wh
        if drawn <= 0.0:
            return
        self._energy_wh = energy_wh
        if self._price is not None:
            self.cost = (self.cost or 0.0) + drawn / WH_PER_KWH * self._price

    def finish(self, cycle_start: float, energy_wh: float, price: float | None) -> float | None:
        """Close the cycle that started at `cycle_start` with its final energy; its cost."""
        if cycle_start != self.cycle_start:
            # Not followed (a restart lost it): all of it at the price of now.
            self.cycle_start, self._energy_wh, self.cost = cycle_start, 0.0, None
        self.update(cycle_start, energy_wh, price)
        self.last_start, self.last_cost = cycle_start, self.cost
        self.cycle_start, self._energy_wh, self.cost = None, 0.0, None
        return self.last_cost

    def cost_of(self, cycle_start: float) -> float | None:
        """Return the cost of the finished cycle that started at `cycle_start`."""
        return self.last_cost if cycle_start == self.last_start else None

    def to_state(self) -> dict[str, float | None]:
        """Return the accumulator as JSON-compatible data."""
        return {
            "cycle_start": self.cycle_start,
            "energy_wh": self._energy_wh,
            "cost": self.cost,
            "price": self._price,
            "last_start": self.last_start,
            "last_cost": self.last_cost,
        }

    @classmethod
    def from_state(cls, data: object) -> CycleCost:
        """Rebuild from to_state output; anything unreadable starts afresh."""
        cost = cls()
        if not isinstance(data, Mapping):
            return cost
        try:
            cost.cycle_start = get_opt_float(data, "cycle_start")
            cost._energy_wh = max(0.0, get_float(data, "energy_wh", 0.0))
            cost.cost = get_opt_float(data, "cost")
            cost._price = get_opt_float(data, "price")
            cost.last_start = get_opt_float(data, "last_start")
            cost.last_cost = get_opt_float(data, "last_cost")
        except StateError:
            return cls()
        return cost
