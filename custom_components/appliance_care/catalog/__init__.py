"""The feature catalog: features (blueprints, courses) and firmware an owner can install.

Plain Python with no Home Assistant import: the index model and its parsing, safe feature
ids and paths, version comparison, the streaming size and checksum check of downloads,
the merge of the bundled and the remote index, and the state kept between restarts. The
Home Assistant side (fetching, installing, storage, repairs) is `features.py`.
"""

from .errors import CatalogError, Problem
from .merge import Catalog, Offer
from .model import (
    CatalogEntry,
    CatalogIndex,
    FeatureKind,
    FirmwareRelease,
    InstalledFeature,
    LocalText,
)
from .parse import entry_to_mapping, parse_entry, parse_index
from .remote import CatalogDocument, RemoteSource
from .safety import (
    FEATURE_ID,
    feature_file,
    is_https_url,
    remove_file,
    require_feature_id,
    write_atomically,
)
from .verify import MAX_FEATURE_BYTES, MAX_INDEX_BYTES, DownloadCheck
from .versions import is_newer, parse_version

__all__ = [
    "FEATURE_ID",
    "MAX_FEATURE_BYTES",
    "MAX_INDEX_BYTES",
    "Catalog",
    "CatalogDocument",
    "CatalogEntry",
    "CatalogError",
    "CatalogIndex",
    "DownloadCheck",
    "FeatureKind",
    "FirmwareRelease",
    "InstalledFeature",
    "LocalText",
    "Offer",
    "Problem",
    "RemoteSource",
    "entry_to_mapping",
    "feature_file",
    "is_https_url",
    "is_newer",
    "parse_entry",
    "parse_index",
    "parse_version",
    "remove_file",
    "require_feature_id",
    "write_atomically",
]
