"""Time zone settings: the select of IANA zones and the rule that a stored zone is known.

Users and sites store a zone as its IANA name ("Europe/Paris"); "" on a user means "my
site's". A name this machine's zone database does not hold is refused by name.
"""

from flask_babel import gettext as _
from wtforms import SelectChoice, SelectField
from wtforms.validators import ValidationError

from .times import is_known_zone, known_zones


def zone_problem(name: str, blank_allowed: bool = False) -> str | None:
    """Why ``name`` cannot be stored as a time zone, or None when it can."""
    if name == "" and blank_allowed:
        return None
    if not name:
        return _("Choose a time zone.")
    if not is_known_zone(name):
        return _(
            "“%(zone)s” is not a time zone this app knows. Choose one from the list, "
            "such as Europe/Paris or America/New_York.",
            zone=name[:64],
        )
    return None


def zone_choices(blank: str | None = None) -> list[SelectChoice]:
    """Every known zone as a select choice, sorted; first ("", blank) when ``blank`` is given."""
    names = sorted(name for name in known_zones() if "/" in name or name == "UTC")
    first = [SelectChoice("", blank)] if blank is not None else []
    return first + [SelectChoice(name, name) for name in names]


class ZoneField(SelectField):
    """A select of IANA time zones; an unknown name is refused with a message naming it.

    ``blank`` is the label of the "" choice (e.g. "my site's"); without it a zone is needed.
    """

    def __init__(self, label=None, validators=None, blank=None, **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)
        self.blank = blank
        self.choices = lambda: zone_choices(None if self.blank is None else str(self.blank))

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = valuelist[0].strip()

    def pre_validate(self, form) -> None:
        problem = zone_problem(self.data or "", blank_allowed=self.blank is not None)
        if problem:
            raise ValidationError(problem)
