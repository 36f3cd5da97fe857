"""Draw label sheets as a PDF with reportlab: vector QR rectangles and text, nothing raster."""

import io
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from .fonts import register_fonts
from .layout import PT, Box, LabelLayout
from .presets import Preset
from .qr import QUIET_ZONE


@dataclass(frozen=True)
class PlacedLabel:
    """One label to draw: its page (0-based), layout and QR path (see ``qr_path_code``)."""

    page: int
    layout: LabelLayout
    qr_path: str


def qr_path_code(rectangles: list[tuple[int, int, int, int]]) -> str:
    """PDF path operators for the dark rectangles, in whole modules (shared by copies)."""
    return " ".join(f"{x} {y} {width} {height} re" for x, y, width, height in rectangles)


def render_pdf(
    preset: Preset, labels: Iterable[PlacedLabel], *, outlines: bool = False, title: str = ""
) -> bytes:
    """The PDF for ``labels`` on ``preset``'s pages; ``outlines`` draws every label's edge.

    The fonts are embedded (subset to the characters used), and the PDF asks viewers to
    print at actual size: a label sheet scaled to "fit" misses every label.
    """
    register_fonts()
    buffer = io.BytesIO()
    page_height = preset.page_height / PT
    canvas = Canvas(
        buffer, pagesize=(preset.page_width / PT, page_height), pageCompression=1, invariant=1
    )
    canvas.setTitle(title or _("Garment labels (%(preset)s)", preset=preset.name))
    canvas.setCreator("Costume Tracker")
    canvas.setViewerPreference("PrintScaling", "None")
    current = 0
    for label in labels:
        while current < label.page:
            _finish_page(canvas, preset, page_height, outlines)
            current += 1
        _draw_label(canvas, label, page_height)
    _finish_page(canvas, preset, page_height, outlines)
    canvas.save()
    return buffer.getvalue()


def _finish_page(canvas: Canvas, preset: Preset, page_height: float, outlines: bool) -> None:
    if outlines:
        _draw_outlines(canvas, preset, page_height)
    canvas.showPage()


def _draw_outlines(canvas: Canvas, preset: Preset, page_height: float) -> None:
    """Hairline label edges at the nominal (uncalibrated) positions, for a test print."""
    canvas.setLineWidth(0.25)
    canvas.setStrokeGray(0.6)
    for position in range(preset.per_sheet):
        x, y = preset.label_origin(position)
        canvas.rect(
            x / PT,
            page_height - (y + preset.label_height) / PT,
            preset.label_width / PT,
            preset.label_height / PT,
            stroke=1,
            fill=0,
        )


def _draw_label(canvas: Canvas, label: PlacedLabel, page_height: float) -> None:
    layout = label.layout
    _draw_qr(canvas, layout.qr, layout.module, label.qr_path, page_height)
    for line in layout.lines:
        canvas.setFont(line.font, line.size)
        canvas.drawString(line.box.x / PT, page_height - line.baseline / PT, line.text)


def _draw_qr(canvas: Canvas, qr: Box, module: float, path_code: str, page_height: float) -> None:
    """Fill the dark modules as one path, drawn in module units (y grows downwards).

    Module coordinates are integers, so the operators are written once per garment
    instead of formatting thousands of floats per sheet.
    """
    canvas.saveState()
    inset = QUIET_ZONE * module
    canvas.transform(module / PT, 0, 0, -module / PT, (qr.x + inset) / PT,
                     page_height - (qr.y + inset) / PT)  # fmt: skip
    canvas.drawPath(PDFPathObject(code=["n", path_code]), stroke=0, fill=1)
    canvas.restoreState()
