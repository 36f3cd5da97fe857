"""Server-side paging whose cost does not follow the stock size.

Counting every match of a list over 100,000 garments costs as much as reading them all,
so lists count at most ``COUNT_CAP`` matches ("1,000+ found") and learn whether there is
a next page by fetching one row more than they show.
"""

from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import func, literal, select

from .extensions import db

COUNT_CAP = 1000
MAX_PAGE = 100_000


@dataclass
class Page:
    """One page of a list: its rows, where it is, and how many matched (up to the cap)."""

    items: list
    page: int
    per_page: int
    total: int
    capped: bool
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def pages(self) -> int | None:
        """Number of pages, or None when more matched than were counted."""
        if self.capped:
            return None
        return max(1, -(-self.total // self.per_page))

    @property
    def total_text(self) -> str:
        """The count as shown: "42", or "1,000+" beyond the cap."""
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


def paginate(query, per_page: int | None = None, cap: int = COUNT_CAP) -> Page:
    """The page of ``query`` asked for by ``?page=`` (1 when missing or not a number)."""
    per_page = per_page or current_app.config["PER_PAGE"]
    number = request.args.get("page", 1, type=int) or 1
    number = min(max(number, 1), MAX_PAGE)
    rows = list(db.session.scalars(query.limit(per_page + 1).offset((number - 1) * per_page)))
    has_next = len(rows) > per_page
    if not has_next and (rows or number == 1):  # the last page: the count is known
        total = (number - 1) * per_page + len(rows)
        return Page(rows, number, per_page, min(total, cap), total > cap, False)
    counted = db.session.scalar(
        select(func.count()).select_from(
            query.order_by(None)
            .with_only_columns(literal(1), maintain_column_froms=True)
            .limit(cap + 1)
            .subquery()
        )
    )
    total, capped = (cap, True) if counted > cap else (counted, False)
    return Page(rows[:per_page], number, per_page, total, capped, has_next)
