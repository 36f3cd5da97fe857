"""Preview an import (nothing written), then apply it: all rows in one transaction, or none."""

from collections.abc import Callable
from pathlib import PurePath

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from .base import Importer, RowReader, resolve_header
from .breakdown import BreakdownImporter
from .cells import decimal_comma
from .costumes import CostumeImporter
from .garments import GarmentImporter
from .performers import PerformerImporter
from .reader import MAX_IMPORT_BYTES, FileRefused, read_csv
from .results import ImportIssue, ImportPreview, ImportResult

KINDS: dict[str, type[Importer]] = {
    "garments": GarmentImporter,
    "costumes": CostumeImporter,
    "performers": PerformerImporter,
    "breakdown": BreakdownImporter,
}
# Progress is reported to the caller (the CLI's progress bar) every this many rows.
PROGRESS_STEP = 500
Progress = Callable[[int], None]


def preview_import(
    kind: str,
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_IMPORT_BYTES,
    progress: Progress | None = None,
) -> ImportPreview:
    """The dry run: what importing the file would create, update and refuse; writes nothing."""
    try:
        return _plan(kind, data, filename, max_bytes, progress)[1]
    finally:
        db.session.rollback()


def apply_import(
    kind: str,
    data: bytes,
    filename: str,
    user,
    *,
    expected: str | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
    progress: Progress | None = None,
) -> ImportResult:
    """Check the file again and write every row in one transaction, or nothing.

    ``expected`` is the fingerprint of the preview the user confirmed: when the data
    changed since, nothing is written and the new preview is returned instead.
    """
    try:
        importer, preview = _plan(kind, data, filename, max_bytes, progress)
        if not preview.ok:
            db.session.rollback()
            return ImportResult(applied=False, preview=preview)
        if expected is not None and preview.fingerprint() != expected:
            db.session.rollback()
            return ImportResult(applied=False, preview=preview, stale=True)
        importer.write(preview.changed_plans, user, preview.filename)
        db.session.commit()
    except (StaleDataError, IntegrityError):
        # Someone changed the same records at the same moment: show what the file does now.
        db.session.rollback()
        fresh = preview_import(kind, data, filename, max_bytes=max_bytes)
        return ImportResult(applied=False, preview=fresh, stale=True)
    except Exception:
        db.session.rollback()
        raise
    return ImportResult(applied=True, preview=preview)


def _plan(
    kind: str, data: bytes, filename: str, max_bytes: int, progress: Progress | None
) -> tuple[Importer | None, ImportPreview]:
    """Read the file and plan every row; every problem becomes a named ImportIssue."""
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind {kind!r}; use one of {', '.join(KINDS)}.")
    preview = ImportPreview(kind=kind, filename=display_name(filename))
    try:
        table = read_csv(data, filename, max_bytes)
    except FileRefused as refused:
        preview.errors.append(refused.issue)
        return None, preview
    importer_class = KINDS[kind]
    header, issues = resolve_header(table.header, importer_class.spec)
    preview.errors.extend(issues)
    if any(column not in header.positions for column in importer_class.spec.required):
        return None, preview
    rows = [RowReader(number, cells, header) for number, cells in table.rows]
    preview.rows = len(rows)
    if not rows:
        preview.errors.append(
            ImportIssue(None, "", _("The file has a header row but no data rows."))
        )
        return None, preview
    importer = importer_class(header)
    importer.prepare(rows)
    with decimal_comma(table.separator == ";"):  # French spreadsheet: 1,250 is 1.25
        for done, row in enumerate(rows, start=1):
            preview.plans.append(importer.plan(row))
            preview.errors.extend(row.issues)
            if progress and done % PROGRESS_STEP == 0:
                progress(PROGRESS_STEP)
    if progress:
        progress(len(rows) % PROGRESS_STEP)
    preview.errors.extend(importer.check_together(preview.plans))
    importer.finish(preview)
    preview.errors.sort(key=lambda issue: issue.row or 0)
    refused = {issue.row for issue in preview.errors}
    for plan in preview.plans:
        if plan.row in refused:
            plan.action = "refused"
    return importer, preview


def display_name(filename: str) -> str:
    """The uploaded file's own name, as history and the preview show it."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    return (name or "upload.csv")[:120]
