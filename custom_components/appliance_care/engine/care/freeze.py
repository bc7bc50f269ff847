"""Freeze risk: water left in an appliance in an unheated place, on a frosty night.

Raised from the outdoor temperature (now: critical) or the forecast minimum of the next
48 hours (warning) at or below the threshold; cleared once both are well above it. An
unknown reading neither raises nor clears.
"""

from __future__ import annotations

from collections.abc import Mapping

from .book import FindingBook
from .settings import CareSettings
from .state import get_opt_float
from .types import CareChange, Finding, FindingKind, Severity
from .wording import ADVICE


class FreezeWatch:
    """The latest outdoor readings and the freeze-risk rule."""

    __slots__ = ("forecast_c", "outdoor_c")

    def __init__(self) -> None:
        """Start with nothing known."""
        self.outdoor_c: float | None = None
        self.forecast_c: float | None = None

    def update(
        self,
        at: float,
        outdoor_c: float | None,
        forecast_c: float | None,
        s: CareSettings,
        *,
        book: FindingBook,
        out: list[CareChange],
    ) -> None:
        """Take valid readings (None: unknown) and decide."""
        self.outdoor_c = outdoor_c
        self.forecast_c = forecast_c
        if outdoor_c is None and forecast_c is None:
            return
        kind = FindingKind.FREEZE_RISK
        limit = s.freeze_threshold_c
        now_cold = outdoor_c is not None and outdoor_c <= limit
        soon_cold = forecast_c is not None and forecast_c <= limit
        if now_cold or soon_cold:
            if now_cold:
                evidence = f"It is {outdoor_c:.0f} degrees outside now"
            else:
                evidence = f"The forecast goes down to {forecast_c:.0f} degrees within 48 hours"
            book.raise_(
                Finding(
                    kind=kind,
                    severity=Severity.CRITICAL if now_cold else Severity.WARNING,
                    since=at,
                    values={
                        "outdoor_c": round(outdoor_c, 1) if outdoor_c is not None else "unknown",
                        "forecast_min_c": round(forecast_c, 1)
                        if forecast_c is not None
                        else "unknown",
                        "threshold_c": limit,
                    },
                    evidence=(
                        f"{evidence}, at or below {limit:g} degrees, and the appliance stands "
                        "in an unheated place: water in its pump and hoses can freeze."
                    ),
                    advice=ADVICE[kind],
                ),
                at,
                out,
            )
            return
        clear_at = limit + s.freeze_clear_margin_k
        if all(v is None or v >= clear_at for v in (outdoor_c, forecast_c)):
            book.clear(kind, at, s.min_hold_s, out)

    def to_state(self) -> dict[str, object]:
        """Return the latest readings."""
        return {"outdoor_c": self.outdoor_c, "forecast_c": self.forecast_c}

    @classmethod
    def from_state(cls, data: Mapping[str, object]) -> FreezeWatch:
        """Return readings saved by to_state."""
        watch = cls()
        watch.outdoor_c = get_opt_float(data, "outdoor_c")
        watch.forecast_c = get_opt_float(data, "forecast_c")
        return watch
