"""Build a garment label PDF: check the options, lay out the sheets, apply calibration."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from ..extensions import db
from .baseurl import is_refused, parse_base_url
from .layout import LabelItem, label_box, layout_label
from .models import MAX_OFFSET_MM, LabelCalibration
from .pdf import PlacedLabel, qr_path_code, render_pdf
from .presets import DEFAULT_PRESET, PRESETS, Preset, find_preset
from .qr import EC_LEVELS, dark_rectangles, error_correction, label_url, qr_modules

MAX_COPIES = 50
MAX_LABELS = 2000  # one print job; a bigger one is a mistake or belongs in several sheets runs
CONFIRM_LOCAL = "I understand these labels will not open on a phone"


class LabelError(ValueError):
    """Labels could not be printed; ``errors`` maps field names to reasons."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class LabelOptions:
    """How to print: label stock, first free position, copies per garment, error correction.

    ``ec`` is the least error correction: a label gets Q wherever Q keeps its QR as small.
    """

    preset: str = DEFAULT_PRESET
    start: int = 1
    copies: int = 1
    ec: str = "M"
    outlines: bool = False


def check_options(options: LabelOptions) -> Preset:
    """The chosen preset, or LabelError naming each option that is wrong and why."""
    preset = find_preset(options.preset)
    errors = {}
    if preset is None:
        errors["preset"] = _(
            "Unknown label preset '%(preset)s'; choose one of %(known)s.",
            preset=options.preset,
            known=", ".join(PRESETS),
        )
    elif not 1 <= options.start <= preset.per_sheet:
        errors["start"] = ngettext(
            "Start position must be between 1 and %(num)d (%(preset)s has %(num)d label a "
            "sheet), not %(start)s.",
            "Start position must be between 1 and %(num)d (%(preset)s has %(num)d labels a "
            "sheet), not %(start)s.",
            preset.per_sheet,
            preset=preset.name,
            start=options.start,
        )
    if not 1 <= options.copies <= MAX_COPIES:
        errors["copies"] = _(
            "Copies must be between 1 and %(most)s, not %(copies)s.",
            most=MAX_COPIES,
            copies=options.copies,
        )
    if options.ec not in EC_LEVELS:
        errors["ec"] = _("Error correction must be M or Q, not '%(ec)s'.", ec=options.ec)
    if errors:
        raise LabelError(errors)
    return preset


def check_count(garments: int, copies: int) -> None:
    """Refuse an empty job or one of more than MAX_LABELS labels."""
    if garments == 0:
        raise LabelError({"garments": _("No garments to print labels for.")})
    if garments * max(copies, 1) > MAX_LABELS:
        raise LabelError(
            {
                "garments": _(
                    "%(garments)s garments × %(copies)s copies would be %(labels)s labels; "
                    "at most %(most)s are printed at once. Narrow the list or print it in parts.",
                    garments=format_decimal(garments),
                    copies=copies,
                    labels=format_decimal(garments * copies),
                    most=format_decimal(MAX_LABELS),
                )
            }
        )


def build_label_pdf(
    items: Sequence[LabelItem],
    options: LabelOptions,
    base_url: str,
    offset: tuple[float, float] = (0.0, 0.0),
) -> bytes:
    """The label PDF for ``items`` (plain values, no database), ``copies`` labels each."""
    preset = check_options(options)
    check_count(len(items), options.copies)
    placed = place_labels(items, preset, options, base_url, offset)
    return render_pdf(preset, placed, outlines=options.outlines)


def place_labels(items, preset: Preset, options: LabelOptions, base_url: str, offset):
    """Each label's page, layout and QR rectangles, starting at the first free position."""
    position = options.start - 1
    for item in items:
        url = label_url(base_url, item.tag_code)
        modules = qr_modules(url, error_correction(url, options.ec))
        path = qr_path_code(dark_rectangles(modules))
        for _copy in range(options.copies):
            page, spot = divmod(position, preset.per_sheet)
            box = label_box(preset, spot, offset)
            yield PlacedLabel(page, layout_label(preset, box, item, len(modules)), path)
            position += 1


def label_item(garment) -> LabelItem:
    """What a garment's label shows."""
    costume = garment.costume
    return LabelItem(
        tag_code=garment.tag_code,
        name=garment.name,
        costume=f"{costume.code} {costume.name}" if costume else "",
        size=garment.size_label or "",
    )


def print_labels(garments: Sequence, options: LabelOptions, base_url: str) -> bytes:
    """The label PDF for catalogued garments, with the preset's calibration offset applied."""
    preset = check_options(options)
    check_count(len(garments), options.copies)
    items = [label_item(garment) for garment in garments]
    return build_label_pdf(items, options, check_base_url(base_url), calibration(preset.key))


def check_base_url(base_url: str) -> str:
    """``base_url`` when it is an http(s) address; LabelError otherwise."""
    try:
        return parse_base_url(base_url)
    except ValueError as error:
        raise LabelError(
            {"PUBLIC_BASE_URL": _("PUBLIC_BASE_URL: %(problem)s", problem=error)}
        ) from error


def configured_base_url(fallback: str = "") -> str:
    """PUBLIC_BASE_URL from the configuration, or ``fallback`` when it is not set."""
    return (current_app.config.get("PUBLIC_BASE_URL") or "").strip() or fallback


def page_base_url(page_root: str, confirmed: bool) -> str:
    """The print page's base URL; LabelError unless local labels are explicitly confirmed.

    Unset, PUBLIC_BASE_URL falls back to the address the page was opened at, which phones
    may not reach: like a localhost address, that needs the confirmation box ticked.
    """
    configured = configured_base_url()
    if is_refused(configured) and not confirmed:
        raise LabelError(
            {
                "confirm_local": _(
                    "Tick this box to print labels that point at %(address)s, or set "
                    "PUBLIC_BASE_URL to the address phones use first.",
                    address=configured or page_root,
                )
            }
        )
    return configured or page_root


def calibration(preset_key: str) -> tuple[float, float]:
    """The preset's calibration offset (x, y) in mm; (0, 0) until an admin sets one."""
    row = db.session.get(LabelCalibration, preset_key)
    return (row.offset_x_mm, row.offset_y_mm) if row else (0.0, 0.0)


def calibrations() -> dict[str, tuple[float, float]]:
    """Every preset's calibration offset (x, y) in mm."""
    rows = {row.preset: row for row in db.session.scalars(db.select(LabelCalibration))}
    return {
        key: (rows[key].offset_x_mm, rows[key].offset_y_mm) if key in rows else (0.0, 0.0)
        for key in PRESETS
    }


def save_calibration(preset_key: str, offset_x: float, offset_y: float, user) -> None:
    """Store a preset's calibration offset (admins only; checked by the caller)."""
    errors = {}
    preset = find_preset(preset_key)
    if preset is None:
        errors["preset"] = _("Unknown label preset '%(preset)s'.", preset=preset_key)
    for field, value in (("offset_x", offset_x), ("offset_y", offset_y)):
        if value is None or not -MAX_OFFSET_MM <= value <= MAX_OFFSET_MM:
            errors[field] = _(
                "Offsets must be between -%(most)s and %(most)s mm.",
                most=format(MAX_OFFSET_MM, "g"),
            )
    if errors:
        raise LabelError(errors)
    row = db.session.get(LabelCalibration, preset.key) or LabelCalibration(preset=preset.key)
    row.offset_x_mm, row.offset_y_mm = round(offset_x, 2), round(offset_y, 2)
    row.updated_by_id = getattr(user, "id", None)
    db.session.add(row)
    db.session.commit()


def label_filename(preset: str, what: str) -> str:
    """A download name such as ``labels-L7160-costume-C-7.pdf``."""
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", f"labels-{preset}-{what}").strip("-")
    return f"{slug[:80]}.pdf"


def sheet_count(preset: Preset, start: int, labels: int) -> int:
    """How many sheets (pages) ``labels`` labels take from position ``start``."""
    return -(-(start - 1 + labels) // preset.per_sheet)
