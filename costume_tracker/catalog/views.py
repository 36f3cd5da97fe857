"""Garment pages: list, detail, create, edit, status, retire, photos, scan URL."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..extensions import db
from ..history.lines import event_line
from ..history.readable import money_text
from ..history.services import garment_history
from ..i18n.values import shown
from ..lists.models import Production, Site
from ..paging import paginate
from ..undo.views import offer_undo
from ..web import flash_unplaced, form_problems, role_required
from . import queries
from .forms import GarmentForm, PhotoForm, RetireForm, StatusForm
from .models import CATEGORIES, STATUSES, TUTU_STYLES, Garment, Photo
from .photos import PhotoError, add_photo, upload_folder
from .places import shown_place
from .services import GarmentError, create_garment, update_garment
from .workflow import change_status, retire_garment

bp = Blueprint("catalog", __name__)


@bp.app_template_global("event_line")
def reader_event_line(event) -> str:
    """What an event says, in the reader's language and unit."""
    return event_line(event, current_user.unit if current_user.is_authenticated else "cm")


@bp.app_template_filter("money")
def money(value) -> str:
    """An amount with two decimals, written the reader's way."""
    return money_text(value)


@bp.route("/garments")
def garments():
    """Paged, searchable, filterable garment list; the filters live in the URL."""
    filters = queries.GarmentFilters.from_args(request.args)
    page = paginate(queries.garment_select(filters).options(*queries.GARMENT_LIST_RELATIONS))
    choices = {
        "categories": CATEGORIES,
        "statuses": STATUSES,
        "tutu_styles": TUTU_STYLES,
        "sites": db.session.scalars(db.select(Site).order_by(Site.name_key)).all(),
        "productions": db.session.scalars(
            db.select(Production).order_by(Production.name_key)
        ).all(),
    }
    return render_template("catalog/garments.html", page=page, filters=filters, **choices)


@bp.route("/garments/<int:garment_id>")
def garment(garment_id: int):
    """A garment's details, photos, status and history."""
    return _garment_page(db.get_or_404(Garment, garment_id))


def _garment_page(garment: Garment, status_form: StatusForm | None = None):
    history = garment_history(garment.id, page=request.args.get("page", 1, type=int))
    if status_form is None:
        status_form = StatusForm(
            data={
                "status": garment.status,
                "location_id": garment.location_id,
                "version": garment.version,
            }
        )
    from ..assignments.services import active_assignments  # assignments build on the catalog

    wearers = active_assignments(garment.costume_id) if garment.costume_id else []
    place, last_place = shown_place(garment)
    return render_template(
        "catalog/garment.html",
        wearers=wearers,
        place=place,
        last_place=last_place,
        garment=garment,
        history=history,
        status_form=status_form,
        retire_form=RetireForm(),
        photo_form=PhotoForm(),
    )


@bp.route("/garments/new", methods=["GET", "POST"])
@role_required("wardrobe")
def new_garment():
    """Catalog a new garment; its tag code is assigned automatically."""
    form = GarmentForm(
        with_location=True, unit=current_user.unit, costume=request.args.get("costume", "")
    )
    if form.validate_on_submit():
        try:
            garment = create_garment(
                form.garment_fields(), current_user, location_id=form.location_id.data
            )
        except GarmentError as error:
            flash_unplaced(form, error.errors)
        else:
            flash(
                _("Catalogued %(tag)s %(name)s.", tag=garment.tag_code, name=garment.name),
                "success",
            )
            return redirect(url_for("catalog.garment", garment_id=garment.id))
    return render_template("catalog/garment_form.html", form=form, garment=None)


@bp.route("/garments/<int:garment_id>/edit", methods=["GET", "POST"])
@role_required("wardrobe")
def edit_garment(garment_id: int):
    """Edit a garment's catalog fields; every change is written to its history."""
    garment = db.get_or_404(Garment, garment_id)
    form = GarmentForm(obj=garment, unit=current_user.unit)
    if request.method == "GET":
        form.version.data = garment.version
        form.costume.data = (
            f"{garment.costume.code} {garment.costume.name}" if garment.costume else ""
        )
        form.hoop.data = garment.hoop
    if form.validate_on_submit():
        try:
            changes = update_garment(
                garment,
                form.garment_fields(garment),
                current_user,
                expected_version=int(form.version.data or 0) or None,
            )
        except GarmentError as error:
            flash_unplaced(form, error.errors)
        else:
            flash(
                ngettext(
                    "Saved %(num)d change to %(tag)s.",
                    "Saved %(num)d changes to %(tag)s.",
                    len(changes),
                    tag=garment.tag_code,
                )
                if changes
                else _("Nothing changed."),
                "success" if changes else "info",
            )
            return redirect(url_for("catalog.garment", garment_id=garment.id))
    return render_template("catalog/garment_form.html", form=form, garment=garment)


@bp.route("/garments/<int:garment_id>/status", methods=["POST"])
@role_required("wardrobe")
def garment_status(garment_id: int):
    """Change a garment's status and/or location."""
    garment = db.get_or_404(Garment, garment_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            change_status(
                garment,
                form.status.data,
                form.location_id.data,
                current_user,
                note=(form.note.data or "").strip(),
                expected_version=int(form.version.data or 0) or None,
            )
        except GarmentError as error:
            for message in error.errors.values():
                flash(message, "error")
        else:
            offer_undo(
                garment.id,
                _(
                    "%(tag)s is now %(status)s.",
                    tag=garment.tag_code,
                    status=shown(garment.status, "status"),
                ),
            )
            return redirect(url_for("catalog.garment", garment_id=garment.id))
    return _garment_page(garment, status_form=form), 400


@bp.route("/garments/<int:garment_id>/retire", methods=["POST"])
@role_required("wardrobe")
def retire(garment_id: int):
    """Retire a garment (tagged garments are never deleted)."""
    garment = db.get_or_404(Garment, garment_id)
    form = RetireForm()
    if not form.validate_on_submit():
        flash(form_problems(form, _("Say why the garment is retired.")), "error")
    else:
        try:
            retire_garment(garment, current_user, form.reason.data)
            flash(_("%(tag)s retired.", tag=garment.tag_code), "success")
        except GarmentError as error:
            flash(" ".join(map(str, error.errors.values())), "error")
    return redirect(url_for("catalog.garment", garment_id=garment.id))


@bp.route("/garments/<int:garment_id>/photos", methods=["POST"])
@role_required("wardrobe")
def garment_photo(garment_id: int):
    """Upload a photo of the garment (desktop file or phone camera)."""
    garment = db.get_or_404(Garment, garment_id)
    handle_photo_upload(garment)
    return redirect(url_for("catalog.garment", garment_id=garment.id))


def handle_photo_upload(owner) -> None:
    form = PhotoForm()
    if not form.validate_on_submit():
        flash(
            " ".join(str(e) for e in form.photo.errors) or _("Choose a photo to upload."), "error"
        )
        return
    upload = form.photo.data
    try:
        add_photo(owner, upload.read(), upload.filename or "", current_user)
    except PhotoError as error:
        flash(_("Photo refused: %(reason)s", reason=error), "error")
    else:
        flash(_("Photo added."), "success")


@bp.route("/photos/<int:photo_id>/<any(full, thumb):variant>")
def photo(photo_id: int, variant: str):
    """Serve a stored photo or its thumbnail to signed-in users."""
    record = db.get_or_404(Photo, photo_id)
    name = record.thumb_filename if variant == "thumb" else record.filename
    if not name:
        abort(404)
    return send_from_directory(upload_folder(), name, mimetype="image/jpeg", max_age=86400)
