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

from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.helpers import config_validation as cv
import probatio as vol

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


def shown_values(values: Mapping[str, object]) -> dict[str, str]:
    """Return a finding's numbers as text placeholders."""
    shown: dict[str, str] = {}
    for key, value in values.items():
        if value is None or value == UNKNOWN:
            shown[key] = NOT_KNOWN
        elif isinstance(value, float) and not value.is_integer():
            shown[key] = f"{value:.{DECIMALS}f}"
        elif isinstance(value, float):
            shown[key] = str(int(value))
        else:
            shown[key] = str(value)
    return shown


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
    issue = await async_texts(hass, "issues", kind, language)
    entities = await async_texts(hass, "entity", "", language)
    placeholders = {**shown_values(values), "name": name}
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
