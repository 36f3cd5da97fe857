"""Migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from costume_tracker import create_app
from costume_tracker.extensions import db
from costume_tracker.search.index import include_name
from tests.conftest import make_config, scratch_database


def test_upgrade_from_empty_matches_models(tmp_path):
    with scratch_database(tmp_path) as url:
        _upgrade_matches_models(create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url)))


def _upgrade_matches_models(app):
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": include_name})
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()


def test_db_upgrade_command(tmp_path):
    with scratch_database(tmp_path) as url:
        app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            tables = set(db.inspect(db.engine).get_table_names())
            db.engine.dispose()
    assert {"garment", "costume", "event", "user", "site", "performer"} <= tables
