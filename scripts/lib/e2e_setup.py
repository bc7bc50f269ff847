"""Prepare the end-to-end test's Home Assistant.

Before its start (--prepare): the test account and onboarding marked done, as for the
development instance, and the HTTP server's settings (127.0.0.1 and the test's port) stored
as confirmed ones. Settings from configuration.yaml would be taken as a trial, with a dialog
in the frontend asking to keep them and a restart on the default port five minutes later.
Then, once Home Assistant answers: the Appliance Care home entry, created through the
integration's config flow over REST, so the test starts on an integration page with
"Add appliance" on it.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import sys
import time
from urllib import error, request

from homeassistant.components.http.config import (
    HTTP_STORAGE_SCHEMA,
    STORAGE_KEY as HTTP_STORAGE_KEY,
    STORAGE_MINOR_VERSION as HTTP_STORAGE_MINOR_VERSION,
    STORAGE_VERSION as HTTP_STORAGE_VERSION,
)
from homeassistant.util import dt as dt_util
from provision import BASE_URL, _call, _credentials, _login, _prepare

# A fresh configuration starts in seconds; a first start on a new machine may install the
# packages of the default integrations.
STARTUP_TIMEOUT_S = 600.0
POLL_INTERVAL_S = 0.5
# Said in the log when the server could not be set up (the port was taken after all): the
# recovery mode that follows would serve on the default port, so the test stops at once.
RECOVERY_MODE = "Activating recovery mode"


def _store_http_settings(config: Path, port: int) -> None:
    settings = HTTP_STORAGE_SCHEMA({"server_host": ["127.0.0.1"], "server_port": port})
    data = {
        "stable": {
            **settings,
            "created_at": dt_util.utcnow().isoformat(),
            "error": None,
            "error_message": None,
        },
        "pending": None,
        "yaml_migration_done": True,
    }
    (config / ".storage" / HTTP_STORAGE_KEY).write_text(
        json.dumps(
            {
                "version": HTTP_STORAGE_VERSION,
                "minor_version": HTTP_STORAGE_MINOR_VERSION,
                "key": HTTP_STORAGE_KEY,
                "data": data,
            }
        )
    )


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_for_http(config: Path, pid: int) -> None:
    """Wait until Home Assistant answers; stop waiting if it ended or cannot serve."""
    log = config / "home-assistant.log"
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if not _running(pid):
            raise SystemExit("Home Assistant stopped before it answered")
        if log.exists() and RECOVERY_MODE in log.read_text(errors="replace"):
            raise SystemExit("Home Assistant could not start normally (recovery mode)")
        try:
            # Not through _call: an error status here only means "not yet".
            request.urlopen(f"{BASE_URL}/manifest.json", timeout=10).close()  # noqa: S310
        except error.URLError, ConnectionError, TimeoutError:
            time.sleep(POLL_INTERVAL_S)
            continue
        return
    raise SystemExit("Home Assistant did not answer in time")


def _add_home(token: str) -> None:
    flow = _call("POST", "/api/config/config_entries/flow", {"handler": "appliance_care"}, token)
    result = _call(
        "POST",
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {"add_demo": False, "add_blueprints": False},
        token,
    )
    if result.get("type") != "create_entry":
        raise SystemExit(f"Adding Appliance Care failed: {result}")


def main() -> int:
    """Prepare before the start, or add the home entry once Home Assistant answers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--prepare", type=int, metavar="PORT", help="before the start")
    parser.add_argument("--pid", type=int, help="Home Assistant's process, once started")
    args = parser.parse_args()
    if args.prepare is not None:
        _prepare(args.config)
        _store_http_settings(args.config, args.prepare)
        return 0
    if args.pid is None:
        parser.error("--pid is needed once Home Assistant runs")
    _wait_for_http(args.config, args.pid)
    _add_home(_login(_credentials(args.config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
