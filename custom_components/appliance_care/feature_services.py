"""Actions of the feature catalog: install, uninstall and list features; set the catalog."""

from __future__ import annotations

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import config_validation as cv, service
from homeassistant.util.json import JsonObjectType, JsonValueType
import probatio as vol

from .catalog import CatalogError, Problem, is_newer
from .catalog.remote import DEFAULT_URL
from .const import DOMAIN
from .feature_fetch import feature_error
from .features import FeatureCatalog, catalog_of

SERVICE_INSTALL_FEATURE = "install_feature"
SERVICE_UNINSTALL_FEATURE = "uninstall_feature"
SERVICE_LIST_FEATURES = "list_features"
SERVICE_SET_CATALOG = "set_catalog"
SERVICE_REFRESH_CATALOG = "refresh_catalog"
ATTR_ID = "id"
ATTR_URL = "url"
ATTR_ENABLED = "enabled"

# Ids are checked by the catalog, which says what is wrong with a bad one.
FEATURE_SCHEMA = vol.Schema({vol.Required(ATTR_ID): cv.string})
SET_CATALOG_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_URL, default=DEFAULT_URL): cv.string,
        vol.Optional(ATTR_ENABLED, default=True): cv.boolean,
    }
)


def _catalog(hass: HomeAssistant) -> FeatureCatalog:
    return catalog_of(hass)


def describe_feature(catalog: FeatureCatalog, feature_id: str) -> JsonObjectType:
    """Return what list_features says of a feature the catalog lists or that is installed."""
    offer = catalog.catalog.offer(feature_id)
    installed = catalog.installed.get(feature_id)
    candidates = [offer.latest, offer.newest] if offer is not None else []
    candidates.append(installed.entry if installed is not None else None)
    shown = next(entry for entry in candidates if entry is not None)
    latest = offer.latest.version if offer is not None and offer.latest is not None else None
    current = installed.entry.version if installed is not None else None
    language = catalog.language
    return {
        "id": shown.id,
        "kind": str(shown.kind),
        "title": shown.title.in_language(language),
        "description": shown.description.in_language(language),
        "appliance": shown.appliance,
        "installed_version": current,
        "latest_version": latest,
        "update_available": bool(latest and current and is_newer(latest, current)),
        "installable": latest is not None,
        "min_integration_version": shown.min_integration_version,
    }


def describe_catalog(catalog: FeatureCatalog) -> JsonObjectType:
    """Return what the actions say of the catalog itself."""
    source = catalog.remote.source
    return {
        "remote_enabled": source.enabled,
        "url": source.url,
        "fetched_at": source.fetched_at.isoformat() if source.fetched_at else None,
        "unreachable_since": (
            source.unreachable_since.isoformat() if source.unreachable_since else None
        ),
        "features": len(catalog.catalog.offers),
    }


async def _async_install_feature(call: ServiceCall) -> ServiceResponse:
    feature = await _catalog(call.hass).async_install(call.data[ATTR_ID])
    return {
        "id": feature.entry.id,
        "kind": str(feature.entry.kind),
        "version": feature.entry.version,
    }


async def _async_uninstall_feature(call: ServiceCall) -> ServiceResponse:
    await _catalog(call.hass).async_uninstall(call.data[ATTR_ID])
    return {"id": call.data[ATTR_ID]}


async def _async_list_features(call: ServiceCall) -> ServiceResponse:
    catalog = _catalog(call.hass)
    ids = sorted(catalog.catalog.offers.keys() | catalog.installed.keys())
    described = sorted(
        (describe_feature(catalog, feature_id) for feature_id in ids),
        key=lambda feature: (str(feature["kind"]), str(feature["id"])),
    )
    features: list[JsonValueType] = list(described)
    return {"catalog": describe_catalog(catalog), "features": features}


async def _async_set_catalog(call: ServiceCall) -> ServiceResponse:
    catalog = _catalog(call.hass)
    await catalog.remote.async_set(call.data[ATTR_URL], enabled=call.data[ATTR_ENABLED])
    return describe_catalog(catalog)


async def _async_refresh_catalog(call: ServiceCall) -> ServiceResponse:
    catalog = _catalog(call.hass)
    if not catalog.remote.source.enabled:
        raise feature_error(CatalogError(Problem.REMOTE_OFF))
    await catalog.remote.async_refresh()
    return describe_catalog(catalog)


@callback
def async_setup_feature_services(hass: HomeAssistant) -> None:
    """Register the feature catalog's actions; changing the installation needs an admin."""
    optional = SupportsResponse.OPTIONAL
    service.async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_INSTALL_FEATURE,
        _async_install_feature,
        FEATURE_SCHEMA,
        supports_response=optional,
    )
    service.async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_UNINSTALL_FEATURE,
        _async_uninstall_feature,
        FEATURE_SCHEMA,
        supports_response=optional,
    )
    service.async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_SET_CATALOG,
        _async_set_catalog,
        SET_CATALOG_SCHEMA,
        supports_response=optional,
    )
    service.async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_REFRESH_CATALOG,
        _async_refresh_catalog,
        vol.Schema({}),
        supports_response=optional,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_LIST_FEATURES,
        _async_list_features,
        schema=vol.Schema({}),
        supports_response=SupportsResponse.ONLY,
    )
