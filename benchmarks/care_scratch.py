import sys, statistics, time as _t
from datetime import datetime, UTC, time, timedelta
from pathlib import Path
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "custom_components" / "appliance_care"))
import engine
from simulator.home import make_appliance
from simulator.trace import program_chooser
from simulator.model import ApplianceKind, Fault, PlugSettings
from simulator.cycle import CycleAppliance

def run(kind, fault, seed, days=90, onset_day=30):
    t0 = int(datetime(2025,1,1,tzinfo=UTC).timestamp())
    rows=[]
    plug=PlugSettings()
    ap = make_appliance(ApplianceKind(kind), t0=t0, seed=seed, plug=plug, sink=lambda t,w: rows.append((t,w)))
    if isinstance(ap, CycleAppliance):
        ap.chooser = program_chooser(ApplianceKind(kind), None, seed)
    sched=time(8,0)
    ap.apply(frozenset(), sched, plug)
    tr = engine.CycleTracker(engine.ApplianceType(kind))
    recs=[]
    last=None
    def feed(rs):
        nonlocal last
        for t,w in rs:
            if last is not None:
                tick=last+30
                while tick<t:
                    for e in tr.tick(tick):
                        if e.cycle and e.kind.value=="cycle_finished": recs.append(e.cycle)
                    tick+=30
            for e in tr.power(float(t),w):
                if e.cycle and e.kind.value=="cycle_finished": recs.append(e.cycle)
            last=t
    for d in range(days):
        if d==onset_day and fault: ap.apply(frozenset({Fault(fault)}), sched, plug)
        ap.advance_to(t0+(d+1)*86400-1)
        feed(rows); rows.clear()
    return t0, recs

for kind, fault in [("washer","clogged_drain"),("washer","heater_scale"),("washer","dirty_tub"),("dryer","clogged_vent"),("dishwasher","clogged_drain"),("dishwasher","heater_scale")]:
    t0, recs = run(kind, fault, 1)
    print(kind, fault, len(recs))
    for r in recs:
        day=(r.start-t0)/86400
        if 18 <= day <= 50 or day>85:
            print(f"  d{day:5.1f} p{r.program_id} {r.duration_s/60:6.1f}min {r.energy_wh:6.0f}Wh peak{r.peak_w:5.0f}")
