"""The line `scripts/replay` prints for a care finding."""

from __future__ import annotations

import time

from .types import CareChange


def replay_care_alert(change: CareChange, at: float | None = None) -> dict[str, str]:
    """Return the JSON object printed for a care change.

    A raised (or escalated) finding gives `{"event": "care_alert", "at":
    "YYYY-MM-DDTHH:MM:SSZ", "kind", "severity", "evidence"}`; a cleared one the same keys
    with `"event": "care_cleared"`. `at` is the time of the input that produced the change;
    without it, the time the finding was first raised.
    """
    finding = change.finding
    moment = finding.since if at is None else at
    return {
        "event": "care_alert" if change.raised else "care_cleared",
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment)),
        "kind": finding.kind.value,
        "severity": finding.severity.value,
        "evidence": finding.evidence,
    }
