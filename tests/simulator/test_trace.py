"""Power traces written as CSV, and the command line that writes them."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, time, timedelta
import gzip
from itertools import pairwise
import os
from pathlib import Path
import re
import subprocess
import sys
import time as wall_time

import pytest

from custom_components.appliance_care.simulator import (
    PROGRAMS,
    ApplianceKind,
    Fault,
    PlugSettings,
    SimulationError,
    write_trace,
)
from custom_components.appliance_care.simulator.__main__ import main
from custom_components.appliance_care.simulator.trace import program_chooser

START = datetime(2026, 1, 1, tzinfo=UTC)
PACKAGE_PARENT = Path(__file__).parents[2] / "custom_components" / "appliance_care"


def _rows(path: Path) -> list[tuple[datetime, float]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["time", "power"]
        rows = []
        for stamp, power in reader:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", stamp)
            assert re.fullmatch(r"\d+\.\d", power)
            rows.append((datetime.fromisoformat(stamp).replace(tzinfo=UTC), float(power)))
    return rows


def _cycles(rows: list[tuple[datetime, float]], threshold_w: float = 20) -> list[timedelta]:
    """Return the lengths of the runs above a threshold, merging pauses under 25 min."""
    runs: list[list[datetime]] = []
    for at, watts in rows:
        if watts < threshold_w:
            continue
        if runs and at - runs[-1][1] < timedelta(minutes=25):
            runs[-1][1] = at
        else:
            runs.append([at, at])
    return [end - start for start, end in runs]


def test_write_trace_csv(tmp_path: Path) -> None:
    path = tmp_path / "washer.csv"
    count = write_trace(ApplianceKind.WASHER, path, start=START, duration=timedelta(days=3), seed=2)
    rows = _rows(path)
    assert count == len(rows)
    assert rows[0][0] == START
    assert all(a[0] <= b[0] for a, b in pairwise(rows))
    assert rows[-1][0] < START + timedelta(days=3)
    assert all(b[0] - a[0] <= timedelta(seconds=60) for a, b in pairwise(rows))
    cycles = _cycles(rows)
    assert len(cycles) == 3, "one cycle a day at the scheduled time"
    starts = [at for at, w in rows if w > 20]
    assert starts[0].time() >= time(8, 0)
    assert starts[0].time() < time(8, 2)


def test_write_trace_gzip(tmp_path: Path) -> None:
    plain, packed = tmp_path / "d.csv", tmp_path / "d.csv.gz"
    for path in (plain, packed):
        write_trace(ApplianceKind.DISHWASHER, path, start=START, duration=timedelta(days=2))
    with gzip.open(packed, "rb") as handle:
        assert handle.read() == plain.read_bytes()
    assert packed.stat().st_size < plain.stat().st_size / 2


def test_same_seed_same_trace(tmp_path: Path) -> None:
    paths = [tmp_path / f"{name}.csv" for name in ("a", "b", "c")]
    for path, seed in zip(paths, (5, 5, 6), strict=True):
        write_trace(
            ApplianceKind.REFRIGERATOR,
            path,
            start=START,
            duration=timedelta(days=1),
            seed=seed,
            faults=frozenset({Fault.DOOR_SEAL}),
        )
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert paths[0].read_bytes() != paths[2].read_bytes()


def test_trace_goes_through_the_programs(tmp_path: Path) -> None:
    path = tmp_path / "dryer.csv.gz"
    write_trace(ApplianceKind.DRYER, path, start=START, duration=timedelta(days=12), seed=3)
    minutes = sorted(round(c.total_seconds() / 60) for c in _cycles(_rows(path), 150))
    assert len(minutes) == 12
    assert minutes[-1] - minutes[0] > 20, "programs of different lengths"
    choose = program_chooser(ApplianceKind.WASHER, None, seed=1)
    picks = [choose() for _ in range(8)]
    assert sorted(picks[:4]) == sorted(PROGRAMS[ApplianceKind.WASHER])
    assert sorted(picks[4:]) == sorted(PROGRAMS[ApplianceKind.WASHER])
    assert picks[:4] != picks[4:] or picks[:4] != sorted(picks[:4])


def test_trace_of_one_program_with_a_fault(tmp_path: Path) -> None:
    healthy, clogged = tmp_path / "h.csv", tmp_path / "c.csv"
    for path, faults in ((healthy, frozenset()), (clogged, frozenset({Fault.CLOGGED_DRAIN}))):
        write_trace(
            ApplianceKind.WASHER,
            path,
            start=START,
            duration=timedelta(days=2),
            programs=["quick_30"],
            faults=faults,
        )
    assert sum(_cycles(_rows(clogged)), timedelta()) > sum(_cycles(_rows(healthy)), timedelta())


def test_trace_of_an_operating_appliance_follows_its_schedule(tmp_path: Path) -> None:
    path = tmp_path / "ac.csv"
    write_trace(
        ApplianceKind.AIR_CONDITIONER,
        path,
        start=START,
        duration=timedelta(days=1),
        schedule=time(14, 0),
        plug=PlugSettings(heartbeat_s=300),
    )
    rows = _rows(path)
    on = [at for at, w in rows if w > 20]
    assert on[0] == START.replace(hour=14)
    assert all(b[0] - a[0] <= timedelta(seconds=300) for a, b in pairwise(rows))
    quiet = tmp_path / "quiet.csv"
    write_trace(ApplianceKind.WASHER, quiet, start=START, duration=timedelta(days=1), schedule=None)
    assert max(w for _, w in _rows(quiet)) < 3


def test_write_trace_refuses_foreign_faults_and_unknown_programs(tmp_path: Path) -> None:
    with pytest.raises(SimulationError) as raised:
        write_trace(
            ApplianceKind.DRYER,
            tmp_path / "x.csv",
            start=START,
            duration=timedelta(days=1),
            faults=frozenset({Fault.DOOR_SEAL}),
        )
    assert raised.value.key == "fault_not_applicable"
    with pytest.raises(SimulationError) as raised:
        write_trace(
            ApplianceKind.WASHER,
            tmp_path / "x.csv",
            start=START,
            duration=timedelta(days=1),
            programs=["spin_only"],
        )
    assert raised.value.key == "unknown_program"


def test_thirty_day_washer_trace_takes_seconds(tmp_path: Path) -> None:
    began = wall_time.perf_counter()
    count = write_trace(
        ApplianceKind.WASHER, tmp_path / "w.csv.gz", start=START, duration=timedelta(days=30)
    )
    assert wall_time.perf_counter() - began < 3.0
    assert 30 * 1_440 <= count <= 30 * 4_000


def test_command_line_writes_a_trace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.csv.gz"
    status = main(
        [
            "trace",
            "--kind",
            "washer",
            "--days",
            "2",
            "--seed",
            "3",
            "--fault",
            "clogged_drain",
            "--start",
            "2026-02-01",
            out.as_posix(),
        ]
    )
    assert status == 0
    rows = _rows(out)
    assert rows[0][0] == datetime(2026, 2, 1, tzinfo=UTC)
    summary = capsys.readouterr().err
    assert "washer" in summary
    assert str(len(rows)) in summary
    status = main(
        ["trace", "--kind", "dryer", "--schedule", "none", "--program", "bogus", out.as_posix()]
    )
    assert status == 2
    assert "unknown_program" in capsys.readouterr().err


def test_simulator_loads_as_a_top_level_package_without_home_assistant(tmp_path: Path) -> None:
    out = tmp_path / "top.csv"
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}
    code = (
        "import sys, runpy; sys.argv = ['simulator', 'trace', '--kind', 'water_purifier', "
        f"'--days', '1', {out.as_posix()!r}]; "
        "import simulator; assert 'homeassistant' not in sys.modules; "
        "assert 'custom_components' not in sys.modules; "
        "runpy.run_module('simulator', run_name='__main__')"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "water_purifier" in result.stderr
    assert len(_rows(out)) > 1_000
