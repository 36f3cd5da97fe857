"""What every kind of import shares: its columns, the header check, and reading a row."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from wtforms.validators import NumberRange

from ..reports.dialects import LOCAL_TIME_SUFFIX, english_header, french_header
from ..sorting import sort_key
from .cells import CellError, read_code
from .results import ImportIssue, RowPlan

UNITS = {"cm": "cm", "in": "in", "inch": "in", "inches": "in"}
_LENGTH_HEADER = re.compile(r"^(.+?)\s*\(\s*([a-z]+)\s*\)$", re.IGNORECASE)
# Returned by RowReader.read: the column is not in the file, or its cell was refused.
ABSENT = object()
INVALID = object()


@dataclass(frozen=True)
class FileSpec:
    """The columns one kind of file may have."""

    kind: str  # "garments", "costumes", "performers"
    key: str  # the column that finds the record: "Tag", "Costume ID"…
    columns: tuple[str, ...]  # plain columns, as exported
    lengths: dict[str, str] = field(default_factory=dict)  # "Chest" -> field, read in cm or in
    read_only: tuple[str, ...] = ()
    required: tuple[str, ...] = ()

    def all_headers(self) -> list[str]:
        """Every header the importer reads, lengths shown in centimetres."""
        lengths = [f"{base} (cm)" for base in self.lengths]
        return [c for c in self.columns if c not in self.read_only] + lengths


@dataclass
class Header:
    """Where each known column is in the file, and the unit of each length column."""

    positions: dict[str, int] = field(default_factory=dict)  # canonical header -> index
    units: dict[str, str] = field(default_factory=dict)  # length field -> "cm" or "in"
    length_headers: dict[str, str] = field(default_factory=dict)  # length field -> header
    width: int = 0
    unnamed: list[int] = field(default_factory=list)  # columns with a blank header


def resolve_header(cells: list[str], spec: FileSpec) -> tuple[Header, list[ImportIssue]]:
    """Match the file's headers to the kind's columns in any letter case; name each problem.

    Each header may be English or French (the French spreadsheet's), so a file mixing
    both is read too; a column named in both languages is a duplicate. Local-time columns
    are for reading only.
    """
    header, issues = Header(width=len(cells)), []
    plain = {column.lower(): column for column in spec.columns}
    # "story day" for "story_day": a header read back from its French name comes spaced.
    plain.update({k.replace("_", " "): v for k, v in plain.items() if "_" in k})
    lengths = {base.lower(): base for base in spec.lengths}
    seen: dict[str, int] = {}
    read = [english_header(text) if text else ("", False) for text in cells]
    french = 2 * sum(flag for _header, flag in read) > sum(1 for text in cells if text)
    for index, ((text, _flag), written) in enumerate(zip(read, cells, strict=True)):
        if not text:
            header.unnamed.append(index)  # refused only where a row has a value in it
            continue
        if (
            text.endswith(LOCAL_TIME_SUFFIX)
            and text.removesuffix(LOCAL_TIME_SUFFIX).lower() in plain
        ):
            continue  # a local-time copy of a UTC column
        canonical, length_field, unit = plain.get(text.lower()), None, None
        match = _LENGTH_HEADER.match(text)
        if canonical is None and match and match.group(1).lower() in lengths:
            base = lengths[match.group(1).lower()]
            unit = UNITS.get(match.group(2).lower())
            if unit is None:
                issues.append(ImportIssue(1, written, _("Unknown unit; write (cm) or (in).")))
                continue
            length_field, canonical = spec.lengths[base], f"{base} ({unit})"
        if canonical is None:
            issues.append(ImportIssue(1, written, _unknown_column(spec, french)))
            continue
        slot = length_field or canonical
        if slot in seen:
            issues.append(
                ImportIssue(1, written, _duplicate(cells[seen[slot]], written, seen[slot]))
            )
            continue
        seen[slot] = index
        if canonical in spec.read_only:
            continue
        header.positions[canonical] = index
        if length_field:
            header.units[length_field] = unit
            header.length_headers[length_field] = canonical
    for column in spec.required:
        if column not in header.positions:
            named = french_header(column) if french else column
            issues.append(ImportIssue(1, named, _("Missing required column.")))
    return header, issues


def _duplicate(first: str, again: str, position: int) -> str:
    """Why a second header for one column is refused; the first is named if written otherwise."""
    if first.lower() == again.lower():
        return _("Duplicate column: also column %(num)s.", num=position + 1)
    return _(
        "Duplicate column: also column %(num)s, '%(header)s'.",
        num=position + 1,
        header=first,
    )


def _unknown_column(spec: FileSpec, french: bool = False) -> str:
    """The refusal of an unknown header, listing the kind's headers in the file's language."""
    headers = spec.all_headers()
    columns = ", ".join(french_header(h) for h in headers) if french else ", ".join(headers)
    if spec.kind == "garments":
        return _("Unknown column; a garments file has: %(columns)s.", columns=columns)
    if spec.kind == "costumes":
        return _("Unknown column; a costumes file has: %(columns)s.", columns=columns)
    if spec.kind == "breakdown":
        return _("Unknown column; a breakdown file has: %(columns)s.", columns=columns)
    return _("Unknown column; a performers file has: %(columns)s.", columns=columns)


class RowReader:
    """One row's cells by column, collecting a named error for each refused cell."""

    def __init__(self, number: int, cells: list[str], header: Header):
        self.number = number
        self.cells = cells
        self.header = header
        self.issues: list[ImportIssue] = []
        extra = [c for c in cells[header.width :] if c]
        if extra:
            self.issue(
                "",
                _(
                    "This row has %(cells)s cells but the header has %(columns)s columns: "
                    "a value is outside any column.",
                    cells=len(cells),
                    columns=header.width,
                ),
            )
        for index in header.unnamed:
            if index < len(cells) and cells[index]:
                self.issue(
                    _("column %(num)s", num=index + 1),
                    _("A value in a column with no header; name the column or delete it."),
                )

    def has(self, column: str) -> bool:
        return column in self.header.positions

    def text(self, column: str) -> str:
        index = self.header.positions.get(column)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def issue(self, column: str, reason: str) -> None:
        self.issues.append(ImportIssue(self.number, column, reason))

    def refused(self, column: str) -> bool:
        return any(issue.column == column for issue in self.issues)

    def read(self, column: str, parse: Callable[..., Any], *args) -> Any:
        """The parsed cell, ABSENT when the file has no such column, INVALID when refused."""
        if not self.has(column):
            return ABSENT
        try:
            return parse(self.text(column), *args)
        except CellError as error:
            self.issue(column, str(error))
            return INVALID


class Importer:
    """One kind of import: preload what rows refer to, plan each row, write the plans."""

    spec: FileSpec

    def __init__(self, header: Header):
        self.header = header

    def prepare(self, rows: list[RowReader]) -> None:
        """Load, in a few queries, every record and list entry the rows refer to."""

    def plan(self, row: RowReader) -> RowPlan:
        raise NotImplementedError

    def check_together(self, plans: list[RowPlan]) -> list[ImportIssue]:
        """Problems only visible across rows; by default, one record on two rows."""
        issues, first_row = [], {}
        for plan in plans:
            if plan.record is None:
                continue
            if plan.key in first_row:
                issues.append(
                    ImportIssue(
                        plan.row,
                        self.spec.key,
                        _(
                            "Duplicate row: %(key)s is also on row %(row)s.",
                            key=plan.key,
                            row=first_row[plan.key],
                        ),
                    )
                )
            else:
                first_row[plan.key] = plan.row
        return issues

    def finish(self, preview) -> None:
        """Add what only the whole file shows (lines removed, counts); by default nothing."""

    def write(self, plans: list[RowPlan], user, filename: str) -> None:
        raise NotImplementedError


def find_by_code(
    row: "RowReader", column: str, prefix: str, noun: str, records: dict, blank_hint: str
) -> tuple[Any, str]:
    """The record a key cell names (C-12, P-7), or None for a blank cell (a new record).

    An unreadable or unknown code is reported on the row; the second value is the key as
    the preview shows it ("new", "C-12", or the cell as written).
    """
    try:
        number = read_code(row.text(column), prefix, noun)
    except CellError as error:
        row.issue(column, str(error))
        return None, row.text(column)
    if number is None:
        return None, "new"
    if number not in records:
        row.issue(column, unknown_code(noun, f"{prefix}-{number}", blank_hint))
    return records.get(number), f"{prefix}-{number}"


def unknown_code(noun: str, code: str, hint: str = "") -> str:
    """'Unknown costume C-12.' (or performer P-7), then the hint, in the reader's language."""
    if noun == "costume":
        text = _("Unknown costume %(code)s.", code=code)
    else:
        text = _("Unknown performer %(code)s.", code=code)
    return f"{text} {hint}" if hint else text


def named_production(productions: dict, text: str) -> int | None:
    """The id of the production named ``text`` (any case), None when blank."""
    if not text:
        return None
    production = productions.get(lower(text))
    if production is None:
        raise CellError(_("Unknown production '%(name)s'; add it under Lists first.", name=text))
    return production.id


def named_site(sites: dict, text: str) -> int | None:
    """The id of the site named ``text`` (any case), None when blank."""
    if not text:
        return None
    site = sites.get(lower(text))
    if site is None:
        names = ", ".join(sorted({s.name for s in sites.values()}, key=sort_key))
        raise CellError(
            _("Unknown site '%(name)s'; use one of: %(names)s.", name=text, names=names)
        )
    return site.id


def form_range(form_class, name: str) -> tuple[float, float]:
    """The (min, max) a web form allows for a number field, so imports apply the same rule."""
    field = getattr(form_class, name)
    if "max_cm" in field.kwargs or hasattr(field.field_class, "use_unit"):
        # A length typed in the user's unit: its range is kept in centimetres.
        return field.kwargs.get("min_cm", 1), field.kwargs.get("max_cm", 300)
    for validator in field.kwargs.get("validators", ()):
        if isinstance(validator, NumberRange):
            return validator.min, validator.max
    raise LookupError(f"{form_class.__name__}.{name} has no NumberRange")


def text_limit(model, field_name: str) -> int | None:
    """The longest text the model's column keeps (None for unlimited Text)."""
    return getattr(model.__table__.c[field_name].type, "length", None)


def equal(old, new) -> bool:
    """Values equal once normalised: blank and None alike, numbers by value."""
    if old in (None, "") and new in (None, ""):
        return True
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new)
    return old == new


def by_lower_name(records, attribute: str = "name") -> dict[str, Any]:
    """Records keyed by a name in lower case, for case-insensitive look-ups."""
    return {" ".join(getattr(r, attribute).lower().split()): r for r in records}


def lower(text: str) -> str:
    return " ".join(text.lower().split())


def chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]
