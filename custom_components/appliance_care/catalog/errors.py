"""Why a catalog operation failed, as translation keys with their placeholders."""

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Problem(StrEnum):
    """What went wrong; each value is the translation key of its message."""

    INVALID_ID = "invalid_feature_id"
    UNKNOWN_FEATURE = "unknown_feature"
    NOT_INSTALLED = "feature_not_installed"
    NEEDS_NEWER_INTEGRATION = "feature_needs_newer_integration"
    VERSION_UNAVAILABLE = "feature_version_unavailable"
    NO_APPLIANCE = "no_appliance_for_course"
    IN_USE = "feature_in_use"
    INSECURE_URL = "insecure_url"
    DOWNLOAD_FAILED = "download_failed"
    DOWNLOAD_TIMEOUT = "download_timeout"
    TOO_LARGE = "download_too_large"
    SIZE_MISMATCH = "size_mismatch"
    CHECKSUM_MISMATCH = "checksum_mismatch"
    INVALID_BLUEPRINT = "invalid_blueprint"
    READS_OUTSIDE = "blueprint_reads_outside"
    OUTSIDE_CONFIG = "blueprint_folder_outside"
    INVALID_COURSE = "invalid_course"
    INVALID_CATALOG = "invalid_catalog"
    WRITE_FAILED = "feature_write_failed"
    NO_FIRMWARE_UPDATE = "no_firmware_update"
    REMOTE_OFF = "remote_catalog_off"

    @property
    def by_user(self) -> bool:
        """Return whether the request itself was wrong (not the download or the disk)."""
        return self in _USER_PROBLEMS


_USER_PROBLEMS = frozenset(
    {
        Problem.INVALID_ID,
        Problem.UNKNOWN_FEATURE,
        Problem.NOT_INSTALLED,
        Problem.NEEDS_NEWER_INTEGRATION,
        Problem.VERSION_UNAVAILABLE,
        Problem.NO_APPLIANCE,
        Problem.IN_USE,
        Problem.NO_FIRMWARE_UPDATE,
        Problem.REMOTE_OFF,
    }
)


class CatalogError(Exception):
    """A catalog operation that failed; nothing was written."""

    def __init__(self, problem: Problem, **placeholders: str) -> None:
        """Describe the failure by its problem and the values its message shows."""
        super().__init__(f"{problem}: {placeholders}")
        self.problem = problem
        self.placeholders: Mapping[str, str] = MappingProxyType(dict(placeholders))
