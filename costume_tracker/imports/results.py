"""What an import found: named errors by row and column, and the change planned per row."""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _

from ..wording import plural


@dataclass(frozen=True)
class ImportIssue:
    """One reason a file or a row is refused: spreadsheet row (header = 1), column, reason.

    ``row`` is None when the whole file is refused; ``column`` is "" when no single
    column is to blame.
    """

    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            where = _("file, %(column)s", column=self.column) if self.column else _("file")
        elif self.column:
            where = _("row %(row)s, %(column)s", row=self.row, column=self.column)
        else:
            where = _("row %(row)s", row=self.row)
        return _("%(where)s: %(reason)s", where=where, reason=self.reason)


@dataclass
class RowPlan:
    """What importing one row does: create, update or nothing, and which fields change."""

    row: int
    # "create", "update", "unchanged", "refused" (the row has errors), or "remove" (a record
    # the file leaves out, such as a breakdown scene's cast row; the row is the scene's first)
    action: str
    key: str  # tag code, C-12, P-7, or "new"
    name: str
    # Column header -> (old, new) as a person reads them; empty for "unchanged".
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    record: Any = None  # the existing garment, costume or performer
    values: dict[str, Any] = field(default_factory=dict)  # model fields to write
    extra: dict[str, Any] = field(default_factory=dict)  # characters, a new measurement…


@dataclass
class ImportPreview:
    """The dry run of a file: counts, the changes row by row, and every error."""

    kind: str
    filename: str
    rows: int = 0
    plans: list[RowPlan] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the whole file does: "2 new scenes"

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for plan in self.plans if plan.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def removed(self) -> int:
        return self.count("remove")

    @property
    def changed_plans(self) -> list[RowPlan]:
        return [plan for plan in self.plans if plan.action in ("create", "update", "remove")]

    def fingerprint(self) -> str:
        """A digest of the planned changes, so a confirm applies exactly what was previewed."""
        planned = [
            [plan.row, plan.action, plan.key, sorted(plan.changes.items())]
            for plan in self.changed_plans
        ]
        text = json.dumps([self.kind, planned, [str(e) for e in self.errors]], default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def summary(self) -> str:
        """One line for people: how many rows are created, updated, unchanged, refused."""
        counts = {
            "file": self.filename,
            "rows": plural(self.rows, "row", "rows"),
            "created": format_decimal(self.created),
            "updated": format_decimal(self.updated),
            "unchanged": format_decimal(self.unchanged),
        }
        if not self.errors and self.removed:
            return _(
                "%(file)s: %(rows)s — %(created)s to create, %(updated)s to update, "
                "%(unchanged)s unchanged, %(removed)s to remove.",
                removed=format_decimal(self.removed),
                **counts,
            )
        if not self.errors:
            return _(
                "%(file)s: %(rows)s — %(created)s to create, %(updated)s to update, "
                "%(unchanged)s unchanged.",
                **counts,
            )
        return _(
            "%(file)s: %(rows)s — %(created)s to create, %(updated)s to update, "
            "%(unchanged)s unchanged, %(refused)s with errors; %(errors)s, "
            "nothing will be written.",
            refused=format_decimal(self.count("refused")),
            errors=plural(len(self.errors), "error", "errors"),
            **counts,
        )


@dataclass
class ImportResult:
    """The outcome of a confirmed import: written, or the fresh preview saying why not."""

    applied: bool
    preview: ImportPreview
    # True when the data changed since the preview the user confirmed.
    stale: bool = False
