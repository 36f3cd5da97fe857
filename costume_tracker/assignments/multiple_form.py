"""The form that confirms making a multiple of a costume."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField

from ..catalog.forms import location_choices
from ..forms import Form


def _coerce_id(value):
    return int(value) if str(value).isdecimal() else None


class MultipleForm(Form):
    being_made = BooleanField(
        _l("Still being made"), description=_l("The copies start in alterations, not in stock.")
    )
    location_id = SelectField(
        _l("Put in stock on"),
        coerce=_coerce_id,
        validate_choice=False,
        description=_l("Leave empty if they have no rack yet."),
    )
    back = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.location_id.choices = location_choices()
