"""The Undo button on the flash after a floor action, and the route it posts to."""

from flask import Blueprint, flash, redirect, request, session, url_for
from flask_login import current_user

from ..extensions import db
from ..history.models import Event
from ..web import is_safe_next, role_required, same_site_referrer
from .services import UndoError, latest_garment_event, undo_event, undone_text

bp = Blueprint("undo", __name__)
# The session key naming the event the next page's flash offers to undo.
OFFER = "undo_offer"


def offer_undo(garment_id: int, message: str) -> None:
    """Flash ``message`` with an Undo button for the event just recorded on this garment."""
    flash(message, "success")
    event = latest_garment_event(garment_id)
    if event is not None and event.user_id == getattr(current_user, "id", None):
        session[OFFER] = {"event": event.id, "message": message}


@bp.app_template_global("undo_offer")
def take_undo_offer() -> dict | None:
    """The Undo offered with this page's flash (once: the next page no longer shows it)."""
    offer = session.pop(OFFER, None)
    if not isinstance(offer, dict) or not current_user.is_authenticated:
        return None
    if not current_user.has_role("wardrobe"):
        return None
    query = "?" + request.query_string.decode() if request.query_string else ""
    return offer | {"next": request.path + query}


@bp.route("/undo/<int:event_id>", methods=["POST"])
@role_required("wardrobe")
def undo(event_id: int):
    """Take back the user's last floor action, recorded as a new event; back to the page."""
    event = db.get_or_404(Event, event_id)
    garment_id = event.garment_id
    try:
        undone = undo_event(event.id, current_user)
    except UndoError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(undone_text(undone), "success")
    target = request.form.get("next", "")
    if is_safe_next(target):
        return redirect(target)
    if garment_id is not None:
        return redirect(url_for("catalog.garment", garment_id=garment_id))
    return redirect(same_site_referrer() or url_for("catalog.garments"))
