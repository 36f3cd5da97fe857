"""Fittings: day and week views per site, the appointment and its outcome, calendar feeds."""

from datetime import date, timedelta

from babel.dates import format_date
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import get_locale, lazy_pgettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..breakdown.models import Change
from ..catalog.forms import PhotoForm
from ..catalog.models import Costume
from ..catalog.photos import PhotoError, upload_folder
from ..extensions import db
from ..i18n.times import local_today, site_zone
from ..labels.services import configured_base_url
from ..lists.models import Site
from ..people.models import Performer
from ..web import attach_errors, form_problems, role_required
from .forms import ConfirmForm, FeedForm, FittingForm, OutcomeForm
from .ics import create_feed, feed_calendar, live_feed, may_revoke, revoke_feed, visible_feeds
from .models import CalendarFeed, Fitting, FittingPhoto
from .services import (
    FittingError,
    FittingValues,
    add_fitting_photo,
    cancel_fitting,
    day_fittings,
    fitting_alterations,
    record_outcome,
    save_fitting,
    show_clock,
    slot_text,
    state_label,
    week_fittings,
)

bp = Blueprint("fittings", __name__)
ALTERATION_STATE_LABELS = {
    "to do": lazy_pgettext("alteration state", "to do"),
    "doing": lazy_pgettext("alteration state", "doing"),
    "done": lazy_pgettext("alteration state", "done"),
}


@bp.app_template_global("fitting_state")
def fitting_state(state: str) -> str:
    """A fitting's state in the reader's language."""
    return state_label(state)


@bp.app_template_global("fitting_slot")
def fitting_slot(fitting: Fitting) -> str:
    """'10:00–10:45' at the fitting's site."""
    return slot_text(fitting)


@bp.app_template_global("alteration_state")
def alteration_state(state: str) -> str:
    """An alteration task's state (to do, doing, done) in the reader's language."""
    return str(ALTERATION_STATE_LABELS.get(state, state))


@bp.app_template_filter("weekday")
def weekday(value: date) -> str:
    """'Monday 7 Dec 2026' / 'lundi 7 déc. 2026'."""
    return format_date(value, "EEEE d MMM y", locale=get_locale() or "en")


def _sites() -> list[Site]:
    return db.session.scalars(select(Site).order_by(Site.name_key)).all()


def _chosen_site(sites: list[Site]) -> Site:
    """The ?site= site, else the viewer's home site, else the first; 404 for an unknown id."""
    wanted = request.args.get("site", type=int)
    if wanted is not None:
        return db.get_or_404(Site, wanted)
    home = current_user.site if current_user.site_id else None
    if home is None and not sites:
        abort(404, _("No site exists yet; an admin adds sites under Lists."))
    return home or sites[0]


def _chosen_day(site: Site) -> date:
    """The ?date= day, else today at the site; 400 with the reason for a bad date."""
    text = request.args.get("date", "").strip()
    if not text:
        return local_today(site_zone(site))
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400, _("'%(text)s' is not a date; write it as 2026-12-03.", text=text[:20]))


@bp.route("/fittings")
def day():
    """One day's fittings at a site, in the site's local time."""
    sites = _sites()
    site = _chosen_site(sites)
    shown_day = _chosen_day(site)
    return render_template(
        "fittings/day.html",
        site=site,
        sites=sites,
        day=shown_day,
        fittings=day_fittings(site, shown_day),
        prev_day=shown_day - timedelta(days=1),
        next_day=shown_day + timedelta(days=1),
        zone=site_zone(site),
    )


@bp.route("/fittings/week")
def week():
    """Monday to Sunday at a site, a list per day."""
    sites = _sites()
    site = _chosen_site(sites)
    shown_day = _chosen_day(site)
    days = week_fittings(site, shown_day)
    return render_template(
        "fittings/week.html",
        site=site,
        sites=sites,
        day=shown_day,
        days=days,
        today=local_today(site_zone(site)),
        prev_week=days[0][0] - timedelta(days=7),
        next_week=days[0][0] + timedelta(days=7),
        zone=site_zone(site),
    )


def _prefill(form: FittingForm) -> None:
    """Fill a new booking from ?performer=&costume=&change=&site=&date=."""
    args = request.args
    performer = db.session.get(Performer, args.get("performer", 0, type=int) or 0)
    costume = db.session.get(Costume, args.get("costume", 0, type=int) or 0)
    change = db.session.get(Change, args.get("change", 0, type=int) or 0)
    site = db.session.get(Site, args.get("site", 0, type=int) or 0)
    if performer is not None:
        form.performer.data = f"{performer.code} {performer.name}"
    if change is not None and costume is None and change.costume is not None:
        costume = change.costume
    form.costumes.data = costume.code if costume else ""
    form.changes.data = f"{change.character.name} {change.number}" if change else ""
    form.site_id.data = site.id if site else None
    where = site or (performer.company_site if performer else None) or current_user.site
    try:
        form.day.data = date.fromisoformat(args.get("date", ""))
    except ValueError:
        form.day.data = local_today(site_zone(where))


def _values(form: FittingForm) -> FittingValues:
    from ..auth.models import User

    return FittingValues(
        performer=form.performer_obj,
        day=form.day.data,
        at=form.at.data,
        minutes=form.minutes.data,
        room=form.room.data or "",
        site=db.session.get(Site, form.site_id.data) if form.site_id.data else None,
        fitter=db.session.get(User, form.fitter_id.data) if form.fitter_id.data else None,
        costumes=form.costume_objs,
        changes=form.change_objs,
    )


def _booked(fitting: Fitting, message: str):
    flash(message, "success")
    return redirect(url_for("fittings.detail", fitting_id=fitting.id))


@bp.route("/fittings/new", methods=["GET", "POST"])
@role_required("wardrobe")
def new():
    """Book a fitting: performer, costumes or changes, a slot at a site, a room, a fitter."""
    form = FittingForm()
    if request.method == "GET":
        _prefill(form)
    if form.validate_on_submit():
        try:
            fitting = save_fitting(None, _values(form), current_user)
        except FittingError as error:
            db.session.rollback()
            _show_refusal(form, error)
        else:
            return _booked(
                fitting,
                _(
                    "Fitting booked for %(performer)s, %(slot)s.",
                    performer=fitting.performer.name,
                    slot=slot_text(fitting),
                ),
            )
    return render_template("fittings/form.html", form=form, fitting=None)


def _show_refusal(form: FittingForm, error: FittingError) -> None:
    for message in attach_errors(form, error.errors):
        flash(message, "error")


@bp.route("/fittings/<int:fitting_id>")
def detail(fitting_id: int):
    """A fitting: when, where, who fits, what is tried on; its outcome, photos and tasks."""
    fitting = db.get_or_404(Fitting, fitting_id)
    rules = {rule.rule for rule in current_app.url_map.iter_rules()}
    return render_template(
        "fittings/detail.html",
        fitting=fitting,
        zone=site_zone(fitting.site),
        local_start=fitting.starts_at.astimezone(site_zone(fitting.site)),
        end_clock=show_clock(fitting.ends_at, fitting.site),
        alterations=fitting_alterations(fitting.id),
        outcome_form=OutcomeForm(notes=fitting.notes),
        photo_form=PhotoForm(),
        # The alteration-task pages belong to their own feature: linked only when present.
        can_add_task="/alterations/new" in rules,
        can_turn_fit_check="/alterations/from-fit" in rules,
    )


@bp.route("/fittings/<int:fitting_id>/edit", methods=["GET", "POST"])
@role_required("wardrobe")
def edit(fitting_id: int):
    """Move a fitting or change what is tried on; calendars get the new version."""
    fitting = db.get_or_404(Fitting, fitting_id)
    form = FittingForm()
    if request.method == "GET":
        local = fitting.starts_at.astimezone(site_zone(fitting.site))
        form.performer.data = f"{fitting.performer.code} {fitting.performer.name}"
        form.costumes.data = ", ".join(c.code for c in fitting.costumes)
        form.changes.data = ", ".join(f"{c.character.name} {c.number}" for c in fitting.changes)
        form.site_id.data, form.day.data, form.at.data = fitting.site_id, local.date(), local.time()
        form.minutes.data, form.room.data = fitting.minutes, fitting.room
        form.fitter_id.data = fitting.fitter_id
    if form.validate_on_submit():
        try:
            save_fitting(fitting, _values(form), current_user)
        except FittingError as error:
            db.session.rollback()
            _show_refusal(form, error)
        else:
            return _booked(fitting, _("Fitting updated: %(slot)s.", slot=slot_text(fitting)))
    return render_template("fittings/form.html", form=form, fitting=fitting)


@bp.route("/fittings/<int:fitting_id>/cancel", methods=["POST"])
@role_required("wardrobe")
def cancel(fitting_id: int):
    """Cancel a fitting; its slot and room are free again."""
    fitting = db.get_or_404(Fitting, fitting_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; try again."), "error")
    else:
        try:
            cancel_fitting(fitting, current_user)
            flash(_("Fitting cancelled."), "success")
        except FittingError as error:
            flash(str(error), "error")
    return redirect(url_for("fittings.detail", fitting_id=fitting.id))


@bp.route("/fittings/<int:fitting_id>/outcome", methods=["POST"])
@role_required("wardrobe")
def outcome(fitting_id: int):
    """Write the fitting's notes; it is done."""
    fitting = db.get_or_404(Fitting, fitting_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        flash(form_problems(form, _("The form expired; try again.")), "error")
    else:
        try:
            record_outcome(fitting, form.notes.data or "", current_user)
            flash(_("Fitting outcome saved."), "success")
        except FittingError as error:
            flash(str(error), "error")
    return redirect(url_for("fittings.detail", fitting_id=fitting.id) + "#outcome")


@bp.route("/fittings/<int:fitting_id>/photos", methods=["POST"])
@role_required("wardrobe")
def photo_upload(fitting_id: int):
    """Add a photo of the fit (phone camera or a file)."""
    fitting = db.get_or_404(Fitting, fitting_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.photo.errors)) or _("Choose a photo to upload."), "error")
    else:
        upload = form.photo.data
        try:
            add_fitting_photo(fitting, upload.read(), upload.filename or "", current_user)
            flash(_("Photo added."), "success")
        except PhotoError as error:
            flash(_("Photo refused: %(reason)s", reason=error), "error")
    return redirect(url_for("fittings.detail", fitting_id=fitting.id) + "#photos")


@bp.route("/fitting-photos/<int:photo_id>/<any(full, thumb):variant>")
def photo(photo_id: int, variant: str):
    """Serve a fitting photo or its thumbnail to signed-in users."""
    record = db.get_or_404(FittingPhoto, photo_id)
    name = record.thumb_filename if variant == "thumb" else record.filename
    return send_from_directory(upload_folder(), name, mimetype="image/jpeg", max_age=86400)


@bp.route("/calendar/<token>.ics")
def calendar_feed(token: str):
    """A secret feed for calendar apps (no sign-in: the token is the key)."""
    feed = live_feed(token)
    if feed is None:
        abort(404)
    response = Response(feed_calendar(feed), mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


def feed_url(feed: CalendarFeed) -> str:
    """The feed's full address, on PUBLIC_BASE_URL like the labels."""
    base = configured_base_url(request.url_root.rstrip("/"))
    return base.rstrip("/") + url_for("fittings.calendar_feed", token=feed.token)


@bp.route("/calendar-feeds")
def feeds():
    """My calendar feeds with their addresses; wardrobe staff can add a site's."""
    return render_template(
        "fittings/feeds.html",
        feeds=[(feed, feed_url(feed)) for feed in visible_feeds(current_user)],
        form=FeedForm(wardrobe=current_user.has_role("wardrobe")),
        base_set=bool(configured_base_url()),
    )


@bp.route("/calendar-feeds", methods=["POST"])
def make_feed():
    """Make a secret feed of my fittings, or (wardrobe) of a site's."""
    form = FeedForm(wardrobe=current_user.has_role("wardrobe"))
    if not form.validate_on_submit():
        flash(form_problems(form, _("The form expired; try again.")), "error")
        return redirect(url_for("fittings.feeds"))
    site = db.session.get(Site, form.site_id.data) if form.site_id.data else None
    create_feed(current_user, site)
    flash(_("Calendar feed made. Copy its address into your calendar app."), "success")
    return redirect(url_for("fittings.feeds"))


@bp.route("/calendar-feeds/<int:feed_id>/revoke", methods=["POST"])
def revoke(feed_id: int):
    """Revoke a feed: its address stops working for good."""
    feed = db.get_or_404(CalendarFeed, feed_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired; try again."), "error")
    elif not may_revoke(current_user, feed):
        flash(_("Only its owner or an admin can revoke this calendar feed."), "error")
    else:
        revoke_feed(feed)
        flash(_("Calendar feed revoked; its address no longer works."), "success")
    return redirect(url_for("fittings.feeds"))
