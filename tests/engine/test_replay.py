"""scripts/replay: a recorded trace in, the engine's events out as JSON Lines."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
import subprocess
import sys
import time

import pytest

from .helpers import MIN, T0, washer_cycle

REPLAY = Path(__file__).resolve().parents[2] / "scripts" / "replay"


def write_washer_trace(path: Path, *, cycles: int, epoch: bool = False) -> None:
    lines = ["time,power,other"]
    t = T0
    for _ in range(cycles):
        for watts, seconds in [(0.0, 60 * MIN), *washer_cycle(), (0.0, 60 * MIN)]:
            stamp = f"{t:.0f}" if epoch else time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t))
            lines.append(f"{stamp},{watts},x")
            t += seconds
    lines.append(f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(t))},unavailable,x")
    text = "\n".join(lines) + "\n"
    if path.suffix == ".gz":
        with gzip.open(path, "wt") as handle:
            handle.write(text)
    else:
        path.write_text(text)


def replay(*args: str) -> list[dict[str, object]]:
    result = subprocess.run(  # noqa: S603 - our own script, arguments from the test
        [sys.executable, str(REPLAY), *args], capture_output=True, text=True, check=True
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_replay_prints_cycles_and_remaining(tmp_path: Path) -> None:
    trace = tmp_path / "washer.csv"
    write_washer_trace(trace, cycles=3)
    out = replay("--type", "washer", str(trace))
    kinds = [line["event"] for line in out]
    assert kinds.count("cycle_started") == 3
    assert kinds.count("cycle_finished") == 3
    finished = [line for line in out if line["event"] == "cycle_finished"]
    first = finished[0]
    assert first["start"] == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(T0 + 60 * MIN))
    assert isinstance(first["energy_wh"], float)
    assert first["program"] is None or isinstance(first["program"], str)
    assert finished[-1]["program"] == "Program 1"
    remaining = [line for line in out if line["event"] == "remaining"]
    assert remaining  # the third cycle matches the program learned from the first two
    assert all(str(line["at"]).endswith("Z") for line in out)
    times = [str(line["at"]) for line in out]
    assert times == sorted(times)


def test_replay_reads_gzip_epoch_and_named_columns(tmp_path: Path) -> None:
    trace = tmp_path / "washer.csv.gz"
    write_washer_trace(trace, cycles=1, epoch=True)
    out = replay("--type", "washer", "--column", "power", "--tail", "3600", str(trace))
    kinds = [line["event"] for line in out]
    assert kinds.count("cycle_started") == 1
    assert kinds.count("cycle_finished") == 1
    with pytest.raises(subprocess.CalledProcessError):
        replay("--type", "washer", "--column", "nope", str(trace))


def test_replay_fridge(tmp_path: Path) -> None:
    trace = tmp_path / "fridge.csv"
    rows = ["time,power"]
    t = T0
    for _ in range(30):
        rows += [f"{t:.0f},120", f"{t + 900:.0f},1.5"]
        t += 3600
    trace.write_text("\n".join(rows) + "\n")
    out = replay("--type", "refrigerator", str(trace))
    kinds = {line["event"] for line in out}
    assert {"compressor_started", "compressor_stopped", "compressor_stats"} <= kinds
