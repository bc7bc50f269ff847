"""Feature ids that cannot leave their folder, https only, and atomic writes."""

from contextlib import suppress
import os
from pathlib import Path
import re
import tempfile
from urllib.parse import urlsplit

from .errors import CatalogError, Problem

FEATURE_ID = re.compile(r"[a-z0-9_]{1,64}")
"""Feature ids: file names without separators, dots or anything a shell or path treats
specially; also translation keys and program names."""

# Longest id shown back in an error message.
MAX_SHOWN_ID = 80
# Installed files are configuration the owner may read; mkstemp makes them private.
FILE_MODE = 0o644


def require_feature_id(value: object) -> str:
    """Return a feature id, or raise CatalogError INVALID_ID ("../x", "/etc/x", "X")."""
    if not isinstance(value, str) or not FEATURE_ID.fullmatch(value):
        raise CatalogError(Problem.INVALID_ID, id=str(value)[:MAX_SHOWN_ID])
    return value


def is_https_url(url: str) -> bool:
    """Return whether a URL is https, with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname)


def feature_file(folder: Path, feature_id: str, suffix: str) -> Path:
    """Return the file of a feature inside `folder`; raise INVALID_ID for any other place."""
    path = folder / f"{require_feature_id(feature_id)}{suffix}"
    # The id pattern already rules out separators and dots; this guards the pattern.
    if path.parent != folder:
        raise CatalogError(Problem.INVALID_ID, id=feature_id)
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file in its folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        temporary.chmod(FILE_MODE)
        temporary.replace(path)  # os.replace: atomic within one file system
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise


def remove_file(path: Path) -> bool:
    """Delete a file; return whether there was one."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
