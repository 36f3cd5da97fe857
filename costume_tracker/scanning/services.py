"""Read what a scanner or camera produced and apply a floor action to the garment."""

import re
from dataclasses import dataclass

from ..catalog.models import Garment
from ..catalog.services import GarmentError, find_garment_by_tag
from ..catalog.workflow import change_status
from ..extensions import db
from ..lists.models import Location


@dataclass(frozen=True)
class Action:
    """A floor action: the status it sets, and whether it needs a rack."""

    key: str
    label: str
    status: str
    needs_location: bool = False


ACTIONS = {
    a.key: a
    for a in (
        Action("stock", "Back in stock on a rack", "in stock", needs_location=True),
        Action("checkin", "Check in from set", "in stock"),
        Action("laundry", "To laundry", "in laundry"),
        Action("repair", "To repair", "in repair"),
        Action("fitting", "To fitting", "at fitting"),
        Action("alterations", "To alterations", "in alterations"),
        Action("transit", "In transit to the other site", "in transit"),
        Action("wear", "Hand to the assigned performer", "with performer"),
        Action("lost", "Mark lost", "lost"),
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
        raise GarmentError({"location": "Choose the rack it goes back to."})
    if location_id and db.session.get(Location, location_id) is None:
        raise GarmentError({"location": "Unknown location."})
    target_location = location_id if action.needs_location else garment.location_id
    if action.key == "checkin" and garment.status == "in stock":
        raise GarmentError({"status": f"{garment.tag_code} is already in stock."})
    change_status(
        garment, action.status, target_location, user, note=note, expected_version=expected_version
    )


def scan(text: str, action: Action, user, location_id: int | None = None) -> ScanResult:
    """Apply ``action`` to the garment a scan names; a refusal says why, nothing half-done."""
    tag = tag_from_scan(text)
    if tag is None:
        return ScanResult(text, None, False, f"'{text.strip()[:40]}' is not a tag code or label")
    garment = find_garment_by_tag(tag)
    if garment is None:
        return ScanResult(text, tag, False, f"No garment has tag code {tag}")
    try:
        apply_action(garment, action, user, location_id)
    except GarmentError as error:
        db.session.rollback()
        reason = " ".join(error.errors.values()).removeprefix("Refused: ")
        return ScanResult(text, tag, False, reason, garment.id, garment.name)
    return ScanResult(text, tag, True, f"{action.label}: done", garment.id, garment.name)
