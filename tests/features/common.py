"""Helpers of the feature catalog's tests: catalog entries, remote indexes, files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import Blueprint
from homeassistant.core import HomeAssistant
from homeassistant.util.yaml import parse_yaml
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.appliance_care.const import DOMAIN
from custom_components.appliance_care.features import (
    BUNDLED,
    FeatureCatalog,
    catalog_of as loaded_catalog,
)

REMOTE_URL = "https://catalog.example.com/appliance-care/index.json"
FILES_URL = "https://catalog.example.com/appliance-care/files/"
TEXT = {"en": "Words", "ko": "낱말"}
STORAGE_KEY = f"{DOMAIN}.features"

MINIMAL_BLUEPRINT = b"""blueprint:
  name: Morning report
  domain: automation
  input:
    message:
      name: Message
triggers:
  - trigger: homeassistant
    event: start
actions:
  - action: persistent_notification.create
    data:
      message: !input message
"""


def bundled(kind: str, feature_id: str) -> bytes:
    """Return the content of a feature bundled with the integration."""
    suffix = ".yaml" if kind == "blueprint" else ".json"
    return (BUNDLED / f"{kind}s" / f"{feature_id}{suffix}").read_bytes()


def entry(
    feature_id: str,
    content: bytes,
    *,
    kind: str = "blueprint",
    version: str = "1.0.0",
    url: str | None = None,
    size: int | None = None,
    sha256: str | None = None,
    appliance: str | None = None,
    min_integration_version: str = "0.1.0",
    title: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Return a catalog entry for content served at FILES_URL (unless url is given)."""
    data: dict[str, Any] = {
        "id": feature_id,
        "version": version,
        "kind": kind,
        "title": title or {"en": f"{feature_id} title", "ko": f"{feature_id} 제목"},
        "description": TEXT,
        "release_notes": {"en": f"Notes of {version}", "ko": f"{version} 안내"},
        "min_integration_version": min_integration_version,
        "sha256": sha256 or hashlib.sha256(content).hexdigest(),
        "size": len(content) if size is None else size,
        "url": url or f"{FILES_URL}{feature_id}-{version}",
    }
    if appliance is not None:
        data["appliance"] = appliance
    return data


def index(
    *features: dict[str, Any], firmware: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Return a catalog index listing `features`."""
    return {"format": 1, "features": list(features), "firmware": firmware or []}


def catalog_of(hass: HomeAssistant) -> FeatureCatalog:
    """Return the integration's feature catalog."""
    return loaded_catalog(hass)


def blueprint_path(hass: HomeAssistant, feature_id: str) -> Path:
    """Return where an installed blueprint is written."""
    return Path(hass.config.path("blueprints", "automation", DOMAIN, f"{feature_id}.yaml"))


def blueprint_folder_files(hass: HomeAssistant) -> list[str]:
    """Return every file in the integration's blueprint folder, temporary ones included."""
    folder = Path(hass.config.path("blueprints", "automation", DOMAIN))
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def serve(aioclient_mock: AiohttpClientMocker, data: dict[str, Any], url: str = REMOTE_URL) -> None:
    """Serve a catalog index at `url` (aioclient_mock.clear_requests() forgets earlier ones)."""
    aioclient_mock.get(url, text=json.dumps(data))


async def async_use_remote(hass: HomeAssistant, url: str = REMOTE_URL) -> dict[str, Any]:
    """Turn the remote catalog on at `url` and return the action's response."""
    response = await hass.services.async_call(
        DOMAIN, "set_catalog", {"url": url}, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


def blueprint_data(content: bytes | Path) -> dict[str, Any]:
    """Return a blueprint as Home Assistant loads it (the file it writes is re-dumped)."""
    text = content.read_text(encoding="utf-8") if isinstance(content, Path) else content.decode()
    data = parse_yaml(text)
    assert isinstance(data, dict)
    blueprint = Blueprint(data, expected_domain="automation", schema=AUTOMATION_BLUEPRINT_SCHEMA)
    return dict(blueprint.data)
