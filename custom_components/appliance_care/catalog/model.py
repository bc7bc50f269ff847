"""Values of the feature catalog: features, firmware announcements, what is installed."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class FeatureKind(StrEnum):
    """What a feature is, and so where it installs."""

    BLUEPRINT = "blueprint"  # an automation blueprint, into the configuration folder
    COURSE = "course"  # a program, into appliances whose source takes downloads

    @property
    def suffix(self) -> str:
        """Return the file name suffix of the feature's content."""
        return ".yaml" if self is FeatureKind.BLUEPRINT else ".json"


LANGUAGES = ("en", "ko")
"""The languages every text of the catalog is written in."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalText:
    """A text of the catalog in each of its languages."""

    en: str
    ko: str

    def in_language(self, language: str) -> str:
        """Return the text in a language ("ko", "ko-KR"), or in English."""
        return self.ko if language.split("-", maxsplit=1)[0].lower() == "ko" else self.en


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogEntry:
    """One version of one feature, as a catalog index lists it."""

    id: str
    version: str
    kind: FeatureKind
    title: LocalText
    description: LocalText
    release_notes: LocalText | None
    min_integration_version: str
    sha256: str
    """Lower-case hex digest of the content."""
    size: int
    """Size of the content in bytes."""
    url: str
    appliance: str | None = None
    """Courses: the kind of appliance that runs it ("washer")."""

    @property
    def notes(self) -> LocalText:
        """Return the release notes, or the description where there are none."""
        return self.release_notes or self.description


@dataclass(frozen=True, slots=True, kw_only=True)
class FirmwareRelease:
    """Firmware an appliance maker announces for one kind of appliance."""

    appliance: str
    version: str
    release_notes: LocalText
    programs: Mapping[str, Mapping[str, Any]]
    """Programs the firmware adds, by name, as course data (see simulator/courses.py)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogIndex:
    """The features and firmware one catalog index lists."""

    features: tuple[CatalogEntry, ...] = ()
    firmware: tuple[FirmwareRelease, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class InstalledFeature:
    """A feature the owner installed, as it was installed."""

    entry: CatalogEntry
    program: Mapping[str, Any] | None = None
    """Courses: the program that was installed, as course data, to install it again."""
