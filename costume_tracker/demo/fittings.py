"""The demo's fittings this week at both sites, and the workrooms' alteration tasks.

Every site's fittings follow one another with a gap, so no performer and no room is ever
booked twice. Yesterday's fitting is done, with its outcome and the task it gave.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..assignments.models import Alteration
from ..auth.services import find_user
from ..extensions import db
from ..fittings.models import Fitting
from ..history.services import record_event
from . import data

# Per site: the rooms, and the demo account who fits (the site's wardrobe user).
ROOMS = {"PAR": ("Salle d’essayage", "Atelier de couture"), "NYC": ("Fitting room", "Sewing shop")}
FITTER = {code: email for email, _name, _role, code, _locale in data.DEMO_USERS}
FIRST_SLOT, GAP = time(9, 30), timedelta(minutes=15)
# (performer, minutes, (character, look) of the change tried, or a costume's name, notes).
FITTINGS = {
    "PAR": (
        ("Geneviève Lacombe", 30, ("Aurora", "Act III wedding"), ""),
        ("Inès Marchetti", 45, "Aurora, Act III wedding (PAR), multiple 1",
         "Reporter la reprise de taille du corsage de Geneviève"),
        ("Maëlle Brossard", 60, "Aurora, Act II vision (PAR)",
         "Mesures pour un nouveau multiple de la vision"),
        ("Rémi Castagne", 30, ("Prince Désiré", "Act III wedding"), ""),
        ("Joséphine Arnaud", 30, ("Clara", "Act I party"), ""),
    ),
    "NYC": (
        ("Tessa Whitford", 30, ("Aurora", "Act III wedding"), ""),
        ("Madison Hale", 45, "Aurora, Act III wedding (NYC), multiple 1", ""),
        ("Elena Vasquez", 30, ("Sugar Plum Fairy", "Act II grand pas"), ""),
        ("Grace Liu", 30, "Sugar Plum Fairy, Act II grand pas (NYC), multiple 2", ""),
        ("Ivy Thornton", 30, ("Clara", "Act I party"), ""),
    ),
}  # fmt: skip
# Yesterday's fitting at each site, done: (performer, change, outcome, task it gave).
DONE = {
    "PAR": ("Zoé Delorme", ("Princess Florine", "Act III"),
            "Tutu trop long de 1 cm devant ; corsage parfait. Ourlet à reprendre.",
            ("Florine tutu", "Reprendre l’ourlet du tutu de 1 cm devant", 2, "to do")),
    "NYC": ("Olivia Sterling", ("Snow Queen", "Act I snow scene"),
            "Bodice tight at the side seams after the lifts; crown fine.",
            ("Snow Queen bodice", "Let out the bodice 1 cm at both side seams", 3, "doing")),
}  # fmt: skip
# Other tasks in each workroom: (costume, garment, task, due in days, state).
TASKS = {
    "PAR": (
        ("Carabosse, Prologue (PAR)", "Cape with rat trim",
         "Recoudre la bordure de fourrure de la cape", 1, "doing"),
        ("Bluebird, Act III (PAR)", "Feather cap", "Remplacer les plumes abîmées du bonnet",
         -1, "done"),
        ("Clara, Act I party (PAR)", "Party dress", "Raccourcir l’ourlet de 2 cm", 5, "to do"),
    ),
    "NYC": (
        ("Clara, Act I party (NYC)", "Sash", "Re-sew the sash's hook and eye", 1, "to do"),
        ("Drosselmeyer, Act I party (NYC)", "Cape", "Replace the cape's frog fastening",
         -2, "done"),
    ),
}  # fmt: skip


def add_fittings(loader, breakdown) -> None:
    """Add this week's fittings and the alteration tasks to the session."""
    for code, site in loader.sites.items():
        _Week(loader, breakdown, code, site).run()


class _Week:
    """One site's fittings from its today to the end of its week, one after the other.

    Each day's fittings follow one another from the first slot, a gap between them."""

    def __init__(self, loader, breakdown, code, site):
        self.loader, self.breakdown, self.code, self.site = loader, breakdown, code, site
        self.zone = ZoneInfo(site.timezone)
        self.today = breakdown.today[code]
        self.fitter = find_user(FITTER[code]) or loader.user

    def run(self) -> None:
        left = [self.today + timedelta(days=n) for n in range(7 - self.today.weekday())]
        days = [day for day in left if day.weekday() < 5] or left  # weekdays, if any are left
        starts = {day: datetime.combine(day, FIRST_SLOT, self.zone) for day in days}
        for n, (who, minutes, tried, notes) in enumerate(FITTINGS[self.code]):
            day = days[n % len(days)]
            fitting = self._fitting(who, starts[day], minutes, n, tried)
            fitting.notes = notes
            starts[day] += timedelta(minutes=minutes) + GAP
        self._done()
        for costume, piece, text, due, state in TASKS[self.code]:
            self._task(self.loader.costumes[costume], piece, text, due, state)

    def _fitting(self, who: str, starts: datetime, minutes: int, n: int, tried) -> Fitting:
        fitting = Fitting(
            site=self.site, performer=self.breakdown.people[who],
            starts_at=starts.astimezone(UTC), minutes=minutes, room=ROOMS[self.code][n % 2],
            fitter=self.fitter, created_by_id=self.loader.user.id,
            created_at=self.loader.now - timedelta(days=3),
        )  # fmt: skip
        if isinstance(tried, tuple):
            change = self.breakdown.changes[(self.code, *tried)]
            fitting.changes, fitting.costumes = [change], [change.costume]
        else:
            fitting.costumes = [self.loader.costumes[tried]]
        db.session.add(fitting)
        return fitting

    def _done(self) -> None:
        """Yesterday's fitting: done, with its outcome and the alteration task it gave."""
        who, tried, outcome, (piece, text, due, state) = DONE[self.code]
        yesterday = datetime.combine(self.today - timedelta(days=1), time(11), self.zone)
        fitting = self._fitting(who, yesterday, 45, 0, tried)
        fitting.state, fitting.notes, fitting.sequence = "done", outcome, 1
        summary = f"Fitting of {who}: {outcome}"
        event = record_event("fitting", self.loader.user, performer=fitting.performer,
                             summary=summary)  # fmt: skip
        event.occurred_at = fitting.ends_at
        db.session.flush()  # the fitting's id, for the task it gave
        self._task(fitting.costumes[0], piece, text, due, state).fitting_id = fitting.id

    def _task(self, costume, piece: str, text: str, due: int, state: str) -> Alteration:
        """One alteration task in the site's workroom, made by the site's fitter."""
        garment = next(g for g in costume.garments if g.name == piece)
        recorded = self.loader.now - timedelta(days=max(2, 1 - due))
        task = Alteration(
            costume=costume, garment=garment, description=text, recorded_at=recorded,
            recorded_by_id=self.loader.user.id, state=state, maker=self.fitter,
            due_on=self.today + timedelta(days=due), site=self.site,
        )  # fmt: skip
        if state == "done":
            task.done_at, task.done_by = recorded + timedelta(days=1), self.fitter
        db.session.add(task)
        record_event("alteration", self.loader.user, costume=costume, garment=garment,
                     summary=text).occurred_at = recorded  # fmt: skip
        return task
