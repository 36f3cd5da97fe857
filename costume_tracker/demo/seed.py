"""Load the demo wardrobe, cast and admin in one transaction; loading twice changes nothing."""

import random
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select

from ..assignments.doubles import coverage_gaps
from ..assignments.models import Assignment
from ..assignments.services import overdue_select
from ..auth.models import User
from ..auth.services import find_user
from ..breakdown.models import Change, Episode, Scene, ShootingDay
from ..catalog.models import Costume, Garment
from ..catalog.services import next_tag_code
from ..catalog.workflow import OUT_STATUSES
from ..extensions import db
from ..fittings.models import Fitting
from ..history.services import record_event
from ..lists.models import Character, Location, Production, Site
from ..people.models import Performer
from . import data
from .breakdown import add_breakdown
from .cast import CAST
from .dressing import dress
from .fittings import add_fittings
from .garments import copy_fields, garment_fields
from .measuring import measure
from .outs import send_out
from .pictures import add_pictures

ADMIN_EMAIL = "admin@example.org"
EVENT_SUMMARY = "Loaded with the demo wardrobe"
HUNG = ("tutu", "bodice", "leotard", "skirt", "dress", "jacket", "trousers", "shirt", "other")


@dataclass
class DemoResult:
    """What a load did: whether it loaded, row counts after it, and a new admin password."""

    loaded: bool
    counts: dict[str, int] = field(default_factory=dict)
    admin_password: str | None = None
    admin_exists: bool = True
    # The demo accounts created with the admin's password: (email, role, site, language).
    demo_users: list[tuple[str, str, str, str]] = field(default_factory=list)


def load_demo(user=None) -> DemoResult:
    """Load the demo (events recorded as ``user``, else the demo admin); once only."""
    if demo_loaded():
        exists = find_user(ADMIN_EMAIL) is not None
        return DemoResult(loaded=False, counts=demo_counts(), admin_exists=exists)
    pictures = []
    try:
        admin, password = _ensure_admin()
        loader = _Loader(user or admin)
        loader.run()
        pictures = add_pictures(loader.pieces, loader.user)
        demo_users = _add_demo_users(admin, loader.sites) if password else []
        breakdown = add_breakdown(loader)  # episodes to continuity: needs the cast dressed
        pictures += breakdown.files
        add_fittings(loader, breakdown)  # fitted by the demo users, when they were added
        db.session.commit()
    except Exception:
        db.session.rollback()
        for path in pictures:
            path.unlink(missing_ok=True)
        raise
    return DemoResult(
        loaded=True, counts=demo_counts(), admin_password=password, demo_users=demo_users
    )


def demo_loaded() -> bool:
    """True when the demo's marker costume is already in the database."""
    found = select(Costume.id).where(Costume.name == data.MARKER_COSTUME).limit(1)
    return db.session.scalar(found) is not None


def demo_counts() -> dict[str, int]:
    """Row counts shown after a load, in display order."""

    def count(model, *where) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    principals = select(Performer.doubles_for_id).where(Performer.doubles_for_id.is_not(None))
    active = Assignment.returned_at.is_(None)
    return {
        "sites": count(Site), "locations": count(Location), "productions": count(Production),
        "characters": count(Character), "costumes": count(Costume),
        "garments": count(Garment), "tutus": count(Garment, Garment.category == "tutu"),
        "performers": count(Performer), "doubles": count(Performer, Performer.kind == "double"),
        "principals with a double": count(Performer, Performer.id.in_(principals)),
        "multiples": count(Costume, Costume.hero_id.is_not(None)),
        "assignments (active)": count(Assignment, active),
        "overdue": count(overdue_select().subquery()),
        "coverage gaps": len(coverage_gaps()),
        "garments out": count(Garment, Garment.status.in_(OUT_STATUSES)),
        "episodes": count(Episode), "scenes": count(Scene), "changes": count(Change),
        "shooting days": count(ShootingDay), "fittings": count(Fitting),
    }  # fmt: skip


def _ensure_admin() -> tuple[User, str | None]:
    """The demo admin, created with a fresh random password unless it already exists."""
    admin = find_user(ADMIN_EMAIL)
    if admin is not None:
        return admin, None
    password = secrets.token_urlsafe(12)
    admin = User(email=ADMIN_EMAIL, name="Demo admin", role="admin")
    admin.set_password(password)
    db.session.add(admin)
    db.session.flush()
    return admin, password


def _add_demo_users(admin: User, sites: dict[str, Site]) -> list[tuple[str, str, str, str]]:
    """A Paris user reading French and a New York one reading English, with the admin's
    new password; the admin's home is Paris. Accounts already there are left alone."""
    admin.site = sites["PAR"]
    created = []
    for email, name, role, code, locale in data.DEMO_USERS:
        if find_user(email) is not None:
            continue
        user = User(email=email, name=name, role=role, site=sites[code], locale=locale)
        user.password_hash = admin.password_hash  # the same password, hashed once
        db.session.add(user)
        created.append((email, role, sites[code].name, locale))
    return created


class _Loader:
    """Adds the demo rows to the session; the caller commits."""

    def __init__(self, user):
        self.user = user
        self.rng = random.Random(data.SEED)
        self.sites: dict[str, Site] = {}
        self.places: dict[str, dict[str, Location]] = {}
        self.roles: dict[str, dict[str, Location]] = {}
        self.productions: dict[str, Production] = {}
        self.characters: dict[str, Character] = {}
        self.heroes: dict[tuple[str, str], list[Costume]] = {}
        self.pieces: dict[Costume, list[Garment]] = {}
        self.sizes: dict[tuple[str, str], int] = {}  # size of each solo character's looks
        self.now = datetime.now(UTC)
        self.costumes: dict[str, Costume] = {}  # by name
        self.copies: dict[tuple[str, str], list[Costume]] = {}  # numbered copies of corps looks
        self.cast: dict[str, list[Performer]] = {}
        self.multiple_for: dict[tuple[Costume, Performer], Costume] = {}
        self.stock: dict[str, list[Garment]] = {}  # rehearsal stock per site
        self.due_out: list[tuple[Garment, str]] = []  # to repair or wash, unless worn

    def run(self) -> None:
        """Add everything, in dependency order."""
        self._sites()
        self._productions()
        for code in self.sites:
            self._costumes(code)
            self._rehearsal_stock(code)
            self._cast(code)
        db.session.flush()  # ids, for costume codes in event summaries
        worn = dress(self)
        measure(self, worn)
        send_out(self, {c for costumes in worn.values() for c in costumes})

    def _sites(self) -> None:
        """Both sites (found or created) with their rooms, shelves, racks and bins."""
        for name, code, company in data.SITES:
            site = db.session.scalar(select(Site).where(or_(Site.code == code, Site.name == name)))
            if site is None:
                site = Site(name=name, code=code, company=company)
                db.session.add(site)
            if site.timezone in (None, "", "UTC"):  # never set: the site's real zone
                site.timezone = data.SITE_ZONES[code]
                db.session.flush()
            self.sites[code] = site
            self.places[code], self.roles[code] = {}, {}
            rooms = list(data.ROOMS[code])
            rooms += [(rack, "rack", "") for racks in data.RACKS.values() for rack in racks]
            rooms += [(name, "bin", "") for name in data.BINS]
            for place, kind, role in rooms:
                location = self._location(site, place, kind)
                self.places[code][place] = location
                if role:
                    self.roles[code][role] = location

    @staticmethod
    def _location(site: Site, name: str, kind: str) -> Location:
        """The site's location of that name, created if missing."""
        where = (Location.site_id == site.id, Location.name == name)
        location = db.session.scalar(select(Location).where(*where))
        if location is None:
            location = Location(site=site, name=name, kind=kind)
            db.session.add(location)
        return location

    def _productions(self) -> None:
        """The three productions and the characters of every look (found or created)."""
        for name, notes in data.PRODUCTIONS:
            production = db.session.scalar(select(Production).where(Production.name == name))
            if production is None:
                production = Production(name=name, notes=notes)
                db.session.add(production)
                db.session.flush()
            self.productions[name] = production
        for production_name, character, *_rest in data.LOOKS:
            if character not in self.characters:
                self.characters[character] = self._character(production_name, character)

    def _character(self, production_name: str, name: str) -> Character:
        """The production's character of that name, created if missing."""
        production = self.productions[production_name]
        where = (Character.production_id == production.id, Character.name == name)
        character = db.session.scalar(select(Character).where(*where))
        if character is None:
            character = Character(production=production, name=name)
            db.session.add(character)
        return character

    def _costumes(self, code: str) -> None:
        """Every look's costumes at the site, each hung together on one rack."""
        for production_name, character, look, copies, cut, pieces in data.LOOKS:
            for number in range(1, copies + 1):
                label = f"{character}, {look}" + (f", no. {number}" if copies > 1 else "")
                costume = Costume(
                    name=f"{label} ({code})",
                    look=look,
                    character=self.characters[character],
                    production=self.productions[production_name],
                )
                db.session.add(costume)
                self.costumes[costume.name] = costume
                rack = self.places[code][self.rng.choice(data.RACKS[production_name])]
                size = self.rng.randrange(4)  # one dancer wears every piece…
                if copies == 1:  # …and every look of a solo character, built to their size
                    size = self.sizes.setdefault((code, character), size)
                self.pieces[costume] = [
                    self._garment(code, garment_fields(self.rng, piece, cut, code, size), costume,
                                  self._place(code, piece[0], rack))
                    for piece in pieces
                ]  # fmt: skip
                group = self.heroes if copies == 1 else self.copies
                group.setdefault((code, character), []).append(costume)

    def _place(self, code: str, category: str, rack: Location) -> Location:
        """Where a piece of a costume lives: hung on the rack, boxed on a shelf, or in a bin."""
        if category in HUNG:
            return rack
        if category in ("headpiece", "shoes"):
            return self.roles[code]["headpieces" if category == "headpiece" else "shoes"]
        return self.places[code][self.rng.choice(data.SMALL_PIECE_BINS)]

    def _rehearsal_stock(self, code: str) -> None:
        """Leotards, tights and practice tutus with no costume, in the rehearsal bins."""
        for count, cut, piece in data.REHEARSAL_STOCK:
            for _ in range(count):
                fields = garment_fields(self.rng, piece, cut, code)
                if fields["category"] == "tutu":
                    fields["net_layers"] = data.PRACTICE_TUTU_LAYERS
                    place = self.roles[code]["stock"]
                else:
                    place = self.places[code][self.rng.choice(data.REHEARSAL_BINS)]
                garment = self._garment(code, fields, None, place, data.REH)
                self.stock.setdefault(code, []).append(garment)

    def _garment(
        self,
        code: str,
        fields: dict,
        costume: Costume | None,
        place: Location,
        production_name: str | None = None,
    ) -> Garment:
        """Add one garment in stock with a fresh tag code and its (back-dated) import event."""
        production = costume.production if costume else self.productions[production_name]
        garment = Garment(
            tag_code=next_tag_code(),
            costume=costume,
            production=production,
            home_site=self.sites[code],
            location=place,
            status="in stock",
            **fields,
        )
        db.session.add(garment)
        if fields["condition"] == "needs repair":
            self.due_out.append((garment, "in repair"))
        elif fields["category"] == "tights" and self.rng.random() < 0.08:
            self.due_out.append((garment, "in laundry"))
        event = record_event("import", self.user, garment=garment, summary=EVENT_SUMMARY)
        event.occurred_at = self.now - timedelta(days=data.CATALOGUED_DAYS_AGO)
        return garment

    def _cast(self, code: str) -> None:
        """The company's performers, and a multiple of each costume per double."""
        by_name: dict[str, Performer] = {}
        for name, kind, characters, doubles_for in CAST[code]:
            performer = Performer(
                name=name,
                kind=kind,
                company_site=self.sites[code],
                doubles_for=by_name.get(doubles_for) if doubles_for else None,
                characters=[self.characters[c] for c in characters],
            )
            db.session.add(performer)
            by_name[name] = performer
            self.cast.setdefault(code, []).append(performer)
            if performer.doubles_for is not None:
                for character in characters:
                    for hero in self.heroes.get((code, character), ()):
                        self._multiple(code, hero, performer)

    def _multiple(self, code: str, hero: Costume, double: Performer) -> None:
        """An identical copy of the hero costume for a double, with its own tagged garments."""
        number = len(hero.multiples) + 1
        costume = Costume(
            name=f"{hero.name}, multiple {number}",
            look=hero.look,
            hero=hero,
            character=hero.character,
            production=hero.production,
            notes=f"Multiple for {double.name}, who doubles for {double.doubles_for.name}.",
        )
        db.session.add(costume)
        self.costumes[costume.name] = costume
        self.multiple_for[(hero, double)] = costume
        for piece in self.pieces[hero]:
            fields = copy_fields(self.rng, piece)
            garment = self._garment(code, fields, costume, piece.location)
            garment.notes = f"Multiple of {piece.tag_code}, the hero garment."
