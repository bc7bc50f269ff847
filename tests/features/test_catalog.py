"""The catalog's plain parts: ids, versions, checks while streaming, indexes, merging, state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import hashlib
from pathlib import Path
import stat
from typing import Any

import pytest

from custom_components.appliance_care.catalog import (
    MAX_FEATURE_BYTES,
    Catalog,
    CatalogDocument,
    CatalogError,
    DownloadCheck,
    FeatureKind,
    InstalledFeature,
    LocalText,
    Problem,
    RemoteSource,
    entry_to_mapping,
    feature_file,
    is_https_url,
    is_newer,
    parse_entry,
    parse_index,
    parse_version,
    remove_file,
    require_feature_id,
    write_atomically,
)
from custom_components.appliance_care.catalog.remote import (
    DEFAULT_URL,
    REFRESH_INTERVAL,
    REPAIR_AFTER,
    STARTUP_DELAY,
)
from custom_components.appliance_care.catalog.verify import check_content

from .common import MINIMAL_BLUEPRINT, entry, index

NOW = datetime(2026, 11, 2, 7, tzinfo=UTC)


@pytest.mark.parametrize("feature_id", ["door_left_open", "a", "x" * 64, "glass_care_40"])
def test_feature_ids_that_are_accepted(feature_id: str) -> None:
    assert require_feature_id(feature_id) == feature_id


@pytest.mark.parametrize(
    "feature_id",
    ["../x", "/etc/passwd", "..", "a/b", "a\\b", "Door", "a.yaml", "", "x" * 65, "a\n", "a b", 7],
)
def test_feature_ids_that_leave_the_folder_or_look_odd_are_refused(feature_id: Any) -> None:
    with pytest.raises(CatalogError) as err:
        require_feature_id(feature_id)
    assert err.value.problem is Problem.INVALID_ID
    assert err.value.placeholders["id"] == str(feature_id)


def test_feature_file_stays_in_its_folder(tmp_path: Path) -> None:
    assert feature_file(tmp_path, "door_left_open", ".yaml") == tmp_path / "door_left_open.yaml"
    with pytest.raises(CatalogError):
        feature_file(tmp_path, "../door_left_open", ".yaml")
    with pytest.raises(CatalogError) as err:
        feature_file(tmp_path, "door", "/../../x.yaml")
    assert err.value.problem is Problem.INVALID_ID


@pytest.mark.parametrize(
    ("url", "https"),
    [
        ("https://raw.githubusercontent.com/a/b/main/x.json", True),
        ("http://example.com/x.json", False),
        ("HTTPS://example.com/x.json", True),
        ("https:///x.json", False),
        ("ftp://example.com/x", False),
        ("file:///etc/passwd", False),
        ("https://[::1", False),
        ("", False),
    ],
)
def test_only_https_with_a_host_counts(url: str, https: bool) -> None:
    assert is_https_url(url) is https


def test_versions_compare_as_numbers() -> None:
    assert parse_version("1.0") == parse_version("1.0.0") == (1, 0, 0, 0)
    assert is_newer("1.10.0", "1.9.3")
    assert not is_newer("2.4.1", "2.4.1")
    assert not is_newer("1.0", "1.0.0")
    for bad in ("1.0.0-beta", "v1", "", "1..0", "1.2.3.4.5", "\u0661.\u0660"):
        with pytest.raises(ValueError, match="version"):
            parse_version(bad)


def test_download_check_accepts_exactly_the_listed_content() -> None:
    content = b"x" * 1000
    check = DownloadCheck(limit=2048, size=1000, sha256=hashlib.sha256(content).hexdigest())
    check.declared(1000)
    for start in range(0, 1000, 300):
        check.feed(content[start : start + 300])
    assert check.result() == content
    assert check.received == 1000


def test_download_check_refuses_an_announced_size_over_the_limit() -> None:
    with pytest.raises(CatalogError) as err:
        DownloadCheck(limit=MAX_FEATURE_BYTES, size=MAX_FEATURE_BYTES + 1)
    assert err.value.problem is Problem.TOO_LARGE
    assert err.value.placeholders == {"limit_kib": "256"}
    with pytest.raises(CatalogError):
        DownloadCheck(limit=1024).declared(1025)
    DownloadCheck(limit=1024).declared(None)


def test_download_check_stops_at_the_chunk_that_passes_the_ceiling() -> None:
    check = DownloadCheck(limit=1024)
    check.feed(b"x" * 1000)
    with pytest.raises(CatalogError) as err:
        check.feed(b"x" * 100)
    assert err.value.problem is Problem.TOO_LARGE
    # More than the catalog announced is too large as well, even under the limit.
    announced = DownloadCheck(limit=1024, size=10)
    with pytest.raises(CatalogError):
        announced.feed(b"x" * 11)


def test_download_check_refuses_short_or_altered_content() -> None:
    content = b"blueprint"
    digest = hashlib.sha256(content).hexdigest()
    short = DownloadCheck(limit=1024, size=len(content), sha256=digest)
    short.feed(content[:-1])
    with pytest.raises(CatalogError) as err:
        short.result()
    assert err.value.problem is Problem.SIZE_MISMATCH
    assert err.value.placeholders == {"expected": "9", "actual": "8"}
    with pytest.raises(CatalogError) as err:
        check_content(b"Blueprint", limit=1024, size=len(content), sha256=digest)
    assert err.value.problem is Problem.CHECKSUM_MISMATCH
    assert err.value.placeholders["expected"] == digest


def test_entry_round_trips_and_knows_its_notes() -> None:
    data = entry("door_left_open", MINIMAL_BLUEPRINT)
    parsed = parse_entry(data)
    assert entry_to_mapping(parsed) == data
    assert parsed.notes.en == "Notes of 1.0.0"
    del data["release_notes"]
    assert parse_entry(data).notes == parse_entry(data).description
    course = entry("glass_care_40", b"{}", kind="course", appliance="dishwasher")
    assert parse_entry(course).appliance == "dishwasher"
    assert entry_to_mapping(parse_entry(course)) == course


def _broken(**changes: Any) -> dict[str, Any]:
    data = entry("door_left_open", MINIMAL_BLUEPRINT)
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("not an entry", "mapping"),
        (_broken(kind="firmware"), "kind"),
        (_broken(kind=None), "kind"),
        (_broken(size=0), "size"),
        (_broken(size=True), "size"),
        (_broken(size="12"), "size"),
        (_broken(url=None), "url"),
        (_broken(url="https://x/" + "a" * 2000), "url"),
        (_broken(appliance="washer"), "courses"),
        (_broken(kind="course"), "appliance"),
        (_broken(id="../x"), "id"),
        (_broken(version="1.0-beta"), "version"),
        (_broken(min_integration_version=None), "min_integration_version"),
        (_broken(sha256="ABC"), "sha256"),
        (_broken(title={"en": "Only English"}), "title.ko"),
        (_broken(title="Words"), "title"),
        (_broken(description={"en": " ", "ko": "낱말"}), "description.en"),
        (_broken(title={"en": "x" * 101, "ko": "낱말"}), "title.en"),
    ],
)
def test_broken_entries_say_what_is_wrong(data: Any, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_entry(data)


def test_index_leaves_out_broken_entries_and_names_them() -> None:
    good = entry("door_left_open", MINIMAL_BLUEPRINT)
    data = index(
        good,
        _broken(id="Bad", sha256="x"),
        "junk",
        firmware=[
            {"appliance": "washer", "version": "2.5.0", "release_notes": {"en": "a", "ko": "b"}},
            {"appliance": "dryer", "version": "1.10.0", "release_notes": {"en": "a"}},
            {
                "appliance": "dishwasher",
                "version": "3.2",
                "release_notes": {"en": "a", "ko": "b"},
                "programs": {"Bad Name": {}},
            },
            "junk",
        ],
    )
    parsed, rejected = parse_index(data)
    assert [feature.id for feature in parsed.features] == ["door_left_open"]
    assert [release.appliance for release in parsed.firmware] == ["washer"]
    assert parsed.firmware[0].programs == {}
    assert rejected[0].startswith("Bad: ")
    assert rejected[1].startswith("#2: ")
    assert rejected[2].startswith("dryer: ")
    assert rejected[3].startswith("dishwasher: programs")
    assert rejected[4].startswith("#3: ")


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"features": []},
        {"format": 2, "features": []},
        {"format": 1, "features": {}},
        {"format": 1, "features": [], "firmware": [{}] * 1001},
    ],
)
def test_documents_that_are_no_index_are_refused_whole(data: Any) -> None:
    with pytest.raises(CatalogError) as err:
        parse_index(data)
    assert err.value.problem is Problem.INVALID_CATALOG


def _index(*entries: dict[str, Any]) -> Any:
    return parse_index(index(*entries))[0]


def test_merge_offers_the_newest_version_this_integration_can_run() -> None:
    bundled = _index(entry("door_left_open", b"v1"), entry("weekly_report", b"w1"))
    remote = _index(
        entry("door_left_open", b"v2", version="1.1.0"),
        entry("door_left_open", b"v3", version="2.0.0", min_integration_version="9.0"),
        entry("weekly_report", b"w-remote"),
        entry("future_only", b"f", min_integration_version="9.0"),
    )
    catalog = Catalog(bundled, remote, "0.1.0")
    door = catalog.offer("door_left_open")
    assert door is not None
    assert door.latest is not None
    assert (door.latest.version, door.newest.version, door.bundled) == ("1.1.0", "2.0.0", False)
    weekly = catalog.offer("weekly_report")
    assert weekly is not None
    assert weekly.bundled, "the bundled content wins a tie with the remote index"
    assert weekly.latest is not None
    assert weekly.latest.sha256 == hashlib.sha256(b"w1").hexdigest()
    future = catalog.offer("future_only")
    assert future is not None
    assert future.latest is None
    assert catalog.offer("nothing") is None
    assert list(catalog.offers) == ["door_left_open", "future_only", "weekly_report"]
    assert list(Catalog(bundled, None, "0.1.0").offers) == ["door_left_open", "weekly_report"]


def test_merge_announces_the_newest_firmware_per_appliance() -> None:
    notes = {"en": "a", "ko": "b"}
    bundled = parse_index(
        index(firmware=[{"appliance": "washer", "version": "2.5.0", "release_notes": notes}])
    )[0]
    remote = parse_index(
        index(
            firmware=[
                {"appliance": "washer", "version": "2.10.0", "release_notes": notes},
                {"appliance": "washer", "version": "2.4.9", "release_notes": notes},
                {"appliance": "dryer", "version": "1.10.0", "release_notes": notes},
            ]
        )
    )[0]
    catalog = Catalog(bundled, remote, "0.1.0")
    washer = catalog.firmware("washer")
    assert washer is not None
    assert washer.version == "2.10.0"
    assert catalog.firmware("refrigerator") is None


def test_texts_follow_the_language_or_english() -> None:
    text = LocalText(en="Washer", ko="세탁기")
    assert [text.in_language(lang) for lang in ("ko", "ko-KR", "en", "de", "")] == [
        "세탁기",
        "세탁기",
        "Washer",
        "Washer",
        "Washer",
    ]
    assert FeatureKind.BLUEPRINT.suffix == ".yaml"
    assert FeatureKind.COURSE.suffix == ".json"


def test_remote_source_fetches_at_most_daily_and_soon_after_a_start() -> None:
    assert RemoteSource().first_fetch(NOW) is None, "off until the owner turns it on"
    assert RemoteSource().url == DEFAULT_URL
    enabled = RemoteSource(enabled=True)
    assert enabled.first_fetch(NOW) == NOW + STARTUP_DELAY
    fresh = enabled.fetched(NOW - timedelta(hours=3), {"format": 1})
    assert fresh.first_fetch(NOW) == NOW - timedelta(hours=3) + REFRESH_INTERVAL
    stale = enabled.fetched(NOW - timedelta(days=2), {"format": 1})
    assert stale.first_fetch(NOW) == NOW + STARTUP_DELAY
    failing = fresh.failed(NOW)
    assert failing.first_fetch(NOW) == NOW + STARTUP_DELAY
    assert failing.failed(NOW + timedelta(hours=5)).unreachable_since == NOW, "first failure"
    assert not failing.outage_is_long(NOW + REPAIR_AFTER - timedelta(seconds=1))
    assert failing.outage_is_long(NOW + REPAIR_AFTER)
    assert not fresh.outage_is_long(NOW)
    recovered = failing.fetched(NOW + timedelta(hours=1), {"format": 1})
    assert recovered.unreachable_since is None


def test_remote_source_is_stored_and_read_back() -> None:
    source = RemoteSource(enabled=True, url="https://x.example/i.json").fetched(NOW, {"a": 1})
    source = source.failed(NOW + timedelta(hours=1))
    assert RemoteSource.from_json(source.to_json()) == source
    assert RemoteSource.from_json(RemoteSource().to_json()) == RemoteSource()
    damaged = {
        "enabled": "yes",
        "url": 5,
        "index": [],
        "fetched_at": "yesterday",
        "unreachable_since": "2026-11-02T07:00:00",  # no time zone: not believed
    }
    assert RemoteSource.from_json(damaged) == RemoteSource()
    assert RemoteSource.from_json(None) == RemoteSource()


def test_document_keeps_installed_features_and_forgets_unreadable_ones() -> None:
    feature = InstalledFeature(entry=parse_entry(entry("door_left_open", MINIMAL_BLUEPRINT)))
    course = InstalledFeature(
        entry=parse_entry(entry("glass_care_40", b"{}", kind="course", appliance="dishwasher")),
        program={"main": [{"phase": "inlet", "seconds": 60}]},
    )
    document = CatalogDocument().with_installed(feature).with_installed(course)
    stored = document.to_json()
    stored["installed"].append({"entry": {"id": "broken"}})
    stored["installed"].append("junk")
    read, lost = CatalogDocument.from_json(stored)
    assert read == document
    assert len(lost) == 2
    assert read.without("door_left_open").installed.keys() == {"glass_care_40"}
    assert CatalogDocument.from_json("junk") == (CatalogDocument(), ())
    assert CatalogDocument.from_json({"installed": "junk"})[0] == CatalogDocument()


def test_atomic_write_leaves_the_file_whole_and_no_temporary_behind(tmp_path: Path) -> None:
    target = tmp_path / "blueprints" / "door_left_open.yaml"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [path.name for path in target.parent.iterdir()] == ["door_left_open.yaml"]


def test_failed_atomic_write_removes_its_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "blueprints" / "door_left_open.yaml"
    target.mkdir(parents=True)  # a folder in the way: the rename fails
    with pytest.raises(OSError, match="door_left_open"):
        write_atomically(target, b"content")
    assert [path.name for path in target.parent.iterdir()] == ["door_left_open.yaml"]
    assert target.is_dir()


def test_remove_file_says_whether_there_was_one(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"x")
    assert remove_file(path) is True
    assert remove_file(path) is False
