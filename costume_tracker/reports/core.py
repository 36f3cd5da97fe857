"""What a report is, and the two ways to read one: a page of rows, or every row streamed.

A report is an ordered SELECT of "units" (garments, events, assignments…) and a function
that turns a chunk of units into rows of values, which :func:`format_rows` writes as text
in the reader's CSV dialect. The page and the CSV share all three, so the CSV holds
exactly the rows of all the pages, in the same order, with the same cells.
"""

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from functools import partial

from sqlalchemy import Select, func, select

from ..extensions import db
from ..i18n.times import local_today
from .csvfile import text
from .dialects import TIMESTAMP_COLUMNS, cell, dialect, local_time, with_local_times
from .filters import ReportFilters

# Units read from the database at once while streaming: memory stays flat with the size.
CHUNK = 500


@dataclass(frozen=True)
class ReportContext:
    """Who reads the report: unit, measurements or not, today, CSV dialect, time zone.

    ``local_times`` adds a local-time column in ``zone`` beside each UTC time column.
    """

    unit: str = "cm"
    measurements: bool = False
    today: date = field(default_factory=local_today)  # the reader's today
    dialect: str = "en"  # "en": the standard CSV; "fr": the French spreadsheet
    zone: tzinfo | None = None
    local_times: bool = False


@dataclass(frozen=True)
class Report:
    """One report: its name in URLs and on the command line, columns, query and rows."""

    name: str
    title: str
    description: str
    # Filter name -> allowed values (None: parsed by filters.PARSERS).
    filters: dict[str, tuple[str, ...] | None]
    headers: Callable[[ReportContext], tuple[str, ...]]
    select: Callable[[ReportFilters], Select]
    rows: Callable[[Sequence, ReportContext], list[list]]  # values, one list per row
    scalar: bool = True  # the SELECT yields one entity per unit (else a tuple row)
    # True when the columns follow the filters (a column per scene of the episode, per
    # shooting day): then headers(context, filters) and rows(units, context, filters).
    by_filters: bool = False
    # Filters the report cannot be made without (the change plot's episode).
    required: tuple[str, ...] = ()

    def header_row(self, context: ReportContext, filters: ReportFilters) -> tuple[str, ...]:
        """This run's English headers, before any local-time column."""
        return self.headers(context, filters) if self.by_filters else self.headers(context)

    def make_rows(self, units: Sequence, context: ReportContext, filters: ReportFilters):
        """The values of a chunk of units, one list per row."""
        if self.by_filters:
            return self.rows(units, context, filters)
        return self.rows(units, context)

    def columns(
        self, context: ReportContext, filters: ReportFilters | None = None
    ) -> tuple[str, ...]:
        """This run's English headers, local-time columns included when asked for."""
        headers = self.header_row(context, filters or ReportFilters())
        return with_local_times(headers) if context.local_times else headers


@dataclass
class ReportPage:
    """One page of a report, with what the pager macro needs."""

    page: int
    per_page: int
    total: int
    rows: list[list[str]]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _units(report: Report, result) -> list:
    return list(result.scalars()) if report.scalar else list(result)


def format_rows(
    rows: Sequence[Sequence], headers: tuple[str, ...], context: ReportContext
) -> list[list[str]]:
    """Rows of values as text cells in the context's dialect, local times beside UTC ones."""
    chosen = dialect(context.dialect)
    write = text if chosen.code == "en" else partial(cell, chosen=chosen)  # en: the hot path
    stamps = {i for i, h in enumerate(headers) if h in TIMESTAMP_COLUMNS}
    if not context.local_times or not stamps:
        return [[write(value) for value in values] for values in rows]
    formatted = []
    for values in rows:
        cells = []
        for index, value in enumerate(values):
            cells.append(write(value))
            if index in stamps:
                cells.append(local_time(value, context.zone))
        formatted.append(cells)
    return formatted


def count_units(report: Report, filters: ReportFilters) -> int:
    """How many units the filters select."""
    query = report.select(filters).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query))


def report_page(
    report: Report, filters: ReportFilters, context: ReportContext, page: int, per_page: int
) -> ReportPage:
    """One page of the report, read with LIMIT/OFFSET on the same SELECT the CSV streams."""
    total = count_units(report, filters)
    page = min(max(page, 1), max(1, math.ceil(total / per_page)))
    query = report.select(filters).limit(per_page).offset((page - 1) * per_page)
    units = _units(report, db.session.execute(query))
    headers = report.header_row(context, filters)
    rows = format_rows(report.make_rows(units, context, filters), headers, context)
    return ReportPage(page, per_page, total, rows)


def iter_rows(
    report: Report, filters: ReportFilters, context: ReportContext, chunk: int = CHUNK
) -> Iterator[list[str]]:
    """Every row of the report, read ``chunk`` units at a time from a streaming cursor."""
    headers = report.header_row(context, filters)
    query = report.select(filters).execution_options(yield_per=chunk)
    result = db.session.execute(query)
    if report.scalar:
        result = result.scalars()
    for units in result.partitions():
        yield from format_rows(report.make_rows(units, context, filters), headers, context)
