"""Build a large synthetic wardrobe fast, for the benchmark: bulk inserts, no ORM objects.

A wardrobe of N garments has N/4 costumes (four garments each, every eighth a multiple of
the one before), about one performer per 300 garments (at least 60, principals with
doubles), a fifth of the costumes worn, a few garments in laundry, repair and transit, and
ten history events per garment spread over three years. Its script breakdown (one scene per
50 garments, in eight episodes) is in ``breakdown.py``.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from ..assignments.models import Assignment
from ..auth.models import User
from ..catalog.models import CONDITIONS, TUTU_STYLES, Costume, Garment, TagSequence
from ..extensions import db
from ..history.models import Event
from ..lists.models import Character, Location, Production, Site
from ..people.models import Performer
from .breakdown import BenchBreakdown, build_breakdown

CHUNK = 5000
EVENTS_PER_GARMENT = 10
NAMES = {
    "tutu": "Tutu", "bodice": "Bodice", "tights": "Tights", "headpiece": "Headpiece",
    "jacket": "Jacket", "trousers": "Trousers", "shirt": "Shirt", "shoes": "Pointe shoes",
}  # fmt: skip
COLOURS = ("ivory", "rose", "lilac", "gold", "midnight blue", "silver", "red", "black")
FIRST = ("Anna", "Claire", "Inès", "Maëlle", "Louise", "Hugo", "Jules", "Sofia", "Mia", "Léo")
LAST = ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Garcia", "Rossi", "Kim", "Chen")
EVENT_KINDS = ("create", "edit", "status", "location", "status", "edit", "note", "status")


@dataclass
class BenchWardrobe:
    """Ids the benchmark requests: a garment tag, a costume, a performer, the admin, and a
    busy shooting day and an episode of the breakdown."""

    garments: int
    admin_email: str
    tag: str
    costume_id: int
    performer_id: int
    site_id: int
    production_id: int
    breakdown: BenchBreakdown | None = None


def _bulk(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start : start + CHUNK])


def build_wardrobe(garments: int, password_hash: str, seed: int = 7) -> BenchWardrobe:
    """Fill an empty database with ``garments`` garments and everything around them."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    _bulk(User, [{"id": 1, "email": "bench@example.org", "name": "Bench", "role": "admin",
                  "password_hash": password_hash, "unit": "cm", "active": True,
                  "created_at": now}])  # fmt: skip
    _bulk(Site, [
        {"id": 1, "name": "Paris", "code": "PAR", "company": "Le Ballet National"},
        {"id": 2, "name": "New York", "code": "NYC", "company": "Metropolitan Ballet Theater"},
    ])  # fmt: skip
    _bulk(Location, [{"id": i + 1, "site_id": 1 + i % 2, "name": f"Rack {chr(65 + i // 2)}"
                      f"{i % 9 + 1}", "kind": "rack"} for i in range(20)])  # fmt: skip
    productions = ("Sleeping Beauty", "The Nutcracker", "Giselle")
    _bulk(Production, [{"id": i + 1, "name": name, "notes": ""}
                       for i, name in enumerate(productions)])  # fmt: skip
    _bulk(Character, [{"id": i + 1, "production_id": 1 + i % 3, "name": f"Role {i + 1}"}
                      for i in range(30)])  # fmt: skip
    costume_count = max(garments // 4, 1)
    _bulk(Costume, [_costume(i, now) for i in range(1, costume_count + 1)])
    performers = max(60, garments // 300)
    _bulk(Performer, [_performer(i, rng, now) for i in range(1, performers + 1)])
    _bulk(Garment, [_garment(i, costume_count, rng, now) for i in range(1, garments + 1)])
    wearer_of = _assign(costume_count, performers, now)
    _bulk(TagSequence, [{"prefix": "ET", "last_number": garments}])
    _events(garments, rng, now)
    breakdown = build_breakdown(
        _bulk, date.today(), garments, costume_count, 30, performers, (1, 2, 3), wearer_of
    )
    db.session.commit()
    worn = min(wearer_of)
    return BenchWardrobe(garments, "bench@example.org", "ET-00001", worn, 1, 1, 1, breakdown)


def _costume(i: int, now: datetime) -> dict:
    multiple = i % 8 == 0
    return {
        "id": i, "name": f"Costume {i}", "production_id": 1 + i % 3, "character_id": 1 + i % 30,
        "hero_id": i - 1 if multiple else None, "look": f"Act {1 + i % 3}", "notes": "",
        "retired": False, "shared": i % 11 == 0, "created_at": now, "updated_at": now,
        "version": 1,
    }  # fmt: skip


def _performer(i: int, rng: random.Random, now: datetime) -> dict:
    principal, double = i <= 8, 8 < i <= 16
    return {
        "id": i, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
        "company_site_id": 1 + i % 2,
        "kind": "principal" if principal else "double" if double else "corps",
        "doubles_for_id": i - 8 if double else None, "notes": "", "created_at": now,
    }  # fmt: skip


def _garment(i: int, costumes: int, rng: random.Random, now: datetime) -> dict:
    category = tuple(NAMES)[i % len(NAMES)]
    tutu = category == "tutu"
    return {
        "id": i, "tag_code": f"ET-{i:05d}", "name": f"{NAMES[category]} {rng.choice(COLOURS)}",
        "category": category, "costume_id": 1 + (i - 1) // 4 if (i - 1) // 4 < costumes else None,
        "production_id": 1 + i % 3, "colour": rng.choice(COLOURS), "fabric": "", "size_label": "38",
        "chest_cm": 84.0 if category == "bodice" else None, "waist_cm": 64.0, "hips_cm": None,
        "girth_cm": None, "inseam_cm": None, "length_cm": None, "home_site_id": 1 + i % 2,
        "location_id": 1 + i % 20, "status": "in stock", "status_since": now,
        "condition": rng.choice(CONDITIONS), "care_notes": "", "replacement_cost": None,
        "notes": "", "net_layers": rng.choice((9, 11, 13)) if tutu else None,
        "tutu_style": rng.choice(TUTU_STYLES) if tutu else None, "hoop": tutu or None,
        "net_type": "", "skirt_length_cm": None, "created_at": now, "updated_at": now,
        "version": 1,
    }  # fmt: skip


def _assign(costumes: int, performers: int, now: datetime) -> dict[int, int]:
    """A fifth of the costumes worn (their garments with the performer), some overdue.

    Returns each worn costume's performer."""
    today = date.today()
    worn = [c for c in range(1, costumes + 1) if c % 5 == 1]
    _bulk(Assignment, [
        {"costume_id": c, "performer_id": _wearer(n, performers), "character_id": 1 + c % 30,
         "episodes": "", "starts_on": today - timedelta(days=30),
         "due_on": today - timedelta(days=2) if n % 10 == 0 else today + timedelta(days=30),
         "notes": "", "assigned_at": now, "assigned_by_id": 1}
        for n, c in enumerate(worn)
    ])  # fmt: skip
    garment = Garment.__table__
    db.session.execute(
        garment.update()
        .where(garment.c.costume_id.in_(db.select(Assignment.costume_id)))
        .values(status="with performer", location_id=None)
    )
    for status, modulo in (("in laundry", 37), ("in repair", 53), ("in transit", 71)):
        db.session.execute(
            garment.update()
            .where((garment.c.id % modulo == 0) & (garment.c.status == "in stock"))
            .values(status=status, status_since=now - timedelta(days=modulo % 9))
        )
    return {c: _wearer(n, performers) for n, c in enumerate(worn)}


def _wearer(n: int, performers: int) -> int:
    """Principals and doubles (1 to 16) wear three costumes each, the corps the rest."""
    if n < 48:
        return 1 + n % 16
    return 17 + (n - 48) % (performers - 16)


def _events(garments: int, rng: random.Random, now: datetime) -> None:
    """Ten events per garment over three years, written in chunks to keep memory flat."""
    batch: list[dict] = []
    for garment in range(1, garments + 1):
        for n in range(EVENTS_PER_GARMENT):
            batch.append({
                "occurred_at": now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
                "user_id": 1, "garment_id": garment, "costume_id": None, "performer_id": None,
                "kind": EVENT_KINDS[n % len(EVENT_KINDS)], "summary": "Benchmark history",
                "changes": {},
            })  # fmt: skip
        if len(batch) >= CHUNK:
            _bulk(Event, batch)
            batch.clear()
    _bulk(Event, batch)
