"""Garment import keyed on "Tag": NEW catalogues a garment, a known tag code updates it."""

from flask_babel import gettext as _
from sqlalchemy import insert, select

from ..catalog.forms import GarmentForm
from ..catalog.models import CATEGORIES, CONDITIONS, TUTU_STYLES, Costume, Garment
from ..catalog.services import (
    EDITABLE_FIELDS,
    TAG_PATTERN,
    GarmentError,
    check_garment_fields,
    labelled,
    next_tag_codes,
    normalise_tag,
)
from ..extensions import db
from ..history.services import record_events
from ..lists.models import Location, Production, Site
from ..reports.columns import GARMENT_COLUMNS, GARMENT_READ_ONLY
from . import cells
from .base import (
    ABSENT,
    INVALID,
    FileSpec,
    Importer,
    RowReader,
    by_lower_name,
    chunks,
    equal,
    form_range,
    lower,
    named_production,
    named_site,
    text_limit,
    unknown_code,
)
from .results import RowPlan

LENGTH_BASES = {h.removesuffix(" (cm)"): h for h in GARMENT_COLUMNS if h.endswith(" (cm)")}
SPEC = FileSpec(
    kind="garments",
    key="Tag",
    columns=tuple(h for h in GARMENT_COLUMNS if h not in LENGTH_BASES.values()),
    lengths={base: base.lower().replace(" ", "_") + "_cm" for base in LENGTH_BASES},
    read_only=GARMENT_READ_ONLY,
    required=("Tag", "Name", "Category", "Home site"),
)
TEXT_COLUMNS = {
    "Name": "name", "Colour": "colour", "Fabric": "fabric", "Size": "size_label",
    "Net type": "net_type", "Care notes": "care_notes", "Notes": "notes",
}  # fmt: skip
CHOICE_COLUMNS = {
    "Category": ("category", CATEGORIES),
    "Tutu style": ("tutu_style", TUTU_STYLES),
    "Condition": ("condition", CONDITIONS),
}
# Which column to blame for each reason the catalog rules give.
FIELD_COLUMNS = {
    "name": "Name", "category": "Category", "home_site_id": "Home site",
    "net_layers": "Net layers", "tutu_style": "Tutu style", "hoop": "Hoop",
}  # fmt: skip
WRITABLE = (*EDITABLE_FIELDS, "location_id")
NEW = "NEW"


class GarmentImporter(Importer):
    """Plan and write garment rows with the catalog's own rules (tutus and net layers)."""

    spec = SPEC

    def prepare(self, rows: list[RowReader]) -> None:
        """Sites, locations, productions and costumes, and the rows' garments in chunks."""
        sites = db.session.scalars(select(Site)).all()
        self.sites = by_lower_name(sites) | by_lower_name(sites, "code")
        self.locations = {
            (loc.site_id, lower(loc.name)): loc for loc in db.session.scalars(select(Location))
        }
        self.productions = by_lower_name(db.session.scalars(select(Production)))
        self.costumes = {c.id: c for c in db.session.scalars(select(Costume))}
        self.names = {
            "home_site_id": {site.id: site.name for site in sites},
            "location_id": {loc.id: loc.name for loc in self.locations.values()},
            "production_id": {p.id: p.name for p in self.productions.values()},
        }
        tags = sorted({normalise_tag(row.text("Tag")) for row in rows} - {"", NEW})
        self.garments: dict[str, Garment] = {}
        for chunk in chunks(tags):
            found = db.session.scalars(select(Garment).where(Garment.tag_code.in_(chunk)))
            self.garments.update((g.tag_code, g) for g in found)
        self.lengths = {
            field: form_range(GarmentForm, field) for field in self.spec.lengths.values()
        }

    def plan(self, row: RowReader) -> RowPlan:
        """What this row does to the catalog, with every problem named on the row."""
        garment, key = self._find(row)
        values = self._read(row)
        old = {f: getattr(garment, f) for f in WRITABLE} if garment else {}
        self._check_location(row, values, old)
        merged = {f: old.get(f) for f in EDITABLE_FIELDS} | values
        if garment is None and merged.get("condition") is None:
            merged["condition"] = values["condition"] = "good"
        if merged.get("category") is None and not row.refused("Category"):
            row.issue(
                "Category",
                _("Missing category; use one of: %(choices)s.", choices=", ".join(CATEGORIES)),
            )
        self._check_catalog_rules(row, merged)
        if garment is None:
            values = {k: v for k, v in values.items() if v not in (None, "")}
            action = "create"
        else:
            values = {k: v for k, v in values.items() if not self._same(k, old[k], v)}
            action = "update" if values else "unchanged"
        name = merged.get("name") or (garment.name if garment else "")
        changes = {self._column(f): (self._show(f, old.get(f)), self._show(f, v))
                   for f, v in values.items()}  # fmt: skip
        return RowPlan(row.number, action, key, name, changes, garment, values)

    def _find(self, row: RowReader) -> tuple[Garment | None, str]:
        text = row.text("Tag")
        if not text:
            row.issue("Tag", _("Missing tag: write the garment's tag code, or NEW for a new one."))
            return None, ""
        tag = normalise_tag(text)
        if tag == NEW:
            return None, "new"
        if not TAG_PATTERN.match(tag):
            row.issue(
                "Tag", _("'%(text)s' is not a tag code such as ET-00042 (or NEW).", text=text)
            )
        elif tag not in self.garments:
            row.issue(
                "Tag",
                _(
                    "Unknown tag %(tag)s: no garment has it. Tag codes are given by the app; "
                    "write NEW to catalogue a new garment.",
                    tag=tag,
                ),
            )
        return self.garments.get(tag), tag

    def _read(self, row: RowReader) -> dict:
        """The row's values by garment field; absent columns and refused cells are left out."""
        values = {}
        for column, field in TEXT_COLUMNS.items():
            limit, multiline = text_limit(Garment, field), field.endswith("notes")
            values[field] = row.read(column, cells.read_text, limit, multiline)
        for column, (field, choices) in CHOICE_COLUMNS.items():
            values[field] = row.read(column, cells.read_choice, choices, column.lower())
        for field, unit in self.header.units.items():
            low, high = self.lengths[field]
            header = self.header.length_headers[field]
            values[field] = row.read(header, cells.read_length, unit, low, high)
        values["net_layers"] = row.read("Net layers", cells.read_int)
        values["hoop"] = row.read("Hoop", cells.read_yes_no)
        values["replacement_cost"] = row.read("Replacement cost", cells.read_money)
        values["costume_id"] = row.read("Costume ID", self._costume)
        values["production_id"] = row.read("Production", self._production)
        values["home_site_id"] = row.read("Home site", self._site)
        if values.get("condition") is None and row.has("Condition") and self._updating(row):
            values["condition"] = INVALID
            if not row.refused("Condition"):
                row.issue(
                    "Condition",
                    _("Missing condition; use one of: %(choices)s.", choices=", ".join(CONDITIONS)),
                )
        return {k: v for k, v in values.items() if v is not ABSENT and v is not INVALID}

    def _updating(self, row: RowReader) -> bool:
        return normalise_tag(row.text("Tag")) in self.garments

    def _costume(self, text: str) -> int | None:
        number = cells.read_code(text, "C", "costume")
        if number is not None and number not in self.costumes:
            raise cells.CellError(unknown_code("costume", f"C-{number}"))
        return number

    def _production(self, text: str) -> int | None:
        return named_production(self.productions, text)

    def _site(self, text: str) -> int | None:
        return named_site(self.sites, text)

    def _check_location(self, row: RowReader, values: dict, old: dict) -> None:
        """A location is named within the garment's home site."""
        if row.refused("Home site"):
            return
        site_id = values.get("home_site_id", old.get("home_site_id"))
        site = db.session.get(Site, site_id) if site_id else None
        if row.has("Location"):
            text = row.text("Location")
            location = self.locations.get((site_id, lower(text))) if text else None
            if text and location is None:
                row.issue(
                    "Location",
                    _("Unknown location '%(name)s' at %(site)s.", name=text, site=site.name)
                    if site
                    else _("Unknown location '%(name)s'.", name=text),
                )
            elif not text or location:
                values["location_id"] = location.id if location else None
            return
        current = db.session.get(Location, old["location_id"]) if old.get("location_id") else None
        if current is not None and site is not None and current.site_id != site.id:
            row.issue(
                "Location",
                _(
                    "The garment is at %(location)s but its home site becomes %(site)s: "
                    "add a Location column naming a location there, or leave it blank.",
                    location=current,
                    site=site.name,
                ),
            )

    def _check_catalog_rules(self, row: RowReader, merged: dict) -> None:
        try:
            check_garment_fields(dict(merged))
        except GarmentError as error:
            for field, reason in error.errors.items():
                column = FIELD_COLUMNS.get(field, field)
                if not row.refused(column) and not (field == "category" and not merged[field]):
                    row.issue(column, reason)

    def _same(self, field: str, old, new) -> bool:
        if field in self.header.units:
            return cells.same_length(old, new, self.header.units[field])
        return equal(old, new)

    def _column(self, field: str) -> str:
        if field in self.header.length_headers:
            return self.header.length_headers[field]
        named = {v: k for k, v in TEXT_COLUMNS.items()} | {
            v[0]: k for k, v in CHOICE_COLUMNS.items()
        }
        extra = {"net_layers": "Net layers", "hoop": "Hoop", "replacement_cost": "Replacement cost",
                 "costume_id": "Costume ID", "production_id": "Production",
                 "home_site_id": "Home site", "location_id": "Location"}  # fmt: skip
        return named.get(field) or extra[field]

    def _show(self, field: str, value) -> str:
        if value is None:
            return ""
        if field in self.header.units:
            return cells.show(cells.to_unit(value, self.header.units[field]))
        if field == "costume_id":
            return f"C-{value} {self.costumes[value].name}"
        if field in self.names:
            return self.names[field].get(value, str(value))
        return cells.show(value)

    def write(self, plans: list[RowPlan], user, filename: str) -> None:
        """Catalogue the new garments (tag codes drawn first) and apply the edits."""
        creates = [plan for plan in plans if plan.action == "create"]
        # Draw every tag code before adding garments, so the inserts go to the database together.
        codes = next_tag_codes(len(creates))
        by_code = dict(zip(codes, creates, strict=True))
        blank = blank_garment()
        rows = [blank | plan.values | {"tag_code": code} for code, plan in by_code.items()]
        for batch in chunks(rows, 2000):
            # Multi-row INSERT … RETURNING; unordered (SQLite would go row by row), so the
            # new garments are matched to their rows by tag code.
            # render_nulls: one statement shape for tutus and the rest alike.
            statement = insert(Garment).returning(Garment).execution_options(render_nulls=True)
            for garment in db.session.scalars(statement, batch):
                plan = by_code[garment.tag_code]
                plan.key, plan.record = garment.tag_code, garment
        events = [
            {
                "garment_id": plan.record.id,
                "summary": f"Catalogued {plan.key} by import of {filename} (row {plan.row})",
                "changes": labelled({k: (None, v) for k, v in plan.values.items()}),
            }
            for plan in creates
        ]
        for plan in plans:
            if plan.action == "update":
                events.append(self._update(plan, filename))
        record_events("import", user, events)

    def _update(self, plan: RowPlan, filename: str) -> dict:
        """Apply one row's edits to its garment; returns the history entry."""
        garment = plan.record
        changes = {k: (getattr(garment, k), v) for k, v in plan.values.items()}
        for field, value in plan.values.items():
            setattr(garment, field, value)
        summary = f"Updated by import of {filename} (row {plan.row})"
        return {"garment_id": garment.id, "summary": summary, "changes": labelled(changes)}


def blank_garment() -> dict:
    """Every writable field at its default, so all new rows share one INSERT shape."""
    columns = Garment.__table__.c
    return {
        field: (columns[field].default.arg if columns[field].default is not None else None)
        for field in WRITABLE
    }
