#!/usr/bin/env python3
"""Write docs/diagnosis.md: every check of the smart diagnosis, one row each.

The rows come from the checks themselves (engine/care/diagnosis.py) and their English
texts (strings.json), so the table is what the integration runs. With --check it writes
nothing and exits with 1 when the document is out of date (the test suite runs that).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
import sys

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = ROOT / "custom_components" / "appliance_care"
DOC = ROOT / "docs" / "diagnosis.md"

HEAD = """# The smart diagnosis

`appliance_care.run_diagnosis` (target: an appliance's device) and each appliance's *Run
diagnosis* button run every check below. Each gives a result (`ok`, `warning`, `problem`,
`not_applicable` where it does not concern the appliance, or `not_enough_data` while the
appliance is too new to judge) and its evidence in numbers. The report comes as a
persistent notification in Home Assistant's language (warnings and problems with what to
do), as the action's response (codes and numbers), and in the appliance's diagnostics.

This table is written by `scripts/diagnosis_table.py` from the checks and their texts.

| check_id | what it measures | group | what to do when it is not ok |
|---|---|---|---|
"""


def table() -> str:
    """Return the document."""
    sys.path.insert(0, str(INTEGRATION))
    from engine.care.diagnosis import CHECKS  # noqa: PLC0415 - the engine, by its path

    strings = json.loads((INTEGRATION / "strings.json").read_text(encoding="utf-8"))
    measures = strings["selector"]["diagnosis_measures"]["options"]
    advice = strings["selector"]["diagnosis_advice"]["options"]
    rows = [
        f"| {check_id} | {measures[check_id]} | {group} | {advice[check_id]} |"
        for check_id, group, _check in CHECKS
    ]
    return HEAD + "\n".join(rows) + f"\n\n{len(rows)} checks.\n"


def main() -> int:
    """Write the document, or with --check say whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = table()
    if args.check:
        return 0 if DOC.read_text(encoding="utf-8") == text else 1
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
