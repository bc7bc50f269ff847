"""What a cycle's length is likely to be before anything fits: the first estimates.

Once learned programs can fit, the remaining time comes from those that could be running
(estimator.ProgramMatcher.estimate); in a cycle's first minutes, before anything can
match, from the appliance's habits (the cycle-weighted median length of its learned
programs) or, for an appliance that learned none yet, from its kind's typical cycle: a
washer's everyday programs take 1.5 to 3 hours in Europe and under an hour in North
America (105 minutes is between them), a dryer's about 1.5 hours, a dishwasher's eco or
normal program 2 to 4 hours (150), a washer-dryer washing and drying about 3 hours. These
estimates are marked low in confidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from .estimator import weighted_median
from .settings import MINUTE_S
from .types import ApplianceType, ProgramInfo

TYPICAL_CYCLE_S = {
    ApplianceType.WASHER: 105 * MINUTE_S,
    ApplianceType.DRYER: 90 * MINUTE_S,
    ApplianceType.DISHWASHER: 150 * MINUTE_S,
    ApplianceType.WASHER_DRYER: 180 * MINUTE_S,
}
# While a cycle runs, its end is at least this far ahead: "finishes at" is never past.
MIN_REMAINING_S = 60.0


def typical_length(kind: ApplianceType, programs: Iterable[ProgramInfo]) -> float | None:
    """Return the cycle length `programs` (their cycle-weighted median) or the kind give."""
    lengths = [(p.typical_duration_s, p.cycles) for p in programs if p.cycles > 0]
    return weighted_median(lengths) if lengths else TYPICAL_CYCLE_S.get(kind)
