"""``flask --app costume_tracker create-user``."""

import sys

import click
from flask.cli import with_appcontext

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
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user, created = save_user(email, role, password, name=name)
    except (UserError, PasswordError) as error:
        raise click.ClickException(str(error)) from error
    clear_failures(user.email)  # a reset password opens sign-in again
    if created:
        click.echo(f"Created {user.email} ({user.role}).")
    else:
        click.echo(
            f"Updated {user.email} ({user.role}); the new password signed them out everywhere."
        )
