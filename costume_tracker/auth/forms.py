"""Sign-in, account and user-management forms."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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

from ..forms import Form, ListChoiceField
from ..i18n.values import choices
from ..i18n.zones import ZoneField
from .models import CSV_DIALECTS, LOCALES, ROLES
from .passwords import MIN_PASSWORD_LENGTH

PASSWORD_HINT = _l(
    "At least %(num)d characters; a few unrelated words make a good one. "
    "Common passwords and ones built from the email or name are refused.",
    num=MIN_PASSWORD_LENGTH,
)


def _code_choices(kind: str, codes) -> list[SelectChoice]:
    """A select of stored codes, each shown in the reader's language."""
    return [SelectChoice(code, label) for code, label in choices(kind, codes)]


def _unit_choices() -> list[SelectChoice]:
    return [SelectChoice("cm", "cm"), SelectChoice("in", _("inches"))]


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me signed in on this device"), default=True)
    next = HiddenField()


class AccountForm(Form):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    locale = SelectField(_l("Language"), choices=lambda: _code_choices("locale", LOCALES))
    # The "" choice's label names the site's zone; the view sets it for the signed-in user.
    timezone = ZoneField(_l("Time zone"), blank=_l("my site's"))
    csv_dialect = SelectField(
        _l("CSV downloads"), choices=lambda: _code_choices("csv_dialect", CSV_DIALECTS)
    )
    unit = SelectField(_l("Measurement unit"), choices=_unit_choices)
    current_password = PasswordField(
        _l("Current password"), description=_l("Needed only to set a new password.")
    )
    password = PasswordField(_l("New password"), description=PASSWORD_HINT)
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[EqualTo("password", message=_l("The two new passwords differ."))],
    )


class UserForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=lambda: _code_choices("role", ROLES))
    # Choices filled by the view from the sites list.
    site_id = ListChoiceField(_l("Home site"))
    timezone = ZoneField(_l("Time zone"), blank=_l("the home site's"))
    active = BooleanField(_l("Active (may sign in)"), default=True)
    password = PasswordField(
        _l("Password"),
        description=_l(
            "Leave empty to keep the current password. A new password signs this "
            "user out everywhere. At least %(num)d characters; a few unrelated words make "
            "a good one. Common passwords and ones built from the email or name are refused.",
            num=MIN_PASSWORD_LENGTH,
        ),
    )


class SessionsForm(Form):
    """A button that ends sessions; ``confirmed`` is set by the confirmation page."""

    confirmed = HiddenField()
