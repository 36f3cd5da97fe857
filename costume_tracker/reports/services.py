"""The reports, and the service functions the pages, the CLI and the import share.

Stable entry points:

- ``write_report(name, out, **filters)`` writes a report's CSV to a binary file and
  returns the number of rows written;
- ``report_csv(name, filters, context)`` yields the CSV as byte pieces (for streaming);
- ``report_rows(name, filters, context)`` yields the rows as lists of text cells.

``context.dialect`` picks the file's flavour: the standard CSV (``en``, the import
contract) or the French spreadsheet (``fr``; see :mod:`.dialects`).
"""

from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import BinaryIO

from flask_babel import gettext as _

from ..i18n.times import local_today
from . import (
    breakdown_reports,
    catalog_reports,
    doubles_reports,
    people_reports,
    plot_reports,
    pull_reports,
    tracking_reports,
)
from .core import Report, ReportContext, iter_rows
from .csvfile import csv_chunks
from .dialects import dialect, headers_for
from .filters import ReportError, ReportFilters, parse_filters

_ORDER = (
    "inventory", "tutus", "costume-plot", "doubles-coverage", "scene-doubles", "out", "history",
    "performers", "costumes", "pull-list", "change-plot", "day-out-of-days", "breakdown",
)  # fmt: skip
_ALL = {
    report.name: report
    for module in (
        breakdown_reports,
        catalog_reports,
        doubles_reports,
        people_reports,
        plot_reports,
        pull_reports,
        tracking_reports,
    )  # fmt: skip
    for report in module.REPORTS
}
REPORTS: dict[str, Report] = {name: _ALL[name] for name in _ORDER if name in _ALL}


def get_report(name: str) -> Report:
    """The report called ``name``; an unknown name is refused with the list of names."""
    try:
        return REPORTS[name]
    except KeyError:
        raise ReportError(
            {
                "report": _(
                    "no report called '%(name)s'; reports: %(names)s.",
                    name=name,
                    names=", ".join(REPORTS),
                )
            }
        ) from None


def read_filters(
    report: Report, raw: Mapping[str, object], *, strict: bool = False
) -> ReportFilters:
    """The report's filters from strings or ids (site 'Paris' or 1, performer 'P-7')."""
    text = {key: None if value is None else str(value) for key, value in raw.items()}
    return parse_filters(text, report.filters, strict=strict)


def report_rows(name: str, filters: ReportFilters, context: ReportContext) -> Iterator[list[str]]:
    """Every row of the report, as text cells, in the order the page shows them."""
    return iter_rows(get_report(name), filters, context)


def report_csv(name: str, filters: ReportFilters, context: ReportContext) -> Iterator[bytes]:
    """The report's CSV as UTF-8 pieces, BOM and header first, streamed from the database."""
    report = get_report(name)
    return _csv(report, iter_rows(report, filters, context), context, filters)


def _csv(report: Report, rows, context: ReportContext, filters: ReportFilters) -> Iterator[bytes]:
    chosen = dialect(context.dialect)
    header = headers_for(report.columns(context, filters), chosen)
    return csv_chunks(header, rows, delimiter=chosen.delimiter)


def write_report(
    name: str, out: BinaryIO, *, context: ReportContext | None = None, **filters
) -> int:
    """Write the report's CSV to ``out``; filters as on the command line. Returns the rows."""
    report = get_report(name)
    parsed = read_filters(report, filters, strict=True)
    context = context or ReportContext()
    if parsed.unit:
        context = replace(context, unit=parsed.unit)
    counted = _Counter(iter_rows(report, parsed, context))
    for piece in _csv(report, counted, context, parsed):
        out.write(piece)
    return counted.count


def csv_filename(name: str, today: date | None = None) -> str:
    """The download's file name, e.g. costume-tracker-inventory-2026-11-24.csv."""
    return f"costume-tracker-{name}-{(today or local_today()).isoformat()}.csv"


class _Counter:
    """Pass rows through, counting them."""

    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


__all__ = ["REPORTS", "ReportContext", "ReportError", "ReportFilters", "write_report"]
