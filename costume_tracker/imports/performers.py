"""Performer import keyed on "Performer ID", with characters, doubles and measurement sheets."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..catalog.services import labelled
from ..extensions import db
from ..history.services import record_event
from ..i18n.times import local_today
from ..inputs import measurement_date_problem
from ..lists.models import Character, Site
from ..people.models import PERFORMER_KINDS, Measurement, Performer
from ..people.services import PerformerError, check_performer
from ..reports.columns import (
    MEASUREMENT_COLUMN_NAMES,
    MEASUREMENT_DATE_COLUMN,
    PERFORMER_COLUMNS,
    SHOE_SIZE_COLUMN,
)
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
    named_site,
    text_limit,
    unknown_code,
)
from .results import ImportIssue, RowPlan

SPEC = FileSpec(
    kind="performers",
    key="Performer ID",
    columns=(*PERFORMER_COLUMNS, MEASUREMENT_DATE_COLUMN, SHOE_SIZE_COLUMN),
    lengths={name: field for field, name in MEASUREMENT_COLUMN_NAMES.items()},
    required=("Performer ID", "Name", "Company", "Kind"),
)
# The range record_measurement accepts, in centimetres.
MEASUREMENT_RANGE_CM = (1, 300)
COLUMNS = {"Name": "name", "Company": "company_site_id", "Kind": "kind",
           "Doubles for": "doubles_for_id", "Notes": "notes"}  # fmt: skip
FIELD_COLUMNS = {field: column for column, field in COLUMNS.items()}
FIELDS = tuple(COLUMNS.values())


class PerformerImporter(Importer):
    """Plan and write performer rows; a changed measurement sheet adds a new measuring."""

    spec = SPEC

    def prepare(self, rows: list[RowReader]) -> None:
        """Sites, characters, and every performer with characters and measurements loaded."""
        sites = db.session.scalars(select(Site)).all()
        self.sites = by_lower_name(sites) | by_lower_name(sites, "code")
        query = select(Performer).options(
            selectinload(Performer.characters), selectinload(Performer.measurements)
        )
        self.performers = {p.id: p for p in db.session.scalars(query)}
        characters = list(db.session.scalars(select(Character)))
        self.characters = {lower(f"{c.production.name}: {c.name}"): c for c in characters}
        self.by_name: dict[str, list[Character]] = {}
        for character in characters:
            self.by_name.setdefault(lower(character.name), []).append(character)

    def plan(self, row: RowReader) -> RowPlan:
        """What this row does to the cast list, with every problem named on the row."""
        performer, key = self._find(row)
        values = self._read(row)
        old = {f: getattr(performer, f) for f in FIELDS} if performer else {}
        self._check_rules(row, performer, old | values)
        extra, changes = {}, {}
        characters = row.read("Characters", self._characters)
        old_characters = {c.id for c in performer.characters} if performer else set()
        if characters not in (ABSENT, INVALID) and characters != old_characters:
            extra["characters"] = characters
            changes["Characters"] = (self._names(old_characters), self._names(characters))
        measurement = self._measurement(row, performer)
        if measurement:
            extra["measurement"] = measurement
            changes.update(measurement.pop("changes"))
        if performer is None:
            values = {k: v for k, v in values.items() if v not in (None, "")}
        else:
            values = {k: v for k, v in values.items() if not equal(old[k], v)}
        changes = {
            FIELD_COLUMNS[f]: (self._show(f, old.get(f)), self._show(f, v))
            for f, v in values.items()
        } | changes
        action = "create" if performer is None else ("update" if changes else "unchanged")
        name = values.get("name") or (performer.name if performer else "")
        return RowPlan(row.number, action, key, name, changes, performer, values, extra)

    def _find(self, row: RowReader) -> tuple[Performer | None, str]:
        hint = _("Leave Performer ID blank to add a new performer.")
        return find_by_code(row, "Performer ID", "P", "performer", self.performers, hint)

    def _read(self, row: RowReader) -> dict:
        values = {
            "name": row.read("Name", cells.read_text, text_limit(Performer, "name")),
            "notes": row.read("Notes", cells.read_text, None, True),
            "kind": row.read("Kind", self._kind),
            "company_site_id": row.read("Company", self._site),
            "doubles_for_id": row.read("Doubles for", self._performer),
        }
        return {k: v for k, v in values.items() if v is not ABSENT and v is not INVALID}

    def _kind(self, text: str) -> str | None:
        return cells.read_choice(text, PERFORMER_KINDS, "kind")

    def _site(self, text: str) -> int | None:
        return named_site(self.sites, text)

    def _performer(self, text: str) -> int | None:
        number = cells.read_code(text, "P", "performer")
        if number is not None and number not in self.performers:
            raise cells.CellError(unknown_code("performer", f"P-{number}"))
        return number

    def _characters(self, text: str) -> set[int]:
        """Characters written "Production: Character; …" (a name alone when it is unique)."""
        found = set()
        for item in (part.strip() for part in text.replace("\n", ";").split(";")):
            if not item:
                continue
            character = self.characters.get(lower(item))
            named = self.by_name.get(lower(item), [])
            if character is None and len(named) > 1:
                raise cells.CellError(
                    _(
                        "Several productions have a character '%(name)s'; "
                        "write 'Production: %(name)s'.",
                        name=item,
                    )
                )
            character = character or (named[0] if named else None)
            if character is None:
                raise cells.CellError(
                    _("Unknown character '%(name)s'; add it under Lists first.", name=item)
                )
            found.add(character.id)
        return found

    def _check_rules(self, row: RowReader, performer: Performer | None, merged: dict) -> None:
        if merged.get("kind") is None and not row.refused("Kind"):
            row.issue("Kind", _("Missing kind."))
        try:
            check_performer(performer, merged)
        except PerformerError as error:
            for field, reason in error.errors.items():
                column = FIELD_COLUMNS.get(field, field)
                if not row.refused(column) and not (field == "kind" and not merged.get("kind")):
                    row.issue(column, reason)

    def _measurement(self, row: RowReader, performer: Performer | None) -> dict | None:
        """A new measuring when the row's sheet differs from the latest one, else None."""
        latest = performer.current_measurement if performer else None
        values, changes = {}, {}
        for field, unit in self.header.units.items():
            column = self.header.length_headers[field]
            value = row.read(column, cells.read_length, unit, *MEASUREMENT_RANGE_CM)
            if value is INVALID:
                return None
            old = getattr(latest, field) if latest else None
            values[field] = value
            if not cells.same_length(old, value, unit):
                changes[column] = (cells.show(cells.to_unit(old, unit)),
                                   cells.show(cells.to_unit(value, unit)))  # fmt: skip
        shoe = row.read(SHOE_SIZE_COLUMN, cells.read_text, text_limit(Measurement, "shoe_size"))
        if shoe is INVALID:
            return None
        if shoe is not ABSENT:
            values["shoe_size"] = shoe
            if not equal(latest.shoe_size if latest else "", shoe):
                changes[SHOE_SIZE_COLUMN] = (latest.shoe_size if latest else "", shoe)
        when = row.read(MEASUREMENT_DATE_COLUMN, cells.read_date)
        if not changes or when is INVALID:
            return None
        fields = (*self.spec.lengths.values(), "shoe_size")
        sheet = ({f: getattr(latest, f) for f in fields} if latest else {}) | values
        if all(sheet.get(f) in (None, "") for f in fields):
            row.issue("", _("The measurement cells are all blank; a measuring needs a value."))
            return None
        measured_on = self._measured_on(row, latest, when)
        if measured_on is None:
            return None
        changes[MEASUREMENT_DATE_COLUMN] = (
            latest.measured_on.isoformat() if latest else "",
            measured_on.isoformat(),
        )
        return sheet | {"measured_on": measured_on, "changes": changes}

    def _measured_on(self, row: RowReader, latest: Measurement | None, when) -> date | None:
        when = local_today() if when in (None, ABSENT) else when
        problem = measurement_date_problem(when)
        if problem:
            row.issue(MEASUREMENT_DATE_COLUMN, problem)
            return None
        if latest is not None and when < latest.measured_on:
            row.issue(
                MEASUREMENT_DATE_COLUMN,
                _(
                    "The measurements changed but %(day)s is before the latest measuring "
                    "(%(latest)s); an import adds new measurings only. Write today's date or "
                    "the date they were taken.",
                    day=when.isoformat(),
                    latest=latest.measured_on.isoformat(),
                ),
            )
            return None
        return when

    def check_together(self, plans: list[RowPlan]) -> list[ImportIssue]:
        """Besides duplicates: after the import, nobody doubles for a double."""
        issues = super().check_together(plans)
        doubles_for = {pid: p.doubles_for_id for pid, p in self.performers.items()}
        doubles_for.update(
            (plan.record.id, plan.values["doubles_for_id"])
            for plan in plans
            if plan.record is not None and "doubles_for_id" in plan.values
        )
        for plan in plans:
            principal = plan.values.get("doubles_for_id")
            if principal and doubles_for.get(principal):
                reason = _(
                    "P-%(principal)s becomes a double; name the principal they double for.",
                    principal=principal,
                )
                issues.append(ImportIssue(plan.row, "Doubles for", reason))
        return issues

    def _names(self, ids: set[int]) -> str:
        characters = [db.session.get(Character, i) for i in ids]
        ordered = sorted(characters, key=lambda c: (c.production.name_key, c.name_key))
        return "; ".join(f"{c.production.name}: {c.name}" for c in ordered)

    def _show(self, field: str, value) -> str:
        if value is None:
            return ""
        if field == "company_site_id":
            return db.session.get(Site, value).name
        if field == "doubles_for_id":
            return f"P-{value} {self.performers[value].name}"
        return cells.show(value)

    def write(self, plans: list[RowPlan], user, filename: str) -> None:
        """Add and edit performers, and add their new measurings, naming the file in history."""
        for plan in plans:
            performer = plan.record
            created = performer is None
            changes = {k: (None if created else getattr(performer, k), v)
                       for k, v in plan.values.items()}  # fmt: skip
            if created:
                performer = Performer(**plan.values)
                db.session.add(performer)
            for field, value in plan.values.items():
                setattr(performer, field, value)
            if "characters" in plan.extra:
                ids = plan.extra["characters"]
                performer.characters = [db.session.get(Character, i) for i in sorted(ids)]
                changes["characters"] = plan.changes["Characters"]
            where = f"import of {filename} (row {plan.row})"
            if created or changes:
                record_event(
                    "import",
                    user,
                    performer=performer,
                    summary=("Added by " if created else "Updated by ") + where,
                    changes=labelled({k: v for k, v in changes.items() if k != "notes"}),
                )
            if "measurement" in plan.extra:
                self._add_measurement(performer, plan.extra["measurement"], user, where)

    def _add_measurement(self, performer: Performer, values: dict, user, where: str) -> None:
        # Like the measurement form: a new row, and an event without the (personal) values.
        measurement = Measurement(performer=performer, measured_by_id=getattr(user, "id", None),
                                  notes=f"From {where}"[:500], **values)  # fmt: skip
        db.session.add(measurement)
        summary = f"Measured on {values['measured_on'].isoformat()} ({where})"
        record_event("measurement", user, performer=performer, summary=summary)
