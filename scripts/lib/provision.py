"""Prepare the development instance once Home Assistant answers.

Onboards a development account over the REST API (first start only), then adds the
demo home through the integration's real config flow if it is not there yet.
Standard library only, so it runs with any Python 3.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import secrets
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
DEMO_SPEED = float(os.environ.get("APPLIANCE_CARE_DEMO_SPEED", "60"))


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
    with request.urlopen(req, timeout=60) as response:  # noqa: S310
        text = response.read().decode()
    return json.loads(text) if text else None


def _wait_for_http() -> list[dict[str, Any]]:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            steps: list[dict[str, Any]] = _call("GET", "/api/onboarding")
        except error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError:
            time.sleep(POLL_INTERVAL_S)
            continue
        return steps
    raise SystemExit("Home Assistant did not answer in time")


def _credentials(config: Path) -> dict[str, str]:
    path = config.parent / "credentials.json"
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        return stored
    creds = {"username": USERNAME, "password": secrets.token_urlsafe(12)}
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


def _onboard(steps: list[dict[str, Any]], creds: dict[str, str]) -> str:
    done = {step["step"] for step in steps if step["done"]}
    if "user" not in done:
        created = _call(
            "POST",
            "/api/onboarding/users",
            {"client_id": CLIENT_ID, "name": "Developer", "language": "en", **creds},
        )
        token = _token_from_code(created["auth_code"])
    else:
        token = _login(creds)
    if "core_config" not in done:
        _call("POST", "/api/onboarding/core_config", {}, token)
    if "analytics" not in done:
        _call("POST", "/api/onboarding/analytics", {}, token)
    if "integration" not in done:
        _call(
            "POST",
            "/api/onboarding/integration",
            {"client_id": CLIENT_ID, "redirect_uri": CLIENT_ID},
            token,
        )
    return token


def _ensure_demo_home(token: str) -> str:
    entries = _call("GET", "/api/config/config_entries/entry?domain=appliance_care", token=token)
    if entries:
        return "already set up"
    flow = _call("POST", "/api/config/config_entries/flow", {"handler": "appliance_care"}, token)
    step_path = f"/api/config/config_entries/flow/{flow['flow_id']}"
    _call("POST", step_path, {"next_step_id": "demo"}, token)
    result = _call("POST", step_path, {"speed": DEMO_SPEED}, token)
    if result.get("type") != "create_entry":
        raise SystemExit(f"Adding the demo home failed: {result}")
    return f"added at {DEMO_SPEED:g}x speed"


def main() -> int:
    """Onboard and add the demo home; print how to log in."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, required=True)
    args = parser.parse_args()
    steps = _wait_for_http()
    creds = _credentials(args.config)
    token = _onboard(steps, creds)
    demo = _ensure_demo_home(token)
    print(
        "\n"
        f"  Appliance Care development instance: {BASE_URL}\n"
        f"  Log in as '{creds['username']}' with password '{creds['password']}'\n"
        "  (an account of this local instance only)\n"
        f"  Demo home: {demo}. Press Ctrl-C to stop.\n",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
