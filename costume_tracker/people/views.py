"""Performer pages: the cast list and each performer with their doubles."""

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import func

from ..extensions import db
from ..lists.models import Site
from .models import PERFORMER_KINDS, Performer

bp = Blueprint("people", __name__, url_prefix="/performers")


@bp.route("")
def index():
    """Paged performer list with search and company/kind filters."""
    q = request.args.get("q", "").strip()[:100]
    kind = request.args.get("kind", "")
    site = request.args.get("site", type=int)
    query = db.select(Performer)
    if q:
        query = query.where(func.lower(Performer.name).like(f"%{q.lower()}%"))
    if kind in PERFORMER_KINDS:
        query = query.where(Performer.kind == kind)
    if site:
        query = query.where(Performer.company_site_id == site)
    page = db.paginate(
        query.order_by(func.lower(Performer.name)), per_page=current_app.config["PER_PAGE"]
    )
    sites = db.session.scalars(db.select(Site).order_by(Site.name)).all()
    return render_template(
        "people/performers.html",
        page=page,
        q=q,
        kind=kind,
        site=site,
        kinds=PERFORMER_KINDS,
        sites=sites,
    )


@bp.route("/<int:performer_id>")
def detail(performer_id: int):
    """A performer: company, kind, characters, whom they double and who doubles them."""
    performer = db.get_or_404(Performer, performer_id)
    return render_template("people/performer.html", performer=performer)
