"""Read what a scanner or camera produced and apply a floor action to the garment."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..catalog.models import Garment
from ..catalog.services import GarmentError, find_garment_by_tag
from ..catalog.workflow import change_status
from ..extensions import db
from ..history.models import Event
from ..i18n.times import now, show_when
from ..i18n.values import shown
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
# The key a phone gives each scan (a UUID from crypto.randomUUID(), or any such token).
SCAN_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
# A phone's clock may run a little fast; a scan "made" later than this ahead is refused.
CLOCK_SKEW = timedelta(minutes=5)
# Events that change where a garment is or what it is doing: after one of these by someone
# else, a scan made offline before it no longer applies to what the scanner saw.
MOVING_EVENTS = ("status", "location", "assignment", "return", "retire")


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
    # done, refused, changed (someone else moved it after it was scanned), recorded (a resend)
    outcome: str = ""

    def __post_init__(self):
        if not self.outcome:
            self.outcome = "done" if self.ok else "refused"


def scan_key_problem(key: str) -> str | None:
    """Why a scan key sent by a phone cannot be used, or None when it can."""
    if SCAN_KEY.fullmatch(key or ""):
        return None
    return _(
        "Scan key: use 1 to %(most)s letters, digits, '-' or '_' (a phone makes one per scan).",
        most=64,
    )


def read_scanned_at(text: str) -> datetime:
    """The time a phone says it made a scan (ISO 8601 with zone); ValueError says why not."""
    try:
        when = datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise ValueError(
            _("Scan time: '%(text)s' is not a date and time.", text=(text or "")[:40])
        ) from None
    if when.tzinfo is None:
        raise ValueError(_("Scan time: give the time zone (for example 2026-12-02T14:05:00Z)."))
    if when > now() + CLOCK_SKEW:
        raise ValueError(_("Scan time: it is in the future; check the phone's clock."))
    return when


def apply_action(
    garment: Garment,
    action: Action,
    user,
    location_id: int | None = None,
    note: str = "",
    expected_version: int | None = None,
    *,
    scan_key: str | None = None,
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
        garment,
        action.status,
        target_location,
        user,
        note=note,
        expected_version=expected_version,
        scan_key=scan_key,
    )


def scan(
    text: str,
    action: Action,
    user,
    location_id: int | None = None,
    *,
    scan_key: str | None = None,
    scanned_at: datetime | None = None,
) -> ScanResult:
    """Apply ``action`` to the garment a scan names; a refusal says why, nothing half-done.

    A scan sent again with the same ``scan_key`` is answered with what the first one did;
    one made at ``scanned_at`` (offline) is not applied if someone else moved the garment since.
    """
    if scan_key:
        earlier = recorded_scan(text, scan_key)
        if earlier is not None:
            return earlier
    tag = tag_from_scan(text)
    if tag is None:
        message = _("'%(text)s' is not a tag code or label", text=text.strip()[:40])
        return ScanResult(text, None, False, message)
    garment = find_garment_by_tag(tag)
    if garment is None:
        return ScanResult(text, tag, False, _("No garment has tag code %(tag)s", tag=tag))
    if scanned_at is not None:
        changed = changed_meanwhile(text, garment, user, scanned_at)
        if changed is not None:
            return changed
    try:
        apply_action(garment, action, user, location_id, scan_key=scan_key)
    except IntegrityError:
        # The same scan, sent twice at once: the unique key let only one of them in.
        db.session.rollback()
        earlier = recorded_scan(text, scan_key) if scan_key else None
        if earlier is None:
            raise
        return earlier
    except GarmentError as error:
        db.session.rollback()
        reason = " ".join(map(str, error.errors.values())).removeprefix(_refused_prefix())
        return ScanResult(text, tag, False, reason, garment.id, garment.name)
    done = _("%(action)s: done", action=action.label)
    return ScanResult(text, tag, True, done, garment.id, garment.name)


def _refused_prefix() -> str:
    """'Refused: ' in the reader's language: a scan's list says why, without the word."""
    return _("Refused: %(reason)s.", reason="\0").partition("\0")[0]


def recorded_scan(text: str, scan_key: str) -> ScanResult | None:
    """What a scan with this key did when it was first received, or None if it is new."""
    event = db.session.scalar(db.select(Event).where(Event.scan_key == scan_key))
    if event is None:
        return None
    garment = event.garment
    tag = garment.tag_code if garment else tag_from_scan(text)
    message = _(
        "already recorded at %(when)s (this scan was sent twice): it is %(status)s",
        when=show_when(event.occurred_at),
        status=shown(garment.status, "status") if garment else "",
    )
    garment_id, name = (garment.id, garment.name) if garment else (None, "")
    return ScanResult(text, tag, True, message, garment_id, name, outcome="recorded")


def changed_meanwhile(text: str, garment: Garment, user, scanned_at: datetime):
    """A refusal when someone else moved the garment after it was scanned, else None."""
    event = db.session.scalar(
        db.select(Event)
        .where(
            Event.garment_id == garment.id,
            Event.occurred_at > scanned_at,
            Event.kind.in_(MOVING_EVENTS),
            (Event.user_id != getattr(user, "id", None)) | Event.user_id.is_(None),
        )
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .limit(1)
    )
    if event is None:
        return None
    who = event.user.display_name if event.user else _("the system")
    message = _(
        "someone else changed it meanwhile: %(who)s at %(when)s; it is now %(status)s. "
        "Nothing was done.",
        who=who,
        when=show_when(event.occurred_at),
        status=shown(garment.status, "status"),
    )
    return ScanResult(text, garment.tag_code, False, message, garment.id, garment.name, "changed")
