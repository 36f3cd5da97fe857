"""The workroom queue: a site's alteration tasks to do and in progress, overdue first."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, false, or_, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..i18n.times import local_today, site_zone
from ..lists.models import Site
from .alterations import OPEN_STATES, at_site
from .models import Alteration

RECENT_DONE = 10  # done tasks shown under the queue


@dataclass
class QueueFilters:
    """What the queue shows: a site (None: every site), a maker, a state (None: open ones)."""

    site_id: int | None = None
    maker_id: int | None = None
    state: str | None = None


@dataclass
class QueueRow:
    """A task as the queue shows it: overdue when its due date has passed at its site."""

    task: Alteration
    overdue: bool
    days_late: int


def site_todays(at: datetime) -> dict[int | None, date]:
    """Today's date at each site at the instant ``at`` (None: the default zone's today)."""
    todays: dict[int | None, date] = {None: local_today(site_zone(None), at)}
    for site in db.session.scalars(select(Site)):
        todays[site.id] = local_today(site_zone(site), at)
    return todays


def task_today(task: Alteration, todays: dict[int | None, date]) -> date:
    """Today at the task's workroom: its due date is a date there."""
    return todays.get(task.site_id, todays[None])


def _overdue(todays: dict[int | None, date]):
    """SQL truth of "due before today at its own site"."""
    known = [sid for sid in todays if sid is not None]
    terms = [and_(Alteration.site_id == sid, Alteration.due_on < todays[sid]) for sid in known]
    others = Alteration.site_id.is_(None) | Alteration.site_id.not_in(known or [-1])
    terms.append(and_(others, Alteration.due_on < todays[None]))
    return or_(*terms) if terms else false()


def _filtered(query, filters: QueueFilters):
    if filters.site_id:
        query = query.where(at_site(filters.site_id))
    if filters.maker_id:
        query = query.where(Alteration.maker_id == filters.maker_id)
    return query.options(
        joinedload(Alteration.costume),
        joinedload(Alteration.garment),
        joinedload(Alteration.maker),
        joinedload(Alteration.site),
    )


def queue_select(filters: QueueFilters, todays: dict[int | None, date]):
    """Tasks to do and in progress: overdue first, then by due date (none last), oldest first."""
    states = (filters.state,) if filters.state in OPEN_STATES else OPEN_STATES
    query = select(Alteration).where(Alteration.state.in_(states))
    query = query.order_by(
        case((_overdue(todays), 0), else_=1),
        case((Alteration.due_on.is_(None), 1), else_=0),
        Alteration.due_on,
        Alteration.recorded_at,
        Alteration.id,
    )
    return _filtered(query, filters)


def done_select(filters: QueueFilters):
    """Tasks done, the latest first."""
    query = select(Alteration).where(Alteration.state == "done")
    query = query.order_by(Alteration.done_at.desc(), Alteration.id.desc())
    return _filtered(query, filters)


def queue_rows(tasks, todays: dict[int | None, date]) -> list[QueueRow]:
    """Each task with whether it is overdue at its site and by how many days."""
    rows = []
    for task in tasks:
        today = task_today(task, todays)
        late = task.state != "done" and task.due_on is not None and task.due_on < today
        rows.append(QueueRow(task, late, (today - task.due_on).days if late else 0))
    return rows


def recently_done(filters: QueueFilters, limit: int = RECENT_DONE) -> list[Alteration]:
    """The last tasks done under the same filters."""
    return list(db.session.scalars(done_select(filters).limit(limit)))
