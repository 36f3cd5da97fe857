"""Garment and costume list queries built from URL filters."""

from dataclasses import dataclass, fields

from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..search.service import garment_ids_matching
from .models import CATEGORIES, STATUSES, TUTU_STYLES, Costume, Garment, Photo

GARMENT_SORTS = {
    "tag": Garment.tag_code,
    "name": Garment.name_key,
    "category": Garment.category,
    "status": Garment.status,
    "layers": Garment.net_layers,
    "updated": Garment.updated_at,
}
# What a garment list row shows, loaded with the page (a few queries, not one per row).
GARMENT_LIST_RELATIONS = (
    selectinload(Garment.photos),
    selectinload(Garment.costume),
    selectinload(Garment.location),
)
COSTUME_SORTS = {"name": Costume.name_key, "id": Costume.id, "updated": Costume.updated_at}
# What a costume list row shows besides its photo (see costume_thumbnails).
COSTUME_LIST_RELATIONS = (selectinload(Costume.character), selectinload(Costume.production))


# Ids and counts are INTEGER columns, 32-bit on PostgreSQL: a larger number cannot match
# anything (and PostgreSQL refuses to compare with it), so it means "no filter".
MAX_INT = 2**31 - 1


def _int(value: str | None) -> int | None:
    try:
        number = int(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is None or abs(number) <= MAX_INT else None


def parse_costume_ref(text: str | None) -> int | None:
    """A costume id from 'C-42', 'c42' or '42'; None when it is not one."""
    if not text:
        return None
    cleaned = text.strip().upper().removeprefix("C").lstrip("-").strip()
    return _int(cleaned)


class ListFilters:
    """Counting a list's filters for its "Filters (2)" button and its "Clear filters" link."""

    # Always in view (the search box) or not a filter (the order): not counted.
    UNCOUNTED = ("q", "sort")

    def active_count(self) -> int:
        """How many of the filters behind the button are set."""
        return sum(
            1
            for field in fields(self)
            if field.name not in self.UNCOUNTED
            and getattr(self, field.name) not in (None, "", False)
        )

    def any_active(self) -> bool:
        """True when the list is narrowed at all, by the search box or a filter."""
        return bool(getattr(self, "q", "")) or self.active_count() > 0

    def cleared_args(self) -> dict:
        """The arguments of the same list with every filter removed (the order is kept)."""
        sort = getattr(self, "sort", "")
        default = self.__dataclass_fields__["sort"].default if sort else ""
        return {"sort": sort} if sort != default else {}


@dataclass
class GarmentFilters(ListFilters):
    """What the garment list shows; read from and written to the URL query string."""

    q: str = ""
    category: str = ""
    status: str = ""
    site: int | None = None
    production: int | None = None
    costume: int | None = None
    tutu_style: str = ""
    net_layers: int | None = None
    include_retired: bool = False
    sort: str = "tag"

    @classmethod
    def from_args(cls, args) -> "GarmentFilters":
        """Read filters from request args, ignoring values that are not allowed."""
        sort = args.get("sort", "tag")
        return cls(
            q=args.get("q", "").strip()[:100],
            category=args.get("category", "") if args.get("category") in CATEGORIES else "",
            status=args.get("status", "") if args.get("status") in STATUSES else "",
            site=_int(args.get("site")),
            production=_int(args.get("production")),
            costume=parse_costume_ref(args.get("costume")),
            tutu_style=args.get("tutu_style", "") if args.get("tutu_style") in TUTU_STYLES else "",
            net_layers=_int(args.get("net_layers")),
            include_retired=args.get("include_retired") == "1",
            sort=sort if sort.lstrip("-") in GARMENT_SORTS else "tag",
        )

    def as_args(self) -> dict:
        """The non-empty filters, for links that keep the current view."""
        args = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value not in (None, "", False) and not (field.name == "sort" and value == "tag"):
                args[field.name] = "1" if value is True else value
        return args


def garment_select(filters: GarmentFilters):
    """The SELECT for the garment list with the given filters and sort."""
    query = db.select(Garment)
    if filters.q:
        # The search index: every word, accents and case ignored, without reading every row.
        query = query.where(garment_ids_matching(filters.q))
    exact = {
        Garment.category: filters.category,
        Garment.status: filters.status,
        Garment.home_site_id: filters.site,
        Garment.production_id: filters.production,
        Garment.costume_id: filters.costume,
        Garment.tutu_style: filters.tutu_style,
        Garment.net_layers: filters.net_layers,
    }
    for column, value in exact.items():
        if value not in (None, ""):
            query = query.where(column == value)
    if not filters.include_retired and filters.status != "retired":
        query = query.where(Garment.status != "retired")
    column = GARMENT_SORTS[filters.sort.lstrip("-")]
    order = column.desc() if filters.sort.startswith("-") else column.asc()
    return query.order_by(order, Garment.id)


@dataclass
class CostumeFilters(ListFilters):
    """What the costume list shows."""

    q: str = ""
    production: int | None = None
    character: int | None = None
    multiples: str = ""  # "" all, "heroes" only heroes, "copies" only multiples
    include_retired: bool = False
    sort: str = "name"

    @classmethod
    def from_args(cls, args) -> "CostumeFilters":
        """Read filters from request args, ignoring values that are not allowed."""
        sort = args.get("sort", "name")
        multiples = args.get("multiples", "")
        return cls(
            q=args.get("q", "").strip()[:100],
            production=_int(args.get("production")),
            character=_int(args.get("character")),
            multiples=multiples if multiples in ("heroes", "copies") else "",
            include_retired=args.get("include_retired") == "1",
            sort=sort if sort.lstrip("-") in COSTUME_SORTS else "name",
        )


def costume_select(filters: CostumeFilters):
    """The SELECT for the costume list with the given filters and sort."""
    query = db.select(Costume)
    if filters.q:
        ref = parse_costume_ref(filters.q) if filters.q.upper().startswith("C") else None
        conditions = [
            Costume.name.icontains(filters.q, autoescape=True),
            Costume.look.icontains(filters.q, autoescape=True),
        ]
        if ref is not None:
            conditions.append(Costume.id == ref)
        query = query.where(or_(*conditions))
    if filters.production:
        query = query.where(Costume.production_id == filters.production)
    if filters.character:
        query = query.where(Costume.character_id == filters.character)
    if filters.multiples == "heroes":
        query = query.where(Costume.hero_id.is_(None))
    elif filters.multiples == "copies":
        query = query.where(Costume.hero_id.is_not(None))
    if not filters.include_retired:
        query = query.where(Costume.retired.is_(False))
    column = COSTUME_SORTS[filters.sort.lstrip("-")]
    order = column.desc() if filters.sort.startswith("-") else column.asc()
    return query.order_by(order, Costume.id)


def costume_thumbnails(costume_ids: list[int]) -> dict[int, int]:
    """Each costume's photo for its list row: its own first photo, else a garment's first.

    Two queries for the whole page, whatever its length.
    """
    if not costume_ids:
        return {}
    own = db.session.execute(
        db.select(Photo.costume_id, func.min(Photo.id))
        .where(Photo.costume_id.in_(costume_ids))
        .group_by(Photo.costume_id)
    ).all()
    found = dict(own)
    missing = [c for c in costume_ids if c not in found]
    if missing:
        worn = db.session.execute(
            db.select(Garment.costume_id, func.min(Photo.id))
            .join(Photo, Photo.garment_id == Garment.id)
            .where(Garment.costume_id.in_(missing), Garment.status != "retired")
            .group_by(Garment.costume_id)
        ).all()
        found.update(dict(worn))
    return found
