"""The phone page a label opens, and the batch scan page."""

import json
import uuid

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..assignments.services import active_assignments
from ..breakdown.continuity_phone import garment_changes
from ..catalog.forms import location_choices
from ..catalog.places import is_storage, location_named, shown_place
from ..catalog.services import GarmentError, find_garment_by_tag
from ..extensions import db
from ..inputs import text_problem
from ..lists.models import Location
from ..security import MAX_DB_INTEGER
from ..undo.views import offer_undo
from ..web import role_required
from .pull_action import PULL_ACTION, batch_action, pull_day, pull_days, pull_scan
from .services import (
    ACTIONS,
    apply_action,
    read_scanned_at,
    scan,
    scan_key_problem,
    tag_from_scan,
)

bp = Blueprint("scanning", __name__)
MAX_LOG = 500
# A scan row is a tag, a name, a reason and a few flags: about 200 bytes as JSON.
MAX_LOG_BYTES = MAX_LOG * 600
LOG_TEXT = 300
LOG_ROW_KEYS = 12


@bp.route("/g/<tag>")
@bp.route("/G/<tag>")
def garment(tag: str):
    """The permanent label URL (any letter case): the garment and its floor actions."""
    found = find_garment_by_tag(tag)
    if found is None:
        return render_template("scanning/unknown_tag.html", tag=tag[:40]), 404
    wearers = active_assignments(found.costume_id) if found.costume_id else []
    # Loaded once and held by the garment for the page: a copy loaded only by the location
    # list may be garbage-collected before the template reads it, then loaded again.
    home_site = found.home_site
    place, last_place = shown_place(found)
    return render_template(
        "scanning/garment.html",
        garment=found,
        wearers=wearers,
        place=place,
        last_place=last_place,
        actions=ACTIONS,
        locations=location_choices()[1:],
        default_location=default_rack(found, last_place),
        changes=garment_changes(found),
        wearer_ids={a.performer_id for a in wearers},
        home_site=home_site,
    )


def default_rack(garment, last_place: str | None = None) -> int | None:
    """Where 'back in stock' points first: its rack, the one it hung on last, or a home one."""
    if is_storage(garment.location):
        return garment.location_id
    last = location_named(last_place)
    if is_storage(last):
        return last.id
    return db.session.scalar(
        db.select(Location.id)
        .where(Location.site_id == garment.home_site_id)
        .order_by(Location.name_key)
        .limit(1)
    )


@bp.route("/g/<tag>/<action>", methods=["GET", "POST"])
@role_required("wardrobe")
def act(tag: str, action: str):
    """Confirm a floor action on one garment (GET shows it, POST records it)."""
    found = find_garment_by_tag(tag)
    chosen = ACTIONS.get(action)
    if found is None or chosen is None:
        return render_template("scanning/unknown_tag.html", tag=tag[:40]), 404
    location_id = request.values.get("location_id", type=int)
    if request.method == "POST":
        try:
            apply_action(
                found,
                chosen,
                current_user,
                location_id,
                note=_note(),
                expected_version=request.form.get("version", type=int),
            )
        except GarmentError as error:
            db.session.rollback()
            flash(" ".join(map(str, error.errors.values())), "error")
        else:
            action = str(chosen.label).lower()
            offer_undo(
                found.id, _("%(tag)s: %(action)s — recorded.", tag=found.tag_code, action=action)
            )
        return redirect(url_for("scanning.garment", tag=found.tag_code))
    return render_template(
        "scanning/confirm.html",
        garment=found,
        action=chosen,
        location_id=location_id,
        locations=location_choices()[1:],
    )


def _note() -> str:
    """The note typed with a floor action; a control character in it refuses the action."""
    note = request.form.get("note", "").strip()[:300]
    problem = text_problem(note)
    if problem:
        raise GarmentError({"note": _("Note: %(problem)s", problem=problem)})
    return note


def _read_log(text: str | None) -> list[dict]:
    """The batch's scans as the page sent them back: at most MAX_LOG rows of known shape."""
    if len((text or "").encode()) > MAX_LOG_BYTES:
        message = _(
            "The list of scans sent back is larger than %(most)s scans can be. "
            "Reload the batch scan page and start a new batch.",
            most=MAX_LOG,
        )
        abort(400, message)
    try:
        rows = json.loads(text or "[]")
    except (ValueError, RecursionError):
        return []
    if not isinstance(rows, list):
        return []
    return [row for row in map(_log_row, rows[:MAX_LOG]) if row is not None]


def _log_row(row) -> dict | None:
    """One scan of the log with each value of the type the page shows, or None if it is not."""
    if not isinstance(row, dict) or not isinstance(row.get("tag"), str):
        return None
    clean = {}
    for key, value in list(row.items())[:LOG_ROW_KEYS]:
        if not isinstance(key, str) or len(key) > 40:
            continue
        if isinstance(value, str):
            clean[key] = value[:LOG_TEXT]
        elif value is None or isinstance(value, bool | int) and abs(value) <= MAX_DB_INTEGER:
            clean[key] = value
    clean["ok"] = clean.get("ok") is True
    clean["message"] = clean.get("message") if isinstance(clean.get("message"), str) else ""
    clean["name"] = clean.get("name") if isinstance(clean.get("name"), str) else ""
    if not isinstance(clean.get("garment_id"), int) or isinstance(clean.get("garment_id"), bool):
        clean["garment_id"] = None
    return clean


@bp.route("/scan", methods=["GET", "POST"])
@role_required("wardrobe")
def batch():
    """Pick an action once, then scan garment after garment (keyboard wedge or camera)."""
    action = batch_action(request.values.get("action", ""))
    location_id = request.values.get("location_id", type=int)
    log = _read_log(request.form.get("log"))
    code = request.form.get("code", "").strip() if request.method == "POST" else ""
    feedback, kept, status = None, "", 200
    scan_key, scanned_at, problem = _offline_fields()
    if code and problem:
        feedback, status = refused_scan(code, problem), 400
    elif code and action is None:
        # Nothing was scanned: the code stays in the field until an action is chosen.
        feedback, kept = no_action(), code[:200]
    elif code:
        feedback = _scan_once(code, action, location_id, log, scan_key, scanned_at)
    if request.accept_mimetypes.best == "application/json":
        reply = {"feedback": feedback, "log": log, "counts": scan_counts(log)}
        return jsonify(reply), status
    return render_template(
        "scanning/batch.html",
        actions=ACTIONS,
        action=action,
        location_id=location_id,
        locations=location_choices()[1:],
        log=log,
        log_json=json.dumps(log),
        feedback=feedback,
        counts=scan_counts(log),
        code=kept,
        scan_key=uuid.uuid4().hex,
        pull_action=PULL_ACTION,
        pull_days=pull_days(current_user),
        pull_day=pull_day(current_user, request.values.get("day_id", type=int)),
    ), status


def _offline_fields():
    """The phone's key for this scan and when it was made (offline scans carry both)."""
    scan_key = request.form.get("scan_key", "").strip() or None
    problem = scan_key_problem(scan_key) if scan_key else None
    scanned_at = None
    if request.form.get("scanned_at", "").strip() and not problem:
        try:
            scanned_at = read_scanned_at(request.form["scanned_at"])
        except ValueError as error:
            problem = str(error)
    return scan_key, scanned_at, problem


def refused_scan(code: str, problem: str) -> dict:
    """The feedback for a scan whose key or time cannot be read: nothing was applied."""
    tag = tag_from_scan(code) or code.strip()[:40]
    return {
        "tag": tag, "ok": False, "repeat": False, "outcome": "refused", "message": problem,
        "name": "", "garment_id": None,
        "text": _("%(tag)s: %(message)s", tag=tag, message=problem),
    }  # fmt: skip


def no_action() -> dict:
    """The feedback for a scan made before an action was chosen."""
    return {
        "tag": "", "ok": False, "repeat": False, "no_action": True,
        "message": _("Choose an action first"),
        "text": _("Choose an action first; your scan is kept."),
    }  # fmt: skip


def scan_counts(log: list[dict]) -> str:
    """The batch so far in words: '18 done, 1 refused, 1 already scanned'."""
    done = sum(1 for row in log if row.get("ok"))
    repeats = sum(1 for row in log if row.get("repeat"))
    refused = len(log) - done - repeats
    if repeats:
        return _(
            "%(done)s done, %(refused)s refused, %(repeats)s already scanned",
            done=done,
            refused=refused,
            repeats=repeats,
        )
    return _("%(done)s done, %(refused)s refused", done=done, refused=refused)


def _scan_once(code: str, action, location_id, log: list[dict], scan_key=None, scanned_at=None):
    """Scan one code into the batch log; a garment already done is listed as a repeat."""
    tag = tag_from_scan(code)
    earlier = next(
        (r for r in log if tag and r.get("tag") == tag and r.get("ok") and not r.get("repeat")),
        None,
    )
    if earlier is not None:
        row = {
            "tag": tag, "ok": False, "repeat": True, "message": _("already scanned in this batch"),
            "name": earlier.get("name", ""), "garment_id": earlier.get("garment_id"),
            "outcome": "repeat", "key": scan_key,
        }  # fmt: skip
        log.insert(0, row)
        return {**row, "text": _("%(tag)s already scanned in this batch", tag=tag)}
    if action is PULL_ACTION:
        day_id = request.values.get("day_id", type=int)
        result = pull_scan(code, current_user, day_id, scan_key)
    else:
        result = scan(
            code, action, current_user, location_id, scan_key=scan_key, scanned_at=scanned_at
        )
    row = {
        "tag": result.tag or code.strip()[:40],
        "ok": result.ok,
        "message": result.message,
        "name": result.name,
        "garment_id": result.garment_id,
        "outcome": result.outcome,
        "key": scan_key,
    }
    log.insert(0, row)
    return {
        **row,
        "repeat": False,
        "text": _("%(tag)s: %(message)s", tag=row["tag"], message=row["message"]),
    }
