"""Assignment, return and alteration forms."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import (
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ..catalog.forms import CostumeRefField, character_choices, location_choices, site_choices
from ..forms import Form, ListChoiceField, coerce_id
from ..i18n.times import local_today
from ..people.services import parse_performer_ref

_coerce_id = coerce_id


class AssignForm(Form):
    costume = CostumeRefField(
        _l("Costume"),
        validators=[DataRequired(), Length(max=160)],
        description=_l("Code such as C-42 or the exact name."),
    )
    performer = StringField(
        _l("Performer"),
        validators=[DataRequired(), Length(max=160)],
        description=_l("Code such as P-12 or the exact name."),
    )
    character_id = ListChoiceField(
        _l("Character"),
        description=_l("Defaults to the costume's character."),
    )
    episodes = StringField(_l("Episodes / scenes"), validators=[Optional(), Length(max=200)])
    starts_on = DateField(_l("From"), default=local_today, validators=[DataRequired()])
    due_on = DateField(_l("Due back"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])

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
                    _(
                        "No single performer matches '%(text)s'. Type their code, e.g. P-12.",
                        text=self.performer.data,
                    ),
                ]
                ok = False
        return ok


class ReturnForm(Form):
    location_id = ListChoiceField(_l("Back to"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.location_id.choices = location_choices()


class DressDoubleForm(Form):
    multiple_id = HiddenField()


class AlterationForm(Form):
    description = StringField(_l("Alteration"), validators=[DataRequired(), Length(max=500)])
    garment_id = SelectField(_l("Garment"), coerce=_coerce_id, validate_choice=False)


def maker_choices():
    """Wardrobe staff a task can be given to; blank means anyone in the workroom."""
    from .alteration_tasks import wardrobe_makers

    anyone = SelectChoice("", _("anyone in the workroom"))
    return [anyone] + [SelectChoice(u.id, u.display_name) for u in wardrobe_makers()]


class TaskFieldsForm(Form):
    """What every way of planning an alteration task asks: who does it, and by when."""

    maker_id = ListChoiceField(_l("Maker"), description=_l("Who makes the alteration."))
    due_on = DateField(lazy_pgettext("alteration", "Due"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.maker_id.choices = maker_choices()


class AlterationTaskForm(TaskFieldsForm):
    costume = CostumeRefField(
        _l("Costume"),
        validators=[DataRequired(), Length(max=160)],
        description=_l("Code such as C-42 or the exact name."),
    )
    garment = StringField(
        _l("Garment"),
        validators=[Optional(), Length(max=40)],
        description=_l("Tag code such as ET-00042; leave empty for the whole costume."),
    )
    description = StringField(_l("Alteration"), validators=[DataRequired(), Length(max=500)])
    site_id = ListChoiceField(_l("Workroom"))
    fitting_id = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [SelectChoice("", _("the costume's site"))] + site_choices()


class AlterationEditForm(TaskFieldsForm):
    description = StringField(_l("Alteration"), validators=[DataRequired(), Length(max=500)])


class TaskStateForm(Form):
    state = HiddenField()
    back = HiddenField()


class FitTasksForm(TaskFieldsForm):
    costume_id = HiddenField()
    performer_id = HiddenField()
    fitting_id = HiddenField()
    back = HiddenField()
    difference = SelectMultipleField(_l("Differences"), validate_choice=False)
