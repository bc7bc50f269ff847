"""A new demo home starts with weeks of simulated past, lived through its engines at setup."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
import json
from pathlib import Path
import re
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.appliance_care.coordinator import ApplianceCoordinator
from custom_components.appliance_care.demo_flow import demo_subentry_data
from custom_components.appliance_care.simulator import ApplianceKind, Fault
from custom_components.appliance_care.simulator.faults import FAULT_FOUND_WITHIN_S
from custom_components.appliance_care.sources import demo_past
from custom_components.appliance_care.sources.demo import DemoAppliance
from custom_components.appliance_care.sources.demo_options import (
    all_fault_options,
    fault_options,
    fault_tour,
)

from .conftest import coordinators, demo_subentry, home_entry, simulation_of

WEEKS = 3
SPEED = 60.0


def _by_kind(entry: MockConfigEntry) -> dict[ApplianceKind, ApplianceCoordinator]:
    return {c.source.kind: c for c in coordinators(entry) if isinstance(c.source, DemoAppliance)}


async def _setup(hass: HomeAssistant, data: dict[str, Any]) -> MockConfigEntry:
    entry = home_entry(demo_subentry(data))
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def _watch_the_past(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count pushes to entities and writes to storage, and those while the past is lived."""
    counts: Counter[str] = Counter()
    living = [False]
    live, push = demo_past._async_live, ApplianceCoordinator._push
    delay_save, save = Store.async_delay_save, Store.async_save

    async def watched_live(*args: Any, **kwargs: Any) -> None:
        counts["pasts lived"] += 1
        living[0] = True
        try:
            await live(*args, **kwargs)
        finally:
            living[0] = False

    def watched_push(self: ApplianceCoordinator, *args: Any, **kwargs: Any) -> None:
        counts["pushes while living" if living[0] else "pushes"] += 1
        push(self, *args, **kwargs)

    def watched_delay_save(self: Store[Any], *args: Any, **kwargs: Any) -> None:
        counts["writes while living" if living[0] else "writes"] += 1
        delay_save(self, *args, **kwargs)

    async def watched_save(self: Store[Any], *args: Any, **kwargs: Any) -> None:
        counts["writes while living" if living[0] else "writes"] += 1
        await save(self, *args, **kwargs)

    monkeypatch.setattr(demo_past, "_async_live", watched_live)
    monkeypatch.setattr(ApplianceCoordinator, "_push", watched_push)
    monkeypatch.setattr(Store, "async_delay_save", watched_delay_save)
    monkeypatch.setattr(Store, "async_save", watched_save)
    return counts


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def test_a_new_demo_home_starts_with_its_past_learned(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cycles, learned programs, care dates and maintenance are there from the first minute."""
    watched = _watch_the_past(monkeypatch)
    entry = await _setup(hass, demo_subentry_data(speed=SPEED, history_weeks=WEEKS))
    appliances = _by_kind(entry)

    washer = appliances[ApplianceKind.WASHER].appliance
    assert washer is not None
    assert washer.tracker is not None
    # The household washes four or five times a week with four programs, most often two.
    assert washer.tracker.cycle_count >= 2 * WEEKS
    assert len(washer.tracker.programs) >= 2, "programs are learned"
    assert int(_state(hass, "sensor.washer_cycles")) == washer.tracker.cycle_count
    dishwasher = appliances[ApplianceKind.DISHWASHER].appliance
    assert dishwasher is not None
    assert dishwasher.tracker is not None
    assert dishwasher.tracker.cycle_count >= 4 * WEEKS
    dryer = appliances[ApplianceKind.DRYER].appliance
    assert dryer is not None
    assert dryer.tracker is not None
    assert dryer.tracker.cycle_count >= WEEKS
    fridge = appliances[ApplianceKind.REFRIGERATOR].appliance
    assert fridge is not None
    assert fridge.compressor is not None
    assert fridge.compressor.duty_cycle_24h is not None, "a day of compressor runs is known"

    # The household did what the reminders asked for; the log has it, dated in the past.
    records = [
        record
        for coordinator in appliances.values()
        if coordinator.care.monitor is not None
        for record in coordinator.care.monitor.maintenance
    ]
    assert records, "some maintenance fell due in three weeks and was done"
    demo = simulation_of(entry)
    assert all(record.at < demo.home.now.timestamp() for record in records)

    # The past is history, not news: nothing was pushed to entities while it was lived.
    assert watched["pushes while living"] == 0
    assert watched["writes while living"] == 0, "the past is saved whole, once lived"
    assert watched["pushes"] > 0
    assert watched["writes"] > 0, "and saved once it is lived"
    assert _state(hass, "event.washer_cycle") == "unknown"

    # The home goes on from the present, at its speed.
    began = demo.home.now
    assert abs((began - dt_util.utcnow()).total_seconds()) < 60
    frozen_start.tick(timedelta(minutes=2))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert demo.home.now - began >= timedelta(minutes=119)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_the_past_is_lived_once(hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch) -> None:
    """A restart resumes the saved home; it does not live its past again."""
    watched = _watch_the_past(monkeypatch)
    entry = await _setup(hass, demo_subentry_data(speed=SPEED, history_weeks=1))
    assert watched["pasts lived"] == 1
    tracker = _by_kind(entry)[ApplianceKind.DISHWASHER].appliance
    assert tracker is not None
    assert tracker.tracker is not None
    cycles = tracker.tracker.cycle_count
    assert cycles >= 3
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    again = _by_kind(entry)[ApplianceKind.DISHWASHER].appliance
    assert again is not None
    assert again.tracker is not None
    assert again.tracker.cycle_count == cycles
    assert simulation_of(entry).past is None
    assert watched["pasts lived"] == 1
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_a_home_without_a_past_begins_now(hass: HomeAssistant) -> None:
    entry = await _setup(hass, demo_subentry_data(speed=SPEED))
    washer = _by_kind(entry)[ApplianceKind.WASHER].appliance
    assert washer is not None
    assert washer.tracker is not None
    assert washer.tracker.cycle_count == 0
    assert simulation_of(entry).home.now == dt_util.utcnow()
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_the_fault_tour_shows_its_findings_when_the_home_appears(
    hass: HomeAssistant,
) -> None:
    """Faults begin late in the past, once learned healthy; their findings are there."""
    data = demo_subentry_data(speed=SPEED, history_weeks=4, faults=fault_tour())
    entry = await _setup(hass, data)
    appliances = _by_kind(entry)

    def findings(kind: ApplianceKind) -> set[str]:
        monitor = appliances[kind].care.monitor
        assert monitor is not None
        return {str(finding.kind) for finding in monitor.findings}

    assert "program_drift" in findings(ApplianceKind.WASHER)
    assert "drying_time_drift" in findings(ApplianceKind.DRYER)
    assert "duty_cycle_drift" in findings(ApplianceKind.REFRIGERATOR)
    assert _state(hass, "binary_sensor.washer_program_drift") == "on"
    assert _state(hass, "binary_sensor.dryer_drying_time_drift") == "on"
    # The findings were raised in the past, after the faults began (not from the start).
    demo = simulation_of(entry)
    start = demo.home.now.timestamp() - 4 * 7 * 86_400
    for kind in (ApplianceKind.WASHER, ApplianceKind.REFRIGERATOR):
        monitor = appliances[kind].care.monitor
        assert monitor is not None
        assert all(f.since > start + 14 * 86_400 for f in monitor.findings if "drift" in f.kind)
    assert await hass.config_entries.async_unload(entry.entry_id)


def test_the_form_offers_the_faults_that_are_found_with_their_stated_time() -> None:
    """Each offered fault's label names the days its finding takes, as measured."""
    folder = Path(__file__).parents[2] / "custom_components/appliance_care/translations"
    for language, pattern in (("en", r"within (\d+) days"), ("ko", r"(\d+)일 안에")):
        labels = json.loads((folder / f"{language}.json").read_text())["selector"]["fault"]
        assert set(labels["options"]) == set(all_fault_options())
        assert set(fault_options()) == {
            f"{kind}_{fault}" for kind, faults in FAULT_FOUND_WITHIN_S.items() for fault in faults
        }
        for kind, faults in FAULT_FOUND_WITHIN_S.items():
            for fault, seconds in faults.items():
                label = labels["options"][f"{kind}_{fault}"]
                days = re.search(pattern, label)
                assert days is not None, label
                assert int(days.group(1)) * 86_400 == seconds, label
    assert set(fault_tour()) <= set(fault_options())
    # The README's table of the faults and their times says the same.
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    labels = json.loads((folder / "en.json").read_text())["selector"]["fault"]["options"]
    for option in fault_options():
        kind, fault = option.split("_", 1)  # the offered kinds have no "_" in them
        name = labels[option].split(" (")[0]
        days = FAULT_FOUND_WITHIN_S[ApplianceKind(kind)][Fault(fault)] // 86_400
        assert re.search(rf"\| {re.escape(name)} \| [^|]+ \| {days} days \|", readme), name


async def test_a_fault_in_the_past_ends_it_where_it_got(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The home skips to the present and keeps what it lived; it is saved, not relived."""
    batch = demo_past._batch
    days = [0]

    def failing_batch(steps: Any) -> list[Any]:
        days[0] += 1
        if days[0] == 4:
            raise RuntimeError("simulated fault")
        return batch(steps)

    monkeypatch.setattr(demo_past, "_batch", failing_batch)
    entry = await _setup(hass, demo_subentry_data(speed=SPEED, history_weeks=2))
    assert "stopped early" in caplog.text
    demo = simulation_of(entry)
    assert demo.past is None
    assert abs((demo.home.now - dt_util.utcnow()).total_seconds()) < 60, "in the present"
    dishwasher = _by_kind(entry)[ApplianceKind.DISHWASHER].appliance
    assert dishwasher is not None
    assert dishwasher.tracker is not None
    cycles = dishwasher.tracker.cycle_count
    assert 1 <= cycles <= 3, "three days were lived"
    monkeypatch.setattr(demo_past, "_batch", batch)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    again = _by_kind(entry)[ApplianceKind.DISHWASHER].appliance
    assert again is not None
    assert again.tracker is not None
    assert again.tracker.cycle_count == cycles, "not lived again"
    assert await hass.config_entries.async_unload(entry.entry_id)
