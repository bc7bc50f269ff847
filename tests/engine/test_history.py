"""Cycle history: recent records in detail, monthly totals, compact and fast state."""

from __future__ import annotations

import json
import time

import pytest

from custom_components.appliance_care.engine import (
    ApplianceType,
    CycleHistory,
    CycleRecord,
    CycleTracker,
    FinishReason,
    Signature,
    StateError,
)
from custom_components.appliance_care.engine.history import month_of

from .helpers import MIN, Feed, washer_cycle

DAY = 86400.0
START = 1_262_304_000.0  # 2010-01-01T00:00:00Z


def record(number: int, start: float, program_id: int | None = 1) -> CycleRecord:
    return CycleRecord(
        number=number,
        start=start,
        end=start + 5400.0,
        finished_at=start + 5400.0 + 900.0,
        energy_wh=750.0,
        program_id=program_id,
        program_name=None,
        peak_w=2100.0,
        finish_reason=FinishReason.PROGRAM_END,
        signature=Signature(bin_s=120.0, profile_w=tuple(range(45))),
    )


def test_history_compacts_old_cycles() -> None:
    history = CycleHistory()
    for day in range(3650):  # ten years, one cycle a day
        history.add(record(day + 1, START + day * DAY, program_id=day % 3 + 1))
    recent = history.recent
    assert len(recent) == 50
    assert recent[-1].number == 3650
    months = history.months()
    assert 119 <= len({m.month for m in months}) <= 121
    assert history.total_cycles == 3650
    assert history.total_energy_wh == pytest.approx(3650 * 750.0)
    assert months[0].month == "2010-01"
    assert sum(m.cycles for m in months if m.month == "2010-01") == 31
    text = json.dumps(history.to_state(), separators=(",", ":"))
    assert len(text) < 40_000
    began = time.perf_counter()
    loaded = CycleHistory.from_state(json.loads(text), lambda pid: f"P{pid}")
    assert time.perf_counter() - began < 0.05
    assert loaded.total_cycles == 3650
    assert loaded.recent[-1].program_name == f"P{recent[-1].program_id}"
    assert loaded.recent[-1].signature == recent[-1].signature
    assert loaded.recent[-1].end == pytest.approx(recent[-1].end)
    assert loaded.months() == months


def test_tracker_history_keeps_recent_and_counts_all() -> None:
    feed = Feed(CycleTracker(ApplianceType.WASHER, history_size=5))
    for _ in range(8):
        feed.run(washer_cycle())
        feed.hold(0.0, 60 * MIN)
    history = feed.tracker.history
    assert len(history.recent) == 5
    assert history.total_cycles == 8
    assert feed.tracker.cycle_count == 8
    state = json.loads(json.dumps(feed.tracker.to_state()))
    restored = CycleTracker(ApplianceType.WASHER, state=state, history_size=5)
    assert restored.history.total_cycles == 8
    assert restored.last_cycle == feed.tracker.last_cycle
    assert restored.cycle_count == 8


def test_month_is_utc() -> None:
    assert month_of(START) == "2010-01"
    assert month_of(START - 1) == "2009-12"


def test_unreadable_history_is_rejected() -> None:
    def name(_: int | None) -> str | None:
        return None

    for bad in (
        {"recent": "x"},
        {"recent": [[1, 2]]},
        {"recent": [[1, 0.0, 60.0, 1.0, 5.0, "p", 0.0, 0.0, "quiet"]]},
        {"recent": [[1, 0.0, 60.0, 1.0, 5.0, None, 0.0, 0.0, "bogus"]]},
        {"recent": [[1, 0.0, 60.0, 1.0, 5.0, None, 0.0, 0.0, "quiet", 120.0, ["a"]]]},
        {"months": [["2020-01", 1, 1]]},
        {"months": [[202001, 1, 1, 1.0, 1.0]]},
    ):
        with pytest.raises(StateError):
            CycleHistory.from_state(bad, name)
    plain = CycleHistory.from_state(
        {"recent": [[1, 0.0, 60.0, 1.0, 5.0, None, 0.0, 0.0, "quiet"]]}, name
    )
    assert plain.recent[0].signature is None
    assert plain.recent[0].duration_s == 60.0
