"""Report pages with filters in the URL, and their CSV downloads."""

from dataclasses import replace

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale, lazy_pgettext
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import UNITS, User
from ..extensions import db
from ..i18n.times import viewer_zone
from ..i18n.values import shown
from ..lists.models import Production, Site
from ..web import labelled_reason
from .core import ReportContext, report_page
from .dialects import DIALECTS, header_in_language
from .filters import LABELS, ReportError, ReportFilters
from .services import REPORTS, csv_filename, read_filters, report_csv

bp = Blueprint("reports", __name__, url_prefix="/reports")

# Columns whose cells link to the record they name.
LINKED = {
    "Tag": lambda v: url_for("scanning.garment", tag=v),
    "Costume ID": lambda v: url_for("costumes.detail", costume_id=int(v[2:])),
    "Hero ID": lambda v: url_for("costumes.detail", costume_id=int(v[2:])),
    "Multiple ID": lambda v: url_for("costumes.detail", costume_id=int(v[2:])),
    "Performer ID": lambda v: url_for("people.detail", performer_id=int(v[2:])),
    "Principal ID": lambda v: url_for("people.detail", performer_id=int(v[2:])),
    "Double ID": lambda v: url_for("people.detail", performer_id=int(v[2:])),
    "Doubles for": lambda v: url_for("people.detail", performer_id=int(v[2:])),
}


def reader_context(filters: ReportFilters) -> ReportContext:
    """The signed-in reader: their unit (unless the page asks for one), measurements if allowed,
    and on pages a local-time column in their zone beside each UTC time."""
    return ReportContext(
        unit=filters.unit or current_user.unit,
        measurements=current_user.has_role("wardrobe"),
        zone=viewer_zone(),
        local_times=True,
    )


def chosen_dialect() -> str:
    """The CSV dialect of a download: ?dialect=en|fr on the link, else the user's setting."""
    asked = request.args.get("dialect", "")
    return asked if asked in DIALECTS else current_user.csv_dialect or "en"


def csv_context(filters: ReportFilters) -> ReportContext:
    """The reader's context for a CSV: their dialect; local-time columns in the French one.

    The standard file keeps its header line exactly (the import contract, and the
    spreadsheets people keep), so it carries UTC times only.
    """
    code = chosen_dialect()
    return replace(reader_context(filters), dialect=code, local_times=code == "fr")


def cell_link(header: str, value: str) -> str | None:
    """The page a cell names (garment, costume, performer), or None."""
    make = LINKED.get(header)
    return make(value) if make and value else None


def _report(name: str):
    report = REPORTS.get(name)
    if report is None:
        abort(404, _("There is no report called '%(name)s'.", name=name))
    return report


@bp.route("")
def index():
    """The list of reports, each with what it holds."""
    return render_template("reports/index.html", reports=REPORTS.values())


@bp.route("/<name>")
def show(name: str):
    """A report page: filters, a page of rows, and the CSV of all matching rows."""
    report = _report(name)
    try:
        filters = read_filters(report, request.args)
    except ReportError as error:
        for field, reason in error.errors.items():
            flash(labelled_reason(LABELS.get(field, field), reason), "error")
        good = {k: v for k, v in request.args.items() if k not in error.errors}
        filters = read_filters(report, good)
    context = reader_context(filters)
    page = report_page(
        report,
        filters,
        context,
        request.args.get("page", 1, type=int),
        current_app.config["PER_PAGE"],
    )
    headers = report.columns(context, filters)
    return render_template(
        "reports/report.html",
        report=report,
        filters=filters,
        headers=headers,
        header_labels=[header_in_language(h) for h in headers],
        cell_kinds=cell_kinds(report, headers),
        page=page,
        context=context,
        cell_link=cell_link,
        choices=_choices(report),
        download=url_for("reports.download", name=name, **filters.as_args(), **_asked()),
        other_download=_other_download(name, filters),
    )


def _asked() -> dict[str, str]:
    """The page's explicit ?dialect=, kept on its download link."""
    asked = request.args.get("dialect", "")
    return {"dialect": asked} if asked in DIALECTS else {}


def _other_download(name: str, filters: ReportFilters) -> tuple[str, str]:
    """The label and link of the download in the dialect the reader did not choose."""
    other = "en" if chosen_dialect() == "fr" else "fr"
    label = _("Download for a French spreadsheet") if other == "fr" else _("Download standard CSV")
    return label, url_for("reports.download", name=name, dialect=other, **filters.as_args())


@bp.route("/<name>.csv")
def download(name: str):
    """The report's CSV: every row matching the filters, streamed as it is read."""
    report = _report(name)
    try:
        filters = read_filters(report, request.args)
    except ReportError as error:
        abort(400, str(error))
    chunks = report_csv(name, filters, csv_context(filters))
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{csv_filename(name)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# Columns holding stored codes, shown translated on the page (the CSV keeps the codes).
CELL_KINDS = {
    "Status": "status",
    "Category": "category",
    "Condition": "condition",
    "Tutu style": "tutu_style",
    "Hoop": "yes_no",
    "Shared": "yes_no",
    "Retired": "yes_no",
}


def cell_kinds(report, headers) -> list[str | None]:
    """For each column, the vocabulary its cells are shown through on the page (or None).

    Event kinds read differently from their codes even in English ("create" is "created"),
    so an English page keeps the codes the CSV has and a French one translates them.
    """
    kind = "performer_kind"
    if report.name == "history":
        kind = "event_kind" if str(get_locale()) != "en" else None
    return [CELL_KINDS.get(h, kind if h == "Kind" else None) for h in headers]


# The states a report's "status" filter offers besides garment statuses.
STATE_LABELS = {
    "active": lazy_pgettext("report state", "active"),
    "retired": lazy_pgettext("report state", "retired"),
    "current": lazy_pgettext("report state", "current"),
    "returned": lazy_pgettext("report state", "returned"),
    "covered": lazy_pgettext("report state", "covered"),
    "gap": lazy_pgettext("report state", "gap"),
}


def choice_label(report, name: str, value: str) -> str:
    """A filter option as the reader reads it: statuses, categories and kinds translated."""
    if name == "status":
        return str(STATE_LABELS[value]) if value in STATE_LABELS else shown(value, "status")
    if name == "kind":
        return shown(value, "event_kind" if report.name == "history" else "performer_kind")
    return shown(value, name)


def _choices(report) -> dict:
    """Options for the report's drop-down filters (only those it takes), as (value, label)."""
    wanted, choices = report.filters, {}
    lists = {"site": Site, "production": Production}
    for name, model in lists.items():
        if name in wanted:
            rows = db.session.scalars(db.select(model).order_by(model.name_key))
            choices[name] = [(row.id, row.name) for row in rows]
    if "user" in wanted:
        users = db.session.scalars(db.select(User).order_by(User.email).limit(200))
        choices["user"] = [(u.id, u.display_name) for u in users]
    if "unit" in wanted:
        choices["unit"] = [(u, u) for u in UNITS]
    for name in ("status", "category", "kind"):
        if wanted.get(name):
            choices[name] = [(v, choice_label(report, name, v)) for v in wanted[name]]
    return choices
