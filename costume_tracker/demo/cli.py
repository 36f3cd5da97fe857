"""``flask --app costume_tracker seed-demo``."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..catalog.models import Garment
from ..extensions import db
from .seed import ADMIN_EMAIL, DemoResult, load_demo

LOCAL_URL = "http://127.0.0.1:5000"
RESET_COMMAND = f"flask --app costume_tracker create-user {ADMIN_EMAIL} --role admin"


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database has any garment.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load an invented demo wardrobe for Paris and New York, with a demo admin."""
    if if_empty and db.session.scalar(select(Garment.id).limit(1)) is not None:
        click.echo("The database already has garments; demo not loaded (--if-empty).")
        return
    try:
        result = load_demo()
    except Exception as error:
        raise click.ClickException(f"Demo not loaded, nothing was saved: {error}") from error
    click.echo(
        "Demo wardrobe loaded."
        if result.loaded
        else "The demo wardrobe is already loaded; nothing changed."
    )
    width = max(len(name) for name in result.counts)
    for name, value in result.counts.items():
        click.echo(f"  {name:<{width}}  {value:>5}")
    echo_sign_in(result)


def echo_sign_in(result: DemoResult) -> None:
    """Tell how to sign in: the new password once, otherwise how to reset it."""
    url = current_app.config.get("PUBLIC_BASE_URL") or LOCAL_URL
    click.echo("")
    if result.admin_password:
        click.echo(f"Sign in at {url} as {ADMIN_EMAIL} with password {result.admin_password}")
        click.echo("This password is shown only once; keep it or reset it with:")
    elif result.admin_exists:
        click.echo(
            f"Sign in at {url} as {ADMIN_EMAIL}: its password was printed when it was "
            "first created. To reset it:"
        )
    else:
        click.echo(f"There is no {ADMIN_EMAIL} account. To create it:")
    click.echo(f"  {RESET_COMMAND}")
