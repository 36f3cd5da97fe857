"""Performer pages: the cast list, each performer, their measurements and costumes."""

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ..assignments.services import performer_assignments
from ..catalog.forms import PhotoForm
from ..catalog.views import handle_photo_upload
from ..extensions import db
from ..history.services import performer_history
from ..i18n.values import shown
from ..lists.models import Character, Site
from ..paging import paginate
from ..web import flash_unplaced, role_required
from .forms import MeasurementForm, PerformerForm
from .models import MEASUREMENT_FIELDS, PERFORMER_KINDS, Performer
from .services import (
    PERFORMER_LIST_RELATIONS,
    PerformerError,
    PerformerFilters,
    performer_select,
    record_measurement,
    save_performer,
)

bp = Blueprint("people", __name__, url_prefix="/performers")


@bp.route("")
def index():
    """Paged performer list with search and company, kind, character and double filters."""
    filters = PerformerFilters.from_args(request.args)
    page = paginate(performer_select(filters).options(*PERFORMER_LIST_RELATIONS))
    sites = db.session.scalars(db.select(Site).order_by(Site.name_key)).all()
    characters = db.session.scalars(db.select(Character).order_by(Character.name_key)).all()
    return render_template(
        "people/performers.html",
        page=page,
        filters=filters,
        sites=sites,
        kinds=PERFORMER_KINDS,
        characters=characters,
    )


@bp.route("/suggest")
def suggest():
    """Up to 20 performers matching what was typed, for performer fields."""
    text = request.args.get("q", "").strip()[:80]
    if len(text) < 2:
        return jsonify([])
    rows = db.session.scalars(
        db.select(Performer)
        .where(Performer.name.icontains(text, autoescape=True))
        .order_by(Performer.name_key)
        .limit(20)
    )
    return jsonify(
        [{"value": f"{p.code} {p.name}", "label": shown(p.kind, "performer_kind")} for p in rows]
    )


@bp.route("/<int:performer_id>")
def detail(performer_id: int):
    """A performer: measurements (wardrobe only), doubles, costumes now and before, history."""
    return _performer_page(db.get_or_404(Performer, performer_id))


def _performer_page(performer: Performer, measurement_form: MeasurementForm | None = None):
    current, past = performer_assignments(performer.id)
    history = performer_history(performer.id, page=request.args.get("page", 1, type=int))
    if measurement_form is None and current_user.has_role("wardrobe"):
        measurement_form = MeasurementForm(unit=current_user.unit)
    return render_template(
        "people/performer.html",
        performer=performer,
        current=current,
        past=past,
        history=history,
        measurement_fields=MEASUREMENT_FIELDS,
        measurement_form=measurement_form,
        photo_form=PhotoForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:performer_id>/edit", methods=["GET", "POST"])
@role_required("wardrobe")
def edit(performer_id: int | None = None):
    """Add a performer or edit one: company, kind, characters, whom they double."""
    performer = db.get_or_404(Performer, performer_id) if performer_id else None
    form = PerformerForm(obj=performer, performer_id=performer_id)
    if request.method == "GET" and performer is not None:
        form.character_ids.data = [c.id for c in performer.characters]
    if form.validate_on_submit():
        fields = {
            k: form[k].data for k in ("name", "company_site_id", "kind", "doubles_for_id", "notes")
        }
        try:
            saved = save_performer(performer, fields, form.character_ids.data or [], current_user)
        except PerformerError as error:
            flash_unplaced(form, error.errors)
        else:
            flash(_("Saved %(name)s.", name=saved.name), "success")
            return redirect(url_for("people.detail", performer_id=saved.id))
    return render_template("people/performer_form.html", form=form, performer=performer)


@bp.route("/<int:performer_id>/measurements", methods=["POST"])
@role_required("wardrobe")
def measure(performer_id: int):
    """Record a new measuring in the user's unit; the previous one is kept."""
    performer = db.get_or_404(Performer, performer_id)
    form = MeasurementForm(unit=current_user.unit)
    if not form.validate_on_submit():
        # The page again, with each reason next to its field and the form open.
        return _performer_page(performer, measurement_form=form), 400
    try:
        record_measurement(
            performer,
            form.values(),
            current_user.unit,
            form.measured_on.data,
            current_user,
            shoe_size=form.shoe_size.data or "",
            notes=form.notes.data or "",
        )
        flash(_("Measurements saved."), "success")
    except PerformerError as error:
        flash_unplaced(form, error.errors)
        return _performer_page(performer, measurement_form=form), 400
    return redirect(url_for("people.detail", performer_id=performer.id) + "#measurements")


@bp.route("/<int:performer_id>/photos", methods=["POST"])
@role_required("wardrobe")
def photo(performer_id: int):
    """Upload a photo of the performer."""
    performer = db.get_or_404(Performer, performer_id)
    handle_photo_upload(performer)
    return redirect(url_for("people.detail", performer_id=performer.id))


def measurements_visible() -> bool:
    """Measurements are personal data: wardrobe and admins only."""
    return current_user.is_authenticated and current_user.has_role("wardrobe")


@bp.app_context_processor
def inject_measurement_visibility():
    return {"measurements_visible": measurements_visible}
