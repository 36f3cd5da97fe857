"""Where a garment is, as its status allows: racks hold stock, garments away are off them.

In stock, a garment keeps its rack (or takes the one given). In laundry, repair,
alterations, at a fitting, with a performer, in transit or lost, it is on no rack, bin or
shelf: it may be in a room (a laundry, a fitting room) or nowhere recorded. Where it hung
last is read from its history, so nothing is stored twice.
"""

from ..extensions import db
from ..history.models import Event
from ..lists.models import Location, Site

# Statuses away from the stock room: a garment in one of them is never on a rack.
AWAY_STATUSES = (
    "with performer", "at fitting", "in alterations", "in laundry", "in repair",
    "in transit", "lost",
)  # fmt: skip
# Location kinds that hold garments in stock; rooms (a laundry, a fitting room) do not.
STORAGE_KINDS = ("rack", "bin", "shelf")
# Event kinds whose changes can move a garment.
MOVING_KINDS = ("status", "location", "assignment", "return", "import", "edit", "create")


def is_storage(location: Location | None) -> bool:
    """True for a rack, bin or shelf: a place for garments in stock."""
    return location is not None and location.kind in STORAGE_KINDS


def agrees(status: str, location: Location | None) -> bool:
    """Whether a status and a location can be true together (laundry is not on Rack A4)."""
    return not (status in AWAY_STATUSES and is_storage(location))


def last_place_name(garment_id: int) -> str | None:
    """Where the garment was last recorded, e.g. 'Paris · Rack A4' (one query)."""
    rows = db.session.scalars(
        db.select(Event.changes)
        .where(Event.garment_id == garment_id, Event.kind.in_(MOVING_KINDS))
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .limit(50)
    )
    for changes in rows:
        pair = (changes or {}).get("location")
        if isinstance(pair, list) and len(pair) == 2 and (pair[0] or pair[1]):
            return pair[1] or pair[0]
    return None


def location_named(name: str | None) -> Location | None:
    """The location history names as 'Paris · Rack A4', if it still exists."""
    site_name, _, location_name = (name or "").partition(" · ")
    if not location_name:
        return None
    return db.session.scalar(
        db.select(Location)
        .join(Location.site)
        .where(Site.name == site_name, Location.name == location_name)
    )


def last_rack(garment) -> Location | None:
    """The rack, bin or shelf the garment hung on last, for putting it back in stock."""
    location = location_named(last_place_name(garment.id))
    return location if is_storage(location) else None


def shown_place(garment) -> tuple[Location | None, str | None]:
    """What a page says of where a garment is: its location, or where it was last."""
    if garment.location is not None and agrees(garment.status, garment.location):
        return garment.location, None
    if garment.location is not None:  # recorded before status and place had to agree
        return None, str(garment.location)
    return None, last_place_name(garment.id)
