"""The electricity price each cycle's cost is counted at.

The price is the entity chosen in the home's settings, or else the Energy dashboard's
grid import price (its price entity, or its fixed price). A price entity's unit may be per
kWh, MWh or Wh, as the Energy dashboard accepts; a state that is not a number is no price.
"""

from __future__ import annotations

import math
from typing import Any

from homeassistant.components.energy.data import async_get_manager
from homeassistant.const import UnitOfEnergy
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util.unit_conversion import EnergyConverter

from .const import LOGGER

ENERGY_UNITS = frozenset(UnitOfEnergy)
# Per kWh in any currency (the Indonesian rupiah's is in the thousands): above it, garbage.
MAX_PRICE = 1_000_000.0


def _grid_price(data: Any) -> tuple[str | None, float | None]:
    """Return the first grid source's price entity or fixed price from energy preferences."""
    sources = data.get("energy_sources", []) if isinstance(data, dict) else []
    for source in sources:
        if not isinstance(source, dict) or source.get("type") != "grid":
            continue
        flows = source.get("flow_from") or [source]  # the format before 2025.12, or after
        for flow in flows:
            entity = flow.get("entity_energy_price") if isinstance(flow, dict) else None
            number = flow.get("number_energy_price") if isinstance(flow, dict) else None
            if entity or isinstance(number, int | float):
                return entity, float(number) if isinstance(number, int | float) else None
    return None, None


class ElectricityPrice:
    """Reads the price per kWh in the home's currency when asked."""

    def __init__(self, hass: HomeAssistant, entity_id: str | None) -> None:
        """Prepare with the entity chosen in the home's settings (None: the Energy one)."""
        self.hass = hass
        self._chosen = entity_id
        self._energy: Any = None

    async def async_prepare(self) -> None:
        """Find the Energy dashboard's preferences when no price entity was chosen.

        They are read again at every ask, so a price set there later counts at once.
        Without them (the Energy integration failing to load) there is simply no price.
        """
        if self._chosen is not None:
            return
        try:
            self._energy = await async_get_manager(self.hass)
        except HomeAssistantError as err:
            LOGGER.info("No electricity price from the Energy dashboard: %s", err)

    @property
    def source(self) -> tuple[str | None, float | None]:
        """Return the price entity, or the fixed price, asked now."""
        if self._chosen is not None:
            return self._chosen, None
        return _grid_price(self._energy.data) if self._energy is not None else (None, None)

    @callback
    def per_kwh(self) -> float | None:
        """Return the price now per kWh, None when unknown."""
        entity_id, fixed = self.source
        if entity_id is None:
            return fixed
        state = self.hass.states.get(entity_id)
        if state is None:
            return None
        try:
            price = float(state.state)
        except ValueError:
            return None
        unit = str(state.attributes.get("unit_of_measurement") or "").partition("/")[2]
        if unit in ENERGY_UNITS and unit != UnitOfEnergy.KILO_WATT_HOUR:
            # A price per MWh is a thousandth of it per kWh (the inverse of energy).
            price = EnergyConverter.convert(price, UnitOfEnergy.KILO_WATT_HOUR, unit)
        return price if math.isfinite(price) and abs(price) < MAX_PRICE else None
