"""Names in the order people read them: accents and case aside, numbers by their value.

"Céline" comes before "Colette", "Élodie" with "Emma" among the e's, "no. 2" before
"no. 10", "zara" with "Zoé". Both databases must agree, so the order is not left to their
collations: each sorted name has a ``name_key`` column written by :func:`sort_key`, and lists
order by it (an index walk for a page of 100,000 garments). A collation would have done it
too (ICU ``und-u-kn-true`` on PostgreSQL, a Python function on SQLite), but an SQLite index
with a custom collation breaks every connection that has not registered it (the sqlite3
shell, backups, a restore), and ICU is not built into every PostgreSQL.

The key is kept in step with the name on every write path: an attribute event for ORM
writes (forms, imports, demo data), and the column's default for bulk inserts that do not
name it (benchmark wardrobes, the garment import's multi-row INSERT). A restore copies the
stored keys; the migration that added them fills them for rows written before. An UPDATE
statement that changes a name outside the ORM must set ``name_key`` with it.
"""

import re
import unicodedata

from sqlalchemy import String, event
from sqlalchemy.orm import mapped_column

KEY_LENGTH = 300
# Compared byte by byte on PostgreSQL, whatever the database's locale, as SQLite compares.
KEY_TYPE = String(KEY_LENGTH).with_variant(String(KEY_LENGTH, collation="C"), "postgresql")
# Below every character a name keeps, so "Ana" sorts before "Ana Maria" and "Anaïs".
TIE = "\x01"
# Letters NFKD leaves whole but readers file under plain Latin letters (Œdipe under o).
LETTERS = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
DIGITS = re.compile(r"\d+")
# Spaces and punctuation between words count as one space: "no. 2" files with "no 2".
BETWEEN_WORDS = re.compile(r"[\W_]+")


def _number(match: re.Match) -> str:
    # Its length first, so numbers compare by value: "2" -> "012", "10" -> "0210".
    # int() also reads other scripts' digits (٣); leading zeros go ("007" files as 7).
    digits = str(int(match.group()[:KEY_LENGTH]))[:99]
    return f"{len(digits):02d}{digits}"


def sort_key(name: str | None) -> str:
    """The key that orders ``name`` among others as a reader expects."""
    if name is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = BETWEEN_WORDS.sub(" ", letters.casefold().translate(LETTERS)).strip()
    # The name itself last: names that read alike still come in one stable order.
    return (DIGITS.sub(_number, plain) + TIE + name)[:KEY_LENGTH]


def sort_key_column(source: str = "name", **options):
    """A ``name_key`` column whose default, for INSERTs that omit it, is the name's key."""

    def default(context) -> str:
        return sort_key(context.get_current_parameters().get(source))

    return mapped_column(KEY_TYPE, default=default, **options)


def keeps_sort_key(cls, source: str = "name", target: str = "name_key"):
    """Class decorator: setting ``source`` on an instance also sets its sort key."""

    @event.listens_for(getattr(cls, source), "set", propagate=True)
    def _set_key(instance, value, _old, _initiator):
        setattr(instance, target, sort_key(value))

    return cls
