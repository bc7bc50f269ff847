"""The shape of the integration: what its modules may import, and how big they grow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "custom_components" / "appliance_care"
# Platforms (and diagnostics) show what the runtime holds; the simulator and the feature
# catalog are reached through the runtime, never imported by them. The update platform
# is the catalog's own and is left out.
PLATFORMS = ("binary_sensor", "button", "event", "number", "select", "sensor", "text")
KEPT_OUT = ("simulator", "catalog", "features", "feature_courses", "feature_fetch")
# A module past this is a signal to split it by responsibility.
MAX_SHELL_LINES = 400
MAX_INIT_LINES = 150


def _module_path(name: str) -> Path | None:
    base = PACKAGE.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _runtime_imports(path: Path, name: str) -> set[str]:
    """Return the integration's modules a module imports when it runs (not for typing)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = package[: len(package) - node.level + 1] if node.level > 1 else package
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(target.strip("."))
            found.update(f"{target}.{alias.name}".strip(".") for alias in node.names)
    return {module for module in found if _module_path(module) is not None}


def _closure(name: str) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen or (path := _module_path(current)) is None:
            continue
        seen.add(current)
        parts = current.split(".")
        parents = {".".join(parts[:i]) for i in range(1, len(parts))}
        todo += [*_runtime_imports(path, current), *parents]
    return seen


@pytest.mark.parametrize("platform", PLATFORMS)
def test_platforms_do_not_import_the_simulator_or_the_catalog(platform: str) -> None:
    reached = _closure(platform)
    assert "runtime" in reached or "entity" in reached
    assert not {m for m in reached if m.split(".")[0] in KEPT_OUT}


def test_the_engine_imports_nothing_of_home_assistant() -> None:
    for path in (PACKAGE / "engine").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            assert not [n for n in names if n.startswith("homeassistant")], path


def test_setup_stays_short() -> None:
    lines = len((PACKAGE / "__init__.py").read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_INIT_LINES


def test_no_module_grows_past_the_size_that_asks_for_a_split() -> None:
    sizes = {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {name: size for name, size in sizes.items() if size > MAX_SHELL_LINES} == {}
