"""The breakdown file read as a whole: scenes, their cast, changes, and what each row changes."""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from ..breakdown.models import Change, Scene, SceneCast
from ..wording import plural
from .base import ABSENT, INVALID
from .results import ImportIssue, ImportPreview, RowPlan

FIELD_COLUMNS = {"set_name": "set", "story_day": "story_day", "int_ext": "int_ext",
                 "description": "description"}  # fmt: skip
NEW_SCENE_DEFAULTS = {"set_name": "", "story_day": "", "int_ext": "INT", "description": ""}


@dataclass
class ScenePlan:
    """One scene of the file: its stored scene (or None), agreed fields, days and cast rows."""

    label: str
    first_row: int
    scene: Scene | None
    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)  # field -> the row that set it
    days: Any = ABSENT
    days_row: int = 0
    cast: dict[int, int] = field(default_factory=dict)  # character id -> row
    entries: list = field(default_factory=list)  # the BreakdownRow of each cast row
    unreadable_cast: bool = False  # a character was refused: removals are not worked out


@dataclass
class ChangePlan:
    """A character's change named in the file: stored (or new), and the costume rows name."""

    change: Change | None
    first_row: int
    costume_id: int | None = None
    costume_row: int = 0
    refused: bool = False

    @property
    def new_costume(self) -> bool:
        return (
            self.change is not None
            and self.costume_id is not None
            and self.costume_id != self.change.costume_id
        )


class BreakdownPlanner:
    """Cross-row rules and the preview's lines, over what the importer loaded."""

    def __init__(self, importer):
        self.importer = importer
        self.scene_plans: dict[tuple[int, str], ScenePlan] = {}
        self.change_plans: dict[tuple[int, str], ChangePlan] = {}
        self.new_episodes: set[int] = set()
        self.new_days: set = set()

    def check(self, plans: list[RowPlan]) -> list[ImportIssue]:
        """Rows of one scene agree, a character once per scene, one costume per change."""
        issues: list[ImportIssue] = []
        for plan in plans:
            values = plan.values["row"]
            if not isinstance(values.episode, int) or not isinstance(values.scene, str):
                continue
            key = (values.episode, values.scene)
            if key not in self.scene_plans:
                scene = self.importer.scenes.get(key)
                self.scene_plans[key] = ScenePlan(plan.key, plan.row, scene)
                if values.episode not in self.importer.episodes:
                    self.new_episodes.add(values.episode)
            scene_plan = self.scene_plans[key]
            self._agree(scene_plan, plan.row, values, issues)
            self._cast(scene_plan, plan, values, issues)
            self._change(plan.row, values, issues)
        for (character_id, number), change_plan in self.change_plans.items():
            # A new change needs its hero; a refused costume cell is already reported.
            missing = change_plan.costume_id is None and not change_plan.refused
            if change_plan.change is None and missing:
                issues.append(
                    ImportIssue(
                        change_plan.first_row,
                        "costume",
                        _(
                            "Change %(number)s of %(character)s is new: fill in its hero "
                            "costume's ID, such as C-12.",
                            number=number,
                            character=self.importer.characters[character_id].name,
                        ),
                    )
                )
        return issues

    def _agree(self, plan: ScenePlan, row: int, values, issues: list) -> None:
        for name, value in values.fields.items():
            if name not in plan.fields:
                plan.fields[name], plan.sources[name] = value, row
            elif plan.fields[name] != value:
                column = FIELD_COLUMNS[name]
                issues.append(ImportIssue(row, column, _disagree(plan, column,
                              plan.fields[name], plan.sources[name])))  # fmt: skip
        if values.days is ABSENT or values.days is INVALID:
            return
        if plan.days is ABSENT:
            plan.days, plan.days_row = values.days, row
            self.new_days.update(d for d in values.days if d not in self.importer.days)
        elif plan.days != values.days:
            shown = self.importer.days_text(plan.days)
            issues.append(ImportIssue(row, "shooting_days",
                          _disagree(plan, "shooting_days", shown, plan.days_row)))  # fmt: skip

    def _cast(self, plan: ScenePlan, row_plan: RowPlan, values, issues: list) -> None:
        character_id = values.character_id
        if character_id is INVALID:
            plan.unreadable_cast = True
            return
        if character_id is None:
            return
        if character_id in plan.cast:
            reason = _(
                "%(name)s is already in scene %(scene)s on row %(row)s; a character is in a "
                "scene once, with one change.",
                name=self.importer.characters[character_id].name,
                scene=plan.label,
                row=plan.cast[character_id],
            )
            issues.append(ImportIssue(row_plan.row, "character", reason))
            return
        plan.cast[character_id] = row_plan.row
        plan.entries.append(values)

    def _change(self, row: int, values, issues: list) -> None:
        if not isinstance(values.character_id, int) or not isinstance(values.change, str):
            return
        key = (values.character_id, values.change)
        if key not in self.change_plans:
            self.change_plans[key] = ChangePlan(self.importer.changes.get(key), row)
        plan = self.change_plans[key]
        if values.costume_id is INVALID:
            plan.refused = True
        elif values.costume_id not in (None, ABSENT):
            if plan.costume_id is None:
                plan.costume_id, plan.costume_row = values.costume_id, row
            elif plan.costume_id != values.costume_id:
                reason = _(
                    "Change %(number)s of %(character)s is C-%(costume)s on row %(row)s; a "
                    "change has one hero costume.",
                    number=values.change,
                    character=self.importer.characters[values.character_id].name,
                    costume=plan.costume_id,
                    row=plan.costume_row,
                )
                issues.append(ImportIssue(row, "costume", reason))

    def finish(self, preview: ImportPreview) -> None:
        """Each row's action and changes, a line per cast row removed, and the counts."""
        refused = {issue.row for issue in preview.errors}
        for plan in preview.plans:
            values = plan.values["row"]
            scene_plan = self.scene_plans.get((values.episode, values.scene))
            if scene_plan is not None and plan.row not in refused:
                self._row_changes(plan, scene_plan, values)
        removed = [r for p in self.scene_plans.values() for r in self._removed(p)]
        preview.plans.extend(removed)
        scenes = sum(p.scene is None for p in self.scene_plans.values())
        changes = sum(p.change is None for p in self.change_plans.values())
        heroes = sum(p.new_costume for p in self.change_plans.values())
        counts = (
            (len(self.new_episodes), plural(len(self.new_episodes), "new episode", "new episodes")),
            (scenes, plural(scenes, "new scene", "new scenes")),
            (len(self.new_days), plural(len(self.new_days), "new shooting day",
                                        "new shooting days")),
            (changes, plural(changes, "new change", "new changes")),
            (heroes, plural(heroes, "change with another costume", "changes with another costume")),
            (len(removed), plural(len(removed), "character removed from a scene",
                                  "characters removed from scenes")),
        )  # fmt: skip
        preview.notes.extend(line for n, line in counts if n)

    def _row_changes(self, plan: RowPlan, scene_plan: ScenePlan, values) -> None:
        scene, changes = scene_plan.scene, {}
        if plan.row == scene_plan.first_row:
            changes.update(self._scene_changes(scene_plan, values.episode))
        created = scene is None
        if isinstance(values.character_id, int) and (
            scene_plan.cast.get(values.character_id) == plan.row
        ):
            old = None
            if scene is not None:
                old = next((c for c in scene.cast if c.character_id == values.character_id), None)
            created = created or old is None
            changes.update(self._cast_changes(plan.row, old, values))
        plan.changes = changes
        plan.action = "create" if created else "update" if changes else "unchanged"

    def _scene_changes(self, plan: ScenePlan, episode: int) -> dict:
        changes = {}
        if episode in self.new_episodes:
            changes["episode"] = ("", _("%(number)s (new episode)", number=episode))
        for name, value in plan.fields.items():
            old = getattr(plan.scene, name) if plan.scene else NEW_SCENE_DEFAULTS[name]
            if old != value or (plan.scene is None and value):
                changes[FIELD_COLUMNS[name]] = (old if plan.scene else "", value)
        if plan.days is not ABSENT:
            old = sorted((d.shoot_date, d.site_id) for d in plan.scene.shooting_days) if (
                plan.scene) else []  # fmt: skip
            if tuple(old) != tuple(plan.days):
                days_text = self.importer.days_text
                changes["shooting_days"] = (days_text(old), days_text(plan.days))
        return changes

    def _cast_changes(self, row: int, old: SceneCast | None, values) -> dict:
        """Performer, double and change of a cast row, old and new, as a person reads them."""
        importer, changes = self.importer, {}
        pairs = (
            ("performer", old.performer_id if old else None, values.performer_id),
            ("double", old.double_id if old else None, values.double_id),
        )
        for column, before, after in pairs:
            if before != after:
                changes[column] = (self._person(before), self._person(after))
        before = old.change.number if old and old.change else None
        change_plan = self.change_plans.get((values.character_id, values.change))
        if before != values.change:
            after = values.change or ""
            if change_plan is not None and change_plan.change is None:
                after = _("%(number)s (new change)", number=values.change)
            changes["change"] = (before or "", after)
        if change_plan is not None and change_plan.costume_row == row:
            old_costume = change_plan.change.costume_id if change_plan.change else None
            if old_costume != change_plan.costume_id:
                costumes = importer.costumes
                shown = [f"{costumes[c].code} {costumes[c].name}" if c else ""
                         for c in (old_costume, change_plan.costume_id)]  # fmt: skip
                changes["costume"] = tuple(shown)
        return changes

    def _person(self, performer_id: int | None) -> str:
        if performer_id is None:
            return ""
        performer = self.importer.performers[performer_id]
        return f"{performer.code} {performer.name}"

    def _removed(self, plan: ScenePlan) -> list[RowPlan]:
        """A 'remove' line for each stored cast row of a file's scene that the file leaves out."""
        if plan.scene is None or plan.unreadable_cast:
            return []
        return [
            RowPlan(plan.first_row, "remove", plan.label, name, {"character": (name, "")},
                    record=cast)
            for cast in plan.scene.cast
            for name in [self.importer.characters[cast.character_id].name]
            if cast.character_id not in plan.cast
        ]  # fmt: skip


def _disagree(plan: ScenePlan, column: str, value, row: int) -> str:
    return _(
        "Scene %(scene)s has %(column)s '%(value)s' on row %(row)s; every row of a scene "
        "must agree.",
        scene=plan.label,
        column=column,
        value=value,
        row=row,
    )
