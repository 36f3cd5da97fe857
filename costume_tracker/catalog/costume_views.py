"""Costume pages: list, detail with garments and multiples, create, edit, photos."""

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
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from ..extensions import db
from ..history.services import costume_history
from ..lists.models import Character, Production
from ..paging import paginate
from ..undo.views import offer_undo
from ..web import flash_unplaced, form_problems, role_required
from . import queries
from .costumes import (
    CostumeError,
    add_garment_to_costume,
    remove_garment_from_costume,
    retire_costume,
    save_costume,
)
from .forms import AddGarmentForm, CostumeForm, PhotoForm, RetireForm
from .models import Costume, Garment
from .services import GarmentError
from .views import handle_photo_upload

bp = Blueprint("costumes", __name__, url_prefix="/costumes")


@bp.route("")
def index():
    """Paged, searchable costume list with production, character and multiple filters."""
    filters = queries.CostumeFilters.from_args(request.args)
    page = paginate(queries.costume_select(filters).options(*queries.COSTUME_LIST_RELATIONS))
    ids = [c.id for c in page.items]
    counts = _garment_counts(ids)
    thumbnails = queries.costume_thumbnails(ids)
    productions = db.session.scalars(db.select(Production).order_by(Production.name_key)).all()
    characters = []
    if filters.production:
        characters = db.session.scalars(
            db.select(Character)
            .where(Character.production_id == filters.production)
            .order_by(Character.name_key)
        ).all()
    return render_template(
        "catalog/costumes.html",
        page=page,
        filters=filters,
        counts=counts,
        thumbnails=thumbnails,
        productions=productions,
        characters=characters,
    )


def _garment_counts(costume_ids: list[int]) -> dict[int, int]:
    if not costume_ids:
        return {}
    rows = db.session.execute(
        db.select(Garment.costume_id, func.count())
        .where(Garment.costume_id.in_(costume_ids))
        .where(Garment.status != "retired")
        .group_by(Garment.costume_id)
    )
    return dict(rows.all())


@bp.route("/suggest")
def suggest():
    """Up to 20 costumes matching what was typed, for the costume field's suggestions."""
    text = request.args.get("q", "").strip()[:80]
    if len(text) < 2:
        return jsonify([])
    ref = queries.parse_costume_ref(text) if text.upper().startswith("C") else None
    condition = Costume.name.icontains(text, autoescape=True)
    if ref is not None:
        condition = or_(condition, Costume.id == ref)
    rows = db.session.scalars(
        db.select(Costume)
        .where(condition, Costume.retired.is_(False))
        .order_by(Costume.name_key)
        .limit(20)
    )
    return jsonify([{"value": f"{c.code} {c.name}", "label": c.look} for c in rows])


@bp.route("/<int:costume_id>")
def detail(costume_id: int):
    """A costume: its garments, its hero or multiples, photos and history."""
    # Imported here: assignments build on the catalog, so the catalog cannot import them first.
    from ..assignments.alterations import costume_alterations
    from ..assignments.forms import AlterationForm
    from ..assignments.services import active_assignments

    # The garment list with its thumbnails in two queries, not one per garment.
    costume = db.get_or_404(
        Costume,
        costume_id,
        options=[selectinload(Costume.garments).selectinload(Garment.photos)],
    )
    history = costume_history(costume.id, page=request.args.get("page", 1, type=int))
    alteration_form = AlterationForm()
    alteration_form.garment_id.choices = [SelectChoice("", _("whole costume"))] + [
        SelectChoice(g.id, f"{g.tag_code} {g.name}") for g in costume.garments if not g.retired
    ]
    return render_template(
        "catalog/costume.html",
        wearers=active_assignments(costume.id),
        multiple_wearers={m.id: active_assignments(m.id) for m in costume.multiples},
        alterations=costume_alterations(costume.id),
        alteration_form=alteration_form,
        costume=costume,
        history=history,
        add_form=AddGarmentForm(),
        photo_form=PhotoForm(),
        retire_form=RetireForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:costume_id>/edit", methods=["GET", "POST"])
@role_required("wardrobe")
def edit(costume_id: int | None = None):
    """Create a costume or edit one; mark it as a multiple of a hero costume."""
    costume = db.get_or_404(Costume, costume_id) if costume_id else None
    form = CostumeForm(obj=costume)
    if request.method == "GET":
        hero = (
            costume.hero
            if costume
            else db.session.get(Costume, request.args.get("hero", 0, type=int))
        )
        form.hero.data = f"{hero.code} {hero.name}" if hero else ""
        if costume is None and hero is not None:
            form.name.data, form.look.data = hero.name, hero.look
            form.production_id.data, form.character_id.data = hero.production_id, hero.character_id
    if form.validate_on_submit():
        try:
            saved = save_costume(costume, form.costume_fields(), current_user)
        except CostumeError as error:
            flash_unplaced(form, error.errors)
        else:
            flash(
                _("Saved costume %(code)s %(name)s.", code=saved.code, name=saved.name), "success"
            )
            return redirect(url_for("costumes.detail", costume_id=saved.id))
    return render_template("catalog/costume_form.html", form=form, costume=costume)


@bp.route("/<int:costume_id>/garments", methods=["POST"])
@role_required("wardrobe")
def add_garment(costume_id: int):
    """Add a garment to the costume by its tag code (moving it from another costume)."""
    costume = db.get_or_404(Costume, costume_id)
    form = AddGarmentForm()
    if form.validate_on_submit():
        try:
            garment = add_garment_to_costume(costume, form.tag.data, current_user)
            flash(
                _(
                    "%(tag)s %(name)s is now part of this costume.",
                    tag=garment.tag_code,
                    name=garment.name,
                ),
                "success",
            )
        except CostumeError as error:
            flash(" ".join(map(str, error.errors.values())), "error")
    else:
        flash(form_problems(form, _("Type or scan a tag code.")), "error")
    return redirect(url_for("costumes.detail", costume_id=costume.id))


@bp.route("/<int:costume_id>/garments/<int:garment_id>/remove", methods=["GET", "POST"])
@role_required("wardrobe")
def remove_garment(costume_id: int, garment_id: int):
    """Take a garment out of the costume once confirmed (GET asks, POST removes)."""
    costume = db.get_or_404(Costume, costume_id)
    garment = db.get_or_404(Garment, garment_id)
    if request.method == "GET":
        if garment.costume_id != costume.id:
            flash(_("%(tag)s is not in this costume.", tag=garment.tag_code), "error")
            return redirect(url_for("costumes.detail", costume_id=costume.id))
        return render_template("catalog/remove_garment.html", costume=costume, garment=garment)
    try:
        remove_garment_from_costume(costume, garment, current_user)
        offer_undo(garment.id, _("%(tag)s removed from this costume.", tag=garment.tag_code))
    except GarmentError as error:
        flash(" ".join(map(str, error.errors.values())), "error")
    return redirect(url_for("costumes.detail", costume_id=costume.id))


@bp.route("/<int:costume_id>/photos", methods=["POST"])
@role_required("wardrobe")
def photo(costume_id: int):
    """Upload a photo of the whole costume."""
    costume = db.get_or_404(Costume, costume_id)
    handle_photo_upload(costume)
    return redirect(url_for("costumes.detail", costume_id=costume.id))


@bp.route("/<int:costume_id>/retire", methods=["POST"])
@role_required("wardrobe")
def retire(costume_id: int):
    """Retire a costume."""
    costume = db.get_or_404(Costume, costume_id)
    form = RetireForm()
    try:
        if not form.validate_on_submit():
            raise CostumeError(
                {"reason": form_problems(form, _("Say why the costume is retired."))}
            )
        retire_costume(costume, current_user, form.reason.data)
        flash(_("%(name)s retired.", name=costume.name), "success")
    except CostumeError as error:
        flash(" ".join(map(str, error.errors.values())), "error")
    return redirect(url_for("costumes.detail", costume_id=costume.id))
