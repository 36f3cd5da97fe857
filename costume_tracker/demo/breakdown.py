"""The demo's script breakdown: episodes, scenes and their cast, changes, shooting days,
continuity photos and notes, and a double's piece in the laundry for tomorrow's shoot.

Runs after the wardrobe is dressed (it reads the loader's costumes, cast and multiples);
rows go into the session, the caller commits. Dates are days at each site, from the
site's own today.
"""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ..breakdown.models import (
    Change,
    ContinuityNote,
    ContinuityPhoto,
    Episode,
    Scene,
    SceneCast,
    ShootingDay,
)
from ..catalog.models import Costume
from ..catalog.photos import store_image, upload_folder
from ..extensions import db
from ..history.services import record_event
from ..i18n.times import local_today
from ..people.models import Performer
from . import data, script
from .outs import _move
from .pictures import draw

PLAYS = ("principal", "soloist", "actor")  # who plays a character in a scene


def site_today(site) -> date:
    """Today's date at the site (its shooting days and fittings are days there)."""
    return local_today(ZoneInfo(site.timezone or data.SITE_ZONES[site.code]))


class Breakdown:
    """What the demo's breakdown added, by the keys the script uses."""

    def __init__(self, loader):
        self.loader = loader
        self.today = {code: site_today(site) for code, site in loader.sites.items()}
        self.players: dict[tuple[str, str], Performer] = {}
        self.people: dict[str, Performer] = {}
        for code, cast in loader.cast.items():
            for performer in cast:
                self.people[performer.name] = performer
                if performer.kind in PLAYS:
                    for character in performer.characters:
                        self.players.setdefault((code, character.name), performer)
        self.changes: dict[tuple[str, str, str], Change] = {}
        self.scenes: dict[str, Scene] = {}
        self.scene_site: dict[str, str] = {}
        self.days: dict[tuple[str, int], ShootingDay] = {}
        self.files: list[Path] = []

    def run(self) -> None:
        """Add everything, in dependency order."""
        self._changes()
        self._episodes()
        self._days()
        self._continuity()
        self._laundry()

    def _changes(self) -> None:
        """Each character's changes in story order: Paris looks, then New York's, then the
        variants (a hero costume worn with an extra stock piece)."""
        numbers: dict[str, int] = {}
        for code in self.loader.sites:
            for _production, character, look, copies, _cut, _pieces in data.LOOKS:
                # Corps looks have numbered copies and no hero: the breakdown leaves them out.
                if copies != 1 or (code, character) not in self.players:
                    continue
                numbers[character] = numbers.get(character, 0) + 1
                hero = self.loader.costumes[f"{character}, {look} ({code})"]
                self._change(code, character, look, str(numbers[character]), hero,
                             f"{look} — {script.COMPANY[code]}")  # fmt: skip
        for (character, code, look), (number, extra, text) in script.VARIANTS.items():
            base = self.changes[(code, character, look.split(",")[0])]
            change = self._change(code, character, look, number, base.costume, text)
            change.extras = [self._stock_piece(code, extra)]

    def _change(self, code, character, look, number, hero: Costume, text: str) -> Change:
        change = Change(
            character=self.loader.characters[character], number=number, costume=hero,
            description=text,
        )  # fmt: skip
        db.session.add(change)
        self.changes[(code, character, look)] = change
        return change

    def _stock_piece(self, code: str, name: str):
        """The site's first rehearsal piece of that name that is in stock."""
        pieces = [g for g in self.loader.stock[code] if g.name == name]
        return next((g for g in pieces if g.status == "in stock"), pieces[0])

    def _episodes(self) -> None:
        """The eight episodes, and the scenes of the ballet ones with their cast."""
        for number, title, production in script.EPISODES:
            episode = Episode(
                number=number, title=title,
                production=self.loader.productions[production] if production else None,
            )  # fmt: skip
            db.session.add(episode)
            for row in script.SCENES.get(number, ()):
                self._scene(episode, *row)

    def _scene(self, episode, number, code, set_name, story_day, int_ext, text, cast) -> None:
        scene = Scene(
            episode=episode, number=number, set_name=set_name, story_day=story_day,
            int_ext=int_ext, description=text,
        )  # fmt: skip
        db.session.add(scene)
        key = f"{episode.number}/{number}"
        self.scenes[key], self.scene_site[key] = scene, code
        for character, look, double in cast:
            performer = self.players[(code, character)]
            if double is not None and self.people[double].doubles_for is not performer:
                raise ValueError(f"{double} does not double for {performer.name} ({key}).")
            scene.cast.append(
                SceneCast(
                    character=self.loader.characters[character], performer=performer,
                    double=self.people[double] if double else None,
                    change=self.changes[(code, character, look)] if look else None,
                )
            )  # fmt: skip

    def _days(self) -> None:
        """Each site's shooting days around its today, with their scenes."""
        for code, days in script.SHOOTING_DAYS.items():
            site = self.loader.sites[code]
            for offset, location, notes, scenes in days:
                if any(self.scene_site[key] != code for key in scenes):
                    raise ValueError(f"A scene of the {code} day {offset:+d} is shot elsewhere.")
                day = ShootingDay(
                    shoot_date=self.today[code] + timedelta(days=offset), site=site,
                    location=location, notes=notes, scenes=[self.scenes[k] for k in scenes],
                )  # fmt: skip
                db.session.add(day)
                self.days[(code, offset)] = day

    def at(self, code: str, days_ago: int, hour: int) -> datetime:
        """A UTC instant ``days_ago`` days before the site's today, at ``hour`` there."""
        site = self.loader.sites[code]
        local = datetime.combine(self.today[code] - timedelta(days=days_ago), time(hour))
        return local.replace(tzinfo=ZoneInfo(site.timezone)).astimezone(UTC)

    def _continuity(self) -> None:
        """Continuity photos (drawn pictures, with thumbnails) and notes of past scenes."""
        user = self.loader.user
        for character, code, look, scene, who, kind, caption, days_ago in script.PHOTOS:
            change = self.changes[(code, character, look)]
            filename, thumb, width, height = self._picture(change.costume)
            taken = self.at(code, days_ago, 21)
            db.session.add(
                ContinuityPhoto(
                    change=change, scene=self.scenes[scene], performer=self.people[who],
                    kind=kind, caption=caption, filename=filename, thumb_filename=thumb,
                    width=width, height=height, original_name="demo drawing.jpg",
                    taken_by=user, taken_at=taken,
                )
            )  # fmt: skip
            summary = f"Continuity photo ({kind}) of change {change.number} {scene}"
            self._event(change, summary, taken)
        for character, code, look, scene, text, days_ago in script.NOTES:
            change, written = self.changes[(code, character, look)], self.at(code, days_ago, 22)
            db.session.add(
                ContinuityNote(
                    change=change, scene=self.scenes[scene], text=text, written_by=user,
                    written_at=written,
                )
            )  # fmt: skip
            self._event(change, f"Continuity note on change {change.number} {scene}", written)

    def _event(self, change: Change, summary: str, when: datetime) -> None:
        """The continuity event the service records, dated when it happened."""
        user = self.loader.user
        record_event("continuity", user, costume=change.costume, summary=summary).occurred_at = when

    def _picture(self, costume: Costume) -> tuple[str, str, int, int]:
        """The costume's lead piece drawn, stored as uploads are (JPEG and thumbnail)."""
        lead = self.loader.pieces[costume][0]
        full, thumb, width, height = store_image(draw(lead.category, lead.colour))
        self.files += [upload_folder() / full, upload_folder() / thumb]
        return full, thumb, width, height

    def _laundry(self) -> None:
        """A piece of a double's multiple sent to wash after the last shoot: tomorrow's pull
        list shows it not ready."""
        code, character, look, double, piece, summary = script.LAUNDRY
        hero = self.loader.costumes[f"{character}, {look} ({code})"]
        multiple = self.loader.multiple_for[(hero, self.people[double])]
        garment = next(g for g in multiple.garments if g.name == piece)
        laundry = self.loader.roles[code]["laundry"]
        _move(self.loader, garment, "in laundry", laundry, self.at(code, 2, 23), summary)


def add_breakdown(loader) -> Breakdown:
    """Add the demo's breakdown to the session; its ``files`` are the pictures written."""
    breakdown = Breakdown(loader)
    try:
        breakdown.run()
    except Exception:
        for path in breakdown.files:
            path.unlink(missing_ok=True)
        raise
    return breakdown
