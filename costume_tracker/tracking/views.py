"""Where is everything, and the wardrobe's activity feed."""

from flask import Blueprint, flash, render_template, request
from flask_babel import gettext as _

from ..auth.models import User
from ..catalog.workflow import OUT_STATUSES
from ..extensions import db
from ..history.models import EVENT_KINDS
from ..i18n import times
from ..lists.models import Site
from ..paging import paginate
from .services import OutFilters, activity_select, out_select, status_counts, wearers_for

bp = Blueprint("tracking", __name__)


@bp.route("/where")
def where():
    """Counts by status and site, and every garment that is out, with how long."""
    filters = OutFilters.from_args(request.args)
    if request.args.get("since") and filters.since is None:
        flash(_("Since: use a date such as 2026-11-23."), "error")
    sites, counts = status_counts()
    page = paginate(out_select(filters))
    return render_template(
        "tracking/where.html",
        sites=sites,
        counts=counts,
        page=page,
        filters=filters,
        wearers=wearers_for(page.items),
        out_statuses=OUT_STATUSES,
        today=times.now(),
        all_sites=db.session.scalars(db.select(Site).order_by(Site.name_key)).all(),
    )


@bp.route("/activity")
def activity():
    """Everything that happened in the wardrobe, newest first."""
    kind = request.args.get("kind", "")
    user_id = request.args.get("user", type=int)
    site = request.args.get("site", type=int)
    page = paginate(activity_select(kind, user_id, site))
    users = db.session.scalars(db.select(User).order_by(User.email).limit(200)).all()
    return render_template(
        "tracking/activity.html",
        page=page,
        kinds=EVENT_KINDS,
        kind=kind,
        users=users,
        user_id=user_id,
        sites=db.session.scalars(db.select(Site).order_by(Site.name_key)).all(),
        site=site,
    )
