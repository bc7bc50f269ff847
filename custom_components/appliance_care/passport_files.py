"""The appliance passport as files a person and a machine read, in the media folder.

A printable page (HTML with a usage chart, in the user's language), the same as JSON, and
its tables as CSV, written under `<media>/appliance_care/` so they open from *Media* in
the sidebar (the local media source), with no access to the file system needed. Each file
is written whole or not at all: to a temporary file in the same folder, then renamed over
the old one; two exports of one appliance at once take turns.
"""

from __future__ import annotations

import asyncio
import csv
from html import escape
import io
import json
import os
from pathlib import Path
import tempfile
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import slugify
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN, LOGGER
from .coordinator import ApplianceCoordinator
from .passport import passport_of
from .texts import async_option_texts

FOLDER = DOMAIN
_LOCKS: HassKey[dict[str, asyncio.Lock]] = HassKey(f"{DOMAIN}_passport_locks")
# The usage chart shows this many months at most.
CHART_MONTHS = 24
CHART_W, CHART_H, CHART_PAD = 640, 180, 24


def media_folder(hass: HomeAssistant) -> Path:
    """Return the folder passports are written to (in the local media source)."""
    media = hass.config.media_dirs.get("local") or hass.config.path("media")
    return Path(media) / FOLDER


def media_uri(name: str) -> str:
    """Return the media-source address of a file written to the passport folder."""
    return f"media-source://media_source/local/{FOLDER}/{name}"


def _write_atomic(path: Path, text: str) -> None:
    """Write a file whole: a temporary file beside it, renamed over it when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_all(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        _write_atomic(folder / name, text)


def _csv(passport: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "when", "item", "cycles", "energy_kwh", "hours", "detail"])
    usage = passport["usage"]
    for row in usage.get("by_year", []):
        writer.writerow(
            ["year", row["year"], "", row["cycles"], row["energy_kwh"], row["hours"], ""]
        )
    for row in usage.get("by_month", []):
        writer.writerow(["month", row["month"], "", row["cycles"], row["energy_kwh"], "", ""])
    for row in usage.get("by_program", []):
        writer.writerow(
            ["program", "", row["program"] or "", row["cycles"], row["energy_kwh"], "", ""]
        )
    for section in ("maintenance", "repairs"):
        for row in passport[section]:
            late = "" if row["late"] is None else ("late" if row["late"] else "on_time")
            writer.writerow(
                [section, row["at"], row["kind"], "", "", "", late or row["note"] or ""]
            )
    for row in passport["findings"]:
        writer.writerow(["finding", row["raised"], row["kind"], "", "", "", row["severity"]])
    return out.getvalue()


def _timeliness(late: bool | None, t: dict[str, str]) -> str:
    if late is None:
        return ""
    return t["late"] if late else t["on_time"]


def _chart(by_month: list[dict[str, Any]], label: str) -> str:
    """Return an SVG bar chart of the cycles of the last months."""
    rows = by_month[-CHART_MONTHS:]
    if not rows:
        return ""
    top = max(1, *(r["cycles"] for r in rows))
    step = (CHART_W - 2 * CHART_PAD) / len(rows)
    bars = []
    for i, row in enumerate(rows):
        height = (CHART_H - 2 * CHART_PAD) * row["cycles"] / top
        x = CHART_PAD + i * step
        y = CHART_H - CHART_PAD - height
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" height="{height:.1f}">'
            f"<title>{escape(row['month'])}: {row['cycles']}</title></rect>"
            f'<text x="{x + step * 0.4:.1f}" y="{CHART_H - 6}" text-anchor="middle">'
            f"{escape(row['month'][2:])}</text>"
        )
    return (
        f'<svg viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{escape(label)}">'
        + "".join(bars)
        + f'<text x="{CHART_PAD}" y="14">{escape(label)} (max {top})</text></svg>'
    )


def _page(
    passport: dict[str, Any], t: dict[str, str], names: dict[str, dict[str, str]], language: str
) -> str:
    """Return the printable page of a passport, in the texts given."""

    def tr(group: str, key: object) -> str:
        return escape(names[group].get(str(key), str(key)))

    appliance = passport["appliance"]
    usage = passport["usage"]
    health = passport["health"]
    unknown = escape(t.get("unknown", "-"))
    rows = [
        (t["kind"], tr("kind", appliance["kind"])),
        (t["make"], escape(appliance["manufacturer"] or "") or unknown),
        (t["model"], escape(appliance["model"] or "") or unknown),
        (t["purchase_date"], escape(appliance["purchase_date"] or "") or unknown),
        (t["first_use"], escape(usage.get("first_month") or "") or unknown),
        (t["cycles"], escape(str(usage["cycles"])) if usage["cycles"] is not None else unknown),
        (t["energy"], f"{usage.get('energy_kwh', 0)} kWh" if usage["cycles"] else unknown),
        (t["health"], escape(str(health["index"])) if health else unknown),
    ]
    body = [f"<h1>{escape(t['title'])}: {escape(appliance['name'])}</h1>"]
    if not passport["has_history"]:
        body.append(f"<p class=note>{escape(t['no_history'])}</p>")
    body.append(
        "<table>"
        + "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
        + "</table>"
    )
    body.append(
        f"<h2>{escape(t['usage'])}</h2>" + _chart(usage.get("by_month", []), t["cycles_by_month"])
    )
    if usage.get("by_year"):
        body.append(
            f"<table><tr><th>{escape(t['year'])}</th><th>{escape(t['cycles'])}</th>"
            f"<th>kWh</th><th>{escape(t['hours'])}</th></tr>"
            + "".join(
                f"<tr><td>{escape(r['year'])}</td><td>{r['cycles']}</td>"
                f"<td>{r['energy_kwh']}</td><td>{r['hours']}</td></tr>"
                for r in usage["by_year"]
            )
            + "</table>"
        )
    if usage.get("by_program"):
        body.append(
            f"<table><tr><th>{escape(t['program'])}</th><th>{escape(t['cycles'])}</th><th>kWh</th></tr>"
            + "".join(
                f"<tr><td>{escape(r['program'] or unknown)}</td><td>{r['cycles']}</td>"
                f"<td>{r['energy_kwh']}</td></tr>"
                for r in usage["by_program"]
            )
            + "</table>"
        )
    for section in ("maintenance", "repairs"):
        entries = passport[section]
        body.append(f"<h2>{escape(t[section])}</h2>")
        if not entries:
            body.append(f"<p>{escape(t['none'])}</p>")
            continue
        body.append(
            "<table>"
            + "".join(
                f"<tr><td>{escape(e['at'] or '')}</td><td>{tr('maintenance', e['kind'])}</td>"
                f"<td>{escape(_timeliness(e['late'], t))}</td>"
                f"<td>{escape(e['note'] or '')}</td></tr>"
                for e in entries
            )
            + "</table>"
        )
    body.append(f"<h2>{escape(t['findings'])}</h2>")
    body.append(
        "<table>"
        + "".join(
            f"<tr><td>{escape(f['raised'] or '')}</td><td>{tr('finding', f['kind'])}</td>"
            f"<td>{escape(f['cleared'] or t['open'])}</td></tr>"
            for f in passport["findings"]
        )
        + "</table>"
        if passport["findings"]
        else f"<p>{escape(t['none'])}</p>"
    )
    if health:
        body.append(
            f"<h2>{escape(t['health'])}: {health['index']}</h2><ul>"
            + "".join(
                f"<li>{tr('reason', r['code'])}: -{r['points']}</li>" for r in health["reasons"]
            )
            + "</ul>"
        )
    if "home" in passport:
        body.append(f"<p>{escape(str(passport['home'].get('name') or ''))}</p>")
    body.append(f"<p class=note>{escape(t['generated'])} {escape(passport['generated'] or '')}</p>")
    style = (
        "body{font-family:sans-serif;max-width:760px;margin:24px auto;color:#222}"
        "table{border-collapse:collapse;margin:8px 0;width:100%}"
        "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}"
        "svg{width:100%;height:auto}rect{fill:#03a9f4}text{font-size:10px;fill:#555}"
        ".note{color:#777}@media print{body{margin:0}}"
    )
    return (
        f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(t['title'])}: {escape(appliance['name'])}</title>"
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>"
    )


async def async_export(
    hass: HomeAssistant,
    coordinator: ApplianceCoordinator,
    *,
    include_home: bool = False,
    language: str | None = None,
) -> dict[str, Any]:
    """Write the passport's page, JSON and CSV; return the passport and where it went."""
    language = language or hass.config.language
    passport = passport_of(hass, coordinator, include_home=include_home)
    texts = await async_option_texts(hass, "passport", language)
    names = {
        "kind": await async_option_texts(hass, "connected_type", language),
        "maintenance": await async_option_texts(hass, "maintenance_kind", language),
        "finding": await async_option_texts(hass, "finding_kind", language),
        "reason": await async_option_texts(hass, "health_reason", language),
    }
    stem = f"passport_{slugify(coordinator.profile.name) or coordinator.profile.key}"
    files = {
        f"{stem}.html": _page(passport, texts, names, language),
        f"{stem}.json": json.dumps(passport, ensure_ascii=False, indent=2),
        f"{stem}.csv": _csv(passport),
    }
    folder = media_folder(hass)
    locks = hass.data.setdefault(_LOCKS, {})
    lock = locks.setdefault(coordinator.profile.key, asyncio.Lock())
    async with lock:
        try:
            await hass.async_add_executor_job(_write_all, folder, files)
        except OSError as err:
            LOGGER.warning(
                "The passport of %s could not be written to %s: %s",
                coordinator.profile.name,
                folder,
                err,
            )
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="passport_not_written",
                translation_placeholders={"folder": str(folder), "error": err.strerror or str(err)},
            ) from err
    return {
        "passport": passport,
        "files": {name.rsplit(".", 1)[1]: media_uri(name) for name in files},
    }
