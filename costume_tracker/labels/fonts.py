"""The label fonts: DejaVu Sans, shipped in this package and embedded (subset) in each PDF.

Helvetica, a PDF's built-in font, only draws Latin-1: "Łabędź" lost letters and Cyrillic
printed as "????". DejaVu Sans covers Latin Extended, Greek and Cyrillic; it ships with the
package (fonts/, with its licence) so a fresh install prints the same labels.
"""

import unicodedata
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FOLDER = Path(__file__).with_name("fonts")
TAG_FONT, TEXT_FONT = "DejaVuSans-Bold", "DejaVuSans"
FILES = {TAG_FONT: "DejaVuSans-Bold.ttf", TEXT_FONT: "DejaVuSans.ttf"}
# Printed for a character the font has no glyph for (CJK, most emoji): a box, as viewers
# draw a missing glyph, but written into the PDF's text as U+25A1 rather than a broken glyph.
MISSING = "\u25a1"
VARIATION_SELECTORS = ("\ufe00", "\ufe0f")


@cache
def register_fonts() -> None:
    """Make the label fonts known to reportlab, once per process (parsing takes ~0.5 s)."""
    for name, filename in FILES.items():
        pdfmetrics.registerFont(TTFont(name, FOLDER / filename))


@cache
def _glyphs(font: str) -> frozenset[int]:
    """The code points ``font`` has a glyph for."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def has_glyph(font: str, ch: str) -> bool:
    """True when ``font`` draws ``ch``."""
    return ord(ch) in _glyphs(font)


def drawable(text: str | None, font: str = TEXT_FONT) -> str:
    """``text`` on one line in characters ``font`` draws; a box for each one it cannot."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    return "".join(_drawable_char(ch, font) for ch in text if _kept(ch))


def _kept(ch: str) -> bool:
    """Control characters, lone surrogates and unassigned code points are dropped."""
    return unicodedata.category(ch) not in ("Cc", "Cs", "Cn")


def _drawable_char(ch: str, font: str) -> str:
    if unicodedata.category(ch) == "Cf" or VARIATION_SELECTORS[0] <= ch <= VARIATION_SELECTORS[1]:
        return ""  # zero-width joiners, emoji presentation selectors: nothing to draw
    if has_glyph(font, ch):
        return ch
    compatible = unicodedata.normalize("NFKC", ch)  # full-width Ｅ is E, ﬁ is fi
    if compatible != ch and all(has_glyph(font, c) for c in compatible):
        return compatible
    return MISSING
