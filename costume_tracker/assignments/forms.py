"""Assignment, return and alteration forms."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..catalog.forms import CostumeRefField, character_choices, location_choices
from ..people.services import parse_performer_ref


def _coerce_id(value):
    return int(value) if value not in (None, "", "None") else None


class AssignForm(FlaskForm):
    costume = CostumeRefField(
        "Costume",
        validators=[DataRequired(), Length(max=160)],
        description="Code such as C-42 or the exact name.",
    )
    performer = StringField(
        "Performer",
        validators=[DataRequired(), Length(max=160)],
        description="Code such as P-12 or the exact name.",
    )
    character_id = SelectField(
        "Character",
        coerce=_coerce_id,
        validate_choice=False,
        description="Defaults to the costume's character.",
    )
    episodes = StringField("Episodes / scenes", validators=[Optional(), Length(max=200)])
    starts_on = DateField("From", default=date.today, validators=[DataRequired()])
    due_on = DateField("Due back", validators=[Optional()])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.character_id.choices = character_choices()
        self.performer_obj = None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        try:
            self.costume.costume_id = self.costume.resolve()
        except ValueError as error:
            self.costume.errors = [*self.costume.errors, str(error)]
            ok = False
        if self.performer.data:
            self.performer_obj = parse_performer_ref(self.performer.data)
            if self.performer_obj is None:
                self.performer.errors = [
                    *self.performer.errors,
                    (
                        f"No single performer matches '{self.performer.data}'. "
                        "Type their code, e.g. P-12."
                    ),
                ]
                ok = False
        return ok


class ReturnForm(FlaskForm):
    location_id = SelectField("Back to", coerce=_coerce_id, validate_choice=False)
    note = StringField("Note", validators=[Optional(), Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.location_id.choices = location_choices()


class DressDoubleForm(FlaskForm):
    multiple_id = HiddenField()


class AlterationForm(FlaskForm):
    description = StringField("Alteration", validators=[DataRequired(), Length(max=500)])
    garment_id = SelectField("Garment", coerce=_coerce_id, validate_choice=False)
