"""The action that puts a finding into words, in the user's language.

Finding sensors and care events carry codes and numbers only (`kind`, `severity`, `since`,
`fix` and `values`), never sentences, so that automations can test them and any language
can show them. `appliance_care.describe_finding` turns those codes and numbers into the
title and message the integration's translations give (the same texts as its repair
issues), so a blueprint's notification reads as the rest of Home Assistant does.
"""

from __future__ import annotations

from collections.abc import Mapping
import string
from typing import Any

from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util.unit_conversion import TemperatureConverter
import probatio as vol

from .care_kinds import issue_key
from .const import DOMAIN
from .engine.care import FindingKind
from .texts import async_texts

SERVICE_DESCRIBE_FINDING = "describe_finding"
ATTR_KIND = "kind"
ATTR_VALUES = "values"
ATTR_NAME = "name"
ATTR_LANGUAGE = "language"
ATTR_CLEARED = "cleared"
# Numbers in texts: whole numbers as they are, others to one decimal.
DECIMALS = 1
_MISSING = "?"
# A number the care rules could not know is the code "unknown"; texts show a dash.
UNKNOWN = "unknown"
NOT_KNOWN = "\N{EN DASH}"
TEMPERATURE_UNIT = "temperature_unit"
"""The placeholder of the unit temperatures are shown in."""

DESCRIBE_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_KIND): vol.In([str(kind) for kind in FindingKind]),
        vol.Optional(ATTR_VALUES, default=dict): vol.Schema(
            {cv.string: vol.Any(int, float, str, None)}
        ),
        vol.Optional(ATTR_NAME, default=""): cv.string,
        vol.Optional(ATTR_LANGUAGE): cv.string,
        vol.Optional(ATTR_CLEARED, default=False): cv.boolean,
    }
)


def shown_values(
    values: Mapping[str, object], temperature_unit: str = UnitOfTemperature.CELSIUS
) -> dict[str, str]:
    """Return a finding's numbers as text placeholders, temperatures in `temperature_unit`.

    The care rules count in °C (keys ending in `_c`, and `celsius`); texts show the
    installation's unit through the `temperature_unit` placeholder.
    """
    shown: dict[str, str] = {TEMPERATURE_UNIT: str(temperature_unit)}
    for key, value in values.items():
        number = value
        if _is_temperature(key) and isinstance(value, int | float) and not isinstance(value, bool):
            number = TemperatureConverter.convert(
                float(value), UnitOfTemperature.CELSIUS, temperature_unit
            )
        if number is None or number == UNKNOWN:
            shown[key] = NOT_KNOWN
        elif isinstance(number, float) and not number.is_integer():
            shown[key] = f"{number:.{DECIMALS}f}"
        elif isinstance(number, float):
            shown[key] = str(int(number))
        else:
            shown[key] = str(number)
    return shown


def _is_temperature(key: str) -> bool:
    return key.endswith("_c") or key == "celsius"


class _Placeholders(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return _MISSING


def _fill(text: str, placeholders: Mapping[str, str]) -> str:
    """Fill {placeholders}; one the values lack shows as '?' rather than failing."""
    return string.Formatter().vformat(text, (), _Placeholders(placeholders))


async def async_describe(
    hass: HomeAssistant,
    kind: str,
    values: Mapping[str, object],
    name: str,
    *,
    language: str | None = None,
    cleared: bool = False,
) -> dict[str, str]:
    """Return the title, message and finding name of a finding, in `language`."""
    issue = await async_texts(hass, "issues", issue_key(kind, values), language)
    entities = await async_texts(hass, "entity", "", language)
    units = hass.config.units.temperature_unit
    placeholders = {**shown_values(values, units), "name": name}
    kind_name = entities.get(f"binary_sensor.{kind}.name", kind)
    title = _fill(issue.get("title", kind_name), placeholders)
    message = _fill(issue.get("description", ""), placeholders)
    if cleared:
        done = entities.get(
            "event.care.state_attributes.event_type.state.finding_cleared", "finding_cleared"
        )
        title = f"{name}: {kind_name}" if name else kind_name
        message = done
    return {"title": title, "message": message, "kind_name": kind_name}


async def _async_describe_finding(call: ServiceCall) -> ServiceResponse:
    data: dict[str, Any] = dict(call.data)
    described = await async_describe(
        call.hass,
        data[ATTR_KIND],
        data[ATTR_VALUES],
        data[ATTR_NAME],
        language=data.get(ATTR_LANGUAGE),
        cleared=data[ATTR_CLEARED],
    )
    return dict(described)


def async_setup_describe(hass: HomeAssistant) -> None:
    """Register the action."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_DESCRIBE_FINDING,
        _async_describe_finding,
        schema=DESCRIBE_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
