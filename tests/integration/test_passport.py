"""The appliance passport: its figures read back from the files it writes."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path
import time
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.appliance_care import passport_files
from custom_components.appliance_care.const import DOMAIN
from custom_components.appliance_care.passport_files import async_export, media_folder

from .conftest import coordinators
from .test_care import _device_id, _washer
from .test_watched_appliance import WASH_WITH_SOAK, _run_profile, _wait

HOME_NAME = "Villa Kunterbunt"


@pytest.fixture(autouse=True)
def media_of_the_test(hass: HomeAssistant, tmp_path: Path) -> None:
    """Give each test a media folder of its own (the harness shares one otherwise)."""
    hass.config.media_dirs = {"local": str(tmp_path / "media")}


async def _export(hass: HomeAssistant, entry: MockConfigEntry, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "export_passport",
        {"device_id": _device_id(hass, entry), **data},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


def _files(hass: HomeAssistant) -> dict[str, Path]:
    folder = media_folder(hass)
    return {path.suffix[1:]: path for path in folder.iterdir() if not path.name.startswith(".")}


async def test_the_passport_tells_the_washers_history(
    hass: HomeAssistant, frozen_start: FrozenDateTimeFactory
) -> None:
    hass.config.location_name = HOME_NAME
    entry = await _washer(hass, {})
    for _ in range(2):
        await _run_profile(hass, frozen_start, WASH_WITH_SOAK)
        await _wait(hass, frozen_start, 60)
    await hass.services.async_call(
        DOMAIN,
        "record_repair",
        {"device_id": _device_id(hass, entry), "what": "Door seal", "cost": 40},
        blocking=True,
    )
    response = await _export(hass, entry)
    passport = response["passport"]
    tracker = coordinators(entry)[0].appliance.tracker  # type: ignore[union-attr]
    assert tracker is not None
    # The figures are the appliance's own history.
    assert passport["usage"]["cycles"] == tracker.cycle_count == 2
    year = str(tracker.history.months()[0].month[:4])
    (by_year,) = passport["usage"]["by_year"]
    assert by_year["year"] == year
    assert by_year["cycles"] == 2
    assert by_year["energy_kwh"] == pytest.approx(tracker.history.total_energy_wh / 1000, abs=0.01)
    assert passport["repairs"][0]["note"] == "Door seal"
    assert passport["health"]["index"] == 97  # a repair; no purchase date
    # The month's index is its latest; earlier months would stand before it.
    assert passport["health"]["trend"] == [{"month": "2026-11", "index": 97}]
    assert passport["has_history"]
    # The files say the same, and open from Media.
    assert response["files"]["html"] == (
        "media-source://media_source/local/appliance_care/passport_washer_000000.html"
    )
    files = _files(hass)
    assert set(files) == {"html", "json", "csv"}
    assert json.loads(files["json"].read_text(encoding="utf-8")) == passport
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8"))))
    years = [r for r in rows if r["section"] == "year"]
    assert [(r["when"], r["cycles"]) for r in years] == [(year, "2")]
    page = files["html"].read_text(encoding="utf-8")
    assert "<h1>Appliance passport: Washer</h1>" in page
    assert "<svg" in page
    # Nothing about the home unless asked: no name, no country, no time zone, and every
    # time in UTC (a local offset would tell the zone).
    for path in files.values():
        assert HOME_NAME not in path.read_text(encoding="utf-8")
        assert hass.config.time_zone not in path.read_text(encoding="utf-8")
    assert passport["repairs"][0]["at"].endswith("+00:00")
    assert passport["generated"].endswith("+00:00")
    assert "-08:00" not in files["json"].read_text(encoding="utf-8")
    # Every kind by its name on the page, a repair too.
    assert ">repair<" not in page
    assert ">Repair<" in page
    assert "<td>2026-11</td><td>97</td>" in page  # the index's trend by month
    # Behind a power sensor the make and model are not known (not the type's label).
    assert passport["appliance"]["model"] is None
    asked = await _export(hass, entry, include_home=True)
    assert asked["passport"]["home"]["name"] == HOME_NAME
    assert HOME_NAME in _files(hass)["html"].read_text(encoding="utf-8")


async def test_a_new_appliance_gets_a_passport_that_says_so_in_korean(
    hass: HomeAssistant,
) -> None:
    hass.config.language = "ko"
    entry = await _washer(hass, {})
    response = await _export(hass, entry)
    assert not response["passport"]["has_history"]
    assert response["passport"]["usage"]["cycles"] == 0
    page = _files(hass)["html"].read_text(encoding="utf-8")
    assert '<html lang="ko">' in page
    assert "가전 여권" in page
    assert "아직 기록이 없습니다" in page


async def test_two_exports_at_once_write_one_whole_passport(hass: HomeAssistant) -> None:
    entry = await _washer(hass, {})
    coordinator = coordinators(entry)[0]
    # Each write takes a while; a second one must wait for the first, not run beside it.
    writing = 0
    most = 0
    real = passport_files._write_all

    def slow_write(folder: Path, files: dict[str, str]) -> None:
        nonlocal writing, most
        writing += 1
        most = max(most, writing)
        time.sleep(0.05)
        real(folder, files)
        writing -= 1

    with patch.object(passport_files, "_write_all", slow_write):
        await asyncio.gather(*(async_export(hass, coordinator) for _ in range(4)))
    assert most == 1
    folder = media_folder(hass)
    assert sorted(p.name for p in folder.iterdir()) == [
        "passport_washer_000000.csv",
        "passport_washer_000000.html",
        "passport_washer_000000.json",
    ]
    json.loads((folder / "passport_washer_000000.json").read_text(encoding="utf-8"))


async def test_an_unwritable_media_folder_is_a_translated_error_and_no_half_file(
    hass: HomeAssistant,
) -> None:
    entry = await _washer(hass, {})
    folder = media_folder(hass)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder", encoding="utf-8")  # where the folder should be
    with pytest.raises(HomeAssistantError) as raised:
        await _export(hass, entry)
    assert raised.value.translation_key == "passport_not_written"
    assert folder.read_text(encoding="utf-8") == "not a folder"
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]


async def test_the_button_writes_the_passport(hass: HomeAssistant) -> None:
    await _washer(hass, {})
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.washer_export_passport"}, blocking=True
    )
    assert set(_files(hass)) == {"html", "json", "csv"}


async def test_names_and_notes_are_text_on_the_page_and_in_the_table(
    hass: HomeAssistant,
) -> None:
    entry = await _washer(hass, {})
    await hass.services.async_call(
        DOMAIN,
        "record_repair",
        {"device_id": _device_id(hass, entry), "what": "<script>alert(1)</script>"},
        blocking=True,
    )
    await hass.services.async_call(
        DOMAIN,
        "record_repair",
        {"device_id": _device_id(hass, entry), "what": "=HYPERLINK(1)"},
        blocking=True,
    )
    await _export(hass, entry)
    files = _files(hass)
    page = files["html"].read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8"))))
    assert [r["note"] for r in rows if r["section"] == "repairs"] == [
        "<script>alert(1)</script>",
        "'=HYPERLINK(1)",
    ]
