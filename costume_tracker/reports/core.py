"""What a report is, and the two ways to read one: a page of rows, or every row streamed.

A report is an ordered SELECT of "units" (garments, events, assignments…) and a function
that turns a chunk of units into rows of text. The page and the CSV share both, so the
CSV holds exactly the rows of all the pages, in the same order, with the same cells.
"""

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select

from ..extensions import db
from .filters import ReportFilters

# Units read from the database at once while streaming: memory stays flat with the size.
CHUNK = 500


@dataclass(frozen=True)
class ReportContext:
    """Who reads the report: their unit, whether they may see measurements, today's date."""

    unit: str = "cm"
    measurements: bool = False
    today: date = field(default_factory=date.today)


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
    rows: Callable[[Sequence, ReportContext], list[list[str]]]
    scalar: bool = True  # the SELECT yields one entity per unit (else a tuple row)


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
    return ReportPage(page, per_page, total, report.rows(units, context))


def iter_rows(
    report: Report, filters: ReportFilters, context: ReportContext, chunk: int = CHUNK
) -> Iterator[list[str]]:
    """Every row of the report, read ``chunk`` units at a time from a streaming cursor."""
    query = report.select(filters).execution_options(yield_per=chunk)
    result = db.session.execute(query)
    if report.scalar:
        result = result.scalars()
    for units in result.partitions():
        yield from report.rows(units, context)
