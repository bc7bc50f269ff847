"""Small PNG plots drawn with Pillow (matplotlib is not part of the environment)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
import math
from pathlib import Path
import time

from PIL import Image, ImageDraw, ImageFont

WIDTH = 1200
MARGIN_L = 70
MARGIN_R = 20
MARGIN_T = 40
BAND_H = 16
PLOT_H = 260
FONT_SIZE = 14
GRID = (225, 225, 225)
AXIS = (90, 90, 90)
INK = (30, 30, 30)
POWER = (60, 60, 60)


@dataclass(frozen=True)
class Band:
    """A row of spans drawn under the power plot, with optional finish markers."""

    label: str
    color: tuple[int, int, int]
    spans: Sequence[tuple[float, float]]
    markers: Sequence[float] = ()


def _font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=FONT_SIZE)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def _hhmm(t: float) -> str:
    return time.strftime("%H:%M", time.gmtime(t))


def timeline(
    path: Path,
    title: str,
    *,
    power: Sequence[tuple[float, float | None]],
    bands: Sequence[Band],
    t0: float,
    t1: float,
    log_scale: bool = False,
) -> None:
    """Draw power over [t0, t1] with labelled span rows underneath; save as PNG."""
    font = _font()
    rows_h = len(bands) * (BAND_H + 8)
    height = MARGIN_T + PLOT_H + 30 + rows_h + 10
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN_L, 10), title, fill=INK, font=font)
    left, right = MARGIN_L, WIDTH - MARGIN_R
    top, bottom = MARGIN_T, MARGIN_T + PLOT_H

    def x_of(t: float) -> float:
        return left + (t - t0) / (t1 - t0) * (right - left)

    values = [w for t, w in power if w is not None and t0 <= t <= t1]
    peak = max(values, default=1.0) or 1.0

    def y_of(w: float) -> float:
        if log_scale:
            return bottom - math.log10(1 + w) / math.log10(1 + peak) * PLOT_H
        return bottom - w / peak * PLOT_H

    # Grid: hours.
    hour = math.ceil(t0 / 3600) * 3600
    step = 3600 if t1 - t0 <= 12 * 3600 else 3 * 3600
    while hour <= t1:
        x = x_of(hour)
        draw.line([(x, top), (x, bottom)], fill=GRID)
        draw.text((x - 16, bottom + 4), _hhmm(hour), fill=AXIS, font=font)
        hour += step
    for fraction in (0.0, 0.5, 1.0):
        w = peak * fraction if not log_scale else (1 + peak) ** fraction - 1
        y = y_of(w)
        draw.line([(left, y), (right, y)], fill=GRID)
        draw.text((4, y - 7), f"{w:.0f} W", fill=AXIS, font=font)
    # Power as a step line (each report holds until the next).
    points: list[tuple[float, float]] = []
    held = 0.0
    for t, w in power:
        if t < t0:
            held = w or 0.0
            continue
        if t > t1:
            break
        points.append((x_of(t), y_of(held)))
        held = w or 0.0
        points.append((x_of(t), y_of(held)))
    points.append((right, y_of(held)))
    if len(points) > 1:
        draw.line(points, fill=POWER, width=1)
    draw.rectangle([left, top, right, bottom], outline=AXIS)
    # Span rows.
    y = bottom + 30
    for band in bands:
        draw.text((4, y), band.label, fill=band.color, font=font)
        for start, end in band.spans:
            if end < t0 or start > t1:
                continue
            draw.rectangle(
                [x_of(max(start, t0)), y, x_of(min(end, t1)), y + BAND_H], fill=band.color
            )
        for mark in band.markers:
            if t0 <= mark <= t1:
                x = x_of(mark)
                draw.polygon([(x, y - 2), (x - 5, y - 9), (x + 5, y - 9)], fill=INK)
        y += BAND_H + 8
    image.save(path, optimize=True)


def scatter(
    path: Path,
    title: str,
    *,
    points: Sequence[tuple[float, float]],
    x_label: str,
    y_label: str,
    limit: float,
) -> None:
    """Draw estimate-against-truth points in [0, limit]^2 with the diagonal; save as PNG."""
    font = _font()
    size = 520
    left, top = 70, 52
    right, bottom = left + size, top + size
    image = Image.new("RGB", (right + 30, bottom + 60), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 6), title, fill=INK, font=font)

    def xy(x: float, y: float) -> tuple[float, float]:
        return left + x / limit * size, bottom - y / limit * size

    for tick in range(0, int(limit) + 1, max(1, int(limit) // 6)):
        gx, gy = xy(tick, tick)
        draw.line([(gx, top), (gx, bottom)], fill=GRID)
        draw.line([(left, gy), (right, gy)], fill=GRID)
        draw.text((gx - 8, bottom + 4), str(tick), fill=AXIS, font=font)
        draw.text((left - 34, gy - 7), str(tick), fill=AXIS, font=font)
    # Diagonal and the +-10 % band around it.
    draw.line([xy(0, 0), xy(limit, limit)], fill=AXIS)
    draw.line([xy(0, 0), xy(limit, limit * 1.1)], fill=GRID)
    draw.line([xy(0, 0), xy(limit / 1.1, limit)], fill=GRID)
    for x, y in points:
        px, py = xy(min(x, limit), min(y, limit))
        draw.ellipse([px - 3, py - 3, px + 3, py + 3], outline=(30, 90, 180))
    draw.rectangle([left, top, right, bottom], outline=AXIS)
    draw.text((left + size // 2 - 60, bottom + 24), x_label, fill=INK, font=font)
    draw.text((10, top - 22), y_label, fill=INK, font=font)
    image.save(path, optimize=True)
