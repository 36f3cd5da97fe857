"""Copy rows between databases of the same schema revision (SQLite copy → SQLite or PostgreSQL)."""

from datetime import UTC, datetime

from sqlalchemy import MetaData, Table, func, select, text, update
from sqlalchemy.engine import Connection

BATCH = 1000


def copy_rows(source: Connection, target: Connection, *, skip: set[str]) -> None:
    """Insert every row of every source table into the matching, empty target table.

    Parents go before children. A table that refers to itself (a costume's hero, a
    performer's principal) gets those columns filled in a second pass, so the order of its
    rows does not matter to the foreign keys.
    """

    def wanted(name: str, _metadata) -> bool:
        return name not in skip

    source_tables = MetaData()
    source_tables.reflect(source, only=wanted)
    target_tables = MetaData()
    target_tables.reflect(target, only=wanted)
    for table in target_tables.sorted_tables:
        origin = source_tables.tables.get(table.name)
        if table.name in skip or origin is None:
            continue
        names = [c.name for c in table.columns if c.name in origin.columns]
        self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
        rows = source.execute(select(*(origin.c[name] for name in names)))
        later = []
        while batch := rows.fetchmany(BATCH):
            values = [_row(table, names, row) for row in batch]
            later += [v for v in values if any(v[name] is not None for name in self_refs)]
            target.execute(table.insert(), [{**v, **dict.fromkeys(self_refs)} for v in values])
        _fill_self_references(target, table, self_refs, later)


def _row(table: Table, names: list[str], row) -> dict:
    """A source row as target values; naive timestamps (SQLite keeps no zone) are UTC."""
    values = dict(zip(names, row, strict=True))
    for name, value in values.items():
        naive = isinstance(value, datetime) and value.tzinfo is None
        if naive and getattr(table.c[name].type, "timezone", False):
            values[name] = value.replace(tzinfo=UTC)
    return values


def _fill_self_references(target: Connection, table: Table, columns: list[str], rows) -> None:
    """Set a table's references to its own rows once all of them exist."""
    keys = [c.name for c in table.primary_key.columns]
    for values in rows:
        condition = [table.c[key] == values[key] for key in keys]
        target.execute(
            update(table).where(*condition).values({name: values[name] for name in columns})
        )


def reset_sequences(target: Connection) -> None:
    """Move PostgreSQL's id sequences past the copied rows, so new rows get fresh ids."""
    tables = MetaData()
    tables.reflect(target)
    for table in tables.sorted_tables:
        for column in table.primary_key.columns:
            sequence = target.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": f'"{table.name}"', "column": column.name},
            )
            if sequence is None:
                continue
            highest = target.scalar(select(func.max(column)))
            target.execute(
                text("SELECT setval(:sequence, :value, :called)"),
                {"sequence": sequence, "value": highest or 1, "called": highest is not None},
            )
