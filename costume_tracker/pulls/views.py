"""The pull list pages: on the phone, printable, and ticking garments off as pulled."""

import uuid
from datetime import date

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..breakdown.models import ShootingDay
from ..catalog.models import Garment
from ..catalog.services import find_garment_by_tag
from ..extensions import db
from ..i18n.times import local_today, show_day, site_zone
from ..lists.models import Site
from ..scanning.services import scan_key_problem, tag_from_scan
from ..web import form_problems, role_required
from .forms import PullForm
from .services import day_name, next_shooting_day, pull_list, shooting_day_on, upcoming_days
from .ticks import PullResult, mark_pulled, unpull

bp = Blueprint("pulls", __name__)


def _sites() -> list[Site]:
    return list(db.session.scalars(select(Site).order_by(Site.name_key)))


def _chosen_site(sites: list[Site]) -> Site | None:
    """The site asked for (?site= id, name or code), else the viewer's home site."""
    asked = request.args.get("site", "").strip().lower()
    for site in sites:
        if asked and asked in (str(site.id), site.name.lower(), site.code.lower()):
            return site
    if asked:
        flash(_("There is no site called '%(name)s'.", name=asked[:40]), "error")
    return current_user.site or (sites[0] if sites else None)


def _chosen_date() -> date | None:
    asked = request.args.get("date", "").strip()
    if not asked:
        return None
    try:
        return date.fromisoformat(asked)
    except ValueError:
        flash(_("'%(text)s' is not a date; use the form 2026-11-24.", text=asked[:40]), "error")
        return None


@bp.route("/pull-list")
def today():
    """The pull list of the next shooting day at the viewer's site (or the site and date asked)."""
    sites = _sites()
    site = _chosen_site(sites)
    on = _chosen_date()
    day = None
    if site is not None:
        day = shooting_day_on(site.id, on) if on else next_shooting_day(site)
    if day is None:
        return render_template(
            "pulls/none.html",
            sites=sites,
            site=site,
            on=on,
            today=local_today(site_zone(site)),
        )
    return _day_page(day, sites)


@bp.route("/pull-list/<int:day_id>")
def day(day_id: int):
    """A shooting day's pull list on the phone: not ready first, then per change."""
    return _day_page(db.get_or_404(ShootingDay, day_id), _sites())


def _day_page(day: ShootingDay, sites: list[Site]):
    return render_template(
        "pulls/day.html",
        pulls=pull_list(day),
        day=day,
        sites=sites,
        form=PullForm(),
        scan_key=uuid.uuid4().hex,
        coming=upcoming_days(day.site_id, limit=5),
    )


@bp.route("/pull-list/<int:day_id>/print")
def print_page(day_id: int):
    """The day's pull list on A4 paper: a table with tick boxes, not ready first."""
    day = db.get_or_404(ShootingDay, day_id)
    return render_template("pulls/print.html", pulls=pull_list(day), day=day)


@bp.route("/pull-list/<int:day_id>/pulled", methods=["POST"])
@role_required("wardrobe")
def pulled(day_id: int):
    """Tick a garment off as pulled: a scanned tag code, or a garment's tick button."""
    day = db.get_or_404(ShootingDay, day_id)
    form = PullForm()
    scan_key = (form.scan_key.data or "").strip() or None
    problem = scan_key_problem(scan_key) if scan_key else None
    if not form.validate() or problem:
        return _answer(
            day, PullResult(False, problem or form_problems(form, _("Bad request"))), 400
        )
    garment, tag = _garment(form)
    if garment is None and tag is None:
        text = (form.code.data or "").strip()[:40]
        message = _("'%(text)s' is not a tag code or label", text=text)
        return _answer(day, PullResult(False, message), 422 if text else 400)
    result = mark_pulled(day, garment, current_user, scan_key=scan_key, tag=tag)
    return _answer(day, result, 200 if result.ok else 422)


def _garment(form: PullForm) -> tuple[Garment | None, str | None]:
    """The garment the form names, and the tag code it was named by (None if none)."""
    if form.garment_id.data:
        garment = db.session.get(Garment, form.garment_id.data)
        return garment, garment.tag_code if garment else str(form.garment_id.data)
    tag = tag_from_scan(form.code.data or "")
    return (find_garment_by_tag(tag) if tag else None), tag


def _answer(day: ShootingDay, result: PullResult, status: int):
    """JSON for the page's script (with the list redrawn), else a message and the page."""
    if request.accept_mimetypes.best == "application/json":
        pulls = pull_list(day)
        reply = {
            "feedback": {
                "ok": result.ok,
                "repeat": result.repeat,
                "outcome": result.outcome,
                "tag": result.tag,
                "text": result.message,
                "message": result.message,
            },
            "counts": {"garments": pulls.garments, "ready": pulls.ready, "pulled": pulls.pulled},
            "html": render_template("pulls/_list.html", pulls=pulls, day=day),
        }
        return jsonify(reply), status
    category = "success" if result.ok and not result.repeat else "error"
    flash(result.message, "warning" if result.repeat else category)
    return redirect(url_for("pulls.day", day_id=day.id))


@bp.route("/pull-list/<int:day_id>/unpull/<int:garment_id>", methods=["POST"])
@role_required("wardrobe")
def unpull_garment(day_id: int, garment_id: int):
    """Take a garment's tick off the day's list (pulled by mistake)."""
    day = db.get_or_404(ShootingDay, day_id)
    garment = db.get_or_404(Garment, garment_id)
    if unpull(day, garment, current_user):
        message = _(
            "%(tag)s is no longer pulled for %(day)s", tag=garment.tag_code, day=day_name(day)
        )
        result = PullResult(True, message, garment.tag_code, garment)
    else:
        message = _("%(tag)s was not pulled for %(day)s", tag=garment.tag_code, day=day_name(day))
        result = PullResult(True, message, garment.tag_code, garment, repeat=True)
    return _answer(day, result, 200)


def shooting_day_title(day: ShootingDay) -> str:
    """'4 Dec 2026, Paris' for headings."""
    return _("%(date)s, %(site)s", date=show_day(day.shoot_date), site=day.site.name)


@bp.app_template_global()
def pull_day_title(day: ShootingDay) -> str:
    """Templates name a shooting day the same way everywhere."""
    return shooting_day_title(day)
