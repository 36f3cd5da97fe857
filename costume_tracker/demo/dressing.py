"""Who wears what in the demo: assignments, doubles in multiples, one gap, one alteration."""

from datetime import UTC, date, datetime, time, timedelta

from ..assignments.models import Alteration, Assignment
from ..catalog.models import Costume
from ..catalog.services import labelled
from ..catalog.workflow import set_status
from ..extensions import db
from ..history.services import record_event
from ..people.models import Performer
from . import data

# Sleeping Beauty has been shooting for four weeks; The Nutcracker (episode 4 on) since later.
STARTED_DAYS_AGO = {data.SB: 28, data.NUT: 12}
DUE_IN_DAYS = {data.SB: 21, data.NUT: 35}
EPISODES = {
    (data.SB, "Prologue"): "Ep. 1", (data.SB, "Court"): "Ep. 1–4",
    (data.SB, "Act I"): "Ep. 1–2", (data.SB, "Act II"): "Ep. 2–3",
    (data.SB, "Act III"): "Ep. 3–4", (data.NUT, "Act I"): "Ep. 4", (data.NUT, "Act II"): "Ep. 4–5",
}  # fmt: skip
# Days overdue: performers with a single costume and no double, who have not brought it back.
OVERDUE = {"Colette Sarrazin": 6, "Théo Lambert": 2, "Priya Raman": 1, "Miles Donovan": 9}
# The one coverage gap: the stand-in wears this double's multiple, so none is free for her.
GAP_DOUBLE, GAP_COSTUME, GAP_STAND_IN = (
    "Maëlle Brossard", "Aurora, Act II vision (PAR)", "Bérénice Aubry",
)  # fmt: skip
# Corps looks whose first copy is built to fit, and shared by, every dancer of the character.
SHARED_CORPS = ("Snowflakes", "Flowers", "Garland corps")
UNSIZED = ("headpiece", "shoes", "accessory")
ALTERED_COSTUME, ALTERED_PIECE = "Aurora, Act III wedding (PAR)", "Wedding bodice"
ALTERATION = "Waist taken in 1.5 cm for Geneviève Lacombe after her re-measuring"
ALTERED_DAYS_AGO = 3


def dress(loader) -> dict[Performer, list[Costume]]:
    """Add the demo's assignments and its alteration; return each performer's costumes."""
    dresser = _Dresser(loader)
    for code in loader.sites:
        for performer in loader.cast[code]:
            dresser.dress(code, performer)
    dresser.alter()
    return dresser.worn


def episodes_for(costume: Costume) -> str:
    """Episodes a look is worn in, from its production and act."""
    words = costume.look.split(",")[0].split()
    act = " ".join(words[:2]) if words[0] == "Act" else words[0]
    return EPISODES.get((costume.production.name, act), "")


class _Dresser:
    """Assigns costumes as the services would, without committing."""

    def __init__(self, loader):
        self.loader = loader
        self.user_id = loader.user.id
        self.today = date.today()
        self.worn: dict[Performer, list[Costume]] = {}
        self.given: dict[Performer, list[Assignment]] = {}
        self.busy: set[Costume] = set()

    def dress(self, code: str, performer: Performer) -> None:
        """Give one performer the costumes the demo has them wear."""
        characters = [c.name for c in performer.characters]
        if performer.kind in ("principal", "soloist", "actor"):
            for character in characters:
                for hero in self.loader.heroes.get((code, character), ()):
                    self.assign(hero, performer)
        elif performer.kind == "double":
            principal = performer.doubles_for
            note = f"Double for {principal.name}"
            for worn in self.given.get(principal, ()):
                if (performer.name, worn.costume.name) != (GAP_DOUBLE, GAP_COSTUME):
                    multiple = self.loader.multiple_for[(worn.costume, performer)]
                    self.assign(multiple, performer, like=worn, notes=note)
        elif performer.kind == "corps":
            for character in characters:
                self.dress_corps(code, performer, character)
        elif performer.name == GAP_STAND_IN:
            hero = self.loader.costumes[GAP_COSTUME]
            double = next(p for p in self.loader.cast[code] if p.name == GAP_DOUBLE)
            note = f"Stand-in for lighting and camera rehearsals, in {GAP_DOUBLE}'s multiple"
            self.assign(self.loader.multiple_for[(hero, double)], performer, notes=note)

    def dress_corps(self, code: str, performer: Performer, character: str) -> None:
        """A copy in the dancer's size: shared when several dancers wear the look, else theirs."""
        copies = self.loader.copies.get((code, character), [])
        worn = self.worn.get(performer)
        size = _size(worn[0]) if worn else None
        if character in SHARED_CORPS:
            costume = next((c for c in copies if c in self.busy), None)
            if costume is None:
                costume = min(copies, key=lambda c: _size(c) != size)
                dancers = [p for p in self.loader.cast[code] if character in _names(p)]
                costume.shared = len(dancers) > 1
        else:
            free = [c for c in copies if c not in self.busy]
            costume = min(free, key=lambda c: _size(c) != size)
        self.assign(costume, performer)

    def assign(
        self, costume: Costume, performer: Performer, like: Assignment | None = None, notes=""
    ) -> None:
        """One assignment, its garments 'with performer', and its events."""
        if costume in self.busy and not costume.shared:
            raise ValueError(f"{costume.name} is already worn by someone else.")
        production = costume.production.name
        if like is not None:
            starts_on, due_on, episodes = like.starts_on, like.due_on, like.episodes
        else:
            starts_on = self.today - timedelta(days=STARTED_DAYS_AGO[production])
            due_on = self.today + timedelta(days=DUE_IN_DAYS[production])
            if performer.name in OVERDUE:
                due_on = self.today - timedelta(days=OVERDUE[performer.name])
            episodes = episodes_for(costume)
        when = datetime.combine(starts_on, time(9, 30), UTC)
        assignment = Assignment(
            costume=costume, performer=performer, character=costume.character,
            episodes=episodes, starts_on=starts_on, due_on=due_on, notes=notes,
            assigned_at=when, assigned_by_id=self.user_id,
        )  # fmt: skip
        db.session.add(assignment)
        summary = f"{costume.code} {costume.name} assigned to {performer.name}"
        for garment in costume.garments:
            if garment.status != "with performer":
                old = garment.status
                moved = set_status(garment, "with performer")
                garment.status_since = when
                changes = {"status": (old, "with performer"), **labelled(moved)}
                self.event("assignment", when, garment=garment, summary=summary, changes=changes)
        self.event("assignment", when, costume=costume, performer=performer, summary=summary)
        self.busy.add(costume)
        self.worn.setdefault(performer, []).append(costume)
        self.given.setdefault(performer, []).append(assignment)

    def alter(self) -> None:
        """An alteration done on a hero costume, pending as a mirror on each of its multiples."""
        hero = self.loader.costumes[ALTERED_COSTUME]
        piece = next(g for g in hero.garments if g.name == ALTERED_PIECE)
        when = self.loader.now - timedelta(days=ALTERED_DAYS_AGO, hours=5)
        done = Alteration(
            costume=hero, garment=piece, description=ALTERATION, recorded_at=when,
            recorded_by_id=self.user_id, done_at=when, done_by_id=self.user_id, state="done",
        )  # fmt: skip
        db.session.add(done)
        self.event("alteration", when, costume=hero, garment=piece, summary=ALTERATION)
        for multiple in hero.multiples:
            twin = next(g for g in multiple.garments if g.name == ALTERED_PIECE)
            db.session.add(
                Alteration(
                    costume=multiple, garment=twin, description=ALTERATION, recorded_at=when,
                    recorded_by_id=self.user_id, mirrors=done,
                )
            )  # fmt: skip
            summary = f"To mirror from {hero.code}: {ALTERATION}"
            self.event("alteration", when, costume=multiple, summary=summary)

    def event(self, kind: str, when: datetime, **fields) -> None:
        """Record an event as the demo user, dated when it happened."""
        record_event(kind, self.loader.user, **fields).occurred_at = when


def _names(performer: Performer) -> set[str]:
    return {c.name for c in performer.characters}


def _size(costume: Costume) -> str:
    """The size a costume is built in, read off its first sized garment."""
    sized = [g.size_label for g in costume.garments if g.category not in UNSIZED]
    return sized[0] if sized else ""
