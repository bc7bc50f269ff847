"""The health index: 100 for a new, cared-for appliance; each reason takes points off."""

from __future__ import annotations

import pytest

from custom_components.appliance_care.engine.care import CareSubject, Severity
from custom_components.appliance_care.engine.care.health import (
    DAY_S,
    YEAR_DAYS,
    HealthInputs,
    health_index,
)

NOW = 1_790_000_000.0
YEAR = YEAR_DAYS * DAY_S


def _codes(inputs: HealthInputs) -> dict[str, float]:
    return {r.code: r.points for r in health_index(inputs).reasons}


def test_a_new_appliance_used_as_most_are_is_100() -> None:
    health = health_index(
        HealthInputs(
            subject=CareSubject.WASHER,
            now=NOW,
            purchased_at=NOW - 10 * DAY_S,
            cycles=60,
            observed_days=90,
        )
    )
    assert health.index == 100
    assert {r.code for r in health.reasons} == {"age", "heavy_use"}
    assert all(r.points == 0 for r in health.reasons if r.code == "heavy_use")


def test_no_purchase_date_leaves_the_age_out_and_says_so() -> None:
    health = health_index(HealthInputs(subject=CareSubject.DRYER, now=NOW))
    assert health.index == 100
    assert health.reasons[0].code == "age_unknown"


@pytest.mark.parametrize(
    ("years", "points"), [(0, 0.0), (5, 15.0), (10, 30.0), (15, 32.5), (20, 35.0), (40, 35.0)]
)
def test_age_against_the_typical_life(years: float, points: float) -> None:
    reasons = _codes(
        HealthInputs(subject=CareSubject.WASHER, now=NOW, purchased_at=NOW - years * YEAR)
    )
    assert reasons["age"] == pytest.approx(points)


def test_heavy_use_counts_from_a_month_of_watching() -> None:
    young = HealthInputs(subject=CareSubject.WASHER, now=NOW, cycles=20, observed_days=10)
    assert _codes(young) == {"age_unknown": 0.0, "use_unknown": 0.0}
    # Twice the typical 295 cycles a year: the full ten points.
    heavy = HealthInputs(subject=CareSubject.WASHER, now=NOW, cycles=590, observed_days=YEAR_DAYS)
    assert _codes(heavy)["heavy_use"] == pytest.approx(10.0)
    # A fridge by its compressor: 60 % against a typical 45 %.
    fridge = HealthInputs(subject=CareSubject.REFRIGERATOR, now=NOW, compressor_duty=0.6)
    assert _codes(fridge)["heavy_use"] == round(10 * (0.6 / 0.45 - 1), 1)  # to a tenth


def test_late_maintenance_findings_repairs_and_drift() -> None:
    inputs = HealthInputs(
        subject=CareSubject.WASHER,
        now=NOW,
        late={"tub_clean": NOW - 15 * DAY_S},
        findings=(("program_drift", Severity.WARNING), ("appliance_error", Severity.CRITICAL)),
        repairs=2,
        drift={"duration": 0.75, "energy": 0.2},
    )
    reasons = health_index(inputs).reasons
    points = {(r.code, r.values.get("kind")): r.points for r in reasons}
    assert points[("maintenance_late", None)] == pytest.approx(7.5)
    assert points[("finding", "appliance_error")] == 20
    assert points[("finding", "program_drift")] == 10
    assert points[("repairs", None)] == 6
    assert points[("drift", None)] == pytest.approx(5.0)
    assert health_index(inputs).index == round(100 - 7.5 - 20 - 10 - 6 - 5)
    # Largest first, and as attributes: codes and numbers only.
    assert reasons[0].code == "finding"
    assert reasons[0].as_dict() == {
        "code": "finding",
        "points": 20.0,
        "kind": "appliance_error",
        "severity": "critical",
    }


def test_findings_are_capped_and_the_index_never_goes_below_zero() -> None:
    inputs = HealthInputs(
        subject=CareSubject.REFRIGERATOR,
        now=NOW,
        purchased_at=NOW - 30 * YEAR,
        findings=tuple((f"kind_{n}", Severity.CRITICAL) for n in range(5)),
        repairs=10,
        late={"condenser_clean": NOW - 90 * DAY_S, "filter_replace": NOW - 90 * DAY_S},
        drift={"duty": 3.0},
    )
    health = health_index(inputs)
    assert sum(r.points for r in health.reasons if r.code == "finding") == 40
    assert sum(r.points for r in health.reasons if r.code == "repairs") == 12
    assert health.index == 0
