"""What the care rules keep for an appliance's record: findings raised and cleared, and
whether each recurring maintenance was done on time."""

from __future__ import annotations

from custom_components.appliance_care.engine.care import (
    CareMonitor,
    CareSubject,
    MaintenanceKind,
    MaintenanceRecord,
)

T0 = 1_790_000_000.0


def test_findings_raised_and_cleared_are_kept_through_a_restart() -> None:
    care = CareMonitor(CareSubject.WASHER)
    care.machine_error(T0, "OE|drain")
    care.machine_error(T0 + 600, None)
    care.machine_error(T0 + 900, "LE|leak")
    restored = CareMonitor(CareSubject.WASHER, state=care.to_state(), restored_at=T0 + 1000)
    assert restored.finding_log == (
        ("appliance_error", "warning", T0, T0 + 600),
        ("appliance_error", "critical", T0 + 900, None),
    )


def test_a_maintenance_done_while_its_reminder_is_up_is_late() -> None:
    care = CareMonitor(CareSubject.WASHER)
    care.tub_clean_count(T0, 5)
    care.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=T0 + 60))
    care.tub_clean_count(T0 + 120, 40)  # due now
    care.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=T0 + 180))
    care.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.REPAIR, at=T0 + 240))
    assert [(r.kind, r.late) for r in care.maintenance] == [
        (MaintenanceKind.TUB_CLEAN, False),
        (MaintenanceKind.TUB_CLEAN, True),
        (MaintenanceKind.REPAIR, None),
    ]
    restored = CareMonitor(CareSubject.WASHER, state=care.to_state())
    assert [r.late for r in restored.maintenance] == [False, True, None]


def test_records_saved_before_lateness_was_kept_still_read() -> None:
    care = CareMonitor(CareSubject.WASHER)
    care.record_maintenance(MaintenanceRecord(kind=MaintenanceKind.TUB_CLEAN, at=T0))
    state = care.to_state()
    ledger = state["ledger"]
    assert isinstance(ledger, dict)
    ledger["records"] = [record[:5] for record in ledger["records"]]
    restored = CareMonitor(CareSubject.WASHER, state=state)
    assert restored.maintenance[0].late is None
