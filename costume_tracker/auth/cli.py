"""``flask --app costume_tracker create-user``."""

import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from ..i18n.values import shown
from .models import ROLES
from .passwords import PasswordError
from .services import UserError, save_user
from .throttle import clear_failures


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option("--name", default="", help="Name shown in history.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a user, or reset an existing user's role and password (ending their sessions)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            _("Password"),
            hide_input=True,
            confirmation_prompt=_("Repeat for confirmation"),
        )
    try:
        user, created = save_user(email, role, password, name=name)
    except (UserError, PasswordError) as error:
        raise click.ClickException(str(error)) from error
    clear_failures(user.email)  # a reset password opens sign-in again
    role = shown(user.role, "role")
    if created:
        click.echo(_("Created %(email)s (%(role)s).", email=user.email, role=role))
    else:
        click.echo(
            _(
                "Updated %(email)s (%(role)s); the new password signed them out everywhere.",
                email=user.email,
                role=role,
            )
        )
