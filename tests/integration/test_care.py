"""Proactive care inside Home Assistant: findings, repairs, maintenance log and actions."""

from __future__ import annotations

from datetime import timedelta
import json
from pathlib import Path
import re
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.repairs import DOMAIN as REPAIRS_DOMAIN, repairs_flow_manager
from homeassistant.components.todo import DOMAIN as TODO_DOMAIN, TodoServices
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import probatio as vol
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import yaml

from custom_components.appliance_care.care_kinds import issue_key
from custom_components.appliance_care.const import DOMAIN, FEATURE_CATALOG_DEVICE
from custom_components.appliance_care.describe import TEMPERATURE_UNIT
from custom_components.appliance_care.engine.care import VALUE_KEYS, FindingKind
from custom_components.appliance_care.engine.care.wording import ERROR_ADVICE

from .conftest import (
    add_plug_sensors,
    appliance_id,
    care_of,
    power_sensor_entry,
)
from .test_watched_appliance import WASH_WITH_SOAK, _run_profile, _state, _wait

TUB = "binary_sensor.washer_tub_clean_due"
TODO = "todo.appliance_maintenance"
TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / "appliance_care" / "translations"


def _assert_placeholders_cover_texts(kind: str, given: dict[str, str]) -> None:
    """Every placeholder of the issue's texts, in both languages, has a value."""
    for language in ("en", "ko"):
        texts = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
        issue = texts["issues"][kind]
        for text in (issue["title"], issue["description"]):
            assert set(re.findall(r"{(\w+)}", text)) <= set(given), (language, text)


async def _washer(hass: HomeAssistant, options: dict[str, Any]) -> MockConfigEntry:
    add_plug_sensors(hass)
    entry = power_sensor_entry(
        "washer", "Washer", door_sensor="binary_sensor.washer_door_contact", options=options
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def _washes(hass: HomeAssistant, freezer: FrozenDateTimeFactory, count: int) -> None:
    for _ in range(count):
        await _run_profile(hass, freezer, WASH_WITH_SOAK)
        await _wait(hass, freezer, 90)


def _device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, appliance_id(entry)), entry.entry_id
    )
    assert device is not None
    return device.id


async def test_tub_clean_falls_due_on_the_todo_list_and_checking_it_records_it(
    hass: HomeAssistant,
    frozen_start: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    entry = await _washer(hass, {"care": {"tub_clean_due_cycles": 2}})
    assert _state(hass, TUB) == "off"
    (item,) = await _todo_items(hass)
    assert item["summary"] == "Washer: Tub clean"
    assert item["status"] == "completed", "nothing due yet"
    await _washes(hass, frozen_start, 2)
    assert _state(hass, TUB) == "on"
    assert _state(hass, TODO) == "1", "one chore to do"
    (item,) = await _todo_items(hass)
    assert item["status"] == "needs_action"
    assert dt_util.parse_date(item["due"]) <= dt_util.now().date()
    # Maintenance due is a chore, not a problem of the setup: no repair.
    assert issue_registry.async_get_issue(DOMAIN, f"{appliance_id(entry)}_tub_clean_due") is None

    await hass.services.async_call(
        TODO_DOMAIN,
        TodoServices.UPDATE_ITEM,
        {ATTR_ENTITY_ID: TODO, "item": item["uid"], "status": "completed"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert _state(hass, TUB) == "off"
    assert _state(hass, "sensor.washer_last_tub_clean") != "unknown"
    assert _state(hass, "sensor.washer_cycles_since_tub_clean") == "0"
    (record,) = care_of(entry).monitor.maintenance  # type: ignore[union-attr]
    assert record.kind == "tub_clean"
    (item,) = await _todo_items(hass)
    assert item["status"] == "completed"
    assert dt_util.parse_date(item["due"]) > dt_util.now().date(), "the next one is dated"
    assert _state(hass, TODO) == "0"
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            TODO_DOMAIN,
            TodoServices.UPDATE_ITEM,
            {ATTR_ENTITY_ID: TODO, "item": item["uid"], "status": "needs_action"},
            blocking=True,
        )
    assert raised.value.translation_key == "maintenance_cannot_be_undone"


async def _todo_items(hass: HomeAssistant) -> list[dict[str, Any]]:
    response = await hass.services.async_call(
        TODO_DOMAIN,
        TodoServices.GET_ITEMS,
        {ATTR_ENTITY_ID: TODO},
        blocking=True,
        return_response=True,
    )
    return list(response[TODO]["items"])  # type: ignore[index, call-overload]


async def test_tub_cleaned_button_records_the_maintenance(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    await _washer(hass, {"care": {"tub_clean_due_cycles": 1}})
    await _washes(hass, frozen_start, 1)
    assert _state(hass, TUB) == "on"
    assert (await _todo_items(hass))[0]["status"] == "needs_action"
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.washer_tub_cleaned"},
        blocking=True,
    )
    assert _state(hass, TUB) == "off"
    assert (await _todo_items(hass))[0]["status"] == "completed", "recorded elsewhere: checked"


async def test_record_maintenance_action_returns_what_was_recorded(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    entry = await _washer(hass, {"care": {"tub_clean_due_cycles": 1}})
    await _washes(hass, frozen_start, 1)
    response = await hass.services.async_call(
        DOMAIN,
        "record_maintenance",
        {"device_id": _device_id(hass, entry), "kind": "tub_clean", "cost": 0, "note": "vinegar"},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["kind"] == "tub_clean"
    assert response["note"] == "vinegar"
    assert response["findings_cleared"] == ["tub_clean_due"]


async def test_record_repair_action_keeps_the_repair(hass: HomeAssistant) -> None:
    entry = await _washer(hass, {})
    response = await hass.services.async_call(
        DOMAIN,
        "record_repair",
        {"device_id": _device_id(hass, entry), "what": "Replaced the drain pump", "cost": 89.5},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["kind"] == "repair"
    assert response["cost"] == 89.5
    care = care_of(entry)
    assert care.monitor is not None
    assert care.monitor.maintenance[-1].note == "Replaced the drain pump"


@pytest.mark.parametrize("cost", ["inf", "-inf", "nan", float("inf"), float("nan")])
@pytest.mark.parametrize(
    ("action", "data"),
    [("record_repair", {"what": "Pump"}), ("record_maintenance", {"kind": "tub_clean"})],
)
async def test_a_cost_that_is_no_finite_number_is_refused(
    hass: HomeAssistant, action: str, data: dict[str, str], cost: str | float
) -> None:
    entry = await _washer(hass, {})
    call = {"device_id": _device_id(hass, entry), **data}
    with pytest.raises(vol.Invalid, match="finite"):
        await hass.services.async_call(DOMAIN, action, {**call, "cost": cost}, blocking=True)
    care = care_of(entry)
    assert care.monitor is not None
    assert care.monitor.maintenance == ()
    # The same call with a real cost is recorded.
    await hass.services.async_call(DOMAIN, action, {**call, "cost": 12.5}, blocking=True)
    assert care.monitor.maintenance[-1].cost == 12.5


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"device_id": "not-a-device", "kind": "tub_clean"}, "unknown_appliance"),
        ({"kind": "condenser_clean"}, "unknown_maintenance"),
        ({"kind": "tub_clean", "when": "2099-01-01T10:00:00+00:00"}, "date_in_future"),
    ],
)
async def test_bad_maintenance_input_is_refused_and_records_nothing(
    hass: HomeAssistant, data: dict[str, str], error: str
) -> None:
    entry = await _washer(hass, {})
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "record_maintenance",
            {"device_id": _device_id(hass, entry), **data},
            blocking=True,
            return_response=True,
        )
    assert raised.value.translation_key == error
    care = care_of(entry)
    assert care.monitor is not None
    assert care.monitor.maintenance == ()


async def test_findings_and_the_log_survive_a_restart(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    entry = await _washer(hass, {"care": {"tub_clean_due_cycles": 1}})
    await _washes(hass, frozen_start, 1)
    await hass.services.async_call(
        DOMAIN,
        "record_repair",
        {"device_id": _device_id(hass, entry), "what": "New door seal"},
        blocking=True,
    )
    assert _state(hass, TUB) == "on"
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, TUB) == "on"
    care = care_of(entry)
    assert care.monitor is not None
    assert [r.note for r in care.monitor.maintenance] == ["New door seal"]


async def test_garbage_temperature_gives_no_finding(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    add_plug_sensors(hass, power="2.0")
    entry = power_sensor_entry(
        "refrigerator", "Fridge", options={"place": {"temperature_sensor": "sensor.fridge_inside"}}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    for value in ("unavailable", "garbage", "nan", "-999999", "unknown"):
        hass.states.async_set("sensor.fridge_inside", value, {"unit_of_measurement": "°C"})
        await hass.async_block_till_done()
        await _wait(hass, frozen_start, 60)
    assert _state(hass, "binary_sensor.fridge_temperature_out_of_range") == "off"
    hass.states.async_set("sensor.fridge_inside", "14.0", {"unit_of_measurement": "°C"})
    await hass.async_block_till_done()
    await _wait(hass, frozen_start, 180)
    assert _state(hass, "binary_sensor.fridge_temperature_out_of_range") == "on"


async def test_freeze_risk_from_the_weather_forecast(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    async def forecasts(call: ServiceCall) -> ServiceResponse:
        now = dt_util.utcnow()
        return {
            "weather.home": {
                "forecast": [
                    {"datetime": (now + timedelta(hours=h)).isoformat(), "temperature": t}
                    for h, t in ((3, 2.0), (12, -8.5), (30, -1.0), (60, -20.0))
                ]
            }
        }

    hass.services.async_register(
        "weather", "get_forecasts", forecasts, supports_response=SupportsResponse.ONLY
    )
    await _washer(hass, {"place": {"unheated_place": True, "weather": "weather.home"}})
    await _wait(hass, frozen_start, 31)
    assert _state(hass, "binary_sensor.washer_freeze_risk") == "on"
    attributes = hass.states.get("binary_sensor.washer_freeze_risk").attributes  # type: ignore[union-attr]
    assert attributes["values"]["forecast_min_c"] == pytest.approx(-8.5)
    assert "evidence" not in attributes, "codes and numbers only"
    issues = ir.async_get(hass).issues.values()
    (freeze,) = [issue for issue in issues if issue.issue_id.endswith("freeze_risk")]
    assert freeze.translation_placeholders is not None
    assert freeze.translation_placeholders["forecast_min_c"].startswith("-8")
    _assert_placeholders_cover_texts("freeze_risk", freeze.translation_placeholders)


async def test_demo_air_conditioner_forecasts_its_filter(
    hass: HomeAssistant, demo_home: MockConfigEntry
) -> None:
    used = float(_state(hass, "sensor.air_conditioner_filter_used"))
    remaining = float(_state(hass, "sensor.air_conditioner_filter_remaining"))
    assert remaining == pytest.approx(100 - used, abs=0.2)
    assert hass.states.get("button.air_conditioner_filter_replaced") is not None


def test_every_finding_and_maintenance_has_names_in_both_languages() -> None:
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from custom_components.appliance_care.engine.care import (  # noqa: PLC0415
        MaintenanceKind,
    )

    folder = Path(__file__).parents[2] / "custom_components" / "appliance_care" / "translations"
    for language in ("en", "ko"):
        strings = json.loads((folder / f"{language}.json").read_text(encoding="utf-8"))
        for kind in FindingKind:
            assert strings["entity"]["binary_sensor"][kind]["name"]
            # A machine's error has one repair text per cause of its code.
            causes = ERROR_ADVICE if kind is FindingKind.APPLIANCE_ERROR else [None]
            for cause in causes:
                assert strings["issues"][issue_key(kind, {"cause": cause})]["title"]
        for maintenance in MaintenanceKind:
            if maintenance is MaintenanceKind.REPAIR:
                continue
            assert strings["entity"]["button"][f"record_{maintenance}"]["name"]
            assert strings["entity"]["sensor"][f"last_{maintenance}"]["name"]


async def test_unreadable_care_history_is_kept_and_reported(
    hass: HomeAssistant, hass_storage: dict[str, Any], issue_registry: ir.IssueRegistry
) -> None:
    add_plug_sensors(hass)
    entry = power_sensor_entry("washer", "Washer")
    key = f"{DOMAIN}.care_{appliance_id(entry)}"
    garbage = {"subject": "washer", "care": {"version": 99, "findings": "nonsense"}}
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": garbage}
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, TUB) == "off"
    assert hass_storage[f"{key}.unreadable"]["data"]["stored"] == garbage
    assert issue_registry.async_get_issue(DOMAIN, f"unreadable_history_{appliance_id(entry)}_care")


async def test_missing_weather_service_does_not_break_the_care_rules(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    await _washer(
        hass,
        {
            "place": {"unheated_place": True, "weather": "weather.nowhere"},
            "care": {"tub_clean_due_cycles": 1},
        },
    )
    await _wait(hass, frozen_start, 31)
    assert _state(hass, "binary_sensor.washer_freeze_risk") == "off"
    # The rest of the rules still run: a wash makes the tub clean due, laundry waits.
    await _washes(hass, frozen_start, 1)
    assert _state(hass, TUB) == "on"
    assert _state(hass, "sensor.washer_cycles_since_tub_clean") == "1"
    await _wait(hass, frozen_start, 150)
    assert _state(hass, "binary_sensor.washer_laundry_left_in") == "on"


@pytest.mark.parametrize(
    "response",
    [
        None,
        [],
        {"weather.home": "text"},
        {"weather.home": {"forecast": "text"}},
        {"weather.home": {"forecast": [1, {"datetime": "never", "temperature": -9}]}},
        {
            "weather.home": {
                "forecast": [{"datetime": "2026-11-02T10:00:00+00:00", "temperature": True}]
            }
        },
        {
            "weather.home": {
                "forecast": [{"datetime": "2026-11-02T10:00:00+00:00", "temperature": float("nan")}]
            }
        },
        {
            "weather.home": {
                "forecast": [{"datetime": "2099-11-02T10:00:00+00:00", "temperature": -30}]
            }
        },
    ],
)
def test_garbage_forecasts_give_no_low(response: object) -> None:
    from custom_components.appliance_care.home_climate import forecast_low  # noqa: PLC0415

    assert forecast_low(response, "weather.home", dt_util.utcnow() + timedelta(hours=48)) is None


def _drift_issue(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """Raise a program-drift repair as the care rules do (drift needs weeks of washes)."""
    issue_id = f"{appliance_id(entry)}_program_drift"
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=True,
        severity=ir.IssueSeverity.WARNING,
        translation_key="program_drift",
        data={"prefix": appliance_id(entry), "fix": "filter_clean", "name": "Washer"},
    )
    return issue_id


async def _start_drift_repair(hass: HomeAssistant, entry: MockConfigEntry) -> tuple[Any, Any]:
    """Open the fix flow of a program-drift repair of the washer."""
    issue_id = _drift_issue(hass, entry)
    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    return manager, await manager.async_init(DOMAIN, data={"issue_id": issue_id})


@pytest.mark.parametrize(("language", "maintenance"), [("en", "filter clean"), ("ko", "필터 청소")])
async def test_a_repair_records_the_maintenance_that_fixes_it(
    hass: HomeAssistant, language: str, maintenance: str
) -> None:
    hass.config.language = language
    entry = await _washer(hass, {})
    manager, flow = await _start_drift_repair(hass, entry)
    assert flow["step_id"] == "confirm"
    assert flow["description_placeholders"] == {"name": "Washer", "maintenance": maintenance}
    result = await manager.async_configure(flow["flow_id"], {})
    assert result["type"] == "create_entry"
    await hass.async_block_till_done()
    (record,) = care_of(entry).monitor.maintenance  # type: ignore[union-attr]
    assert record.kind == "filter_clean"


async def test_fixing_a_repair_of_an_unloaded_appliance_aborts(hass: HomeAssistant) -> None:
    entry = await _washer(hass, {})
    manager, flow = await _start_drift_repair(hass, entry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    result = await manager.async_configure(flow["flow_id"], {})
    assert result["type"] == "abort"
    assert result["reason"] == "appliance_not_loaded"


async def test_laundry_left_in_is_no_repair(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory, issue_registry: ir.IssueRegistry
) -> None:
    await _washer(hass, {"care": {"laundry_left_in_min": 30}})
    await _washes(hass, frozen_start, 1)
    await _wait(hass, frozen_start, 60)
    assert _state(hass, "binary_sensor.washer_laundry_left_in") == "on"
    assert not [i for i in issue_registry.issues.values() if i.domain == DOMAIN]


async def test_maintenance_of_a_device_of_another_integration_is_refused(
    hass: HomeAssistant,
) -> None:
    await _washer(hass, {})
    other = MockConfigEntry(domain="other_integration")
    other.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other_integration", "plug")}
    )
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "record_maintenance",
            {"device_id": device.id, "kind": "tub_clean"},
            blocking=True,
        )
    assert raised.value.translation_key == "unknown_appliance"


def test_repair_texts_use_only_numbers_their_own_rule_gives() -> None:
    # Each placeholder of a finding's texts must be one of the numbers that kind of finding
    # gives (VALUE_KEYS, checked at every raise in the engine's care tests) or the
    # appliance's name; a missing one would show "?" to the user.
    for language in ("en", "ko"):
        texts = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
        for kind in FindingKind:
            causes = ERROR_ADVICE if kind is FindingKind.APPLIANCE_ERROR else [None]
            for issue in (texts["issues"][issue_key(kind, {"cause": c})] for c in causes):
                for text in (issue["title"], issue["description"]):
                    used = set(re.findall(r"{(\w+)}", text))
                    allowed = VALUE_KEYS[kind] | {"name", TEMPERATURE_UNIT}
                    assert used <= allowed, (language, kind, used)


async def test_a_kind_that_is_no_maintenance_is_refused_by_the_schema(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    entry = await _washer(hass, {})
    for kind in ("wash_the_cat", "repair"):
        with pytest.raises(vol.Invalid):
            await hass.services.async_call(
                DOMAIN,
                "record_maintenance",
                {"device_id": _device_id(hass, entry), "kind": kind},
                blocking=True,
            )
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


async def test_a_kind_that_does_not_fit_the_appliance_is_a_translated_error(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    entry = await _washer(hass, {})
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "record_maintenance",
            {"device_id": _device_id(hass, entry), "kind": "lint_filter_clean"},
            blocking=True,
        )
    assert raised.value.translation_key == "unknown_maintenance"
    assert raised.value.translation_placeholders == {
        "kind": "lint_filter_clean",
        "appliance": "Washer",
    }
    assert "lint_filter_clean" in str(raised.value), "the message is the translated text"
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert not care_of(entry).monitor.maintenance  # type: ignore[union-attr]


async def test_the_feature_catalog_is_not_an_appliance(hass: HomeAssistant) -> None:
    entry = await _washer(hass, {})
    # The device installed blueprints show on (created with the first one).
    catalog = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, FEATURE_CATALOG_DEVICE)}
    )
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN, "record_repair", {"device_id": catalog.id, "what": "Pump"}, blocking=True
        )
    assert raised.value.translation_key == "unknown_appliance"
    # The action's device picker offers appliances only: devices with a care event.
    services = yaml.safe_load(
        (Path(__file__).parents[2] / "custom_components/appliance_care/services.yaml").read_text()
    )
    for action in ("record_maintenance", "record_repair"):
        device = services[action]["fields"]["device_id"]["selector"]["device"]
        assert device["entity"] == [{"integration": DOMAIN, "domain": "event"}]
    registry = er.async_get(hass)
    assert not [e for e in er.async_entries_for_device(registry, catalog.id) if e.domain == "event"]
