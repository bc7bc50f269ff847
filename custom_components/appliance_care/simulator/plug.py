"""The smart plug in front of each appliance: energy metering and report-on-change."""

from collections.abc import Callable

from .model import PlugSettings

# Real metering plugs report a change of more than a fixed step or of this share of the
# last report, whichever is larger (Shelly's and Tasmota's defaults are close to this).
REPORT_RELATIVE_STEP = 0.05
# Plugs report power with one decimal.
REPORT_DECIMALS = 1
WATT_SECONDS_PER_KWH = 3_600_000.0

type ReportSink = Callable[[int, float], None]


class Plug:
    """Meters one appliance's true power and decides when the plug reports it.

    Time is in whole seconds; the true power set at second t holds over [t, t + 1) and
    until the next change. The plug looks at every second: it reports when the power moved
    by more than the step from its last report, or when the heartbeat is due. Between
    power changes only heartbeats can fall due, so they are computed, not stepped.
    """

    __slots__ = (
        "_energy_ws",
        "_heartbeat_s",
        "_since",
        "_sink",
        "_step_w",
        "power_w",
        "reported_at",
        "reported_w",
        "reports",
    )

    def __init__(
        self, settings: PlugSettings, t0: int, power_w: float, sink: ReportSink | None = None
    ) -> None:
        """Start metering at t0 with a first report of the power then."""
        self._step_w = 0.0
        self._heartbeat_s = 1
        self.configure(settings)
        self._sink = sink
        self._energy_ws = 0.0
        self._since = t0
        self.power_w = power_w
        self.reported_w = 0.0
        self.reported_at = t0
        self.reports = 0
        self._report(t0, power_w)

    def configure(self, settings: PlugSettings) -> None:
        """Take new reporting settings; they apply from the next second on."""
        self._step_w = max(0.0, settings.step_w)
        self._heartbeat_s = max(1, round(settings.heartbeat_s))

    def listen(self, sink: ReportSink | None) -> None:
        """Give every report from now on to `sink` (None: stop giving them)."""
        self._sink = sink

    @property
    def energy_kwh(self) -> float:
        """Return the metered energy up to the last time the plug was brought up to date."""
        return self._energy_ws / WATT_SECONDS_PER_KWH

    def set_power(self, t: int, power_w: float) -> None:
        """Change the true power at second t (at most once per second)."""
        if t > self._since:
            self._heartbeats_before(t)
            self._energy_ws += self.power_w * (t - self._since)
            self._since = t
        self.power_w = power_w
        last = self.reported_w
        if (
            abs(power_w - last) > max(self._step_w, REPORT_RELATIVE_STEP * abs(last))
            or t - self.reported_at >= self._heartbeat_s
        ):
            self._report(t, power_w)

    def flush(self, t: int) -> None:
        """Bring energy up to the instant t and give the heartbeats due up to second t."""
        if t > self._since:
            self._heartbeats_before(t + 1)
            self._energy_ws += self.power_w * (t - self._since)
            self._since = t

    def jump(self, t: int, energy_ws: float, power_w: float) -> None:
        """Skip ahead to t coarsely: add the energy of the gap and report the power at t."""
        self._energy_ws += max(0.0, energy_ws)
        self._since = max(self._since, t)
        self.power_w = power_w
        self._report(self._since, power_w)

    def _heartbeats_before(self, t_excl: int) -> None:
        due = self.reported_at + self._heartbeat_s
        if self._sink is None and due < t_excl:
            # Nobody records the reports: only the last heartbeat can be seen.
            due = t_excl - 1 - (t_excl - 1 - due) % self._heartbeat_s
        while due < t_excl:
            self._report(due, self.power_w)
            due += self._heartbeat_s

    def _report(self, t: int, power_w: float) -> None:
        value = round(power_w, REPORT_DECIMALS)
        self.reported_w = value
        self.reported_at = t
        self.reports += 1
        if self._sink is not None:
            self._sink(t, value)

    def to_state(self) -> dict[str, float | int]:
        """Return the plug's counters, JSON-serialisable."""
        return {
            "energy_ws": self._energy_ws,
            "reported_w": self.reported_w,
            "reported_at": self.reported_at,
        }

    def restore(self, energy_ws: float, reported_w: float, reported_at: int) -> None:
        """Take counters saved by to_state (already validated by the caller)."""
        self._energy_ws = energy_ws
        self.reported_w = reported_w
        self.reported_at = reported_at
