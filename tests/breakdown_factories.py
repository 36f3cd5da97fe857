"""Small factories for the breakdown (episodes, scenes, changes, cast, shooting days).

They write rows directly, as a test's arrangement; call inside an app context. The rules
(one change per character per scene, a change of the scene's character) are the services'
to enforce and their own tests' to prove.
"""

from datetime import date

from costume_tracker.breakdown.models import Change, Episode, Scene, SceneCast, ShootingDay
from costume_tracker.extensions import db
from costume_tracker.lists.models import Character, Site
from tests.conftest import production_id, site_id


def character(name: str = "Aurora", production: str = "Sleeping Beauty") -> Character:
    """The character of that name in the production, added when the lists lack it."""
    found = db.session.scalar(
        db.select(Character).where(
            Character.name == name, Character.production_id == production_id(production)
        )
    )
    if found is None:
        found = Character(name=name, production_id=production_id(production))
        db.session.add(found)
        db.session.commit()
    return found


def make_episode(number: int = 3, title: str = "", production: str | None = None) -> Episode:
    found = db.session.scalar(db.select(Episode).where(Episode.number == number))
    if found is None:
        found = Episode(
            number=number,
            title=title or f"Episode {number}",
            production_id=production_id(production) if production else None,
        )
        db.session.add(found)
        db.session.commit()
    return found


def make_scene(number: str = "14", episode: int = 3, **fields) -> Scene:
    values = {"set_name": "Palais Garnier, stage", "story_day": "D3", "int_ext": "INT"}
    values.update(fields)
    scene = Scene(episode=make_episode(episode), number=number, **values)
    db.session.add(scene)
    db.session.commit()
    return scene


def make_change(who: Character, number: str = "1", costume=None, **fields) -> Change:
    change = Change(character=who, number=number, costume=costume, **fields)
    db.session.add(change)
    db.session.commit()
    return change


def cast(scene: Scene, who: Character, performer=None, change=None, double=None) -> SceneCast:
    row = SceneCast(scene=scene, character=who, performer=performer, change=change, double=double)
    db.session.add(row)
    db.session.commit()
    return row


def shooting_day(on: date, *scenes: Scene, site: str = "Paris") -> ShootingDay:
    day = ShootingDay(shoot_date=on, site=db.session.get(Site, site_id(site)), scenes=list(scenes))
    db.session.add(day)
    db.session.commit()
    return day
