"""Label pages: print labels for a set of garments; calibrate presets (admins)."""

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from ..catalog.queries import GarmentFilters, parse_costume_ref
from ..web import attach_errors, role_required
from .baseurl import base_url_warning, is_refused
from .forms import CalibrationForm, PrintForm
from .presets import PRESETS, find_preset
from .qr import label_url
from .services import (
    LabelError,
    calibration,
    calibrations,
    configured_base_url,
    label_filename,
    page_base_url,
    print_labels,
    save_calibration,
)
from .sources import LabelSource, Selection, select_garments

bp = Blueprint("labels", __name__, url_prefix="/labels")
SHOWN_TAGS = 12


def source_from_args(args) -> LabelSource:
    """The garments named in the print page's address (?garment=, ?costume_id=, ?list=1&…)."""
    if args.get("costume_id"):
        return LabelSource(costume_id=parse_costume_ref(args["costume_id"]) or 0)
    if args.get("list") == "1":
        return LabelSource(filters=GarmentFilters.from_args(args))
    return LabelSource(garment_ids=args.getlist("garment", type=int))


@bp.route("", methods=["GET", "POST"])
@role_required("wardrobe")
def print_page():
    """Choose label stock, start position, copies and error correction; download the PDF."""
    form = PrintForm()
    selection, problems = None, []
    try:
        selection = select_garments(source_from_args(request.args))
    except LabelError as error:
        problems = list(error.errors.values())
    if selection is not None and form.validate_on_submit():
        try:
            base_url = page_base_url(request.url_root, bool(form.confirm_local.data))
            pdf = print_labels(selection.garments, form.options(), base_url)
        except LabelError as error:
            problems = attach_errors(form, error.errors)
        else:
            name = label_filename(find_preset(form.preset.data).key, selection.file_part)
            return send_file(
                io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True, download_name=name
            )
    return _render_print_page(form, selection, problems), 400 if request.method == "POST" else 200


def _render_print_page(form: PrintForm, selection: Selection | None, problems: list[str]):
    configured = configured_base_url()
    first = selection.garments[0].tag_code if selection else "ET-00001"
    return render_template(
        "labels/print.html",
        form=form,
        selection=selection,
        shown=selection.garments[:SHOWN_TAGS] if selection else [],
        problems=problems,
        warning=base_url_warning(configured, fallback=request.url_root),
        needs_confirmation=is_refused(configured),
        example_url=label_url(configured or request.url_root, first),
        calibrated=calibrated_presets(),
    )


def calibrated_presets() -> list[tuple[str, str, str]]:
    """Presets with a non-zero calibration offset: (name, x, y), offsets as written ('+0.5')."""
    offsets = ((PRESETS[key].name, *offset) for key, offset in calibrations().items())
    return [(name, signed_mm(x), signed_mm(y)) for name, x, y in offsets if x or y]


def signed_mm(value: float) -> str:
    """An offset with its sign, written the reader's way: '+0.5', '-1.25' / '+0,5'."""
    return format_decimal(value, format="+#,##0.####;-#,##0.####")


@bp.route("/calibration")
@role_required("admin")
def calibration_page():
    """Every preset's calibration offset, editable by admins."""
    forms = {key: _calibration_form(key) for key in PRESETS}
    return render_template("labels/calibration.html", forms=forms, presets=PRESETS)


def _calibration_form(key: str, formdata=None) -> CalibrationForm:
    offset_x, offset_y = calibration(key)
    return CalibrationForm(
        formdata=formdata, prefix=key, data={"offset_x": offset_x, "offset_y": offset_y}
    )


@bp.route("/calibration/<preset>", methods=["POST"])
@role_required("admin")
def save_calibration_view(preset: str):
    """Save one preset's calibration offset."""
    found = find_preset(preset)
    if found is None:
        flash(_("Unknown label preset '%(preset)s'.", preset=preset), "error")
        return redirect(url_for("labels.calibration_page"))
    form = _calibration_form(found.key, formdata=request.form)
    if form.validate_on_submit():
        try:
            save_calibration(found.key, form.offset_x.data, form.offset_y.data, current_user)
        except LabelError as error:
            for message in attach_errors(form, error.errors):
                flash(message, "error")
        else:
            flash(
                _(
                    "%(preset)s labels now move %(x)s mm across and %(y)s mm down.",
                    preset=found.name,
                    x=signed_mm(form.offset_x.data),
                    y=signed_mm(form.offset_y.data),
                ),
                "success",
            )
            return redirect(url_for("labels.calibration_page"))
    forms = {key: _calibration_form(key) for key in PRESETS} | {found.key: form}
    return render_template("labels/calibration.html", forms=forms, presets=PRESETS), 400
