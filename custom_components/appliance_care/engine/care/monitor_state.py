"""Saving a CareMonitor's state and restoring it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .book import FindingBook
from .cycle_drift import CycleDrift
from .engine_types import StateError
from .filters import FilterLife
from .freeze import FreezeWatch
from .fridge import FridgeCare
from .fridge_duty import DutyDrift
from .laundry import LaundryCare
from .ledger import MaintenanceLedger
from .machine import MachineCare
from .state import CareStateError, get_int, get_list, get_mapping, get_opt_float
from .types import CareSubject

if TYPE_CHECKING:
    from .monitor import CareMonitor

# The state format this code writes; older ones are read, newer ones refused.
STATE_VERSION = 1


def monitor_to_state(monitor: CareMonitor) -> dict[str, object]:
    """Return a monitor's state; only the rule families of its subject are included."""
    subject = monitor.subject
    state: dict[str, object] = {
        "version": STATE_VERSION,
        "subject": subject.value,
        "now": monitor._now,  # noqa: SLF001 - the monitor's own saving
        "op_day": monitor._op_day,  # noqa: SLF001
        "findings": monitor._book.to_state(),  # noqa: SLF001
        "finding_log": monitor._book.log_to_state(),  # noqa: SLF001
        "ledger": monitor._ledger.to_state(),  # noqa: SLF001
    }
    if subject.washes:
        state["laundry"] = monitor._laundry.to_state()  # noqa: SLF001
    if subject.runs_cycles:
        state["drift"] = monitor._drift.to_state()  # noqa: SLF001
    if subject.cools:
        state["fridge"] = monitor._fridge.to_state()  # noqa: SLF001
    if subject.filters:
        state["filter"] = monitor._filter.to_state()  # noqa: SLF001
    if subject is CareSubject.AIR_CONDITIONER:
        state["ac_duty"] = monitor._ac_duty.to_state()  # noqa: SLF001
    if subject.holds_water:
        state["freeze"] = monitor._freeze.to_state()  # noqa: SLF001
    if monitor._machine.tub_count is not None:  # noqa: SLF001
        state["machine"] = monitor._machine.to_state()  # noqa: SLF001
    if not subject.filters and monitor._filter.seen:  # noqa: SLF001
        # A connected appliance reporting a filter of its own (a fridge's water filter).
        state["filter"] = monitor._filter.to_state()  # noqa: SLF001
    return state


def restore_monitor(monitor: CareMonitor, state: Mapping[str, object]) -> None:
    """Fill a fresh monitor from saved state; CareStateError when it cannot be read."""
    if not isinstance(state, Mapping):
        raise CareStateError("care state is not a mapping")
    try:
        _restore(monitor, state)
    except CareStateError:
        raise
    except (StateError, KeyError, TypeError, ValueError, OverflowError) as err:
        raise CareStateError(f"unreadable care state: {err}") from err


def _restore(monitor: CareMonitor, state: Mapping[str, object]) -> None:
    version = get_int(state, "version", STATE_VERSION)
    if version > STATE_VERSION:
        raise CareStateError(f"care state version {version} is newer than this code")
    subject = state.get("subject")
    if subject is not None and subject != monitor.subject.value:
        raise CareStateError(f"care state of a {subject}, not a {monitor.subject.value}")
    monitor._now = get_opt_float(state, "now")  # noqa: SLF001 - the monitor's own restore
    if state.get("op_day") is not None:
        monitor._op_day = get_int(state, "op_day")  # noqa: SLF001
    monitor._book = FindingBook.from_state(state)  # noqa: SLF001
    monitor._book.restore_log(get_list(state, "finding_log"))  # noqa: SLF001
    ledger = get_mapping(state, "ledger")
    if ledger is not None:
        monitor._ledger = MaintenanceLedger.from_state(ledger)  # noqa: SLF001
    laundry = get_mapping(state, "laundry")
    if laundry is not None:
        monitor._laundry = LaundryCare.from_state(laundry)  # noqa: SLF001
    drift = get_mapping(state, "drift")
    if drift is not None:
        monitor._drift = CycleDrift.from_state(CareSubject(monitor.subject), drift)  # noqa: SLF001
    fridge = get_mapping(state, "fridge")
    if fridge is not None:
        monitor._fridge = FridgeCare.from_state(fridge)  # noqa: SLF001
    filters = get_mapping(state, "filter")
    if filters is not None:
        monitor._filter = FilterLife.from_state(filters)  # noqa: SLF001
    ac_duty = get_mapping(state, "ac_duty")
    if ac_duty is not None:
        monitor._ac_duty = DutyDrift.from_state(ac_duty)  # noqa: SLF001
    machine = get_mapping(state, "machine")
    if machine is not None:
        monitor._machine = MachineCare.from_state(machine)  # noqa: SLF001
    freeze = get_mapping(state, "freeze")
    if freeze is not None:
        monitor._freeze = FreezeWatch.from_state(freeze)  # noqa: SLF001
    now = monitor._now  # noqa: SLF001
    if now is not None:
        # Nothing was recorded after the moment of saving.
        monitor._book.clamp_times(now)  # noqa: SLF001
        monitor._ledger.clamp_times(now)  # noqa: SLF001


def drift_levels(monitor: CareMonitor) -> dict[str, float]:
    """Return each drift test's evidence as a share of its decision level (see CareMonitor)."""
    s = monitor.settings
    levels: dict[str, float] = {}
    if monitor.subject.runs_cycles:
        drift = monitor._drift  # noqa: SLF001 - the monitor's own figures
        levels["duration"] = drift.duration_cusum.total / s.drift_cusum_h
        if s.drift_energy_cusum_h > 0:
            levels["energy"] = drift.energy_cusum.total / s.drift_energy_cusum_h
    if monitor.subject.cools:
        levels["duty"] = monitor._fridge.duty.cusum.total / s.duty_cusum_h  # noqa: SLF001
    elif monitor.subject is CareSubject.AIR_CONDITIONER:
        levels["duty"] = monitor._ac_duty.cusum.total / s.duty_cusum_h  # noqa: SLF001
    return {key: round(value, 3) for key, value in levels.items()}
