"""A connected machine's own error codes and tub-clean counter as care."""

from __future__ import annotations

from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSubject,
    FindingKind,
    MaintenanceKind,
    Severity,
)

T0 = 1_790_000_000.0


def test_an_error_code_is_a_finding_until_the_machine_reports_none() -> None:
    care = CareMonitor(CareSubject.WASHER)
    raised = care.machine_error(T0, "OE|drain")
    assert [(c.finding.kind, c.raised) for c in raised] == [(FindingKind.APPLIANCE_ERROR, True)]
    finding = raised[0].finding
    assert finding.values == {"code": "OE", "cause": "drain"}
    assert finding.severity is Severity.WARNING
    assert finding.fix is MaintenanceKind.REPAIR
    # The same code again is no news; another code replaces it.
    assert care.machine_error(T0 + 60, "OE|drain") == ()
    changed = care.machine_error(T0 + 120, "LE|leak")
    assert [(c.finding.values["code"], c.raised) for c in changed] == [("OE", False), ("LE", True)]
    assert changed[1].finding.severity is Severity.CRITICAL
    cleared = care.machine_error(T0 + 180, None)
    assert [c.raised for c in cleared] == [False]
    assert care.findings == ()


def test_an_unknown_cause_is_other_and_garbage_is_no_error() -> None:
    care = CareMonitor(CareSubject.DISHWASHER)
    (change,) = care.machine_error(T0, "E24|")
    assert change.finding.values["cause"] == "other"
    # A number is no error code: it clears.
    (cleared,) = care.machine_error(T0 + 1, 42)
    assert not cleared.raised
    assert care.findings == ()


def test_the_machines_tub_counter_replaces_the_counted_cycles() -> None:
    care = CareMonitor(CareSubject.WASHER)
    assert care.tub_clean_count(T0, 12) == ()
    assert care.due(MaintenanceKind.TUB_CLEAN).cycles_since == 12
    raised = care.tub_clean_count(T0 + 60, 31)
    assert [c.finding.kind for c in raised] == [FindingKind.TUB_CLEAN_DUE]
    # The machine ran its tub clean: its counter went back; recorded and cleared.
    cleared = care.tub_clean_count(T0 + 120, 0)
    assert [(c.finding.kind, c.raised) for c in cleared] == [(FindingKind.TUB_CLEAN_DUE, False)]
    (record,) = care.maintenance
    assert record.kind is MaintenanceKind.TUB_CLEAN
    assert record.automatic
    # Saved and restored, the counter is remembered (a later drop is still a clean).
    restored = CareMonitor(CareSubject.WASHER, state=care.to_state())
    restored.tub_clean_count(T0 + 180, 5)
    restored.tub_clean_count(T0 + 240, 1)
    assert len(restored.maintenance) == 2


def test_garbage_counts_are_ignored() -> None:
    care = CareMonitor(CareSubject.WASHER)
    for garbage in (-1, 1e9, "many", True, None, float("nan")):
        assert care.tub_clean_count(T0, garbage) == ()
    assert care.maintenance == ()
