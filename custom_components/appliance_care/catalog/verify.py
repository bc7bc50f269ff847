"""Checking a download while it streams: its size, then its SHA-256 checksum."""

import hashlib

from .errors import CatalogError, Problem

BYTES_PER_KIB = 1_024
MAX_FEATURE_BYTES = 256 * BYTES_PER_KIB
"""Largest feature accepted (from the issue); blueprints are about 10 KiB, courses 2 KiB."""
MAX_INDEX_BYTES = 256 * BYTES_PER_KIB
"""Largest catalog index accepted; an entry takes about 1 KiB."""


def _kib(size: int) -> str:
    return str(size // BYTES_PER_KIB)


class DownloadCheck:
    """Takes a download chunk by chunk and fails as soon as it is too large.

    Nothing beyond the limit (or the announced size, when smaller) is ever kept, so a
    server cannot make Home Assistant hold more than the limit in memory.
    """

    def __init__(self, *, limit: int, size: int | None = None, sha256: str | None = None) -> None:
        """Expect at most `limit` bytes; exactly `size` and this digest when given.

        Raises CatalogError TOO_LARGE when the announced size is over the limit.
        """
        if size is not None and size > limit:
            raise CatalogError(Problem.TOO_LARGE, limit_kib=_kib(limit))
        self._limit = limit
        self._ceiling = limit if size is None else size
        self._size = size
        self._sha256 = sha256
        self._hash = hashlib.sha256()
        self._chunks: list[bytes] = []
        self.received = 0

    def declared(self, length: int | None) -> None:
        """Fail early when the server announces more than the limit (Content-Length)."""
        if length is not None and length > self._limit:
            raise CatalogError(Problem.TOO_LARGE, limit_kib=_kib(self._limit))

    def feed(self, chunk: bytes) -> None:
        """Take the next chunk; raise TOO_LARGE as soon as the total passes the ceiling."""
        self.received += len(chunk)
        if self.received > self._ceiling:
            raise CatalogError(Problem.TOO_LARGE, limit_kib=_kib(self._limit))
        self._hash.update(chunk)
        self._chunks.append(chunk)

    def result(self) -> bytes:
        """Return the content once complete; raise SIZE_MISMATCH or CHECKSUM_MISMATCH."""
        if self._size is not None and self.received != self._size:
            raise CatalogError(
                Problem.SIZE_MISMATCH, expected=str(self._size), actual=str(self.received)
            )
        digest = self._hash.hexdigest()
        if self._sha256 is not None and digest != self._sha256:
            raise CatalogError(Problem.CHECKSUM_MISMATCH, expected=self._sha256, actual=digest)
        return b"".join(self._chunks)


def check_content(data: bytes, *, limit: int, size: int, sha256: str) -> bytes:
    """Check content read whole (a bundled file) exactly as a download is checked."""
    check = DownloadCheck(limit=limit, size=size, sha256=sha256)
    check.feed(data)
    return check.result()
