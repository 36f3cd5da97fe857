"""The change plot of an episode and the costumes' day-out-of-days."""

from flask import Blueprint, abort, flash, render_template, request
from flask_babel import gettext as _

from ..extensions import db
from ..lists.models import Site
from ..paging import paginate
from ..reports.filters import LABELS, ReportError, ReportFilters
from ..reports.services import get_report, read_filters
from ..web import labelled_reason
from .plot import (
    change_plot,
    dood_changes_select,
    dood_dates,
    dood_range,
    dood_rows,
    find_episode,
)
from .services import story_day_shown

bp = Blueprint("plots", __name__)


@bp.route("/episodes/<int:number>/change-plot")
def change_plot_page(number: int):
    """An episode's change plot: each character's change in every scene, doubles marked."""
    episode = find_episode(number)
    if episode is None:
        abort(404, _("There is no episode %(number)s.", number=number))
    return render_template(
        "plots/change_plot.html", plot=change_plot(episode), story_day=story_day_shown
    )


def _dood_filters() -> ReportFilters:
    """The page's site and dates, read as the report reads them; bad ones are said and dropped."""
    report = get_report("day-out-of-days")
    try:
        return read_filters(report, request.args)
    except ReportError as error:
        for field, reason in error.errors.items():
            flash(labelled_reason(LABELS.get(field, field), reason), "error")
        good = {k: v for k, v in request.args.items() if k not in error.errors}
        return read_filters(report, good)


@bp.route("/day-out-of-days")
def day_out_of_days():
    """Which costume is needed on which shooting day (by default from today on)."""
    filters = _dood_filters()
    since, until = dood_range(filters.since, filters.until)
    days = dood_dates(filters.site, since, until)
    page = paginate(dood_changes_select(filters.site, since, until))
    rows = dood_rows(page.items, filters.site, since, until)
    return render_template(
        "plots/day_out_of_days.html",
        filters=filters,
        since=since,
        until=until,
        days=days,
        rows=rows,
        page=page,
        sites=db.session.scalars(db.select(Site).order_by(Site.name_key)).all(),
    )
