"""``flask --app costume_tracker seed-demo``."""

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import format_decimal, lazy_pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..catalog.models import Garment
from ..extensions import db
from ..i18n.values import shown
from .seed import ADMIN_EMAIL, DemoResult, load_demo

LOCAL_URL = "http://127.0.0.1:5000"
RESET_COMMAND = f"flask --app costume_tracker create-user {ADMIN_EMAIL} --role admin"
# The demo users' languages, as a sentence names them.
LANGUAGE_NAMES = {
    "en": lazy_pgettext("language in a sentence", "English"),
    "fr": lazy_pgettext("language in a sentence", "French"),
}
# The counts a load prints, as people read them.
COUNT_LABELS = {
    "sites": _l("sites"),
    "locations": _l("locations"),
    "productions": _l("productions"),
    "characters": _l("characters"),
    "costumes": _l("costumes"),
    "garments": _l("garments"),
    "tutus": _l("tutus"),
    "performers": _l("performers"),
    "doubles": _l("doubles"),
    "principals with a double": _l("principals with a double"),
    "multiples": _l("multiples"),
    "assignments (active)": _l("assignments (active)"),
    "overdue": _l("overdue"),
    "coverage gaps": _l("coverage gaps"),
    "garments out": _l("garments out"),
    "episodes": _l("episodes"),
    "scenes": _l("scenes"),
    "changes": _l("changes"),
    "shooting days": _l("shooting days"),
    "fittings": _l("fittings"),
}


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database has any garment.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load an invented demo wardrobe for Paris and New York, with a demo admin."""
    if if_empty and db.session.scalar(select(Garment.id).limit(1)) is not None:
        click.echo(_("The database already has garments; demo not loaded (--if-empty)."))
        return
    try:
        result = load_demo()
    except Exception as error:
        raise click.ClickException(
            _("Demo not loaded, nothing was saved: %(error)s", error=error)
        ) from error
    click.echo(
        _("Demo wardrobe loaded.")
        if result.loaded
        else _("The demo wardrobe is already loaded; nothing changed.")
    )
    labels = {name: str(COUNT_LABELS.get(name, name)) for name in result.counts}
    width = max(len(label) for label in labels.values())
    for name, value in result.counts.items():
        click.echo(f"  {labels[name]:<{width}}  {format_decimal(value):>5}")
    echo_sign_in(result)


def echo_sign_in(result: DemoResult) -> None:
    """Tell how to sign in: the new password once, otherwise how to reset it."""
    url = current_app.config.get("PUBLIC_BASE_URL") or LOCAL_URL
    click.echo("")
    if result.admin_password:
        click.echo(
            _(
                "Sign in at %(url)s as %(email)s with password %(password)s",
                url=url,
                email=ADMIN_EMAIL,
                password=result.admin_password,
            )
        )
        for email, role, site, locale in result.demo_users:
            click.echo(
                "  "
                + _(
                    "The same password signs in %(email)s: %(role)s at %(site)s, pages in "
                    "%(language)s.",
                    email=email,
                    role=shown(role, "role"),
                    site=site,
                    language=LANGUAGE_NAMES.get(locale, locale),
                )
            )
        click.echo(_("This password is shown only once; keep it or reset it with:"))
    elif result.admin_exists:
        click.echo(
            _(
                "Sign in at %(url)s as %(email)s: its password was printed when it was "
                "first created. To reset it:",
                url=url,
                email=ADMIN_EMAIL,
            )
        )
    else:
        click.echo(_("There is no %(email)s account. To create it:", email=ADMIN_EMAIL))
    click.echo(f"  {RESET_COMMAND}")
