"""The integration's own translated texts, for the few places that build text themselves.

Entity names, states, errors and repairs are translated by Home Assistant. A device model,
a to-do item, a placeholder inside another text and a described finding are strings the
integration hands over whole, so it looks its translations up itself, in Home Assistant's
language unless told otherwise.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN


async def async_texts(
    hass: HomeAssistant, category: str, prefix: str, language: str | None = None
) -> dict[str, str]:
    """Return the texts under `prefix` of a translation category, keyed by what follows.

    An empty `prefix` gives the whole category.
    """
    full = f"component.{DOMAIN}.{category}." + (f"{prefix}." if prefix else "")
    texts = await async_get_translations(hass, language or hass.config.language, category, {DOMAIN})
    return {key.removeprefix(full): text for key, text in texts.items() if key.startswith(full)}


async def async_option_texts(
    hass: HomeAssistant, selector: str, language: str | None = None
) -> dict[str, str]:
    """Return the translated options of one of the integration's selectors."""
    return await async_texts(hass, "selector", f"{selector}.options", language)
