"""Every finding any care test raises gives exactly the numbers its kind declares."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.appliance_care.engine.care import VALUE_KEYS, Finding
from custom_components.appliance_care.engine.care.book import FindingBook


@pytest.fixture(autouse=True)
def findings_give_their_declared_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check each raised finding's values against VALUE_KEYS, which the texts rely on."""
    raise_ = FindingBook.raise_

    def checked(self: FindingBook, finding: Finding, *args: Any, **kwargs: Any) -> Any:
        assert set(finding.values) == VALUE_KEYS[finding.kind], finding
        return raise_(self, finding, *args, **kwargs)

    monkeypatch.setattr(FindingBook, "raise_", checked)
