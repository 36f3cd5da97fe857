"""Costume import keyed on "Costume ID": a blank ID creates a costume, C-12 updates one."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..catalog.costumes import CostumeError, check_costume_fields
from ..catalog.models import Costume
from ..catalog.services import labelled
from ..extensions import db
from ..history.services import record_event
from ..lists.models import Character, Production
from ..reports.columns import COSTUME_COLUMNS, COSTUME_READ_ONLY
from . import cells
from .base import (
    ABSENT,
    INVALID,
    FileSpec,
    Importer,
    RowReader,
    by_lower_name,
    equal,
    find_by_code,
    lower,
    named_production,
    text_limit,
    unknown_code,
)
from .results import ImportIssue, RowPlan

SPEC = FileSpec(
    kind="costumes",
    key="Costume ID",
    columns=COSTUME_COLUMNS,
    read_only=COSTUME_READ_ONLY,
    required=("Costume ID", "Name"),
)
TEXT_COLUMNS = {"Name": "name", "Look": "look", "Notes": "notes"}
FLAG_COLUMNS = {"Shared": "shared", "Retired": "retired"}
COLUMNS = TEXT_COLUMNS | FLAG_COLUMNS | {
    "Production": "production_id", "Character": "character_id", "Hero ID": "hero_id",
}  # fmt: skip
FIELD_COLUMNS = {field: column for column, field in COLUMNS.items()}
FIELDS = tuple(COLUMNS.values())


class CostumeImporter(Importer):
    """Plan and write costume rows with the catalog's costume rules (heroes and multiples)."""

    spec = SPEC

    def prepare(self, rows: list[RowReader]) -> None:
        """Every costume with its multiples, every production and character, in three queries."""
        query = select(Costume).options(selectinload(Costume.multiples))
        self.costumes = {c.id: c for c in db.session.scalars(query)}
        self.productions = by_lower_name(db.session.scalars(select(Production)))
        self.characters = list(db.session.scalars(select(Character)))

    def plan(self, row: RowReader) -> RowPlan:
        """What this row does to the costume list, with every problem named on the row."""
        costume, key = self._find(row)
        values = self._read(row)
        old = {f: getattr(costume, f) for f in FIELDS} if costume else {}
        if "character_id" not in values and row.has("Character") and not row.refused("Character"):
            values["character_id"] = self._character(row, values, old)
        merged = {"shared": False, "retired": False} | old | values
        merged = self._check_rules(row, costume, merged)
        # A character brings its production along, even without a Production column.
        values = {k: merged[k] for k in dict.fromkeys([*values, "production_id"]) if k in merged}
        if costume is None:
            values = {k: v for k, v in values.items() if v not in (None, "")}
            action = "create"
        else:
            values = {k: v for k, v in values.items() if not equal(old[k], v)}
            action = "update" if values else "unchanged"
        changes = {
            FIELD_COLUMNS[f]: (self._show(f, old.get(f)), self._show(f, v))
            for f, v in values.items()
        }
        name = merged.get("name") or ""
        return RowPlan(row.number, action, key, name, changes, costume, values)

    def _find(self, row: RowReader) -> tuple[Costume | None, str]:
        hint = _("Leave Costume ID blank to create a new costume.")
        return find_by_code(row, "Costume ID", "C", "costume", self.costumes, hint)

    def _read(self, row: RowReader) -> dict:
        values = {}
        for column, field in TEXT_COLUMNS.items():
            limit, multiline = text_limit(Costume, field), field.endswith("notes")
            values[field] = row.read(column, cells.read_text, limit, multiline)
        for column, field in FLAG_COLUMNS.items():
            flag = row.read(column, cells.read_yes_no)
            values[field] = ABSENT if flag is None else flag  # blank keeps the current value
        values["production_id"] = row.read("Production", self._production)
        values["hero_id"] = row.read("Hero ID", self._hero)
        return {k: v for k, v in values.items() if v is not ABSENT and v is not INVALID}

    def _production(self, text: str) -> int | None:
        return named_production(self.productions, text)

    def _hero(self, text: str) -> int | None:
        number = cells.read_code(text, "C", "costume")
        if number is not None and number not in self.costumes:
            raise cells.CellError(unknown_code("costume", f"C-{number}"))
        return number

    def _character(self, row: RowReader, values: dict, old: dict):
        """The character named in the row, within the row's production when it has one."""
        text = row.text("Character")
        if not text:
            return None
        production_id = values.get("production_id", old.get("production_id"))
        if ":" in text and lower(text.split(":", 1)[0]) in self.productions:
            head, text = text.split(":", 1)
            production_id = self.productions[lower(head)].id
        named = [c for c in self.characters if lower(c.name) == lower(text)]
        matches = [c for c in named if production_id in (None, c.production_id)]
        if len(matches) == 1:
            return matches[0].id
        if len(matches) > 1:
            row.issue(
                "Character",
                _(
                    "Several productions have a character '%(name)s'; fill in Production.",
                    name=text,
                ),
            )
        elif named:
            production = db.session.get(Production, production_id)
            row.issue(
                "Character",
                _(
                    "'%(name)s' is not a character of %(production)s.",
                    name=text,
                    production=production,
                ),
            )
        else:
            row.issue(
                "Character", _("Unknown character '%(name)s'; add it under Lists first.", name=text)
            )
        return INVALID

    def _check_rules(self, row: RowReader, costume: Costume | None, merged: dict) -> dict:
        """The catalog's costume rules; a multiple's hero becomes the group's original."""
        if merged.get("character_id") is INVALID:
            merged.pop("character_id")
        fields = {k: v for k, v in merged.items() if k != "retired"}
        try:
            fields = check_costume_fields(costume, fields)
        except CostumeError as error:
            for field, reason in error.errors.items():
                if not row.refused(FIELD_COLUMNS.get(field, field)):
                    row.issue(FIELD_COLUMNS.get(field, field), reason)
            return merged
        return fields | {"retired": merged.get("retired", False)}

    def check_together(self, plans: list[RowPlan]) -> list[ImportIssue]:
        """Besides duplicates: after the import, no multiple may be the hero of another."""
        issues = super().check_together(plans)
        hero_of = {cid: c.hero_id for cid, c in self.costumes.items()}
        hero_of.update(
            (plan.record.id, plan.values["hero_id"])
            for plan in plans
            if plan.record is not None and "hero_id" in plan.values
        )
        for plan in plans:
            hero_id = plan.values.get("hero_id")
            if hero_id and hero_of.get(hero_id):
                reason = _(
                    "C-%(hero)s becomes a multiple itself (of C-%(original)s); "
                    "name the original instead.",
                    hero=hero_id,
                    original=hero_of[hero_id],
                )
                issues.append(ImportIssue(plan.row, "Hero ID", reason))
        return issues

    def _show(self, field: str, value) -> str:
        if value is None:
            return ""
        if field == "hero_id":
            return f"C-{value} {self.costumes[value].name}"
        if field in ("production_id", "character_id"):
            model = Production if field == "production_id" else Character
            return str(db.session.get(model, value))
        return cells.show(value)

    def write(self, plans: list[RowPlan], user, filename: str) -> None:
        """Create the new costumes and apply the edits, each recorded with the file's name."""
        for plan in plans:
            costume = plan.record
            if plan.action == "create":
                costume = Costume(**plan.values)
                db.session.add(costume)
                changes = {k: (None, v) for k, v in plan.values.items()}
                summary = f"Created by import of {filename} (row {plan.row})"
            else:
                changes = {k: (getattr(costume, k), v) for k, v in plan.values.items()}
                for field, value in plan.values.items():
                    setattr(costume, field, value)
                summary = f"Updated by import of {filename} (row {plan.row})"
            record_event("import", user, costume=costume, summary=summary,
                         changes=labelled(changes))  # fmt: skip
