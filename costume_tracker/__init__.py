"""Costume Tracker: the wardrobe department's catalog, labels and reports."""

from pathlib import Path

from flask import Flask

from .config import load_config
from .extensions import csrf, db, login_manager, migrate
from .i18n import register_i18n

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask app; ``test_config`` replaces instance and environment settings."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    register_security(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    return app


def register_security(app: Flask) -> None:
    """Cookie flags, security headers and URL id bounds (before any route is added)."""
    from .security import register_security as register

    register(app)


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, CSRF and sign-in to the app."""
    from . import models  # noqa: F401  (every model registered before mappers configure)
    from .modelutil import render_migration_item

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(MIGRATIONS),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    register_i18n(app)


def register_blueprints(app: Flask) -> None:
    """Mount each feature's views."""
    from .assignments.views import bp as assignments_bp
    from .auth.views import bp as auth_bp
    from .breakdown.continuity_views import bp as continuity_bp
    from .breakdown.plot_views import bp as plots_bp
    from .breakdown.views import bp as breakdown_bp
    from .catalog.costume_views import bp as costume_bp
    from .catalog.views import bp as catalog_bp
    from .fittings.views import bp as fittings_bp
    from .home.views import bp as home_bp
    from .imports.views import bp as imports_bp
    from .labels.views import bp as labels_bp
    from .lists.views import bp as lists_bp
    from .people.views import bp as people_bp
    from .pulls.views import bp as pulls_bp
    from .pwa.views import bp as pwa_bp
    from .reports.views import bp as reports_bp
    from .scanning.views import bp as scanning_bp
    from .search.views import bp as search_bp
    from .tracking.views import bp as tracking_bp
    from .undo.views import bp as undo_bp

    for blueprint in (
        auth_bp, home_bp, catalog_bp, costume_bp, lists_bp, people_bp, assignments_bp, tracking_bp,
        scanning_bp,
        labels_bp,
        reports_bp,
        imports_bp,
        search_bp,
        pwa_bp,
        undo_bp,
        breakdown_bp,
        continuity_bp,
        plots_bp,
        pulls_bp,
        fittings_bp,
    ):  # fmt: skip
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    """Add the project's ``flask --app costume_tracker`` commands."""
    from .auth.cli import create_user
    from .backup.cli import backup, restore
    from .bench.cli import bench
    from .demo.cli import seed_demo
    from .fittings.cli import calendar
    from .imports.cli import import_command
    from .labels.cli import labels
    from .maintenance import analyze
    from .reports.cli import report

    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(labels)
    app.cli.add_command(bench)
    app.cli.add_command(report)
    app.cli.add_command(import_command)
    app.cli.add_command(analyze)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(calendar)


def register_errorhandlers(app: Flask) -> None:
    """Friendly 400/403/404/413/500 pages; a failed request never leaves a half transaction."""
    from .web import register_error_pages

    register_error_pages(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals used by every template."""
    from .web import register_template_globals

    register_template_globals(app)
