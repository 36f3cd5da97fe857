"""Database upkeep: keep the query planner's statistics fresh.

SQLite chooses indexes well only once ``ANALYZE`` has measured the tables (PostgreSQL's
autovacuum does this by itself, and ``ANALYZE`` there is harmless). ``make run`` and
``make serve`` run it after migrating; run it again after a large import.
"""

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import text

from .extensions import db
from .search.index import optimize_index


def refresh_statistics() -> None:
    """Measure the tables so lists and counts use the right indexes."""
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
        optimize_index(connection)


@click.command("analyze")
@with_appcontext
def analyze() -> None:
    """Refresh the database's query-planner statistics (after migrating or a big import)."""
    refresh_statistics()
    click.echo(_("Database statistics refreshed."))
