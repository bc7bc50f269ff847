"""Prepare the development instance.

Before the first start (--prepare): creates a development account with Home Assistant's
own `hass --script auth` and marks onboarding done, so the instance skips the onboarding
wizard (whose defaults would add integrations that need the internet). Then, once Home
Assistant answers: logs in over the REST API and adds the demo home through the
integration's real config flow if it is not there yet.
Standard library only, so it runs with any Python 3.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import secrets
import string
import subprocess
import sys
import time
from typing import Any
from urllib import error, parse, request

BASE_URL = os.environ.get("APPLIANCE_CARE_DEV_URL", "http://127.0.0.1:8123")
CLIENT_ID = f"{BASE_URL}/"
USERNAME = "dev"
# Home Assistant installs the packages of the listed integrations at its first start.
STARTUP_TIMEOUT_S = 600.0
POLL_INTERVAL_S = 1.0
# The version of Home Assistant's onboarding store (homeassistant.components.onboarding).
ONBOARDING_STORAGE_VERSION = 4
DEMO_SPEED = float(os.environ.get("APPLIANCE_CARE_DEMO_SPEED", "60"))
DEMO_WEEKS = int(os.environ.get("APPLIANCE_CARE_DEMO_WEEKS", "4"))
DEMO_FAULT_TOUR = os.environ.get("APPLIANCE_CARE_DEMO_FAULT_TOUR", "") not in ("", "0")


def _call(
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    token: str | None = None,
    form: dict[str, str] | None = None,
) -> Any:
    headers = {}
    data = None
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if form is not None:
        data = parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = request.Request(f"{BASE_URL}{path}", data=data, headers=headers, method=method)  # noqa: S310
    try:
        with request.urlopen(req, timeout=60) as response:  # noqa: S310
            text = response.read().decode()
    except error.HTTPError as err:
        raise SystemExit(f"{method} {path} failed: {err.code} {err.read().decode()}") from err
    return json.loads(text) if text else None


def _wait_for_http() -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            _call("GET", "/manifest.json")
        except error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError:
            time.sleep(POLL_INTERVAL_S)
            continue
        return
    raise SystemExit("Home Assistant did not answer in time")


def _credentials(config: Path) -> dict[str, str]:
    path = config.parent / "credentials.json"
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        return stored
    # Letters and digits only: a password starting with "-" would be read as an option
    # by Home Assistant's auth script.
    alphabet = string.ascii_letters + string.digits
    creds = {"username": USERNAME, "password": "".join(secrets.choice(alphabet) for _ in range(16))}
    path.write_text(json.dumps(creds))
    path.chmod(0o600)
    return creds


def _token_from_code(code: str) -> str:
    tokens = _call(
        "POST",
        "/auth/token",
        form={"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID},
    )
    return str(tokens["access_token"])


def _login(creds: dict[str, str]) -> str:
    flow = _call(
        "POST",
        "/auth/login_flow",
        {"client_id": CLIENT_ID, "handler": ["homeassistant", None], "redirect_uri": CLIENT_ID},
    )
    result = _call(
        "POST",
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": CLIENT_ID, **creds},
    )
    if result.get("type") != "create_entry":
        raise SystemExit(f"Logging in failed: {result.get('errors')}")
    return _token_from_code(str(result["result"]))


def _prepare(config: Path) -> None:
    """Create the account and mark onboarding done, before the first start."""
    creds = _credentials(config)
    storage = config / ".storage"
    onboarding = storage / "onboarding"
    if onboarding.exists():
        return
    storage.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "homeassistant",
            "--script",
            "auth",
            "--config",
            str(config),
            "add",
            creds["username"],
            creds["password"],
        ],
        check=True,
        capture_output=True,
    )
    onboarding.write_text(
        json.dumps(
            {
                "version": ONBOARDING_STORAGE_VERSION,
                "minor_version": 1,
                "key": "onboarding",
                "data": {"done": ["user", "core_config", "analytics", "integration"]},
            }
        )
    )


def _ensure_demo_home(token: str) -> str:
    """Create the home entry (if none) and add the demo home to it (if not there)."""
    entries = _call("GET", "/api/config/config_entries/entry?domain=appliance_care", token=token)
    if entries:
        entry_id = str(entries[0]["entry_id"])
    else:
        flow = _call(
            "POST", "/api/config/config_entries/flow", {"handler": "appliance_care"}, token
        )
        result = _call("POST", f"/api/config/config_entries/flow/{flow['flow_id']}", {}, token)
        if result.get("type") != "create_entry":
            raise SystemExit(f"Adding Appliance Care failed: {result}")
        entry_id = str(result["result"]["entry_id"])
    flow = _call(
        "POST",
        "/api/config/config_entries/subentries/flow",
        {"handler": [entry_id, "demo_home"]},
        token,
    )
    if flow.get("type") == "abort" and flow.get("reason") == "already_configured":
        return "already set up"
    step_path = f"/api/config/config_entries/subentries/flow/{flow['flow_id']}"
    settings = {"speed": DEMO_SPEED, "history_weeks": DEMO_WEEKS, "fault_tour": DEMO_FAULT_TOUR}
    result = _call("POST", step_path, settings, token)
    if result.get("type") != "create_entry":
        raise SystemExit(f"Adding the demo home failed: {result}")
    # The home reloads with the demo, which lives its weeks of past first.
    _wait_loaded(entry_id, token, "sensor.washer_status")
    _add_plug_appliance(entry_id, token)
    _wait_loaded(entry_id, token, "sensor.coffee_machine_status")
    tour = ", fault tour" if DEMO_FAULT_TOUR else ""
    return f"added at {DEMO_SPEED:g}x speed, {DEMO_WEEKS} weeks of past{tour}"


def _wait_loaded(entry_id: str, token: str, entity_id: str, timeout_s: float = 180.0) -> None:
    """Wait until the home entry has reloaded with `entity_id` (one of what was added)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        entries = _call(
            "GET", "/api/config/config_entries/entry?domain=appliance_care", token=token
        )
        state = next((e["state"] for e in entries if e["entry_id"] == entry_id), None)
        if state in ("setup_error", "setup_retry", "failed_unload"):
            raise SystemExit(f"Appliance Care did not load: {state}")
        states = _call("GET", "/api/states", token=token)
        if state == "loaded" and any(s["entity_id"] == entity_id for s in states):
            return
        time.sleep(0.5)
    raise SystemExit("Appliance Care took too long to load")


def _add_plug_appliance(entry_id: str, token: str) -> None:
    """Add the coffee machine behind the instance's template plug, as a user would."""
    flow = _call(
        "POST",
        "/api/config/config_entries/subentries/flow",
        {"handler": [entry_id, "appliance"]},
        token,
    )
    step_path = f"/api/config/config_entries/subentries/flow/{flow['flow_id']}"
    # The flow opens with a menu: behind a power sensor, or a connected device.
    _call("POST", step_path, {"next_step_id": "power_sensor"}, token)
    result = _call(
        "POST",
        step_path,
        {
            "name": "Coffee machine",
            "appliance_type": "other",
            "power_sensor": "sensor.coffee_machine_plug_power",
        },
        token,
    )
    if result.get("type") not in ("create_entry", "abort"):
        raise SystemExit(f"Adding the coffee machine failed: {result}")


def main() -> int:
    """Onboard and add the demo home; print how to log in."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--prepare", action="store_true", help="run before the first start")
    args = parser.parse_args()
    if args.prepare:
        _prepare(args.config)
        return 0
    _wait_for_http()
    creds = _credentials(args.config)
    token = _login(creds)
    demo = _ensure_demo_home(token)
    print(
        "\n"
        f"  Demo home: {demo}.\n"
        f"  Home Assistant's log: {args.config / 'home-assistant.log'}\n"
        "  Press Ctrl-C to stop.\n"
        "\n"
        f"  Appliance Care development instance: {BASE_URL}\n"
        f"  Log in as '{creds['username']}' with password '{creds['password']}'\n"
        "  (an account of this local instance only)\n",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
