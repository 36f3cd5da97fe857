"""Label stock presets: sheet and label geometry in millimetres, from product.md's table."""

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

INCH = 25.4  # millimetres, exactly
A4 = (210.0, 297.0)
LETTER = (8.5 * INCH, 11 * INCH)


@dataclass(frozen=True)
class Preset:
    """One label stock: page, label size, grid, first label's top-left corner and pitch (mm)."""

    key: str
    name: str
    page_width: float
    page_height: float
    label_width: float
    label_height: float
    columns: int = 1
    rows: int = 1
    left: float = 0.0
    top: float = 0.0
    pitch_x: float = 0.0
    pitch_y: float = 0.0
    tag_pt: float = 14.0  # largest size for the tag code; it shrinks to fit the width
    text_pt: float = 7.0  # name, costume and size lines
    tag_min_pt: float = 10.0  # the QR shrinks and other lines go before the tag code gets smaller
    dpi: int | None = None  # a thermal head's resolution: the QR's modules are whole dots

    @property
    def dot(self) -> float | None:
        """One printer dot in millimetres, for presets printed by a thermal head."""
        return INCH / self.dpi if self.dpi else None

    @property
    def per_sheet(self) -> int:
        """How many labels one sheet (page) holds."""
        return self.columns * self.rows

    @property
    def is_roll(self) -> bool:
        """True for label printers that print one label a page."""
        return self.per_sheet == 1

    @property
    def is_tall(self) -> bool:
        """Tall narrow labels get the QR on top and the text below."""
        return self.label_height > 1.5 * self.label_width

    @property
    def summary(self) -> str:
        """Paper, grid and label size, e.g. "A4, 21 a sheet (3×7), 63.5×38.1 mm"."""
        size = _(
            "%(width)s×%(height)s mm",
            width=format_decimal(self.label_width),
            height=format_decimal(self.label_height),
        )
        if self.is_roll:
            return _("%(size)s, one label a page", size=size)
        paper = "A4" if (self.page_width, self.page_height) == A4 else _("Letter")
        return _(
            "%(paper)s, %(count)s a sheet (%(columns)s×%(rows)s), %(size)s",
            paper=paper,
            count=self.per_sheet,
            columns=self.columns,
            rows=self.rows,
            size=size,
        )

    @property
    def description(self) -> str:
        """Name and summary, for choice lists and ``--help``."""
        return _("%(name)s: %(summary)s", name=self.name, summary=self.summary)

    def label_origin(self, position: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of the label at 0-based ``position``."""
        row, column = divmod(position, self.columns)
        return self.left + column * self.pitch_x, self.top + row * self.pitch_y


def _sheet(key, name, page, label, grid, first, pitch, sizes) -> Preset:
    tag_pt, tag_min_pt, text_pt = sizes
    return Preset(key, name, *page, *label, *grid, *first, *pitch, tag_pt=tag_pt,
                  text_pt=text_pt, tag_min_pt=tag_min_pt)  # fmt: skip


def _roll(key, name, width, height, sizes) -> Preset:
    """A label printer's roll: one label a page, printed at 300 dpi (Brother and Dymo)."""
    tag_pt, tag_min_pt, text_pt = sizes
    return Preset(key, name, width, height, width, height, tag_pt=tag_pt, text_pt=text_pt,
                  tag_min_pt=tag_min_pt, dpi=300)  # fmt: skip


# Font sizes (pt): the tag code's largest and smallest size, then the other lines' size.
PRESETS: dict[str, Preset] = {
    preset.key: preset
    for preset in (
        _sheet("L7160", "Avery L7160", A4, (63.5, 38.1), (3, 7), (7.2, 15.15), (66.04, 38.1),
               (16, 12, 8)),
        _sheet("L7163", "Avery L7163", A4, (99.1, 38.1), (2, 7), (4.65, 15.15), (101.6, 38.1),
               (20, 14, 9)),
        _sheet("L7651", "Avery L7651", A4, (38.1, 21.2), (5, 13), (4.75, 10.7), (40.6, 21.2),
               (11, 10, 5.5)),
        _sheet("5160", "Avery 5160", LETTER, (2.625 * INCH, 1 * INCH), (3, 10),
               (0.1875 * INCH, 0.5 * INCH), (2.75 * INCH, 1 * INCH), (14, 12, 6.5)),
        _roll("DK-11209", "Brother DK-11209", 62.0, 29.0, (14, 12, 6.5)),
        _roll("DK-11201", "Brother DK-11201", 29.0, 90.0, (16, 11, 7.5)),
        _roll("30252", "Dymo 30252", 28.0, 89.0, (16, 11, 7.5)),
    )
}  # fmt: skip
DEFAULT_PRESET = "L7160"


def find_preset(key: str | None) -> Preset | None:
    """The preset named ``key`` (any letter case, "Avery L7160" or "L7160"), or None."""
    if not key:
        return None
    wanted = key.strip().upper()
    for preset in PRESETS.values():
        if wanted in (preset.key.upper(), preset.name.upper()):
            return preset
    return None
