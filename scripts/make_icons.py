"""Draw the app icons (static/icons/*.png) from the favicon's design: a plum square with
the white tag shape. Run: .venv/bin/python scripts/make_icons.py"""

from pathlib import Path

from PIL import Image, ImageDraw

PLUM = (0x6B, 0x2D, 0x5C, 255)
WHITE = (255, 255, 255, 255)
# static/favicon.svg's path, on its 32-unit grid: M9 8h14l-3 7 7 9H5l7-9z
GLYPH = [(9, 8), (23, 8), (20, 15), (27, 24), (5, 24), (12, 15)]
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
SUPERSAMPLE = 4


def icon(size: int, maskable: bool) -> Image.Image:
    """One icon; a maskable one fills the square and keeps the glyph in the safe circle."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=PLUM)
        scale, offset = big / 32 * 0.62, big * 0.19  # glyph inside the central 80 % circle
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 6 / 32, fill=PLUM)
        scale, offset = big / 32, 0
    draw.polygon([(offset + x * scale, offset + y * scale) for x, y in GLYPH], fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "maskable-512.png", optimize=True)
    icon(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
