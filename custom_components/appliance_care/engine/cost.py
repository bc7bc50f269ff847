"""What a cycle costs: its energy priced as it is drawn, so a dynamic tariff counts.

The running cycle's energy grows with every power report; each increment is priced at
the price of that moment (per kWh, in the home's currency). A price briefly unknown is
carried forward from the last one known; with no price ever known the cost is unknown.
Cycles are known by their number (the one the running cycle will get), which a clock
jump does not move. The work per update is a subtraction and a multiplication.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._state import StateError, get_float, get_opt_float, get_opt_int

WH_PER_KWH = 1000.0


class CycleCost:
    """The cost of the running cycle, and of the last finished one."""

    __slots__ = ("_energy_wh", "_price", "cost", "cycle", "last", "last_cost")

    def __init__(self) -> None:
        """Start with no cycle and no price known."""
        self.cycle: int | None = None
        """The number of the cycle being priced."""
        self._energy_wh = 0.0
        self.cost: float | None = None
        """The running cycle's cost so far (None: no price known yet)."""
        self._price: float | None = None
        self.last: int | None = None
        self.last_cost: float | None = None
        """The last finished cycle's number and cost."""

    def update(self, cycle: int | None, energy_wh: float | None, price: float | None) -> None:
        """Price the energy the running cycle number `cycle` drew since the last update."""
        if price is not None:
            self._price = price
        if cycle is None or energy_wh is None:
            return
        if cycle != self.cycle:
            self.cycle, self._energy_wh, self.cost = cycle, 0.0, None
        drawn = energy_wh - self._energy_wh
        if drawn <= 0.0:
            return
        self._energy_wh = energy_wh
        if self._price is not None:
            self.cost = (self.cost or 0.0) + drawn / WH_PER_KWH * self._price

    def finish(self, cycle: int, energy_wh: float, price: float | None) -> float | None:
        """Close cycle number `cycle` with its final energy; return its cost.

        A cycle not followed (a restart lost it) is priced whole at the price of now.
        """
        self.update(cycle, energy_wh, price)
        self.last, self.last_cost = cycle, self.cost
        self.cycle, self._energy_wh, self.cost = None, 0.0, None
        return self.last_cost

    def cost_of(self, cycle: int) -> float | None:
        """Return the cost of finished cycle number `cycle`."""
        return self.last_cost if cycle == self.last else None

    def to_state(self) -> dict[str, float | int | None]:
        """Return the accumulator as JSON-compatible data."""
        return {
            "cycle": self.cycle,
            "energy_wh": self._energy_wh,
            "cost": self.cost,
            "price": self._price,
            "last": self.last,
            "last_cost": self.last_cost,
        }

    @classmethod
    def from_state(cls, data: object) -> CycleCost:
        """Rebuild from to_state output; anything unreadable starts afresh."""
        cost = cls()
        if not isinstance(data, Mapping):
            return cost
        try:
            cost.cycle = get_opt_int(data, "cycle")
            cost._energy_wh = max(0.0, get_float(data, "energy_wh", 0.0))
            cost.cost = get_opt_float(data, "cost")
            cost._price = get_opt_float(data, "price")
            cost.last = get_opt_int(data, "last")
            cost.last_cost = get_opt_float(data, "last_cost")
        except StateError:
            return cls()
        return cost
