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


def _media_source(hass: HomeAssistant) -> tuple[str, str]:
    """Return the media folder passports go to and its media-source name ("local" first)."""
    dirs = hass.config.media_dirs
    if "local" in dirs:
        return "local", dirs["local"]
    if dirs:
        return next(iter(dirs.items()))
    return "local", hass.config.path("media")


def media_folder(hass: HomeAssistant) -> Path:
    """Return the folder passports are written to (in the media source)."""
    return Path(_media_source(hass)[1]) / FOLDER


def media_uri(hass: HomeAssistant, name: str) -> str:
    """Return the media-source address of a file written to the passport folder."""
    return f"media-source://media_source/{_media_source(hass)[0]}/{FOLDER}/{name}"


FILE_MODE = 0o644


def _write_all(folder: Path, files: dict[str, str]) -> None:
    """Write the files whole or not at all: each to a temporary file, then all renamed."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, Path]] = []
    try:
        for name, text in files.items():
            handle, made = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
            written.append((Path(made), folder / name))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            Path(made).chmod(FILE_MODE)
    except BaseException:
        for part, _ in written:
            part.unlink(missing_ok=True)
        raise
    for part, path in written:
        part.replace(path)


def _cell(value: object) -> str:
    """Return a CSV cell; text a spreadsheet would run as a formula is quoted."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv(passport: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "section",
            "when",
            "item",
            "cycles",
            "energy_kwh",
            "hours",
            "late",
            "cost",
            "note",
            "until",
        ]
    )
    usage = passport["usage"]

    def row(*cells: object) -> None:
        writer.writerow([_cell(c) for c in cells])

    for r in usage.get("by_year", []):
        row("year", r["year"], "", r["cycles"], r["energy_kwh"], r["hours"], "", "", "", "")
    for r in usage.get("by_month", []):
        row("month", r["month"], "", r["cycles"], r["energy_kwh"], "", "", "", "", "")
    for r in usage.get("by_program", []):
        row("program", "", r["program"], r["cycles"], r["energy_kwh"], "", "", "", "", "")
    for section in ("maintenance", "repairs"):
        for r in passport[section]:
            row(section, r["at"], r["kind"], "", "", "", r["late"], r["cost"], r["note"], "")
    for r in passport["findings"]:
        row("finding", r["raised"], r["kind"], "", "", "", "", "", r["severity"], r["cleared"])
    return out.getvalue()


def _or(value: object, unknown: str) -> str:
    """Return a figure as shown, or the word for unknown."""
    return unknown if value is None else escape(str(value))


def _timeliness(late: bool | None, t: dict[str, str]) -> str:
    if late is None:
        return ""
    return t["late"] if late else t["on_time"]


def _chart(by_month: list[dict[str, Any]], label: str, most: str) -> str:
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
        + f'<text x="{CHART_PAD}" y="14">{escape(label)} ({escape(most)}: {top})</text></svg>'
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
        (
            t["energy"],
            f"{usage['energy_kwh']} kWh" if usage.get("energy_kwh") is not None else unknown,
        ),
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
        f"<h2>{escape(t['usage'])}</h2>"
        + _chart(usage.get("by_month", []), t["cycles_by_month"], t["most"])
    )
    if usage.get("by_year"):
        body.append(
            f"<table><tr><th>{escape(t['year'])}</th><th>{escape(t['cycles'])}</th>"
            f"<th>kWh</th><th>{escape(t['hours'])}</th></tr>"
            + "".join(
                f"<tr><td>{escape(r['year'])}</td><td>{r['cycles']}</td>"
                f"<td>{_or(r['energy_kwh'], unknown)}</td><td>{r['hours']}</td></tr>"
                for r in usage["by_year"]
            )
            + "</table>"
        )
    if usage.get("by_program"):
        body.append(
            f"<table><tr><th>{escape(t['program'])}</th><th>{escape(t['cycles'])}</th><th>kWh</th></tr>"
            + "".join(
                f"<tr><td>{escape(r['program'] or unknown)}</td><td>{r['cycles']}</td>"
                f"<td>{_or(r['energy_kwh'], unknown)}</td></tr>"
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
                f"<li>{tr('reason', r['code'])}"
                + (f": -{r['points']}" if r["points"] else "")
                + "</li>"
                for r in health["reasons"]
            )
            + "</ul>"
        )
        if health["trend"]:
            body.append(
                f"<table><tr><th>{escape(t['trend'])}</th><th>{escape(t['health'])}</th></tr>"
                + "".join(
                    f"<tr><td>{escape(p['month'])}</td><td>{p['index']}</td></tr>"
                    for p in health["trend"]
                )
                + "</table>"
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
    # The name tells a person which file it is; the end of the appliance's key keeps two
    # appliances of one name apart.
    key = coordinator.profile.key
    stem = f"passport_{slugify(coordinator.profile.name) or 'appliance'}_{slugify(key[-6:])}"
    files = {
        f"{stem}.html": _page(passport, texts, names, language),
        f"{stem}.json": json.dumps(passport, ensure_ascii=False, indent=2),
        f"{stem}.csv": _csv(passport),
    }
    folder = media_folder(hass)
    locks = hass.data.setdefault(_LOCKS, {})
    lock = locks.setdefault(stem, asyncio.Lock())
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
        "files": {name.rsplit(".", 1)[1]: media_uri(hass, name) for name in files},
    }
