"""Sign-in, account and user-management forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from .models import ROLES, UNITS
from .services import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me signed in on this device", default=True)
    next = HiddenField()


class AccountForm(FlaskForm):
    name = StringField("Name", validators=[Optional(), Length(max=120)])
    unit = SelectField("Measurements in", choices=list(UNITS))
    password = PasswordField(
        "New password", validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH)]
    )
    confirm = PasswordField("Repeat new password", validators=[EqualTo("password")])


class UserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=list(ROLES))
    active = BooleanField("Active (may sign in)", default=True)
    password = PasswordField(
        "Password",
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH)],
        description="Leave empty to keep the current password.",
    )
