"""Shared helpers of the benchmarks: data location, engine import, trace reading."""

from __future__ import annotations

from collections.abc import Iterator
import csv
from datetime import UTC, datetime
import gzip
import os
from pathlib import Path
import platform
import sys

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "custom_components" / "appliance_care"))

import engine  # noqa: E402 - found through the path set above

__all__ = ["REPO", "data_dir", "engine", "machine", "read_csv_columns"]


def data_dir(arg: str | None) -> Path:
    """Return the data folder: --data, else $APPLIANCE_CARE_DATA, else ../shared/data."""
    if arg:
        return Path(arg)
    env = os.environ.get("APPLIANCE_CARE_DATA")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "data"


def parse_time(text: str) -> float:
    """Return Unix seconds of a naive (UTC) or zoned ISO 8601 time, or epoch seconds."""
    try:
        return float(text)
    except ValueError:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()


def read_csv_columns(path: Path, column: str) -> Iterator[tuple[float, float | None]]:
    """Yield (time, value) of one column of a (gzipped) CSV file with a header row."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        index = header.index(column)
        for row in reader:
            text = row[index]
            try:
                value: float | None = float(text)
            except ValueError:
                value = None
            yield parse_time(row[0]), value


def machine() -> str:
    """Return a one-line description of the machine: CPU model, cores, Python."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores available, Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()}"
    )
