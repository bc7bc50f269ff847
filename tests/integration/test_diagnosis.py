"""The smart diagnosis in Home Assistant: on demo appliances with and without a fault, and
on a washer behind a power sensor fed a real REFIT trace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import gzip
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import DOMAIN as REPAIRS_DOMAIN, repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.appliance_care.const import DOMAIN
from custom_components.appliance_care.engine.care.diagnosis import CHECKS

from .conftest import (
    DEMO_ENTRY_ID,
    add_plug_sensors,
    demo_options,
    power_sensor_entry,
    set_demo_options,
)
from .test_demo_connected_washer import _start
from .test_demo_home import _run_for

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "custom_components" / "appliance_care" / "translations"


async def _diagnose(hass: HomeAssistant, device_id: str) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, "run_diagnosis", {"device_id": device_id}, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


def _device_of(hass: HomeAssistant, unique_id: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, unique_id)
    assert entity_id is not None
    entry = er.async_get(hass).async_get(entity_id)
    assert entry is not None
    assert entry.device_id is not None
    return entry.device_id


def _results(response: dict[str, Any]) -> dict[str, str]:
    return {check["id"]: check["result"] for check in response["checks"]}


def test_every_check_is_named_and_advised_in_both_languages_and_in_the_docs() -> None:
    ids = [check_id for check_id, _group, _check in CHECKS]
    for language in ("en", "ko"):
        selector = json.loads((TRANSLATIONS / f"{language}.json").read_text("utf-8"))["selector"]
        for group in ("diagnosis_check", "diagnosis_measures", "diagnosis_advice"):
            assert set(selector[group]["options"]) == set(ids), (language, group)
    doc = (ROOT / "docs" / "diagnosis.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip() for line in doc.splitlines() if line.startswith("| ")]
    assert rows[1:] == ids  # after the header
    # The document is what its script writes now.
    spec = importlib.util.spec_from_file_location(
        "diagnosis_table", ROOT / "scripts" / "diagnosis_table.py"
    )
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.table() == doc


async def test_a_demo_fault_is_named_and_a_fault_free_appliance_has_no_problem(
    hass: HomeAssistant, demo_entry: MockConfigEntry, frozen_start: FrozenDateTimeFactory
) -> None:
    demo_entry.add_to_hass(hass)
    set_demo_options(hass, demo_entry, demo_options(speed=60, faults=["washer_clogged_drain"]))
    assert await hass.config_entries.async_setup(demo_entry.entry_id)
    await hass.async_block_till_done()
    await _start(hass, "quick_30")
    await _run_for(hass, frozen_start, timedelta(seconds=21), timedelta(seconds=1))
    connected = _device_of(hass, f"{DEMO_ENTRY_ID}_connected_washer_status")
    faulty = await _diagnose(hass, connected)
    results = _results(faulty)
    assert len(results) >= 40
    assert results["appliance_error"] == "problem"
    assert results["findings_open"] == "warning"  # a drain error: a warning, not critical
    # The fault-free fridge beside it: nothing is a problem.
    fridge = _device_of(hass, f"{DEMO_ENTRY_ID}_refrigerator_duty_cycle")
    healthy = await _diagnose(hass, fridge)
    assert healthy["summary"]["problem"] == 0, healthy
    # The report, in words, as a notification.
    notifications = hass.data["persistent_notification"]
    text = next(n for key, n in notifications.items() if key.endswith("connected_washer"))
    assert "Appliance error" in text["message"]
    # Figures with their names and units, findings by their names: no raw keys.
    assert "finding Appliance error" in text["message"]
    assert "appliance_error" not in text["message"]
    assert text["title"] == "Diagnosis: Connected washer"


def _refit_washer() -> list[tuple[float, float]]:
    root = os.environ.get("APPLIANCE_CARE_DATA")
    base = Path(root) if root else ROOT.parent / "shared" / "data"
    path = base / "refit-house2" / "REFIT_House2_2013-10.csv.gz"
    if not path.exists():
        pytest.skip("REFIT data not available")
    rows = []
    with gzip.open(path, "rt") as handle:
        header = next(handle).rstrip().split(",")
        column = header.index("WashingMachine")
        for line in handle:
            cells = line.rstrip().split(",")
            stamp = datetime.fromisoformat(cells[0]).replace(tzinfo=UTC).timestamp()
            rows.append((stamp, float(cells[column])))
    return rows


async def test_a_washer_fed_a_real_trace_is_judged_on_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    rows = _refit_washer()[: 12 * 24 * 60]  # twelve days of one-minute means
    freezer.move_to(datetime.fromtimestamp(rows[0][0], UTC))
    add_plug_sensors(hass, power=str(rows[0][1]))
    entry = power_sensor_entry("washer", "Washer")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    for at, watts in rows[1:]:
        freezer.move_to(datetime.fromtimestamp(at, UTC))
        hass.states.async_set("sensor.plug_power", str(watts), {"unit_of_measurement": "W"})
        async_fire_time_changed(hass)
    await hass.async_block_till_done()
    response = await _diagnose(
        hass, _device_of(hass, f"{entry.subentries and next(iter(entry.subentries))}_status")
    )
    results = _results(response)
    assert results["cycles_seen"] == "ok"
    assert results["report_interval"] == "ok"
    assert results["power_unit"] == "ok"
    assert results["standby_vs_active_threshold"] == "ok"
    assert response["summary"]["problem"] == 0, response


async def test_a_standby_above_the_off_level_is_offered_a_fix(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    add_plug_sensors(hass, power="2.0")  # standby of 2 W, above the off level of 0.5 W
    entry = power_sensor_entry("washer", "Washer")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    for _ in range(20):
        frozen_start.tick(timedelta(seconds=30))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    key = next(iter(entry.subentries))
    response = await _diagnose(hass, _device_of(hass, f"{key}_status"))
    assert _results(response)["standby_vs_off_threshold"] == "warning"
    notifications = hass.data["persistent_notification"]
    (note,) = notifications.values()
    assert "standby 2.0 W, off level 0.5 W" in note["message"]
    issue_id = f"off_threshold_{key}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["proposed_w"] == "3.0"
    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    flow = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    result = await manager.async_configure(flow["flow_id"], {})
    await hass.async_block_till_done()
    assert result["type"] == "create_entry"
    assert entry.subentries[key].data["thresholds"]["off_threshold_w"] == 3.0
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_unavailable_time_between_cycles_is_judged(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    add_plug_sensors(hass)
    entry = power_sensor_entry("washer", "Washer")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    device = _device_of(hass, f"{next(iter(entry.subentries))}_status")
    # Two hours without a cycle; the plug drops out for a quarter of an hour.
    for step in range(240):
        if step == 100:
            hass.states.async_set("sensor.plug_power", "unavailable")
        elif step == 130:
            hass.states.async_set("sensor.plug_power", "0.8", {"unit_of_measurement": "W"})
        frozen_start.tick(timedelta(seconds=30))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    check = next(
        c for c in (await _diagnose(hass, device))["checks"] if c["id"] == "unavailable_time"
    )
    assert check["result"] == "problem"
    assert 11.0 <= check["evidence"]["unavailable_pct"] <= 14.0
    assert check["evidence"]["watched_s"] >= 7000
