"""The benchmark wardrobe's script breakdown, in bulk inserts: 8 episodes, one scene per 50
garments (2,000 at 100,000 garments), six characters in each with their changes, doubles
in the principals' dance scenes, and ten scenes per shooting day around today.

A change's costume is a hero of its character; the performer in the scene is the one the
hero is assigned to when it is worn (else a corps dancer, who is then dressed in the hero
itself), so pull lists mix garments with the performer, in stock, and in the laundry.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from ..breakdown.models import (
    Change,
    ContinuityNote,
    Episode,
    Scene,
    SceneCast,
    ShootingDay,
    shooting_day_scene,
)
from ..sorting import sort_key

EPISODES = 8
GARMENTS_PER_SCENE = 50
CAST_PER_SCENE = 6
SCENES_PER_DAY = 10
SETS = ("Palais Garnier, stage", "Rehearsal studio", "Dressing room", "Stage door", "Plaza")


@dataclass
class BenchBreakdown:
    """What the pages of the breakdown are timed on: a busy day and a full episode."""

    scenes: int
    busy_day_id: int
    episode_number: int


def build_breakdown(
    bulk,
    today: date,
    garments: int,
    costumes: int,
    characters: int,
    performers: int,
    production_ids: tuple[int, ...],
    wearer_of: dict[int, int],
) -> BenchBreakdown:
    """Insert the breakdown; ``wearer_of`` maps each worn costume to its performer."""
    scenes = max(EPISODES, garments // GARMENTS_PER_SCENE)
    bulk(Episode, [{"id": n, "number": n, "title": f"Episode {n}",
                    "production_id": production_ids[n % len(production_ids)]}
                   for n in range(1, EPISODES + 1)])  # fmt: skip
    changes = _changes(bulk, costumes, characters, wearer_of)
    per_episode = -(-scenes // EPISODES)
    bulk(Scene, [_scene(i, per_episode) for i in range(1, scenes + 1)])
    bulk(SceneCast, _cast(scenes, performers, changes, wearer_of))
    days = _days(bulk, scenes, today)
    bulk(ContinuityNote, [
        {"change_id": changes[min(changes)][i % len(changes[min(changes)])][0], "scene_id": i,
         "text": "Sleeves pushed up from this scene",
         "written_by_id": 1}
        for i in range(1, scenes + 1, 10)
    ])  # fmt: skip
    return BenchBreakdown(scenes, days, 1 + (scenes // 2) // per_episode)


def _changes(bulk, costumes: int, characters: int, wearer_of) -> dict[int, list[tuple[int, int]]]:
    """Up to 20 changes per character, each on one of its heroes, worn ones first:
    {character: [(change id, hero)]}."""
    rows, by_character = [], {}
    # Multiples (every eighth costume, see wardrobe._costume) are never a change's costume.
    heroes = sorted((c for c in range(1, costumes + 1) if c % 8), key=lambda c: c not in wearer_of)
    for costume in heroes:
        character = 1 + costume % characters
        mine = by_character.setdefault(character, [])
        if len(mine) >= 20:
            continue
        number = f"{len(mine) // 2 + 1}" + ("A" if len(mine) % 2 else "")
        mine.append((len(rows) + 1, costume))
        rows.append({"id": len(rows) + 1, "character_id": character, "number": number,
                     "number_key": sort_key(number), "costume_id": costume,
                     "description": f"Change {number}"})  # fmt: skip
    bulk(Change, rows)
    return by_character


def _scene(i: int, per_episode: int) -> dict:
    place = (i - 1) % per_episode
    group, rest = divmod(place, 5)  # 1, 2, 3, 4, 4A, 5, 6, 7, 8, 8A…
    number = f"{4 * group + 4}A" if rest == 4 else str(4 * group + rest + 1)
    return {
        "id": i, "episode_id": 1 + (i - 1) // per_episode, "number": number,
        "number_key": sort_key(number), "set_name": SETS[i % len(SETS)],
        "story_day": f"{'DN'[i % 2]}{1 + place // 12}", "int_ext": "EXT" if i % 7 == 0 else "INT",
        "description": f"Scene {number}: the company on stage",
    }  # fmt: skip


def _cast(scenes, performers, changes, wearer_of) -> list[dict]:
    """Six characters a scene, each in one of their changes, played by the hero's wearer;
    in every other scene a principal's double dances too."""
    worn = {character for character, mine in changes.items() if mine[0][1] in wearer_of}
    dressed = sorted(worn)  # characters whose first changes are assigned to a performer
    others = sorted(set(changes) - worn)
    rows = []
    for scene in range(1, scenes + 1):
        turn = dressed[scene % len(dressed) :] + dressed[: scene % len(dressed)] if dressed else []
        rest = others[scene % len(others) :] + others[: scene % len(others)] if others else []
        chosen = (turn[:3] + rest + turn[3:])[:CAST_PER_SCENE]
        for k, character in enumerate(chosen):
            mine = changes[character]
            if k == 0 and scene % 2:  # a dance sequence: the principal and a double
                mine = [c for c in mine if wearer_of.get(c[1], 99) <= 8] or mine
            change_id, hero = mine[(scene // 3 + k) % len(mine)]
            performer = wearer_of.get(hero) or 17 + (scene + k) % (performers - 16)
            double = performer + 8 if performer <= 8 and scene % 2 else None
            rows.append({"id": len(rows) + 1, "scene_id": scene, "character_id": character,
                         "performer_id": performer, "double_id": double,
                         "change_id": change_id})  # fmt: skip
    return rows


def _days(bulk, scenes: int, today: date) -> int:
    """Ten scenes a day, alternating sites, half past and half to come; every fifth day
    also goes on with a scene begun the day before. Returns tomorrow's Paris day."""
    count = -(-scenes // SCENES_PER_DAY)
    first = today - timedelta(days=count // 4)
    days, links = [], []
    for n in range(count):
        days.append({"id": n + 1, "site_id": 1 + n % 2, "shoot_date": first + timedelta(n // 2),
                     "location": "Stage", "notes": ""})  # fmt: skip
        chosen = range(n * SCENES_PER_DAY + 1, min(scenes, (n + 1) * SCENES_PER_DAY) + 1)
        links += [{"shooting_day_id": n + 1, "scene_id": s} for s in chosen]
        if n % 5 == 4:
            links.append({"shooting_day_id": n + 1, "scene_id": n * SCENES_PER_DAY})
    bulk(ShootingDay, days)
    bulk(shooting_day_scene, links)
    tomorrow = today + timedelta(days=1)
    paris = [d["id"] for d in days if d["site_id"] == 1 and d["shoot_date"] == tomorrow]
    return paris[0] if paris else days[-1]["id"]
