"""Read what a scanner or camera produced and apply a floor action to the garment."""

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..catalog.models import Garment
from ..catalog.services import GarmentError, find_garment_by_tag
from ..catalog.workflow import change_status
from ..extensions import db
from ..lists.models import Location


@dataclass(frozen=True)
class Action:
    """A floor action: the status it sets, and whether it needs a rack."""

    key: str
    label: str  # lazily translated: read in the language of the page that shows it
    status: str
    needs_location: bool = False


ACTIONS = {
    a.key: a
    for a in (
        Action("stock", _l("Back in stock on a rack"), "in stock", needs_location=True),
        Action("checkin", _l("Check in from set"), "in stock"),
        Action("laundry", _l("To laundry"), "in laundry"),
        Action("repair", _l("To repair"), "in repair"),
        Action("fitting", _l("To fitting"), "at fitting"),
        Action("alterations", _l("To alterations"), "in alterations"),
        Action("transit", _l("In transit to the other site"), "in transit"),
        Action("wear", _l("Hand to the assigned performer"), "with performer"),
        Action("lost", _l("Mark lost"), "lost"),
    )
}
# A label's URL (".../g/ET-00042") or a bare tag code, in any case, as scanners type them.
TAG_IN_TEXT = re.compile(r"(?:/g/)?([A-Za-z]{1,6}-\d{5,})/?\s*$", re.IGNORECASE)


def tag_from_scan(text: str) -> str | None:
    """The tag code in what was scanned or typed (URL or code), upper case; None if none."""
    match = TAG_IN_TEXT.search((text or "").strip())
    return match.group(1).upper() if match else None


@dataclass
class ScanResult:
    """What happened to one scan: done, refused with a reason, or a repeat."""

    text: str
    tag: str | None
    ok: bool
    message: str
    garment_id: int | None = None
    name: str = ""


def apply_action(
    garment: Garment,
    action: Action,
    user,
    location_id: int | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> None:
    """Apply a floor action to one garment (raises GarmentError with the reason)."""
    if action.needs_location and not location_id:
        raise GarmentError({"location": _("Choose the rack it goes back to.")})
    if location_id and db.session.get(Location, location_id) is None:
        raise GarmentError({"location": _("Unknown location.")})
    target_location = location_id if action.needs_location else garment.location_id
    if action.key == "checkin" and garment.status == "in stock":
        raise GarmentError({"status": _("%(tag)s is already in stock.", tag=garment.tag_code)})
    change_status(
        garment, action.status, target_location, user, note=note, expected_version=expected_version
    )


def scan(text: str, action: Action, user, location_id: int | None = None) -> ScanResult:
    """Apply ``action`` to the garment a scan names; a refusal says why, nothing half-done."""
    tag = tag_from_scan(text)
    if tag is None:
        message = _("'%(text)s' is not a tag code or label", text=text.strip()[:40])
        return ScanResult(text, None, False, message)
    garment = find_garment_by_tag(tag)
    if garment is None:
        return ScanResult(text, tag, False, _("No garment has tag code %(tag)s", tag=tag))
    try:
        apply_action(garment, action, user, location_id)
    except GarmentError as error:
        db.session.rollback()
        reason = " ".join(map(str, error.errors.values())).removeprefix(_refused_prefix())
        return ScanResult(text, tag, False, reason, garment.id, garment.name)
    done = _("%(action)s: done", action=action.label)
    return ScanResult(text, tag, True, done, garment.id, garment.name)


def _refused_prefix() -> str:
    """'Refused: ' in the reader's language: a scan's list says why, without the word."""
    return _("Refused: %(reason)s.", reason="\0").partition("\0")[0]
