"""Line and point plots of the care benchmark, drawn with Pillow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH = 1000
HEIGHT = 450
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 90
GRID = (225, 225, 225)
AXIS = (90, 90, 90)
INK = (30, 30, 30)
FONT_SIZE = 14
TICKS = 8


@dataclass(frozen=True)
class Series:
    """Points to draw, joined by lines or as dots."""

    label: str
    color: tuple[int, int, int]
    points: Sequence[tuple[float, float]]
    dots: bool = False


@dataclass(frozen=True)
class Mark:
    """A vertical line at x with a label."""

    x: float
    label: str
    color: tuple[int, int, int] = (200, 40, 40)


def _font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=FONT_SIZE)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def _nice(lo: float, hi: float) -> list[float]:
    span = hi - lo or 1.0
    raw = span / TICKS
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 10 ** -len(str(int(1 / raw)))
    step = min((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), default=raw)
    first = (lo // step) * step
    return [first + k * step for k in range(int(span / step) + 2) if first + k * step <= hi]


def lines(
    path: Path,
    title: str,
    *,
    series: Sequence[Series],
    marks: Sequence[Mark] = (),
    x_label: str,
    y_label: str,
    y_range: tuple[float, float] | None = None,
) -> None:
    """Draw the series with vertical marks and a legend; save as PNG."""
    font = _font()
    xs = [x for s in series for x, _ in s.points] + [m.x for m in marks]
    ys = [y for s in series for _, y in s.points]
    x0, x1 = min(xs), max(xs)
    y0, y1 = y_range if y_range else (min(ys), max(ys))
    if x1 == x0:
        x1 = x0 + 1
    if y1 == y0:
        y1 = y0 + 1
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def xy(x: float, y: float) -> tuple[float, float]:
        return (
            LEFT + (x - x0) / (x1 - x0) * (right - LEFT),
            bottom - (min(max(y, y0), y1) - y0) / (y1 - y0) * (bottom - TOP),
        )

    draw.text((10, 8), title, fill=INK, font=font)
    for tx in _nice(x0, x1):
        px, _ = xy(tx, y0)
        draw.line([(px, TOP), (px, bottom)], fill=GRID)
        draw.text((px - 10, bottom + 4), f"{tx:g}", fill=AXIS, font=font)
    for ty in _nice(y0, y1):
        _, py = xy(x0, ty)
        draw.line([(LEFT, py), (right, py)], fill=GRID)
        draw.text((6, py - 7), f"{ty:g}", fill=AXIS, font=font)
    for k, mark in enumerate(marks):
        px, _ = xy(mark.x, y0)
        draw.line([(px, TOP), (px, bottom)], fill=mark.color, width=2)
        draw.text((px + 4, TOP + 2 + 16 * k), mark.label, fill=mark.color, font=font)
    for s in series:
        pts = [xy(x, y) for x, y in s.points]
        if s.dots:
            for px, py in pts:
                draw.ellipse([px - 2.5, py - 2.5, px + 2.5, py + 2.5], outline=s.color)
        elif len(pts) > 1:
            draw.line(pts, fill=s.color, width=2)
    draw.rectangle([LEFT, TOP, right, bottom], outline=AXIS)
    draw.text((LEFT + (right - LEFT) // 2 - 40, bottom + 24), x_label, fill=INK, font=font)
    draw.text((LEFT + 4, TOP - 18), y_label, fill=INK, font=font)
    lx = LEFT
    y = bottom + 50
    for s in series:
        draw.rectangle([lx, y + 4, lx + 14, y + 10], fill=s.color)
        draw.text((lx + 20, y), s.label, fill=INK, font=font)
        lx += 40 + int(draw.textlength(s.label, font=font))
    image.save(path, optimize=True)
