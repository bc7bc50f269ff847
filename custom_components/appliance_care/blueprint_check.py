"""Checking a downloaded blueprint before Home Assistant's blueprint API adds it.

Home Assistant's loader would resolve tags that read outside the file; a blueprint from a
catalog may use none of them, and must be a valid automation blueprint.
"""

from __future__ import annotations

from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import Blueprint
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util.yaml import parse_yaml
import yaml

from .catalog import CatalogError, FeatureKind, Problem
from .const import DOMAIN

AUTOMATION = "automation"
# YAML tags with which Home Assistant's loader reads outside the file (prefixes).
READS_OUTSIDE = ("!env_var", "!secret", "!include")


def _tags_reading_outside(text: str) -> list[str]:
    """Return the YAML tags of a document that would read what lies outside it.

    Home Assistant's loader resolves `!env_var` (the process environment, tokens
    included), `!secret` and the `!include` family when it loads the file; a downloaded
    blueprint may use none of them. Tags are read after YAML's own expansion (`%TAG`).
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    found: list[str] = []
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if isinstance(node.tag, str) and node.tag.startswith(READS_OUTSIDE):
            found.append(node.tag)
        if isinstance(node, yaml.MappingNode):
            todo += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
    return found


def validate_blueprint(feature_id: str, content: bytes) -> Blueprint:
    """Check a blueprint as Home Assistant loads it and return it; raise INVALID_BLUEPRINT."""
    try:
        text = content.decode("utf-8")
        if reads := _tags_reading_outside(text):
            raise CatalogError(Problem.READS_OUTSIDE, id=feature_id, tag=reads[0])
        data = parse_yaml(text)
    except (UnicodeDecodeError, HomeAssistantError, yaml.YAMLError) as err:
        raise CatalogError(Problem.INVALID_BLUEPRINT, id=feature_id, error=str(err)) from err
    if not isinstance(data, dict):
        raise CatalogError(Problem.INVALID_BLUEPRINT, id=feature_id, error=type(data).__name__)
    try:
        return Blueprint(
            data,
            expected_domain=AUTOMATION,
            path=blueprint_name(feature_id),
            schema=AUTOMATION_BLUEPRINT_SCHEMA,
        )
    except HomeAssistantError as err:
        raise CatalogError(Problem.INVALID_BLUEPRINT, id=feature_id, error=str(err)) from err


def blueprint_name(feature_id: str) -> str:
    """Return a feature's path among the automation blueprints (what automations name)."""
    return f"{DOMAIN}/{feature_id}{FeatureKind.BLUEPRINT.suffix}"
