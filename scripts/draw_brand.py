#!/usr/bin/env python3
r"""Draw the brand images of Appliance Care into custom_components/appliance_care/brand/.

The mark is a washing machine seen from the front, a rounded body with a round door, and a
heart in the door's window for the care the integration takes of appliances. The logo sets
the words "Appliance Care" beside the mark. Everything is drawn here from simple shapes, four
times larger than needed, and reduced, which smooths the edges.

Home Assistant's brand rules: icon.png 256x256 and icon@2x.png 512x512; logo.png with a
height of 128 and logo@2x.png twice its size; transparent background, trimmed, compressed.

The words are set in DejaVu Sans Bold when it is installed (or in the TrueType font named with
--font); otherwise in the font built into Pillow, with a warning. The committed images use
DejaVu Sans Bold. Run after changing the design:

    python scripts/draw_brand.py [--font PATH]

The project's Python 3.14 environment may be a minimal root without fonts; then hand it the
host's font on standard input:

    bash -c 'source scripts/lib/toolchain.sh && toolchain_prepare &&
        toolchain_run python scripts/draw_brand.py --font /dev/stdin' \
        < /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import io
import math
from pathlib import Path
import sys

from PIL import Image, ImageDraw, ImageFont

BRAND = Path(__file__).resolve().parent.parent / "custom_components" / "appliance_care" / "brand"

# Where DejaVu Sans Bold lives on common systems; the first one found is used.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    "/usr/local/share/fonts/DejaVuSans-Bold.ttf",
    "/Library/Fonts/DejaVuSans-Bold.ttf",
)

# Flat colours: a calm teal-blue body, a white door ring, a deep window and a white heart.
BODY = (14, 124, 150, 255)
PANEL = (178, 232, 242, 255)
RING = (255, 255, 255, 255)
WINDOW = (16, 78, 99, 255)
WATER = (34, 158, 186, 255)
HEART = (255, 255, 255, 255)
WORDS = (18, 137, 166, 255)  # #1289A6: about 4:1 contrast on white and on dark themes

# Each image is drawn this many times larger than its final size, then reduced.
SUPERSAMPLE = 4
ICON_SIZES = {"icon.png": 256, "icon@2x.png": 512}
LOGO_HEIGHT = 128
LOGO_WORDS = ("Appliance", "Care")
PALETTE_COLOURS = 256

# Geometry of the mark, in fractions of its side.
CORNER = 0.2
DRAWER = (0.13, 0.105, 0.41, 0.185)
KNOBS = ((0.73, 0.145), (0.86, 0.145))
KNOB_RADIUS = 0.04
DOOR_CENTRE = (0.5, 0.585)
DOOR_RADIUS = 0.325
WINDOW_RADIUS = 0.245
WATER_LEVEL = 0.705  # height of the water surface in the window, as a fraction of the mark
WAVE_AMPLITUDE = 0.022
HEART_WIDTH = 0.235

# Geometry of the logo, in fractions of its height.
LOGO_GAP = 0.17  # between mark and words
TEXT_SIZE = 0.43  # font size
LINE_PITCH = 1.08  # baseline to baseline, in font sizes


def heart_outline(
    centre: tuple[float, float], width: float, steps: int = 240
) -> list[tuple[float, float]]:
    """Return the outline of a heart of the given width, its ink box centred on centre."""
    raw = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        x = 16 * math.sin(t) ** 3
        y = -(13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t))
        raw.append((x, y))
    left = min(x for x, _ in raw)
    right = max(x for x, _ in raw)
    top = min(y for _, y in raw)
    bottom = max(y for _, y in raw)
    scale = width / (right - left)
    mid_x, mid_y = (left + right) / 2, (top + bottom) / 2
    return [(centre[0] + (x - mid_x) * scale, centre[1] + (y - mid_y) * scale) for x, y in raw]


def _circle(
    draw: ImageDraw.ImageDraw, centre: tuple[float, float], radius: float, fill: Sequence[int]
) -> None:
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tuple(fill))


def draw_mark(side: int) -> Image.Image:
    """Return the mark drawn on a transparent square of the given side (not yet reduced)."""
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, side - 1, side - 1), radius=CORNER * side, fill=BODY)

    left, top, right, bottom = (v * side for v in DRAWER)
    draw.rounded_rectangle((left, top, right, bottom), radius=(bottom - top) / 2, fill=PANEL)
    for knob in KNOBS:
        _circle(draw, (knob[0] * side, knob[1] * side), KNOB_RADIUS * side, PANEL)

    centre = (DOOR_CENTRE[0] * side, DOOR_CENTRE[1] * side)
    _circle(draw, centre, DOOR_RADIUS * side, RING)

    # The window: deep colour above, a gentle wave of water below, clipped to the circle.
    window = Image.new("RGBA", (side, side), WINDOW)
    water = ImageDraw.Draw(window)
    wave = [
        (
            x,
            (WATER_LEVEL + WAVE_AMPLITUDE * math.sin(2 * math.pi * (x / side) * 2.2 + 0.6)) * side,
        )
        for x in range(0, side + 1, max(1, side // 200))
    ]
    water.polygon([*wave, (side, side), (0, side)], fill=WATER)
    mask = Image.new("L", (side, side), 0)
    _circle(ImageDraw.Draw(mask), centre, WINDOW_RADIUS * side, (255,))
    image.paste(window, (0, 0), mask)

    heart_centre = (centre[0], centre[1] - 0.03 * side)
    draw.polygon(heart_outline(heart_centre, HEART_WIDTH * side), fill=HEART)
    return image


def load_font(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return the font for the words: the one named, else DejaVu Sans Bold, else Pillow's."""
    candidates = [path] if path else list(FONT_CANDIDATES)
    for candidate in candidates:
        font_path = Path(candidate)
        if font_path.is_file() or candidate.startswith("/dev/"):
            # Read as bytes so that a font passed on /dev/stdin works too.
            return ImageFont.truetype(io.BytesIO(font_path.read_bytes()), size)
    if path:
        raise FileNotFoundError(path)
    print("DejaVu Sans Bold not found; using Pillow's built-in font", file=sys.stderr)
    return ImageFont.load_default(size=size)


def draw_logo(height: int, font_path: str | None) -> Image.Image:
    """Return the logo (mark and words) at the given height, not yet reduced or trimmed."""
    size = round(TEXT_SIZE * height)
    font = load_font(font_path, size)
    mark = draw_mark(height)

    # Ink box of both lines: from the top of the first line's capitals to the second baseline.
    pitch = LINE_PITCH * size
    first_top = font.getbbox(LOGO_WORDS[0], anchor="ls")[1]
    block = -first_top + pitch
    first_baseline = (height - block) / 2 - first_top
    widths = [font.getbbox(word, anchor="ls")[2] for word in LOGO_WORDS]

    text_left = height + LOGO_GAP * height
    width = math.ceil(text_left + max(widths)) + 4
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste(mark, (0, 0))
    draw = ImageDraw.Draw(image)
    for line, word in enumerate(LOGO_WORDS):
        baseline = first_baseline + line * pitch
        draw.text((text_left, baseline), word, font=font, fill=WORDS, anchor="ls")
    return image


def trimmed(image: Image.Image) -> Image.Image:
    """Return the image cut to the box of its visible pixels."""
    box = image.getchannel("A").getbbox()
    return image.crop(box) if box else image


def reduce(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Return the image reduced to size with smooth edges."""
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def save(image: Image.Image, name: str) -> None:
    """Write one PNG with a palette of at most 256 colours and alpha, compressed hard.

    The flat design needs few colours, so the palette loses nothing visible (the edges keep
    their smoothing) and makes the files about a fifth of the size of full RGBA.
    """
    path = BRAND / name
    paletted = image.quantize(
        PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    paletted.save(path, format="PNG", optimize=True)
    print(f"wrote {path.relative_to(BRAND.parent.parent.parent)} {image.width}x{image.height}")


def main(argv: Sequence[str] | None = None) -> int:
    """Draw and write all four images."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", help="TrueType font for the words (default: DejaVu Sans Bold)")
    args = parser.parse_args(argv)
    BRAND.mkdir(parents=True, exist_ok=True)

    largest = max(ICON_SIZES.values())
    mark = draw_mark(largest * SUPERSAMPLE)
    for name, side in ICON_SIZES.items():
        save(reduce(mark, (side, side)), name)

    # The logo is drawn once, large, trimmed, and reduced to both sizes, so that the larger
    # one is exactly twice the smaller.
    logo = trimmed(draw_logo(2 * LOGO_HEIGHT * SUPERSAMPLE, args.font))
    width = round(logo.width * LOGO_HEIGHT / logo.height)
    save(reduce(logo, (width, LOGO_HEIGHT)), "logo.png")
    save(reduce(logo, (2 * width, 2 * LOGO_HEIGHT)), "logo@2x.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
