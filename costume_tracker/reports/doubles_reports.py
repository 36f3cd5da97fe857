"""Costume plot (who wears what, doubles side by side) and doubles coverage."""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased, contains_eager

from ..assignments.doubles import DoubleStatus
from ..assignments.models import Assignment
from ..assignments.scene_doubles import scene_double_statuses, scene_doubles_select
from ..catalog.models import Costume
from ..extensions import db
from ..lists.models import Character, Production
from ..people.models import Performer
from .catalog_reports import performer_label
from .core import Report, ReportContext
from .filters import ReportFilters

PLOT_STATES = ("current", "returned")
COVERAGE_STATES = ("covered", "gap")
PLOT_COLUMNS = (
    "Production", "Character", "Performer ID", "Performer", "Kind", "Costume ID", "Costume",
    "Episodes / scenes", "Starts on", "Due on", "Returned on",
)  # fmt: skip
COVERAGE_COLUMNS = (
    "Production", "Character", "Principal ID", "Principal", "Costume ID", "Costume",
    "Double ID", "Double", "Multiple ID", "Multiple", "Coverage", "Missing",
)  # fmt: skip


def group_key(costume):
    """SQL for the id of a costume's group of multiples: its hero's id."""
    return func.coalesce(costume.hero_id, costume.id)


def _group(costume: Costume) -> int:
    return costume.hero_id or costume.id


def _same_state(a, b):
    """Both active, or both returned and started the same day (a double dressed alongside)."""
    return or_(
        and_(a.returned_at.is_(None), b.returned_at.is_(None)),
        and_(a.returned_at.is_not(None), b.returned_at.is_not(None), a.starts_on == b.starts_on),
    )


def _worn_alongside(a: Assignment, b: Assignment) -> bool:
    if a.active or b.active:
        return a.active and b.active
    return a.starts_on == b.starts_on


def _dressed_in_order(query: Select, filters: ReportFilters) -> Select:
    """Shared joins, production/site filters and order of both doubles reports."""
    query = (
        query.join(Assignment.costume)
        .join(Assignment.performer)
        .outerjoin(Production, Costume.production_id == Production.id)
        .outerjoin(Character, Assignment.character_id == Character.id)
    )
    if filters.production:
        query = query.where(Costume.production_id == filters.production)
    if filters.site:
        query = query.where(Performer.company_site_id == filters.site)
    return query.order_by(
        func.coalesce(Production.name_key, ""),
        func.coalesce(Character.name_key, ""),
        Performer.name_key,
        Assignment.starts_on,
        Assignment.id,
    )


def plot_doubles() -> int:
    """Pairs of double columns: as many as the most-doubled performer has (at least one)."""
    counts = (
        select(func.count().label("n"))
        .where(Performer.doubles_for_id.is_not(None))
        .group_by(Performer.doubles_for_id)
        .subquery()
    )
    return max(db.session.scalar(select(func.max(counts.c.n))) or 0, 1)


def plot_headers(context: ReportContext) -> tuple[str, ...]:
    """Plot columns, then 'Double n' and 'Double n wears' side by side."""
    pairs = ((f"Double {n}", f"Double {n} wears") for n in range(1, plot_doubles() + 1))
    return PLOT_COLUMNS + tuple(h for pair in pairs for h in pair)


def plot_select(filters: ReportFilters) -> Select:
    """Assignments, except a double's that shows beside their principal's."""
    beside, beside_costume = aliased(Assignment), aliased(Costume)
    shown_beside_principal = exists(
        select(beside.id)
        .join(beside_costume, beside_costume.id == beside.costume_id)
        .where(
            beside.performer_id == Performer.doubles_for_id,
            group_key(beside_costume) == group_key(Costume),
            _same_state(beside, Assignment),
        )
    )
    query = select(Assignment).where(~shown_beside_principal)
    if filters.status == "current":
        query = query.where(Assignment.returned_at.is_(None))
    elif filters.status == "returned":
        query = query.where(Assignment.returned_at.is_not(None))
    return _dressed_in_order(query, filters).options(
        contains_eager(Assignment.costume).contains_eager(Costume.production),
        contains_eager(Assignment.character),
        contains_eager(Assignment.performer).selectinload(Performer.doubles),
    )


def _doubles_assignments(assignments: Sequence[Assignment]) -> dict[int, list[Assignment]]:
    """Assignments of these principals' doubles in the same costume groups, by double."""
    double_ids = {d.id for a in assignments for d in a.performer.doubles}
    groups = {_group(a.costume) for a in assignments}
    if not double_ids:
        return {}
    rows = db.session.scalars(
        select(Assignment)
        .join(Assignment.costume)
        .options(contains_eager(Assignment.costume))
        .where(Assignment.performer_id.in_(double_ids), group_key(Costume).in_(groups))
        .order_by(Assignment.id)
    )
    found: dict[int, list[Assignment]] = {}
    for row in rows:
        found.setdefault(row.performer_id, []).append(row)
    return found


def plot_rows(assignments: Sequence[Assignment], context: ReportContext) -> list[list[str]]:
    """One row per assignment, each double of the performer beside it with what they wear."""
    pairs = plot_doubles()
    by_double = _doubles_assignments(assignments)
    rows = []
    for a in assignments:
        c, p = a.costume, a.performer
        values = [
            c.production.name if c.production else "", a.character.name if a.character else "",
            p.code, p.name, p.kind, c.code, c.name, a.episodes, a.starts_on, a.due_on,
            a.returned_at.date() if a.returned_at else None,
        ]  # fmt: skip
        for double in p.doubles:
            worn = [
                b for b in by_double.get(double.id, [])
                if _group(b.costume) == _group(c) and _worn_alongside(a, b)
            ]  # fmt: skip
            wears = "; ".join(f"{b.costume.code} {b.costume.name}" for b in worn)
            gap = "no multiple (gap)" if a.active else "no multiple"
            values += [performer_label(double), wears or gap]
        values += [""] * (len(PLOT_COLUMNS) + 2 * pairs - len(values))
        rows.append(list(values))
    return rows


def coverage_select(filters: ReportFilters) -> Select:
    """Each double of each principal's active costume, covered or not."""
    double = aliased(Performer)
    worn, worn_costume = aliased(Assignment), aliased(Costume)
    covered = exists(
        select(worn.id)
        .join(worn_costume, worn_costume.id == worn.costume_id)
        .where(
            worn.performer_id == double.id,
            worn.returned_at.is_(None),
            group_key(worn_costume) == group_key(Costume),
        )
    )
    query = (
        select(Assignment, double)
        .where(Assignment.returned_at.is_(None))
        .join(double, double.doubles_for_id == Assignment.performer_id)
    )
    if filters.status == "covered":
        query = query.where(covered)
    elif filters.status == "gap":
        query = query.where(~covered)
    query = _dressed_in_order(query, filters).order_by(double.name_key, double.id)
    return query.options(
        contains_eager(Assignment.costume).contains_eager(Costume.production),
        contains_eager(Assignment.character),
        contains_eager(Assignment.performer),
    )


def _group_state(groups: set[int], double_ids: set[int]):
    """Costumes of the groups, which of them are worn, and the doubles' active assignments."""
    costumes = db.session.scalars(
        select(Costume).where(group_key(Costume).in_(groups)).order_by(Costume.id)
    ).all()
    active = db.session.scalars(
        select(Assignment)
        .join(Assignment.costume)
        .options(contains_eager(Assignment.costume))
        .where(Assignment.returned_at.is_(None), group_key(Costume).in_(groups))
        .order_by(Assignment.id)
    ).all()
    members: dict[int, list[Costume]] = {}
    for costume in sorted(costumes, key=lambda c: (c.hero_id is not None, c.id)):
        members.setdefault(_group(costume), []).append(costume)
    worn = [a for a in active if a.performer_id in double_ids]
    return members, {a.costume_id for a in active}, worn


def coverage_status(units: Sequence) -> list[DoubleStatus]:
    """The doubles status of each (assignment, double) unit, as the assignment page shows it."""
    groups = {_group(a.costume) for a, _ in units}
    members, busy, worn = _group_state(groups, {d.id for _, d in units})
    statuses = []
    for a, double in units:
        group = _group(a.costume)
        match = next(
            (b for b in worn if b.performer_id == double.id and _group(b.costume) == group), None
        )
        free = [c for c in members.get(group, []) if not c.retired and c.id not in busy]
        free = [] if match else free
        statuses.append(DoubleStatus(a.performer, double, a.costume, a, match, free))
    return statuses


def coverage_rows(units: Sequence, context: ReportContext) -> list[list[str]]:
    """One row per double of a principal's costume: their multiple, or what is missing."""
    rows = []
    for s in coverage_status(units):
        a, multiple = s.assignment, s.worn.costume if s.worn else None
        values = (
            s.costume.production.name if s.costume.production else "",
            a.character.name if a.character else "", s.principal.code, s.principal.name,
            s.costume.code, s.costume.name, s.double.code, s.double.name,
            multiple.code if multiple else "", multiple.name if multiple else "",
            "covered" if s.covered else "gap", s.missing,
        )  # fmt: skip
        rows.append(list(values))
    return rows


REPORTS = (
    Report(
        name="costume-plot",
        title=_l("Costume plot"),
        description=_l(
            "Who wears which costume, for which character, episodes and dates, with "
            "each performer's doubles and the multiples they wear side by side."
        ),
        filters={"production": None, "site": None, "status": PLOT_STATES},
        headers=plot_headers,
        select=plot_select,
        rows=plot_rows,
    ),
    Report(
        name="doubles-coverage",
        title=_l("Doubles coverage"),
        description=_l(
            "For every costume a principal wears now: each double, the multiple "
            "they wear, or the gap and what would close it."
        ),
        filters={"production": None, "site": None, "status": COVERAGE_STATES},
        headers=lambda context: COVERAGE_COLUMNS,
        select=coverage_select,
        rows=coverage_rows,
        scalar=False,
    ),
)


# -- Doubles by scene: a report of its own, so the coverage report's columns stay as they are.

SCENE_DOUBLE_COLUMNS = (
    "Episode", "Scene", "Shooting days", "Character", "Performer ID", "Performer",
    "Double ID", "Double", "Change", "Costume ID", "Costume", "Multiple ID", "Multiple",
    "Coverage", "Missing",
)  # fmt: skip


def scene_doubles_report_select(filters: ReportFilters) -> Select:
    """Scene cast rows where a double works, upcoming shooting days first."""
    return scene_doubles_select(filters.production, filters.site, filters.status)


def scene_doubles_rows(casts: Sequence, context: ReportContext) -> list[list]:
    """One row per double working in a scene: the multiple they wear, or what is missing."""
    rows = []
    for s in scene_double_statuses(casts):
        p, m = s.cast.performer, s.multiple
        rows.append([
            s.scene.episode.number, s.scene.number, "; ".join(d.isoformat() for d in s.days),
            s.cast.character.name, p.code if p else "", p.name if p else "", s.double.code,
            s.double.name, s.change.number, s.costume.code, s.costume.name,
            m.code if m else "", m.name if m else "", "covered" if s.covered else "gap",
            s.missing,
        ])  # fmt: skip
    return rows


REPORTS = (
    *REPORTS,
    Report(
        name="scene-doubles",
        title=_l("Doubles by scene"),
        description=_l(
            "Every scene where a double works: the multiple of the change's costume "
            "assigned to the double, or the gap and what would close it; upcoming "
            "shooting days first."
        ),
        filters={"production": None, "site": None, "status": COVERAGE_STATES},
        headers=lambda context: SCENE_DOUBLE_COLUMNS,
        select=scene_doubles_report_select,
        rows=scene_doubles_rows,
    ),
)
