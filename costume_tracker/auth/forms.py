"""Sign-in, account and user-management forms."""

from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from ..forms import Form
from .models import ROLES, UNITS
from .passwords import MIN_PASSWORD_LENGTH

PASSWORD_HINT = (
    f"At least {MIN_PASSWORD_LENGTH} characters; a few unrelated words make a good one. "
    "Common passwords and ones built from the email or name are refused."
)


class LoginForm(Form):
    email = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me signed in on this device", default=True)
    next = HiddenField()


class AccountForm(Form):
    name = StringField("Name", validators=[Optional(), Length(max=120)])
    unit = SelectField(
        "Measurement unit",
        choices=[SelectChoice(u, {"cm": "cm", "in": "inches"}.get(u, u)) for u in UNITS],
    )
    current_password = PasswordField(
        "Current password", description="Needed only to set a new password."
    )
    password = PasswordField("New password", description=PASSWORD_HINT)
    confirm = PasswordField(
        "Repeat new password",
        validators=[EqualTo("password", message="The two new passwords differ.")],
    )


class UserForm(Form):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=list(ROLES))
    active = BooleanField("Active (may sign in)", default=True)
    password = PasswordField(
        "Password",
        description="Leave empty to keep the current password. A new password signs this "
        "user out everywhere. " + PASSWORD_HINT,
    )


class SessionsForm(Form):
    """A button that ends sessions; ``confirmed`` is set by the confirmation page."""

    confirmed = HiddenField()
