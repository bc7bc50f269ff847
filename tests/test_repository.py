"""Checks of the repository's layout that hassfest and the HACS action make.

Both run as containers in CI (.github/workflows/validate.yml) that cannot run here, so the
parts of their checks that only need the files are repeated, to fail before a push does.
No Home Assistant instance is started and the integration is not imported: the files are read.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
import importlib.util
import json
from pathlib import Path
import re
from types import ModuleType
from typing import Any, get_args, get_type_hints
from urllib.parse import urlparse

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint.models import Blueprint
import homeassistant.const as ha_const
from homeassistant.const import Platform
from homeassistant.exceptions import HomeAssistantError
from homeassistant.loader import Manifest
from homeassistant.util.yaml import load_yaml
from PIL import Image
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "appliance_care"
INTEGRATION = ROOT / "custom_components" / DOMAIN
TRANSLATIONS = INTEGRATION / "translations"
BLUEPRINTS = ROOT / "blueprints" / "automation" / DOMAIN
REPOSITORY_URL = "https://github.com/appliance-care/appliance-care"
MIN_HOMEASSISTANT = "2026.10.0"
# The Home Assistant the tests run against (pinned in requirements.txt).
HA_VERSION = ha_const.__version__

# script/hassfest/manifest.py
SUPPORTED_IOT_CLASSES = {
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
}
# hassfest validates versions with these strategies (script/hassfest/manifest.py).
VERSION_STRATEGIES = [
    AwesomeVersionStrategy.CALVER,
    AwesomeVersionStrategy.SEMVER,
    AwesomeVersionStrategy.SIMPLEVER,
    AwesomeVersionStrategy.BUILDVER,
    AwesomeVersionStrategy.PEP440,
]
REQUIRED_MANIFEST_KEYS = {
    "domain",
    "name",
    "codeowners",
    "config_flow",
    "documentation",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "requirements",
    "version",
}
# The loader's Manifest type also names what it sets itself at run time; hassfest's schema
# rejects those in manifest.json.
RUNTIME_MANIFEST_KEYS = {"is_built_in", "overwrites_built_in"}

# What the HACS action accepts in hacs.json (hacs/integration, hacs_repository_data).
HACS_KEYS = {
    "name",
    "content_in_root",
    "zip_release",
    "filename",
    "hide_default_branch",
    "country",
    "homeassistant",
    "persistent_directory",
    "render_readme",
    "hacs",
}

# script/hassfest/translations.py
RE_TRANSLATION_KEY = re.compile(r"^(?!.+[_-]{2})(?![_-])[a-z0-9-_]+(?<![_-])$")
RE_PLACEHOLDER_IN_SINGLE_QUOTES = re.compile(r"'{\w+}'")
RE_PLACEHOLDER = re.compile(r"{(\w+)}")

# Home Assistant's brand images (developers.home-assistant.io, "Brands"): name -> size, where
# a None width means "landscape: any width at least the height".
BRAND_IMAGES: dict[str, tuple[int | None, int]] = {
    "icon.png": (256, 256),
    "icon@2x.png": (512, 512),
    "logo.png": (None, 128),
    "logo@2x.png": (None, 256),
}

# script/hassfest/quality_scale.py: ALL_RULES
QUALITY_SCALE_RULES = {
    # Bronze
    "action-setup",
    "appropriate-polling",
    "brands",
    "common-modules",
    "config-flow",
    "config-flow-test-coverage",
    "dependency-transparency",
    "docs-actions",
    "docs-conditions",
    "docs-high-level-description",
    "docs-installation-instructions",
    "docs-removal-instructions",
    "docs-triggers",
    "entity-event-setup",
    "entity-unique-id",
    "has-entity-name",
    "runtime-data",
    "test-before-configure",
    "test-before-setup",
    "unique-config-entry",
    # Silver
    "action-exceptions",
    "config-entry-unloading",
    "docs-configuration-parameters",
    "docs-installation-parameters",
    "entity-unavailable",
    "integration-owner",
    "log-when-unavailable",
    "parallel-updates",
    "reauthentication-flow",
    "test-coverage",
    # Gold
    "devices",
    "diagnostics",
    "discovery",
    "discovery-update-info",
    "docs-data-update",
    "docs-examples",
    "docs-known-limitations",
    "docs-supported-devices",
    "docs-supported-functions",
    "docs-troubleshooting",
    "docs-use-cases",
    "dynamic-devices",
    "entity-category",
    "entity-device-class",
    "entity-disabled-by-default",
    "entity-translations",
    "exception-translations",
    "icon-translations",
    "reconfiguration-flow",
    "repair-issues",
    "stale-devices",
    # Platinum
    "async-dependency",
    "inject-websession",
    "strict-typing",
}

# Calls that register an action, and the position of the action's name among their arguments.
SERVICE_REGISTRATIONS = {
    "async_register": 1,  # hass.services.async_register(DOMAIN, name, ...)
    "async_register_admin_service": 2,  # (hass, DOMAIN, name, ...)
    "async_register_entity_service": 0,  # platform.async_register_entity_service(name, ...)
    "async_register_platform_entity_service": 2,  # (hass, DOMAIN, name, ...)
}


def read_json(path: Path) -> Any:
    """Return the parsed JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def leaves(node: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Yield (key path, value) of every value in nested dicts that is not a dict."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*prefix, key))
    else:
        yield prefix, node


def dotted(path: tuple[str, ...]) -> str:
    """Return a key path for messages."""
    return ".".join(path)


def is_https_url(value: Any) -> bool:
    """Return whether value is an https URL with a host."""
    if not isinstance(value, str):
        return False
    parsed = urlparse(value)
    return parsed.scheme == "https" and bool(parsed.netloc)


def load_module(path: Path) -> ModuleType:
    """Import a script by its path."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    """Return manifest.json."""
    data = read_json(INTEGRATION / "manifest.json")
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def strings() -> dict[str, Any]:
    """Return strings.json."""
    data = read_json(INTEGRATION / "strings.json")
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def english() -> dict[str, Any]:
    """Return translations/en.json."""
    data = read_json(TRANSLATIONS / "en.json")
    assert isinstance(data, dict)
    return data


# Layout (HACS: one integration per repository, in custom_components/<domain>/).


def test_one_integration_named_after_the_domain(manifest: dict[str, Any]) -> None:
    entries = {
        path.name
        for path in (ROOT / "custom_components").iterdir()
        if path.name not in {"__init__.py", "__pycache__"}
    }
    assert entries == {DOMAIN}
    assert INTEGRATION.is_dir()
    assert manifest["domain"] == INTEGRATION.name


# manifest.json (hassfest's manifest checks, and HACS's).


def test_manifest_key_order(manifest: dict[str, Any]) -> None:
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"], "domain and name come first"
    assert keys[2:] == sorted(keys[2:]), "the other keys are sorted alphabetically"


def test_manifest_has_required_keys(manifest: dict[str, Any]) -> None:
    assert REQUIRED_MANIFEST_KEYS - manifest.keys() == set()


def test_manifest_has_only_known_keys(manifest: dict[str, Any]) -> None:
    allowed = (Manifest.__required_keys__ | Manifest.__optional_keys__) - RUNTIME_MANIFEST_KEYS
    assert manifest.keys() - allowed == set()


def test_manifest_values(manifest: dict[str, Any]) -> None:
    integration_types = get_args(get_type_hints(Manifest)["integration_type"])
    assert manifest["domain"] == DOMAIN
    assert isinstance(manifest["name"], str)
    assert manifest["name"]
    assert manifest["config_flow"] is True
    assert is_https_url(manifest["documentation"]), manifest["documentation"]
    assert is_https_url(manifest["issue_tracker"]), manifest["issue_tracker"]
    assert manifest["integration_type"] in integration_types
    assert manifest["iot_class"] in SUPPORTED_IOT_CLASSES
    assert isinstance(manifest["requirements"], list)
    assert all(isinstance(item, str) for item in manifest["requirements"])
    assert all(isinstance(item, str) for item in manifest.get("dependencies", []))
    codeowners = manifest["codeowners"]
    assert isinstance(codeowners, list)
    assert codeowners
    assert all(isinstance(owner, str) and owner.startswith("@") for owner in codeowners)


def test_manifest_version(manifest: dict[str, Any]) -> None:
    version = manifest["version"]
    assert isinstance(version, str)
    # Raises AwesomeVersionStrategyException when no strategy matches, as in hassfest.
    AwesomeVersion(version, ensure_strategy=VERSION_STRATEGIES)


# hacs.json (HACS action: hacsjson).


def test_hacs_json() -> None:
    hacs = read_json(ROOT / "hacs.json")
    assert isinstance(hacs, dict)
    assert hacs.keys() - HACS_KEYS == set(), "unknown keys in hacs.json"
    assert isinstance(hacs.get("name"), str)
    assert hacs["name"]
    minimum = AwesomeVersion(hacs["homeassistant"])
    assert minimum >= AwesomeVersion(MIN_HOMEASSISTANT)
    # The tests run against the pinned Home Assistant; a higher minimum would go untested.
    assert minimum <= AwesomeVersion(HA_VERSION)


# Brand images (served from custom_components/<domain>/brand/).


@pytest.mark.parametrize("name", BRAND_IMAGES)
def test_brand_image(name: str) -> None:
    path = INTEGRATION / "brand" / name
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    with Image.open(path) as image:
        assert image.format == "PNG"
        width, height = BRAND_IMAGES[name]
        assert image.height == height
        if width is None:
            assert image.width >= image.height, "logos are landscape (or square)"
        else:
            assert image.width == width
        rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    low, _ = alpha.getextrema()
    assert low == 0, "the background must be transparent"
    assert alpha.getbbox() == (0, 0, rgba.width, rgba.height), "the image must be trimmed"


def test_brand_sizes_match() -> None:
    brand = INTEGRATION / "brand"
    with Image.open(brand / "logo.png") as logo, Image.open(brand / "logo@2x.png") as logo_2x:
        assert logo_2x.size == (2 * logo.width, 2 * logo.height)


# Translations (hassfest's translation and icon checks).


def translation_files() -> list[Path]:
    """Return every JSON file hassfest reads for text and icons."""
    return [
        INTEGRATION / "strings.json",
        INTEGRATION / "icons.json",
        *sorted(TRANSLATIONS.glob("*")),
    ]


@pytest.mark.parametrize("path", translation_files(), ids=lambda path: path.name)
def test_valid_json(path: Path) -> None:
    assert path.suffix == ".json", f"{path.name} in translations/ is not a JSON file"
    assert isinstance(read_json(path), dict)


def test_english_is_rendered_from_strings() -> None:
    sync = load_module(ROOT / "scripts" / "sync_translations.py")
    expected = sync.render(INTEGRATION / "strings.json")
    actual = (TRANSLATIONS / "en.json").read_text(encoding="utf-8")
    assert actual == expected, "translations/en.json is stale: run scripts/sync_translations.py"


def test_korean_matches_english(english: dict[str, Any]) -> None:
    path = TRANSLATIONS / "ko.json"
    if not path.is_file():
        pytest.fail("translations/ko.json does not exist yet")
    korean = read_json(path)
    english_leaves = dict(leaves(english))
    korean_leaves = dict(leaves(korean))
    missing = sorted(dotted(key) for key in english_leaves.keys() - korean_leaves.keys())
    extra = sorted(dotted(key) for key in korean_leaves.keys() - english_leaves.keys())
    assert missing == [], "keys of en.json missing in ko.json"
    assert extra == [], "keys in ko.json that en.json does not have"
    empty = sorted(
        dotted(key)
        for key, value in korean_leaves.items()
        if not isinstance(value, str) or not value.strip()
    )
    assert empty == [], "ko.json values must be non-empty strings"
    placeholders = {
        dotted(key): (set(RE_PLACEHOLDER.findall(text)), set(RE_PLACEHOLDER.findall(korean_text)))
        for key, text in english_leaves.items()
        if isinstance(text, str) and isinstance(korean_text := korean_leaves[key], str)
    }
    wrong = {key: pair for key, pair in placeholders.items() if pair[0] != pair[1]}
    assert wrong == {}, "placeholders differ (English, Korean)"


def translation_keys(strings: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (where, key) of every key hassfest requires to be a translation key."""
    for platform, entities in strings.get("entity", {}).items():
        for key, entity in entities.items():
            yield f"entity.{platform}", key
            for state in entity.get("state", {}):
                yield f"entity.{platform}.{key}.state", state
            for attribute, details in entity.get("state_attributes", {}).items():
                yield f"entity.{platform}.{key}.state_attributes", attribute
                for state in details.get("state", {}):
                    yield f"entity.{platform}.{key}.state_attributes.{attribute}.state", state
    for section in ("exceptions", "issues", "device"):
        for key in strings.get(section, {}):
            yield section, key
    for key, selector in strings.get("selector", {}).items():
        yield "selector", key
        for option in selector.get("options", {}):
            yield f"selector.{key}.options", option


def test_translation_keys(strings: dict[str, Any]) -> None:
    invalid = [
        f"{where}.{key}"
        for where, key in translation_keys(strings)
        if not RE_TRANSLATION_KEY.match(key)
    ]
    assert invalid == [], "translation keys must match " + RE_TRANSLATION_KEY.pattern


def test_entity_platforms_exist(strings: dict[str, Any]) -> None:
    platforms = {str(platform) for platform in Platform}
    assert strings.get("entity", {}).keys() - platforms == set()


@pytest.mark.parametrize("path", translation_files(), ids=lambda path: path.name)
def test_no_placeholders_in_single_quotes(path: Path) -> None:
    if path.name == "icons.json":
        return
    quoted = [
        dotted(key)
        for key, value in leaves(read_json(path))
        if isinstance(value, str) and RE_PLACEHOLDER_IN_SINGLE_QUOTES.search(value)
    ]
    assert quoted == [], "hassfest rejects '{placeholder}': drop the quotes"


def test_icons_name_existing_entities(strings: dict[str, Any]) -> None:
    icons = read_json(INTEGRATION / "icons.json")
    named = strings.get("entity", {})
    unknown = [
        f"entity.{platform}.{key}"
        for platform, entities in icons.get("entity", {}).items()
        for key in entities
        if key not in named.get(platform, {})
    ]
    assert unknown == [], "icons.json names entity translation keys strings.json lacks"
    not_mdi = [
        dotted(key)
        for key, value in leaves(icons)
        if not (isinstance(value, str) and re.fullmatch(r"mdi:[a-z0-9-]+", value))
    ]
    assert not_mdi == [], "icons must be Material Design Icons (mdi:name)"


# Actions (hassfest: services.yaml and their translations).


def string_constants(tree: ast.Module) -> dict[str, str]:
    """Return the module-level NAME = "text" assignments of a module."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            found.update(
                {target.id: value.value for target in targets if isinstance(target, ast.Name)}
            )
    return found


def registered_actions() -> dict[str, str]:
    """Return the actions the integration registers: name -> where it is registered."""
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for path in sorted(INTEGRATION.rglob("*.py"))
    }
    constants: dict[str, str] = {}
    for tree in trees.values():
        constants.update(string_constants(tree))
    actions: dict[str, str] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            position = SERVICE_REGISTRATIONS.get(node.func.attr)
            if position is None:
                continue
            if node.func.attr == "async_register" and not (
                node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "DOMAIN"
            ):
                continue  # not an action registration (another registry's async_register)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            argument = next(
                (kw.value for kw in node.keywords if kw.arg in {"name", "service"}),
                node.args[position] if len(node.args) > position else None,
            )
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                actions[argument.value] = where
            elif isinstance(argument, ast.Name) and argument.id in constants:
                actions[constants[argument.id]] = where
            else:
                pytest.fail(f"cannot tell the action name registered at {where}")
    return actions


def test_actions_are_described(strings: dict[str, Any]) -> None:
    actions = registered_actions()
    services_file = INTEGRATION / "services.yaml"
    if not actions:
        assert not services_file.exists(), "services.yaml describes actions nobody registers"
        assert "services" not in strings
        return
    assert services_file.is_file(), "actions are registered but services.yaml is missing"
    described = load_yaml(services_file) or {}
    assert isinstance(described, dict)
    assert sorted(actions.keys() - described.keys()) == [], "actions missing in services.yaml"
    assert sorted(described.keys() - actions.keys()) == [], "services.yaml names unknown actions"
    texts = strings.get("services", {})
    problems = []
    for action in sorted(actions):
        text = texts.get(action, {})
        problems.extend(
            f"services.{action}.{part}" for part in ("name", "description") if not text.get(part)
        )
        fields = dict((described.get(action) or {}).get("fields", {}))
        for name, field in list(fields.items()):
            if isinstance(field, dict) and "fields" in field:  # a section of fields
                fields.pop(name)
                fields.update(field["fields"])
        for name in fields:
            field_text = text.get("fields", {}).get(name, {})
            problems.extend(
                f"services.{action}.fields.{name}.{part}"
                for part in ("name", "description")
                if not field_text.get(part)
            )
    assert problems == [], "strings.json lacks texts of actions"


# Blueprints shipped in the repository.


def test_blueprints() -> None:
    problems: list[str] = []
    for path in sorted(BLUEPRINTS.glob("*.yaml")):
        relative = path.relative_to(ROOT).as_posix()
        try:
            data = load_yaml(path)
        except HomeAssistantError as err:
            problems.append(f"{relative}: does not load: {err}")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("blueprint"), dict):
            problems.append(f"{relative}: no blueprint section")
            continue
        meta = data["blueprint"]
        if not meta.get("name"):
            problems.append(f"{relative}: blueprint.name missing")
        if meta.get("domain") != "automation":
            problems.append(f"{relative}: blueprint.domain is not automation")
        if meta.get("source_url") != f"{REPOSITORY_URL}/blob/main/{relative}":
            problems.append(f"{relative}: blueprint.source_url does not point at this file")
        min_version = (meta.get("homeassistant") or {}).get("min_version")
        if not min_version:
            problems.append(f"{relative}: blueprint.homeassistant.min_version missing")
        elif AwesomeVersion(str(min_version)) > AwesomeVersion(HA_VERSION):
            problems.append(f"{relative}: min_version {min_version} is newer than the tested one")
        try:
            Blueprint(
                data,
                path=relative,
                expected_domain="automation",
                schema=AUTOMATION_BLUEPRINT_SCHEMA,
            )
        except HomeAssistantError as err:
            problems.append(f"{relative}: invalid blueprint: {err}")
    assert problems == [], "\n".join(problems)


# Integration Quality Scale self-assessment (hassfest's schema for quality_scale.yaml).


def test_quality_scale() -> None:
    data = load_yaml(INTEGRATION / "quality_scale.yaml")
    assert isinstance(data, dict)
    assert data.keys() == {"rules"}
    rules = data["rules"]
    assert isinstance(rules, dict)
    assert sorted(rules.keys() - QUALITY_SCALE_RULES) == [], "unknown rules"
    assert sorted(QUALITY_SCALE_RULES - rules.keys()) == [], "rules not assessed"
    problems = []
    for name, value in rules.items():
        if isinstance(value, str):
            if value not in {"done", "todo"}:
                problems.append(f"{name}: {value!r} (exempt needs a comment)")
            continue
        if not isinstance(value, dict) or value.keys() != {"status", "comment"}:
            problems.append(f"{name}: needs status and comment")
        elif value["status"] not in {"done", "todo", "exempt"}:
            problems.append(f"{name}: unknown status {value['status']!r}")
        elif not isinstance(value["comment"], str) or not value["comment"].strip():
            problems.append(f"{name}: empty comment")
    assert problems == [], "\n".join(problems)


def test_the_development_instance_keeps_what_the_ui_saves(tmp_path: Path) -> None:
    """The UI writes automations, scripts and scenes to these files: they must load again."""
    develop = (ROOT / "scripts" / "develop").read_text(encoding="utf-8")
    made_in_ui = {"automations.yaml": [], "scripts.yaml": {}, "scenes.yaml": []}
    for name, empty in made_in_ui.items():
        assert f"{name}:'{json.dumps(empty)}'" in develop, f"develop creates {name}"
        (tmp_path / name).write_text(
            json.dumps([{"alias": "saved in the UI"}] if empty == [] else {"saved": {}})
        )
    configuration = tmp_path / "configuration.yaml"
    configuration.write_bytes((ROOT / "scripts" / "lib" / "dev_configuration.yaml").read_bytes())
    config = load_yaml(configuration)
    assert isinstance(config, dict)
    assert config["automation"] == [{"alias": "saved in the UI"}]
    assert config["script"] == {"saved": {}}
    assert config["scene"] == [{"alias": "saved in the UI"}]
    # Home Assistant's own log goes to its file; the terminal shows the summary.
    assert '--log-file "$config/home-assistant.log" >/dev/null 2>&1' in develop
