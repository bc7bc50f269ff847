"""The smart plug: report-on-change with a heartbeat, and exact energy metering."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.appliance_care.simulator import ApplianceKind, PlugSettings
from custom_components.appliance_care.simulator.home import make_appliance
from custom_components.appliance_care.simulator.plug import Plug

from .support import T0, run_cycle

powers = st.lists(
    st.tuples(st.integers(min_value=1, max_value=400), st.floats(min_value=0, max_value=3_000)),
    min_size=1,
    max_size=40,
)


def _replay(
    changes: list[tuple[int, float]], plug_settings: PlugSettings
) -> tuple[Plug, list[tuple[int, float]], list[float], int]:
    """Drive a plug with power changes; return it, its reports and the power per second."""
    reports: list[tuple[int, float]] = []
    plug = Plug(plug_settings, 0, 0.0, sink=lambda t, w: reports.append((t, w)))
    truth = [0.0]
    t = 0
    for gap, watts in changes:
        truth.extend([truth[-1]] * (gap - 1))
        t += gap
        plug.set_power(t, watts)
        truth.append(watts)
    end = t + 200
    truth.extend([truth[-1]] * (end - t))
    plug.flush(end)
    return plug, reports, truth, end


@settings(max_examples=150, deadline=None)
@given(changes=powers, step=st.floats(min_value=0.5, max_value=20), heartbeat=st.integers(5, 120))
def test_plug_reports_only_on_change_or_heartbeat(
    changes: list[tuple[int, float]], step: float, heartbeat: int
) -> None:
    plug_settings = PlugSettings(step_w=step, heartbeat_s=heartbeat)
    plug, reports, truth, end = _replay(changes, plug_settings)
    # Check the plug against a second-by-second reference of the rule.
    expected: list[tuple[int, float]] = [(0, 0.0)]
    for second in range(1, end + 1):
        last_t, last_w = expected[-1]
        watts = truth[second]
        if abs(watts - last_w) > max(step, 0.05 * abs(last_w)) or second - last_t >= heartbeat:
            expected.append((second, round(watts, 1)))
    assert reports == expected
    assert all(b[0] - a[0] <= heartbeat for a, b in pairwise(reports))
    assert plug.energy_kwh * 3_600_000 == pytest.approx(sum(truth[:end]), rel=1e-9, abs=1e-6)


def test_plug_heartbeat_and_step_settings_change_live() -> None:
    reports: list[tuple[int, float]] = []
    plug = Plug(PlugSettings(), 0, 10.0, sink=lambda t, w: reports.append((t, w)))
    plug.flush(300)
    assert [t for t, _ in reports] == [0, 60, 120, 180, 240, 300]
    plug.configure(PlugSettings(heartbeat_s=10, step_w=50))
    plug.set_power(305, 40.0)
    assert reports[-1][0] == 300, "a 30 W move is within a 50 W step"
    plug.set_power(312, 45.0)
    assert reports[-1] == (310, 40.0), "the heartbeat reports the power then"
    plug.set_power(313, 200.0)
    assert reports[-1] == (313, 200.0)
    assert plug.reports == len(reports)


def test_plug_report_of_a_running_washer_is_sparse() -> None:
    run = run_cycle(ApplianceKind.WASHER, "cotton_40")
    seconds = run.end - run.start
    assert len(run.reports) < seconds / 5, "report-on-change, not every second"
    gaps = [b[0] - a[0] for a, b in zip(run.reports, run.reports[1:], strict=False)]
    assert max(gaps) <= 60


def test_idle_appliance_reports_at_the_heartbeat_only() -> None:
    reports: list[tuple[int, float]] = []
    washer = make_appliance(
        ApplianceKind.WASHER,
        t0=T0,
        seed=1,
        plug=PlugSettings(heartbeat_s=300),
        sink=lambda t, w: reports.append((t, w)),
    )
    washer.advance_to(T0 + 3600)
    assert [t - T0 for t, _ in reports] == list(range(0, 3601, 300))
    assert washer.plug.energy_kwh == pytest.approx(
        sum(w for _, w in reports[:-1]) * 300 / 3_600_000, rel=0.2
    )
