"""The home's outdoor temperature and frost forecast, read once for every appliance.

The outdoor sensor and the weather entity are home-wide settings of the Appliance Care
entry. Appliances that stand where they may freeze (an unheated place) follow them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from homeassistant.components.weather import ATTR_WEATHER_TEMPERATURE_UNIT
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import UnitOfTemperature
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_state_change_event, async_track_time_interval
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import TemperatureConverter

from .const import DOMAIN, LOGGER
from .sources.power_sensor import celsius

_TEMPERATURE_UNITS = frozenset(str(unit) for unit in UnitOfTemperature)

# A weather forecast changes a few times a day; asking every half hour is plenty.
FORECAST_INTERVAL = timedelta(minutes=30)
FORECAST_HORIZON = timedelta(hours=48)


def forecast_low(response: object, weather: str, horizon: datetime) -> float | None:
    """Return the lowest temperature a weather.get_forecasts response gives before horizon."""
    if not isinstance(response, dict) or not isinstance(found := response.get(weather), dict):
        return None
    forecast = found.get("forecast")
    lows: list[float] = []
    for item in forecast if isinstance(forecast, list) else []:
        if not isinstance(item, dict):
            continue
        when = dt_util.parse_datetime(str(item.get("datetime", "")))
        low = item.get("templow", item.get("temperature"))
        if when is None or when > horizon or isinstance(low, bool):
            continue
        if isinstance(low, int | float) and low == low:  # noqa: PLR0124 - skip NaN
            lows.append(float(low))
    return min(lows) if lows else None


type ClimateListener = Callable[[float, float | None, float | None], None]
"""Called with (wall time, outdoor °C, lowest forecast °C of the next 48 h)."""


class HomeClimate:
    """Follows the outdoor sensor and the weather forecast for the appliances that care."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, outdoor: str | None, weather: str | None
    ) -> None:
        """Prepare to follow the home's outdoor sensor and weather entity (either may be None)."""
        self._hass = hass
        self._entry = entry
        self._outdoor = outdoor
        self._weather = weather
        self._listeners: list[ClimateListener] = []
        self.outdoor_c: float | None = None
        self.forecast_low_c: float | None = None
        self._stopped = False

    @callback
    def async_start(self, listeners: list[ClimateListener]) -> None:
        """Follow the sensors for `listeners`; nothing is read when no one listens."""
        self._listeners = listeners
        if not listeners:
            return
        entry = self._entry
        entry.async_on_unload(self._async_stop)
        if self._outdoor:
            entry.async_on_unload(
                async_track_state_change_event(
                    self._hass, [self._outdoor], self._async_outdoor_changed
                )
            )
            self.outdoor_c = celsius(self._hass.states.get(self._outdoor))
        if self._weather:
            entry.async_on_unload(
                async_track_time_interval(
                    self._hass,
                    self._async_forecast_due,
                    FORECAST_INTERVAL,
                    name=f"{DOMAIN} forecast",
                )
            )
            self._async_forecast_due()
        self._tell()

    @callback
    def _async_stop(self) -> None:
        self._stopped = True

    @callback
    def _async_forecast_due(self, _now: datetime | None = None) -> None:
        # Cancelled with the entry if it unloads while the request is under way.
        self._entry.async_create_background_task(
            self._hass, self._async_refresh_forecast(), name=f"{DOMAIN} forecast"
        )

    @callback
    def _async_outdoor_changed(self, event: Event[EventStateChangedData]) -> None:
        self.outdoor_c = celsius(event.data["new_state"])
        self._tell()

    async def _async_refresh_forecast(self) -> None:
        """Read the lowest forecast temperature of the next 48 hours."""
        weather = self._weather
        if weather is None:
            return
        try:
            response = await self._hass.services.async_call(
                "weather",
                "get_forecasts",
                {"entity_id": weather, "type": "hourly"},
                blocking=True,
                return_response=True,
            )
        except HomeAssistantError as err:
            LOGGER.debug("No forecast from %s: %s", weather, err)
            return
        low = forecast_low(response, weather, dt_util.utcnow() + FORECAST_HORIZON)
        # Forecasts come in the weather entity's unit (the installation's unless the user
        # chose another for that entity).
        unit = self._hass.config.units.temperature_unit
        if (state := self._hass.states.get(weather)) is not None and (
            shown := state.attributes.get(ATTR_WEATHER_TEMPERATURE_UNIT)
        ) in _TEMPERATURE_UNITS:
            unit = shown
        self.forecast_low_c = (
            None
            if low is None
            else TemperatureConverter.convert(low, unit, UnitOfTemperature.CELSIUS)
        )
        self._tell()

    @callback
    def _tell(self) -> None:
        if self._stopped:
            return
        now = dt_util.utcnow().timestamp()
        for listener in tuple(self._listeners):
            listener(now, self.outdoor_c, self.forecast_low_c)
