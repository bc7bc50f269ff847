#!/usr/bin/env python3
"""Write translations/en.json from strings.json, resolving [%key:...%] references.

Home Assistant resolves these references only for its own integrations, at build time;
a custom integration must ship resolved files. Run after editing strings.json; the test
suite fails while en.json is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
import sys
from typing import Any

INTEGRATION = Path(__file__).resolve().parent.parent / "custom_components" / "appliance_care"
REFERENCE = re.compile(r"\[%key:([a-z0-9_:]+)%\]")
OWN_PREFIX = "component::appliance_care::"


def _lookup(strings: dict[str, Any], path: str) -> str:
    if not path.startswith(OWN_PREFIX):
        raise KeyError(f"only references to this integration are supported: {path}")
    node: Any = strings
    for part in path.removeprefix(OWN_PREFIX).split("::"):
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(f"reference does not name a string: {path}")
    return node


def resolve(strings: dict[str, Any]) -> dict[str, Any]:
    """Return strings with every reference replaced by the text it names."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, str):
            for _ in range(10):  # references may point at references
                new = REFERENCE.sub(lambda m: _lookup(strings, m.group(1)), node)
                if new == node:
                    break
                node = new
            return node
        return node

    resolved: dict[str, Any] = walk(strings)
    return resolved


def render(strings_path: Path = INTEGRATION / "strings.json") -> str:
    """Return the text en.json must have."""
    strings = json.loads(strings_path.read_text(encoding="utf-8"))
    return json.dumps(resolve(strings), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Write en.json."""
    target = INTEGRATION / "translations" / "en.json"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target.relative_to(INTEGRATION.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
