"""Continuity photos and notes on a change, from the desk or the phone."""

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError

from ..catalog.photos import upload_folder
from ..extensions import db
from ..forms import coerce_id
from ..i18n.values import shown
from ..web import attach_errors, form_problems, is_safe_next, role_required
from .continuity import (
    ContinuityError,
    add_continuity_note,
    add_continuity_photo,
    delete_continuity_note,
    delete_continuity_photo,
    kind_label,
    worn_in,
)
from .continuity_forms import (
    ContinuityNoteForm,
    ContinuityPhotoForm,
    performer_choices,
    scene_choices,
)
from .models import Change, ContinuityNote, ContinuityPhoto

bp = Blueprint("continuity", __name__)


@bp.app_template_global("change_title")
def change_title(change: Change) -> str:
    """ "Aurora · change 2A" ("Aurora · changement 2A" in French)."""
    return _(
        "%(character)s · change %(number)s", character=change.character.name, number=change.number
    )


@bp.app_template_global("continuity_kind")
def continuity_kind(code: str) -> str:
    """A continuity photo's kind in the reader's language."""
    return kind_label(code)


def change_page(change_id: int) -> str:
    """The change's page in the breakdown; the photo form until that page exists."""
    try:
        return url_for("breakdown.change", change_id=change_id)
    except BuildError:
        return url_for("continuity.new_photo", change_id=change_id)


def _back(form, change_id: int):
    target = form.next.data if form is not None else request.form.get("next")
    return redirect(target if is_safe_next(target) else change_page(change_id))


def _arg_id(name: str) -> int | None:
    try:
        return coerce_id(request.args.get(name))
    except ValueError:
        return None


@bp.route("/changes/<int:change_id>/photos/new", methods=["GET", "POST"])
@role_required("wardrobe")
def new_photo(change_id: int):
    """Take a continuity photo of a change on the phone, for a scene and a performer."""
    change = db.get_or_404(Change, change_id)
    rows = worn_in(change)
    form = ContinuityPhotoForm()
    form.scene_id.choices = scene_choices(list({r.scene_id: r.scene for r in rows}.values()))
    form.performer_id.choices = performer_choices(rows, shown("double", "performer_kind"))
    if request.method == "GET":
        form.scene_id.data = _arg_id("scene")
        form.performer_id.data = _arg_id("performer")
        form.kind.data = request.args.get("kind", "front")
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        upload = form.photo.data
        try:
            add_continuity_photo(
                change,
                upload.read(),
                upload.filename or "",
                current_user,
                kind=form.kind.data,
                caption=form.caption.data or "",
                scene_id=form.scene_id.data,
                performer_id=form.performer_id.data,
            )
        except ContinuityError as error:
            db.session.rollback()
            for message in attach_errors(form, error.errors, fallback=form.photo):
                flash(message, "error")
        else:
            flash(_("Continuity photo added."), "success")
            return _back(form, change.id)
    status = 400 if request.method == "POST" else 200
    back = form.next.data if is_safe_next(form.next.data) else change_page(change.id)
    page = render_template("continuity/photo_form.html", form=form, change=change, back=back)
    return page, status


@bp.route("/continuity-photos/<int:continuity_photo_id>/<any(full, thumb):variant>")
def photo(continuity_photo_id: int, variant: str):
    """Serve a continuity photo or its thumbnail to signed-in users."""
    record = db.get_or_404(ContinuityPhoto, continuity_photo_id)
    name = record.thumb_filename if variant == "thumb" else record.filename
    return send_from_directory(upload_folder(), name, mimetype="image/jpeg", max_age=86400)


@bp.route("/continuity-photos/<int:continuity_photo_id>/delete", methods=["POST"])
@role_required("wardrobe")
def delete_photo(continuity_photo_id: int):
    """Delete a continuity photo and its files."""
    record = db.get_or_404(ContinuityPhoto, continuity_photo_id)
    change_id = record.change_id
    delete_continuity_photo(record)
    flash(_("Continuity photo deleted."), "success")
    return _back(None, change_id)


@bp.route("/changes/<int:change_id>/notes", methods=["POST"])
@role_required("wardrobe")
def add_note(change_id: int):
    """Write a continuity note on a change, for one of its scenes or all of them."""
    change = db.get_or_404(Change, change_id)
    form = ContinuityNoteForm()
    form.scene_id.choices = []
    if not form.validate_on_submit():
        flash(form_problems(form, _("Write the note.")), "error")
        return _back(form, change.id)
    try:
        add_continuity_note(change, form.text.data, current_user, scene_id=form.scene_id.data)
    except ContinuityError as error:
        db.session.rollback()
        flash(" ".join(map(str, error.errors.values())), "error")
    else:
        flash(_("Continuity note added."), "success")
    return _back(form, change.id)


@bp.route("/continuity-notes/<int:note_id>/delete", methods=["POST"])
@role_required("wardrobe")
def delete_note(note_id: int):
    """Delete a continuity note."""
    note = db.get_or_404(ContinuityNote, note_id)
    change_id = note.change_id
    delete_continuity_note(note)
    flash(_("Continuity note deleted."), "success")
    return _back(None, change_id)
