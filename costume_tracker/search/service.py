"""Find garments, costumes, performers, characters and productions from what people type.

Every word must match, in any order, as the start of a word of the document (prefix
matching, "auro" finds "Aurora"), ignoring accents and case. What was typed is cut into
words here, then handed to the database as plain values: nothing typed reaches the full-text
syntax of FTS5 or ``to_tsquery`` ("NEAR", quotes, ``*`` or ``-`` are words or separators).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import Integer, column, false, func, select, text
from sqlalchemy.orm import selectinload

from ..catalog.models import Costume, Garment
from ..catalog.services import find_garment_by_tag
from ..extensions import db
from ..lists.models import Character, Production
from ..people.models import Performer
from .index import TABLE, key_range

KIND_ORDER = ("garment", "costume", "performer", "character", "production")
# Longer text is cut: nobody types more, and the query stays small.
MAX_TEXT = 200
MAX_WORDS = 8
MAX_WORD = 60
# A one-letter prefix would read the whole vocabulary; it matches whole words only.
MIN_PREFIX = 2
# Matches counted per kind; beyond it the page says "200+".
COUNT_CAP = 200
# Beyond this many matches the garment list walks in its own order instead.
DENSE = 1000
SHOWN = 10
WORD = re.compile(r"[^\W_]+")


@dataclass
class KindResults:
    """One kind's matches: how many (up to the cap) and the first few, in list order."""

    kind: str
    count: int
    capped: bool
    items: list = field(default_factory=list)


@dataclass
class SearchResults:
    """What a search found, kind by kind, and the garment a typed tag code names."""

    text: str
    words: list[str]
    groups: list[KindResults]
    garment: Garment | None = None

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def found(self) -> list[KindResults]:
        return [group for group in self.groups if group.count]


def words_of(typed: str | None) -> list[str]:
    """The words of what was typed: letters and digits, control characters and syntax dropped."""
    cleaned = unicodedata.normalize("NFKC", (typed or "")[: MAX_TEXT * 2])[:MAX_TEXT]
    words = [word[:MAX_WORD] for word in WORD.findall(cleaned)]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def _sqlite_match(words: list[str]) -> str:
    return " AND ".join(f'"{word}"*' if len(word) >= MIN_PREFIX else f'"{word}"' for word in words)


def matching_keys(words: list[str], kind: str, limit: int | None = None):
    """SELECT of the ids of ``kind`` whose document holds every word, in id order."""
    start, end = key_range(kind)
    params = {"start": start, "end": end}
    if db.engine.dialect.name == "postgresql":
        sql = (
            f"SELECT key - :start AS id FROM {TABLE} WHERE key BETWEEN :start AND :end"
            f" AND document @@ ({_postgres_query()})"
        )
        params.update(_postgres_params(words))
    else:
        sql = (
            f"SELECT rowid - :start AS id FROM {TABLE} WHERE {TABLE} MATCH :match"
            " AND rowid BETWEEN :start AND :end"
        )
        params["match"] = _sqlite_match(words)
    # In key order, which the index returns without sorting: a LIMIT stops the scan early.
    sql += f" ORDER BY {'key' if db.engine.dialect.name == 'postgresql' else 'rowid'}"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return text(sql).bindparams(**params).columns(column("id", Integer))


def _postgres_query() -> str:
    # Each word is folded as the documents are (unaccent, lower, punctuation to space), then
    # quoted as a tsquery lexeme with a prefix mark: "auro" becomes 'auro':*.
    prefix = f"quote_literal(part) || CASE WHEN length(part) >= {MIN_PREFIX} THEN ':*' ELSE '' END"
    return (
        f"SELECT to_tsquery('simple', string_agg({prefix}, ' & ')) FROM unnest("
        "regexp_split_to_array(search_fold(CAST(:words AS text)), '\\s+')) AS part"
        " WHERE part <> ''"
    )


def _postgres_params(words: list[str]) -> dict:
    return {"words": " ".join(words)}


def garment_ids_matching(typed: str):
    """The garment list's text filter: an ``IN`` condition on Garment.id, through the index."""
    words = words_of(typed)
    if not words:
        return false()
    keys = matching_keys(words, "garment")
    if db.engine.dialect.name == "postgresql":
        return Garment.id.in_(keys)  # its planner weighs both ways with its statistics
    probe = matching_keys(words, "garment", limit=DENSE + 1).subquery()
    matches = db.session.scalar(select(func.count()).select_from(probe))
    if not matches:
        return false()
    # Few matches: fetch those garments by id and sort them. Many: walk the list in its own
    # order and stop at a page, testing each garment against the matches ("+ 0" keeps
    # SQLite from fetching and sorting every match instead).
    return (Garment.id if matches <= DENSE else Garment.id + 0).in_(keys)


# Each kind: its model, the order results are shown in, and what to load with them.
KINDS = {
    "garment": (Garment, (Garment.tag_code,), (selectinload(Garment.costume),)),
    "costume": (
        Costume,
        (Costume.name_key, Costume.id),
        (selectinload(Costume.character), selectinload(Costume.production)),
    ),
    "performer": (Performer, (Performer.name_key, Performer.id), ()),
    "character": (
        Character,
        (Character.name_key, Character.id),
        (selectinload(Character.production),),
    ),
    "production": (Production, (Production.name_key, Production.id), ()),
}


def kind_select(words: list[str], kind: str):
    """SELECT of the matching rows of one kind, in the order its results are listed."""
    model, order, loads = KINDS[kind]
    return (
        select(model)
        .where(model.id.in_(matching_keys(words, kind)))
        .options(*loads)
        .order_by(*order)
    )


def _kind_results(words: list[str], kind: str, shown: int) -> KindResults:
    ids = list(db.session.scalars(matching_keys(words, kind, limit=COUNT_CAP + 1)))
    capped = len(ids) > COUNT_CAP
    items = []
    if ids and shown:
        model, order, loads = KINDS[kind]
        query = select(model).where(model.id.in_(ids[:COUNT_CAP])).options(*loads)
        items = list(db.session.scalars(query.order_by(*order).limit(shown)))
    return KindResults(kind, min(len(ids), COUNT_CAP), capped, items)


def search(typed: str | None, *, kinds=KIND_ORDER, shown: int = SHOWN) -> SearchResults:
    """Everything that matches every word typed, grouped by kind, and a tag code's garment."""
    typed = (typed or "")[:MAX_TEXT]
    words = words_of(typed)
    garment = tagged_garment(typed)
    groups = [_kind_results(words, kind, shown) for kind in kinds] if words else []
    return SearchResults(typed, words, groups, garment)


def tagged_garment(typed: str) -> Garment | None:
    """The garment whose tag code is all that was typed: bare, or a label URL (…/g/ET-00042)."""
    cleaned = typed.strip()
    marker = cleaned.lower().rfind("/g/")
    if marker >= 0:
        cleaned = cleaned[marker + 3 :].strip("/ ")
    if not cleaned or any(character.isspace() for character in cleaned):
        return None
    return find_garment_by_tag(cleaned)
