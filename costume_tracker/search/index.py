"""The search index: one document per garment, costume, performer, character and production.

SQLite keeps the documents in an FTS5 table (``unicode61 remove_diacritics 2``: accents and
case folded by the tokenizer); PostgreSQL in a table of ``tsvector`` documents behind a GIN
index, folded by ``unaccent``. Triggers keep both in step inside the writing transaction,
including a costume, character or production renamed (its garments' documents follow), bulk
inserts and restores. A document's key is ``kind * 2**32 + id``: each kind is a range of
keys, so one kind's matches are read without walking the others'.

Migration 8a4c3d2e0f12 builds the index from these statements: change them only together
with a new migration that recreates the index.
"""

from sqlalchemy import event, text
from sqlalchemy.engine import Connection

from ..extensions import db

TABLE = "search_index"
KINDS = {"garment": 1, "costume": 2, "performer": 3, "character": 4, "production": 5}
# Ids are 32-bit integers (PostgreSQL INTEGER): a kind's keys start at kind * KEY_SPACE.
KEY_SPACE = 2**32
# Tables whose names belong to the index (FTS5 keeps shadow tables beside its own).
SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config")
NAMES = frozenset(TABLE + suffix for suffix in SHADOW_SUFFIXES)


def _words(*parts: str) -> str:
    return " || ' ' || ".join(f"coalesce({part}, '')" for part in parts)


# What each kind's document holds, and the rows it is read from.
DOCUMENTS = {
    "garment": (
        'garment AS g LEFT JOIN costume AS c ON c.id = g.costume_id'
        ' LEFT JOIN "character" AS ch ON ch.id = c.character_id'
        " LEFT JOIN production AS p ON p.id = g.production_id"
        " LEFT JOIN production AS cp ON cp.id = c.production_id",
        "g",
        _words("g.tag_code", "g.name", "g.colour", "g.fabric", "g.notes", "c.name", "c.look",
               "ch.name", "p.name", "cp.name"),
    ),
    "costume": (
        'costume AS c LEFT JOIN "character" AS ch ON ch.id = c.character_id'
        " LEFT JOIN production AS p ON p.id = c.production_id",
        "c",
        _words("c.name", "c.look", "c.notes", "ch.name", "p.name"),
    ),
    "performer": ("performer AS pf", "pf", _words("pf.name")),
    "character": (
        '"character" AS ch LEFT JOIN production AS p ON p.id = ch.production_id',
        "ch",
        _words("ch.name", "p.name"),
    ),
    "production": ("production AS p", "p", _words("p.name")),
}  # fmt: skip

# Table -> (columns whose change rewrites its document, documents of others to rewrite).
FOLLOWERS = {
    "garment": (
        ("tag_code", "name", "colour", "fabric", "notes", "costume_id", "production_id"),
        {"garment": "g.id = {id}"},
    ),
    "costume": (
        ("name", "look", "notes", "character_id", "production_id"),
        {"costume": "c.id = {id}", "garment": "g.costume_id = {id}"},
    ),
    "performer": (("name",), {"performer": "pf.id = {id}"}),
    "character": (
        ("name", "production_id"),
        {
            "character": "ch.id = {id}",
            "costume": "c.character_id = {id}",
            "garment": "c.character_id = {id}",
        },
    ),
    "production": (
        ("name",),
        {
            "production": "p.id = {id}",
            "character": "ch.production_id = {id}",
            "costume": "c.production_id = {id}",
            "garment": "(g.production_id = {id} OR c.production_id = {id})",
        },
    ),
}


def _key(kind: str, alias: str) -> str:
    return f"{KINDS[kind] * KEY_SPACE} + {alias}.id"


def _select_keys(kind: str, condition: str) -> str:
    source, alias, _body = DOCUMENTS[kind]
    return f"SELECT {_key(kind, alias)} FROM {source} WHERE {condition}"


def _insert(dialect: str, kind: str, condition: str) -> str:
    source, alias, body = DOCUMENTS[kind]
    if dialect == "postgresql":
        target, value = "(key, document)", f"to_tsvector('simple', search_fold({body}))"
    else:
        target, value = "(rowid, body)", body
    return (
        f"INSERT INTO {TABLE} {target} SELECT {_key(kind, alias)}, {value} FROM {source}"
        f" WHERE {condition}"
    )


def _rewrite(dialect: str, kind: str, condition: str) -> list[str]:
    """Statements replacing the documents of ``kind`` whose rows meet ``condition``."""
    column = "key" if dialect == "postgresql" else "rowid"
    return [
        f"DELETE FROM {TABLE} WHERE {column} IN ({_select_keys(kind, condition)})",
        _insert(dialect, kind, condition),
    ]


def _changed(columns, dialect: str) -> str:
    differs = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{name} {differs} NEW.{name}" for name in columns)


def _sqlite_triggers() -> list[str]:
    statements = []
    for table, (columns, followers) in FOLLOWERS.items():
        own = KINDS[table]
        quoted = f'"{table}"'
        statements.append(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {quoted} BEGIN "
            f"{_insert('sqlite', table, DOCUMENTS[table][1] + '.id = NEW.id')}; END"
        )
        body = "; ".join(
            sql
            for kind, condition in followers.items()
            for sql in _rewrite("sqlite", kind, condition.format(id="NEW.id"))
        )
        statements.append(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(columns)} "
            f"ON {quoted} WHEN {_changed(columns, 'sqlite')} BEGIN {body}; END"
        )
        statements.append(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {quoted} BEGIN "
            f"DELETE FROM {TABLE} WHERE rowid = {own * KEY_SPACE} + OLD.id; END"
        )
    return statements


def _sqlite_create() -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(body, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6 7 8 9 10 11 12')",
        *_sqlite_triggers(),
    ]


def _postgres_function(table: str, columns, followers) -> list[str]:
    own, alias = KINDS[table], DOCUMENTS[table][1]
    update = "; ".join(
        sql
        for kind, condition in followers.items()
        for sql in _rewrite("postgresql", kind, condition.format(id="NEW.id"))
    )
    quoted = f'"{table}"'
    return [
        f"CREATE OR REPLACE FUNCTION search_{table}_rows() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF TG_OP = 'INSERT' THEN "
        f"{_insert('postgresql', table, f'{alias}.id IN (SELECT id FROM new_rows)')}; "
        "ELSIF TG_OP = 'DELETE' THEN "
        f"DELETE FROM {TABLE} WHERE key IN (SELECT {own * KEY_SPACE} + id FROM old_rows); "
        "ELSIF TG_OP = 'UPDATE' THEN "
        f"{update}; "
        "ELSE "
        f"DELETE FROM {TABLE} WHERE key BETWEEN {own * KEY_SPACE} AND {(own + 1) * KEY_SPACE - 1}; "
        "END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {quoted} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION search_{table}_rows()",
        f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {quoted} "
        f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION search_{table}_rows()",
        f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {quoted} "
        f"FOR EACH ROW WHEN ({_changed(columns, 'postgresql')}) "
        f"EXECUTE FUNCTION search_{table}_rows()",
        f"CREATE TRIGGER search_{table}_truncate AFTER TRUNCATE ON {quoted} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION search_{table}_rows()",
    ]


def _postgres_create(connection: Connection) -> list[str]:
    connection.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    schema = connection.scalar(
        text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
    )
    statements = [
        # unaccent() is only STABLE (its dictionary could change); pinning the dictionary by
        # name makes the fold IMMUTABLE, as an index expression needs. Punctuation becomes
        # space so "PAR-0042" or "tulle/blanc" split into words as SQLite's tokenizer does.
        "CREATE OR REPLACE FUNCTION search_fold(words text) RETURNS text"
        " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT regexp_replace("
        f"lower({schema}.unaccent('{schema}.unaccent'::regdictionary, words)),"
        " '[[:punct:]]+', ' ', 'g') $$",
        f"CREATE TABLE {TABLE} (key bigint PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE INDEX ix_{TABLE}_document ON {TABLE} USING gin (document)",
    ]
    for table, (columns, followers) in FOLLOWERS.items():
        statements += _postgres_function(table, columns, followers)
    return statements


def create_index(connection: Connection) -> None:
    """Create the index and its triggers, and fill it from the rows already there."""
    if connection.dialect.name == "postgresql":
        statements = _postgres_create(connection)
    else:
        statements = _sqlite_create()
    for statement in statements:
        connection.execute(text(statement))
    rebuild_index(connection)


def drop_index(connection: Connection) -> None:
    """Remove the index, its triggers and functions."""
    postgres = connection.dialect.name == "postgresql"
    for table in FOLLOWERS:
        for event_name in ("insert", "update", "delete", "truncate"):
            if event_name == "truncate" and not postgres:
                continue
            on = f' ON "{table}"' if postgres else ""
            connection.execute(text(f"DROP TRIGGER IF EXISTS search_{table}_{event_name}{on}"))
        if postgres:
            connection.execute(text(f"DROP FUNCTION IF EXISTS search_{table}_rows()"))
    connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
    if postgres:
        connection.execute(text("DROP FUNCTION IF EXISTS search_fold(text)"))


def drop_routines(connection: Connection) -> None:
    """PostgreSQL: drop the index's functions (a restore drops the tables, then loads its own)."""
    for table in FOLLOWERS:
        connection.execute(text(f"DROP FUNCTION IF EXISTS search_{table}_rows() CASCADE"))
    connection.execute(text("DROP FUNCTION IF EXISTS search_fold(text) CASCADE"))


def rebuild_index(connection: Connection) -> None:
    """Write every document again from the tables (after a bulk load that bypassed triggers)."""
    connection.execute(text(f"DELETE FROM {TABLE}"))
    dialect = connection.dialect.name
    for kind in DOCUMENTS:
        connection.execute(text(_insert(dialect, kind, "1 = 1")))
    if dialect != "postgresql":
        connection.execute(text(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')"))


def key_range(kind: str) -> tuple[int, int]:
    """The first and last key a kind's documents can have."""
    start = KINDS[kind] * KEY_SPACE
    return start, start + KEY_SPACE - 1


def optimize_index(connection: Connection) -> None:
    """SQLite: merge the index's segments into one (after a large import or a migration)."""
    if connection.dialect.name != "postgresql":
        connection.execute(text(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')"))


def is_index_table(name: str) -> bool:
    """True for the index's own tables: backups, copies and schema checks leave them out."""
    return name in NAMES


@event.listens_for(db.metadata, "after_create")
def _create_with_schema(_metadata, connection, **_kw) -> None:
    create_index(connection)


@event.listens_for(db.metadata, "before_drop")
def _drop_with_schema(_metadata, connection, **_kw) -> None:
    drop_index(connection)


def include_name(name, type_, _parent_names) -> bool:
    """Alembic filter: the index is not in the models' metadata, so schema checks skip it."""
    return not (type_ == "table" and is_index_table(name))
