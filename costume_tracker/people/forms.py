"""Performer and measurement forms."""

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..catalog.forms import BLANK, character_choices, site_choices
from ..extensions import db
from ..forms import Form, ListChoiceField, coerce_id
from ..i18n.times import local_today
from ..i18n.values import choices, shown
from ..inputs import measurement_date_problem
from .measure_fields import MeasureField
from .models import MEASUREMENT_FIELDS, PERFORMER_KINDS, Performer

_coerce_id = coerce_id


def principal_choices(exclude_id: int | None = None):
    """Performers who can be doubled (not doubles themselves), by name."""
    from wtforms import SelectChoice

    rows = db.session.scalars(
        db.select(Performer)
        .where(Performer.kind != "double", Performer.id != (exclude_id or 0))
        .order_by(Performer.name_key)
    )
    return [BLANK] + [
        SelectChoice(p.id, f"{p.name} ({shown(p.kind, 'performer_kind')})") for p in rows
    ]


class PerformerForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    company_site_id = ListChoiceField(_l("Company"))
    kind = SelectField(_l("Kind"), choices=lambda: choices("performer_kind", PERFORMER_KINDS))
    doubles_for_id = SelectField(_l("Doubles for"), coerce=_coerce_id, validate_choice=False)
    character_ids = SelectMultipleField(_l("Characters played"), coerce=int, validate_choice=False)
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])

    def __init__(self, *args, performer_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.company_site_id.choices = site_choices()
        self.doubles_for_id.choices = principal_choices(performer_id)
        self.character_ids.choices = character_choices()[1:]


def measuring_day(form, field) -> None:
    """Validator: measurements are taken today or earlier, and not before 1900."""
    problem = measurement_date_problem(field.data) if field.data else None
    if problem:
        raise ValidationError(problem)


class MeasurementForm(Form):
    measured_on = DateField(
        _l("Measured on"), default=local_today, validators=[DataRequired(), measuring_day]
    )
    shoe_size = StringField(_l("Shoe size"), validators=[Optional(), Length(max=20)])
    notes = StringField(_l("Notes"), validators=[Optional(), Length(max=500)])

    def __init__(self, *args, unit: str = "cm", **kwargs):
        super().__init__(*args, **kwargs)
        for name in MEASUREMENT_FIELDS:
            self[name].use_unit(unit)

    def values(self) -> dict[str, float | None]:
        """The lengths as typed, in the user's unit."""
        return {name: getattr(self, name).data for name in MEASUREMENT_FIELDS}


def _field_label(name: str) -> str:
    """A measurement's name as a form label in the reader's language: 'High hip'."""
    return shown(name, "field").capitalize()


for _name in MEASUREMENT_FIELDS:
    setattr(
        MeasurementForm,
        _name,
        MeasureField(LazyString(_field_label, _name), validators=[Optional()]),
    )
