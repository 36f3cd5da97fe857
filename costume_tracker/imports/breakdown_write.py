"""Write a checked breakdown file: episodes, changes, shooting days, scenes and their cast."""

from ..breakdown.models import Change, Episode, Scene, SceneCast, ShootingDay
from ..extensions import db
from ..history.services import record_event
from .base import ABSENT


def write_breakdown(importer, planner, user, filename: str) -> None:
    """Create what is missing and make each scene of the file hold exactly its rows."""
    episodes = dict(importer.episodes)
    for number in sorted(planner.new_episodes):
        episodes[number] = Episode(number=number)
        db.session.add(episodes[number])
    changes = _write_changes(importer, planner, user, filename)
    days = dict(importer.days)
    for on, site_id in sorted(planner.new_days):
        days[(on, site_id)] = ShootingDay(shoot_date=on, site_id=site_id)
        db.session.add(days[(on, site_id)])
    for (episode, number), plan in planner.scene_plans.items():
        scene = plan.scene
        if scene is None:
            scene = Scene(episode=episodes[episode], number=number)
            db.session.add(scene)
        for name, value in plan.fields.items():
            if getattr(scene, name) != value:
                setattr(scene, name, value)
        _write_cast(scene, plan, changes)
        if plan.days is not ABSENT:
            wanted = [days[day] for day in plan.days]
            if set(scene.shooting_days) != set(wanted):
                scene.shooting_days = wanted


def _write_changes(importer, planner, user, filename: str) -> dict:
    """The file's changes, new ones created and hero costumes set; each new hero recorded."""
    changes = {}
    for (character_id, number), plan in planner.change_plans.items():
        change = plan.change
        if change is None:
            change = Change(character_id=character_id, number=number, costume_id=plan.costume_id)
            db.session.add(change)
        elif plan.new_costume:
            change.costume_id = plan.costume_id
        else:
            changes[(character_id, number)] = change
            continue
        changes[(character_id, number)] = change
        character = importer.characters[character_id].name
        record_event(
            "import",
            user,
            costume=importer.costumes[plan.costume_id],
            summary=f"Hero costume of {character}'s change {number}, by import of "
            f"{filename} (row {plan.costume_row})",
        )
    return changes


def _write_cast(scene: Scene, plan, changes: dict) -> None:
    """The scene's cast becomes the file's rows: kept rows edited in place, others removed."""
    stored = {row.character_id: row for row in scene.cast} if plan.scene is not None else {}
    for values in plan.entries:
        row = stored.pop(values.character_id, None)
        if row is None:
            row = SceneCast(character_id=values.character_id)
            scene.cast.append(row)
        if row.performer_id != values.performer_id:
            row.performer_id = values.performer_id
        if row.double_id != values.double_id:
            row.double_id = values.double_id
        change = changes[(values.character_id, values.change)] if values.change else None
        if row.change is not change:
            row.change = change
    for row in stored.values():
        scene.cast.remove(row)
