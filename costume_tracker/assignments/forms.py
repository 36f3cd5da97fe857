"""Assignment, return and alteration forms."""

from datetime import date

from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..catalog.forms import CostumeRefField, character_choices, location_choices
from ..forms import Form, ListChoiceField, coerce_id
from ..people.services import parse_performer_ref

_coerce_id = coerce_id


class AssignForm(Form):
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
    character_id = ListChoiceField(
        "Character",
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


class ReturnForm(Form):
    location_id = ListChoiceField("Back to")
    note = StringField("Note", validators=[Optional(), Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.location_id.choices = location_choices()


class DressDoubleForm(Form):
    multiple_id = HiddenField()


class AlterationForm(Form):
    description = StringField("Alteration", validators=[DataRequired(), Length(max=500)])
    garment_id = SelectField("Garment", coerce=_coerce_id, validate_choice=False)
