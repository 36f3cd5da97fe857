"""The upload form and the confirm form of an import."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from ..forms import Form

KIND_CHOICES = [
    SelectChoice("garments", _l("Garments (keyed on Tag)")),
    SelectChoice("costumes", _l("Costumes (keyed on Costume ID)")),
    SelectChoice("performers", _l("Performers (keyed on Performer ID)")),
    SelectChoice("breakdown", _l("Script breakdown (scenes keyed on episode and scene)")),
]


class UploadForm(Form):
    kind = SelectField(_l("What the file holds"), choices=KIND_CHOICES)
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file to import."))])


class ConfirmForm(Form):
    token = HiddenField(validators=[DataRequired()])
    fingerprint = HiddenField(validators=[DataRequired()])
