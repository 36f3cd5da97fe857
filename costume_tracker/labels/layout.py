"""Where each label, its QR and its text lines go on the page (millimetres, top-left origin)."""

import math
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import TAG_FONT, TEXT_FONT, drawable, register_fonts
from .presets import Preset
from .qr import QUIET_ZONE

PT = 25.4 / 72  # one PDF point in millimetres
QR_PAD = 1.0  # mm between the label's edge and the QR's quiet zone (die-cut tolerance)
TEXT_PAD = 1.5  # mm between the label's edge and any text
LEADING = 1.2  # line height as a multiple of the font size
ASCENT = 0.95  # baseline below a line's top, in font sizes (room for accented capitals)
ELLIPSIS = "…"
MIN_MODULE = 0.35  # mm: the QR shrinks for the tag code down to this, then the tag code does
MODULE_STEP = 0.01  # mm, on presets printed at no fixed resolution


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres, measured from the page's top-left corner."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, other: "Box", tolerance: float = 1e-6) -> bool:
        """True when ``other`` lies wholly inside this box."""
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def overlaps(self, other: "Box") -> bool:
        """True when the two boxes share any area."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True)
class LabelItem:
    """What one label shows: the garment's tag code and, where they fit, name, costume, size."""

    tag_code: str
    name: str = ""
    costume: str = ""
    size: str = ""


@dataclass(frozen=True)
class TextLine:
    """One line of text: its box (mm), baseline (mm from the page top), font and size (pt)."""

    text: str
    font: str
    size: float
    box: Box

    @property
    def baseline(self) -> float:
        return self.box.y + ASCENT * self.size * PT


@dataclass(frozen=True)
class LabelLayout:
    """Everything drawn on one label."""

    label: Box
    qr: Box  # the whole symbol including its quiet zone
    module: float  # mm
    lines: tuple[TextLine, ...]


def label_box(preset: Preset, position: int, offset: tuple[float, float] = (0, 0)) -> Box:
    """The label at 0-based ``position`` on its sheet, moved by the calibration offset."""
    x, y = preset.label_origin(position)
    return Box(x + offset[0], y + offset[1], preset.label_width, preset.label_height)


def layout_label(preset: Preset, label: Box, item: LabelItem, symbol_modules: int) -> LabelLayout:
    """Place the QR (whole modules, as large as leaves the tag code its size) and the text."""
    register_fonts()
    total = symbol_modules + 2 * QUIET_ZONE
    module = qr_module(preset, label, item, total)
    side = module * total
    if preset.is_tall:
        x = _on_grid(preset, label.x + (label.width - side) / 2, round)
        qr = Box(x, _on_grid(preset, label.y + QR_PAD, math.ceil), side, side)
        top = max(qr.bottom, label.y + TEXT_PAD)
        width = label.width - 2 * TEXT_PAD
        text = Box(label.x + TEXT_PAD, top, width, label.bottom - TEXT_PAD - top)
    else:
        y = _on_grid(preset, label.y + (label.height - side) / 2, round)
        qr = Box(_on_grid(preset, label.x + QR_PAD, math.ceil), y, side, side)
        width = label.right - TEXT_PAD - qr.right
        text = Box(qr.right, label.y + TEXT_PAD, width, label.height - 2 * TEXT_PAD)
    name_lines = 3 if preset.is_tall else 2
    return LabelLayout(label, qr, module, tuple(text_lines(preset, text, item, name_lines)))


def qr_module(preset: Preset, label: Box, item: LabelItem, total: int) -> float:
    """The module size (mm): the largest whole step that fits, less what the tag code needs.

    Beside the QR, the tag code must fit at the preset's smallest size: the QR gives up
    whole steps (0.01 mm, or one printer dot) for it, down to MIN_MODULE.
    """
    step = preset.dot or MODULE_STEP
    room = (label.width if preset.is_tall else label.height) - 2 * QR_PAD - _grid_slack(preset)
    module = _whole_steps(room / total, step)
    if preset.is_tall:
        return module
    tag = stringWidth(drawable(item.tag_code, TAG_FONT), TAG_FONT, preset.tag_min_pt) * PT
    beside = label.width - QR_PAD - _grid_slack(preset) - TEXT_PAD - tag
    floor = math.ceil(MIN_MODULE / step - 1e-9) * step
    return min(module, max(_whole_steps(beside / total, step), floor))


def _whole_steps(size: float, step: float) -> float:
    return math.floor(size / step + 1e-9) * step


def _grid_slack(preset: Preset) -> float:
    """Room lost when the QR's corner moves onto the printer's dot grid (up to one dot)."""
    return preset.dot or 0.0


def _on_grid(preset: Preset, position: float, rounding) -> float:
    """``position`` (mm from the page's top or left edge) moved onto the dot grid, if any."""
    if not preset.dot:
        return position
    return rounding(position / preset.dot - 1e-9) * preset.dot


def text_lines(preset: Preset, box: Box, item: LabelItem, name_lines: int = 2) -> list[TextLine]:
    """The tag code (bold, as large as fits) and detail lines that fit, centred in ``box``."""
    register_fonts()
    width_pt = box.width / PT
    tag = drawable(item.tag_code, TAG_FONT)
    tag_size = min(preset.tag_pt, box.height / PT / LEADING, _fitting_size(tag, TAG_FONT, width_pt))
    lines = [(tag, TAG_FONT, tag_size)]
    room = box.height / PT - tag_size * LEADING
    size = preset.text_pt
    fields = ((item.name, name_lines), (item.costume, 2), (_size_text(item.size), 1))
    for value, most in fields:
        most = min(most, int(room // (size * LEADING)))
        wrapped = wrap(drawable(value), TEXT_FONT, size, width_pt, most) if most > 0 else []
        lines.extend((line, TEXT_FONT, size) for line in wrapped)
        room -= len(wrapped) * size * LEADING
    return _stack(lines, box, centre=not preset.is_tall)


def _stack(lines: list[tuple[str, str, float]], box: Box, centre: bool) -> list[TextLine]:
    """Lines one below the other: centred beside a QR, from the top under one."""
    height = sum(size * LEADING * PT for _, _, size in lines)
    y = box.y + (max(0.0, (box.height - height) / 2) if centre else 0.0)
    placed = []
    for text, font, size in lines:
        line_height = size * LEADING * PT
        width = stringWidth(text, font, size) * PT
        placed.append(TextLine(text, font, size, Box(box.x, y, width, line_height)))
        y += line_height
    return placed


def _fitting_size(text: str, font: str, width_pt: float) -> float:
    """The font size (in 0.25 pt steps) at which ``text`` fills at most ``width_pt``."""
    unit = stringWidth(text, font, 1) or 1
    return math.floor(width_pt / unit * 4 + 1e-9) / 4


def _size_text(size: str) -> str:
    return _("Size %(size)s", size=size.strip()) if size and size.strip() else ""


def wrap(text: str, font: str, size: float, width_pt: float, max_lines: int) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines; the last is shortened with "…"."""
    words, lines = text.split(), []
    while words and len(lines) < max_lines:
        if len(lines) == max_lines - 1:
            lines.append(shorten(" ".join(words), font, size, width_pt))
            break
        count = 1
        while count < len(words) and _fits(" ".join(words[: count + 1]), font, size, width_pt):
            count += 1
        line = " ".join(words[:count])
        if not _fits(line, font, size, width_pt):
            line = shorten(line, font, size, width_pt)
        lines.append(line)
        words = words[count:]
    return lines


def _fits(text: str, font: str, size: float, width_pt: float) -> bool:
    return stringWidth(text, font, size) <= width_pt


def shorten(text: str, font: str, size: float, width_pt: float) -> str:
    """``text`` as it fits in ``width_pt``: whole, or cut between characters and ended with "…"."""
    if _fits(text, font, size, width_pt):
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that still fits with the ellipsis
        middle = (low + high + 1) // 2
        if _fits(text[:middle].rstrip() + ELLIPSIS, font, size, width_pt):
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS if low else ""
