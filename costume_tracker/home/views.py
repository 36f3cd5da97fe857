"""The home page: what needs me today at my site."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from ..i18n import times
from . import services

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    """Garments out and overdue, doubles gaps, alterations to do and recent activity."""
    sites = services.all_sites()
    site = services.chosen_site(request.args.get("site"), current_user.site_id, sites)
    at = times.now()
    return render_template(
        "home/index.html",
        sites=sites,
        site=site,
        figures=services.today(site, at),
        today=at,
        all_key=services.ALL,
    )
