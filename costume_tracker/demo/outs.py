"""Garments out of stock in the demo: in the laundry, in repair, in transit, lost."""

from datetime import datetime, timedelta

from ..catalog.models import Costume, Garment
from ..catalog.places import agrees
from ..catalog.services import labelled
from ..catalog.workflow import set_status
from ..history.services import record_event
from ..lists.models import Location

# What the dressers type when they send pieces out: the Paris workshop writes French.
NOTES = {
    "PAR": {
        "workshop": "Envoyé à l’atelier : {condition}",
        "laundry": "Envoyé au lavage",
        "after class": "Au lavage après le cours",
    },
    "NYC": {
        "workshop": "Sent to the workshop: {condition}",
        "laundry": "Sent to the laundry",
        "after class": "Sent to the laundry after class",
    },
}
# Rehearsal pieces per site sent to the laundry after class, since yesterday.
FRESH_LAUNDRY = {"PAR": 6, "NYC": 3}
WASHABLE = ("leotard", "tights")
# Whole costumes on their way to the other city: (costume, summary, days on the road).
TRANSIT = (
    ("Party guests, Act I party, gentlemen, no. 4 (NYC)",
     "Shipped to Paris for the company swap (episode 5)", 2),
    ("Mirlitons, Act II divertissement, no. 3 (PAR)",
     "Shipped to New York for the company swap (episode 5)", 3),
)  # fmt: skip
# Pieces missing at the last stock check: (costume, garment, days since).
LOST = (
    ("Snowflakes, Act I snow scene, no. 14 (PAR)", "Snowflake headpiece", 19),
    ("Flowers, Act II waltz of the flowers, no. 12 (NYC)", "Flower headpiece", 33),
)


def send_out(loader, worn: set[Costume]) -> None:
    """Put garments of costumes nobody wears in the laundry, repair, transit, or lost."""
    rng, now, roles = loader.rng, loader.now, loader.roles
    for garment, status in loader.due_out:
        if garment.costume in worn:
            continue  # worn pieces stay with their performer
        code = garment.home_site.code
        if status == "in repair":
            since = now - timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 8))
            summary = NOTES[code]["workshop"].format(condition=garment.condition)
            _move(loader, garment, status, roles[code]["workshop"], since, summary)
        else:
            since = now - timedelta(hours=rng.randint(30, 110))
            _move(loader, garment, status, roles[code]["laundry"], since, NOTES[code]["laundry"])
    for code, count in FRESH_LAUNDRY.items():
        washable = [g for g in loader.stock[code] if g.category in WASHABLE and _free(g)]
        for garment in rng.sample(washable, count):
            since = now - timedelta(hours=rng.uniform(1, 22))
            summary = NOTES[code]["after class"]
            _move(loader, garment, "in laundry", roles[code]["laundry"], since, summary)
    for name, summary, days in TRANSIT:
        costume = _unworn(loader, name, worn)
        since = now - timedelta(days=days, hours=rng.randint(0, 6))
        for garment in filter(_free, costume.garments):
            _move(loader, garment, "in transit", None, since, summary)
    for name, piece, days in LOST:
        garment = next(g for g in _unworn(loader, name, worn).garments if g.name == piece)
        since = now - timedelta(days=days)
        summary = "Not found at the stock check; last seen in its place"
        _move(loader, garment, "lost", garment.location, since, summary)


def _free(garment: Garment) -> bool:
    return garment.status == "in stock"


def _unworn(loader, name: str, worn: set[Costume]) -> Costume:
    """The named costume, which must not be worn by anyone."""
    costume = loader.costumes[name]
    if costume in worn:
        raise ValueError(f"{name} is worn; it cannot also be sent out.")
    return costume


def _move(
    loader, garment: Garment, status: str, place: Location | None, since: datetime, summary: str
) -> None:
    """Change a garment's status (and place) as of ``since``, with its status event."""
    old, old_place = garment.status, garment.location_id
    set_status(garment, status)
    garment.status_since = since
    garment.location = place if agrees(status, place) else None  # off its rack when away
    changes = {"status": (old, status)}
    if garment.location_id != old_place:
        changes |= labelled({"location_id": (old_place, place.id if garment.location else None)})
    event = record_event("status", loader.user, garment=garment, summary=summary, changes=changes)
    event.occurred_at = since
