"""Pages for the reference lists: sites and locations, productions and characters."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..catalog.forms import production_choices, site_choices
from ..extensions import db
from ..web import labelled_reason
from .forms import CharacterForm, LocationForm, ProductionForm, SiteForm
from .models import Character, Location, Production, Site
from .services import ListError, save_character, save_location, save_production, save_site

bp = Blueprint("lists", __name__, url_prefix="/lists")

# kind: (model, form, save function taking (item, **form data), role needed, label)
KINDS = {
    "sites": (
        Site,
        SiteForm,
        lambda item, d: save_site(item, d["name"], d["code"], d["company"], d["timezone"]),
        "admin",
        "site",
    ),
    "locations": (
        Location,
        LocationForm,
        lambda item, d: save_location(item, d["site_id"], d["name"], d["kind"]),
        "wardrobe",
        "location",
    ),
    "productions": (
        Production,
        ProductionForm,
        lambda item, d: save_production(item, d["name"], d["notes"]),
        "wardrobe",
        "production",
    ),
    "characters": (
        Character,
        CharacterForm,
        lambda item, d: save_character(item, d["production_id"], d["name"]),
        "wardrobe",
        "character",
    ),
}
# What the pages say of each kind: the edit page's title, its heading and the saved message
# (%(name)s is the entry's name).
WORDS = {
    "sites": (_l("Edit site"), _l("Edit site %(name)s"), _l("Saved site %(name)s.")),
    "locations": (
        _l("Edit location"),
        _l("Edit location %(name)s"),
        _l("Saved location %(name)s."),
    ),
    "productions": (
        _l("Edit production"),
        _l("Edit production %(name)s"),
        _l("Saved production %(name)s."),
    ),
    "characters": (
        _l("Edit character"),
        _l("Edit character %(name)s"),
        _l("Saved character %(name)s."),
    ),
}


def _form(kind: str, obj=None):
    form = KINDS[kind][1](obj=obj)
    if kind == "locations":
        form.site_id.choices = site_choices()
    if kind == "characters":
        form.production_id.choices = production_choices()[1:]
    return form


@bp.route("")
def index():
    """Sites with their locations, productions with their characters."""
    sites = db.session.scalars(db.select(Site).order_by(Site.name_key)).all()
    productions = db.session.scalars(db.select(Production).order_by(Production.name_key)).all()
    forms = {kind: _form(kind) for kind in KINDS}
    preset_site = request.args.get("site", type=int)
    if preset_site:
        forms["locations"].site_id.data = preset_site
    return render_template("lists/index.html", sites=sites, productions=productions, forms=forms)


@bp.route("/<any(sites, locations, productions, characters):kind>/new", methods=["POST"])
@bp.route(
    "/<any(sites, locations, productions, characters):kind>/<int:item_id>/edit",
    methods=["GET", "POST"],
)
def edit(kind: str, item_id: int | None = None):
    """Add an entry to a list, or rename one."""
    model, _form_class, save, role, _label = KINDS[kind]
    title, heading, saved_message = WORDS[kind]
    if not current_user.has_role(role):
        abort(403)
    item = db.get_or_404(model, item_id) if item_id else None
    form = _form(kind, obj=item)
    if form.validate_on_submit():
        try:
            saved = save(item, form.data)
        except ListError as error:
            flash(str(error), "error")
        else:
            flash(str(saved_message) % {"name": saved.name}, "success")
            return redirect(url_for("lists.index") + f"#{kind}")
    elif request.method == "POST":
        for field in form:
            for message in field.errors:
                flash(labelled_reason(field.label.text, message), "error")
    if item is None:
        return redirect(url_for("lists.index") + f"#{kind}")
    return render_template(
        "lists/edit.html",
        form=form,
        item=item,
        kind=kind,
        title=title,
        heading=str(heading) % {"name": item.name},
    )
