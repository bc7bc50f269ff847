"""The smart diagnosis in Home Assistant: facts gathered, checks run, a report written.

`appliance_care.run_diagnosis` (and each appliance's *Run diagnosis* button) gathers what
the checks read (engine/care/diagnosis.py) from the appliance's source, engine and care
rules, runs them, and tells the result three ways: as the action's response (codes and
numbers), as a persistent notification in the user's language (Markdown), and in the
appliance's diagnostics.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from statistics import median
from typing import Any

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .appliance_health import appliance_health
from .const import DOMAIN
from .coordinator import ApplianceCoordinator
from .engine import CycleSettings, FinishReason, contradictions
from .engine.care.diagnosis import CheckResult, DiagnosisFacts, Result, run_diagnosis
from .engine.connected import ConnectedTracker
from .engine.signals import SignalKind
from .sources.power_sensor import POWER_UNITS
from .texts import async_option_texts

SHORT_CYCLE_S = 10 * 60.0
LONG_CYCLE_S = 6 * 3600.0
# A sensor that reports the same value is held: more reports than this are enough to judge.
MIN_REPORTS = 8


def _source_kind(coordinator: ApplianceCoordinator) -> str:
    profile = coordinator.profile
    if profile.connected or profile.device_id is not None or coordinator.source.demo_machine:
        return "connected"
    if coordinator.source.demo is not None:
        return "demo"
    return "power_sensor"


def _power_unit_ok(hass: HomeAssistant, coordinator: ApplianceCoordinator) -> bool | None:
    entity_id = coordinator.source.entities().get(str(SignalKind.POWER))
    if entity_id is None or _source_kind(coordinator) != "power_sensor":
        return None
    state = hass.states.get(entity_id)
    unit = state.attributes.get("unit_of_measurement") if state is not None else None
    return unit is None or unit in POWER_UNITS


# The unit each kind of evidence is in, by the end of its key.
_UNITS = (("_w", " W"), ("_pct", " %"), ("_s", " s"))


def shown_evidence(key: str, value: object, findings: dict[str, str]) -> str:
    """Return one figure of a check's evidence as the report shows it.

    With its unit, and a finding by its translated name (never its raw key).
    """
    if key == "finding":
        return findings.get(str(value), str(value))
    unit = next((unit for end, unit in _UNITS if key.endswith(end)), "")
    return f"{value}{unit}"


def diagnosis_facts(hass: HomeAssistant, coordinator: ApplianceCoordinator) -> DiagnosisFacts:
    """Gather what the checks read from one appliance."""
    profile = coordinator.profile
    care = coordinator.care
    monitor = care.monitor
    appliance = coordinator.appliance
    tracker = appliance.tracker if appliance is not None else None
    compressor = appliance.compressor if appliance is not None else None
    settings = profile.settings
    reports = appliance.reports if appliance is not None else None
    recent = tracker.history.recent if tracker is not None else ()
    finish_hold = settings.finish_hold_s if isinstance(settings, CycleSettings) else 0.0
    chained = sum(1 for before, after in pairwise(recent) if after.start - before.end < finish_hold)
    total = sum(r.duration_s for r in recent)
    findings = {str(f.kind): str(f.severity) for f in monitor.findings} if monitor else {}
    health = appliance_health(coordinator)
    enough = reports is not None and len(reports.intervals) >= MIN_REPORTS
    return DiagnosisFacts(
        subject=profile.subject,
        source=_source_kind(coordinator),
        available=coordinator.source.available,
        cycles_engine=tracker is not None,
        metered=SignalKind.POWER in profile.signals or SignalKind.ENERGY in profile.signals,
        compressor_engine=compressor is not None,
        power_unit_ok=_power_unit_ok(hass, coordinator),
        report_interval_s=median(reports.intervals) if enough and reports else None,
        longest_gap_s=max(reports.intervals) if enough and reports else None,
        max_gap_s=settings.max_update_gap_s if isinstance(settings, CycleSettings) else 900.0,
        standby_w=median(reports.standby) if reports and reports.standby else None,
        off_threshold_w=settings.off_threshold_w if settings is not None else None,
        active_threshold_w=(
            settings.active_threshold_w if isinstance(settings, CycleSettings) else None
        ),
        peak_w=max((r.peak_w for r in recent if r.metered), default=None),
        clock_jumps=coordinator.clock_jumps,
        missing_entities=coordinator.source.missing_entities(),
        has_energy_sensor=SignalKind.ENERGY in profile.signals,
        energy_reading_ok=(
            appliance.energy_seen
            if appliance is not None and SignalKind.ENERGY in profile.signals
            else None
        ),
        has_door_sensor=SignalKind.DOOR in profile.signals,
        contradictions=len(contradictions(settings)) if isinstance(settings, CycleSettings) else 0,
        run_state_known=coordinator.source.available if profile.connected else None,
        remaining_plausible=(
            tracker.remaining_plausible if isinstance(tracker, ConnectedTracker) else None
        ),
        cycles=tracker.cycle_count if tracker is not None else 0,
        recent=len(recent),
        programs_trusted=len(tracker.library.candidates()) if tracker is not None else 0,
        recent_matched=sum(1 for r in recent if r.program_id is not None),
        recent_outage_ends=sum(1 for r in recent if r.finish_reason is FinishReason.OUTAGE),
        recent_chained=chained,
        recent_short=sum(1 for r in recent if r.duration_s < SHORT_CYCLE_S),
        recent_long=sum(1 for r in recent if r.duration_s > LONG_CYCLE_S),
        gap_share=sum(r.gap_s for r in recent) / total if total > 0 else 0.0,
        drift=monitor.drift_levels if monitor is not None else {},
        energy_drift_judged=profile.care_settings.drift_energy_cusum_h > 0,
        findings=findings,
        possible_findings=frozenset(str(k) for k in care.finding_kinds()),
        compressor_duty=compressor.duty_cycle_24h if compressor is not None else None,
        filter_left_pct=monitor.filter_remaining_pct if monitor is not None else None,
        reminders=frozenset(str(k) for k in care.reminder_kinds()),
        maintenance_records=len(monitor.maintenance) if monitor is not None else 0,
        purchase_known=profile.purchased is not None,
        health_index=health.index if health is not None else None,
        spin_rows=tuple((r.program_id, r.spin_s, r.drain_s) for r in recent if r.metered),
        unavailable_share=(
            reports.unavailable_share
            if reports is not None and SignalKind.POWER in profile.signals
            else None
        ),
        watched_s=reports.watched_s if reports is not None else 0.0,
    )


def diagnose(hass: HomeAssistant, coordinator: ApplianceCoordinator) -> tuple[CheckResult, ...]:
    """Run every check on one appliance."""
    return run_diagnosis(diagnosis_facts(hass, coordinator))


def report(results: tuple[CheckResult, ...]) -> dict[str, Any]:
    """Return the results as response data: a count by result, and every check."""
    summary = {str(result): 0 for result in Result}
    for check in results:
        summary[str(check.result)] += 1
    return {"summary": summary, "checks": [check.as_dict() for check in results]}


async def async_run_diagnosis(
    hass: HomeAssistant, coordinator: ApplianceCoordinator
) -> dict[str, Any]:
    """Run the diagnosis, tell it as a notification, and return it."""
    results = diagnose(hass, coordinator)
    names = await async_option_texts(hass, "diagnosis_check")
    advice = await async_option_texts(hass, "diagnosis_advice")
    words = await async_option_texts(hass, "diagnosis_result")
    labels = await async_option_texts(hass, "diagnosis_evidence")
    findings = await async_option_texts(hass, "finding_kind")
    lines = []
    for check in results:
        if check.result in (Result.OK, Result.NOT_APPLICABLE):
            continue
        evidence = ", ".join(
            f"{labels.get(key, key)} {shown_evidence(key, value, findings)}"
            for key, value in check.evidence.items()
        )
        line = f"- **{names.get(check.check_id, check.check_id)}**: {words.get(str(check.result))}"
        if evidence:
            line += f" ({evidence})"
        if check.result in (Result.WARNING, Result.PROBLEM):
            line += f". {advice.get(check.check_id, '')}"
        lines.append(line)
    _offer_fixes(hass, coordinator, results)
    data = report(results)
    counts = data["summary"]
    head = words.get("summary", "{ok} ok, {warning} warnings, {problem} problems").format(**counts)
    persistent_notification.async_create(
        hass,
        "\n".join([head, "", *lines]),
        title=f"{words.get('title', 'Diagnosis')}: {coordinator.profile.name}",
        notification_id=f"{DOMAIN}_diagnosis_{coordinator.profile.key}",
    )
    return {"appliance": coordinator.profile.name, **data}


# A raised off threshold sits this far above the standby measured (and at least this much).
OFF_MARGIN = 1.5
OFF_STEP_W = 0.5


def off_threshold_issue(key: str) -> str:
    """Return the id of the repair that offers to raise an appliance's off threshold."""
    return f"off_threshold_{key}"


def _offer_fixes(
    hass: HomeAssistant, coordinator: ApplianceCoordinator, results: tuple[CheckResult, ...]
) -> None:
    """Offer in Repairs what the integration can fix itself: an off threshold below standby."""
    key = coordinator.profile.key
    check = next(c for c in results if c.check_id == "standby_vs_off_threshold")
    standby = check.evidence.get("standby_w")
    entry = coordinator.config_entry
    if (
        check.result is not Result.WARNING
        or not isinstance(standby, float | int)
        or entry is None
        or key not in entry.subentries
        or _source_kind(coordinator) != "power_sensor"
    ):
        ir.async_delete_issue(hass, DOMAIN, off_threshold_issue(key))
        return
    proposed = round(max(standby * OFF_MARGIN, standby + OFF_STEP_W), 1)
    settings = coordinator.profile.settings
    if settings is None or contradictions(replace(settings, off_threshold_w=proposed)):
        # Raised that far it would reach the working level: the thresholds need a person.
        ir.async_delete_issue(hass, DOMAIN, off_threshold_issue(key))
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        off_threshold_issue(key),
        is_fixable=True,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="off_threshold",
        translation_placeholders={
            "name": coordinator.profile.name,
            "standby_w": str(standby),
            "off_w": str(check.evidence.get("off_threshold_w")),
            "proposed_w": str(proposed),
        },
        data={"entry_id": entry.entry_id, "subentry_id": key, "proposed": proposed},
    )
