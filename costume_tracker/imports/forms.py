"""The upload form and the confirm form of an import."""

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from ..forms import Form

KIND_CHOICES = [
    SelectChoice("garments", "Garments (keyed on Tag)"),
    SelectChoice("costumes", "Costumes (keyed on Costume ID)"),
    SelectChoice("performers", "Performers (keyed on Performer ID)"),
]


class UploadForm(Form):
    kind = SelectField("What the file holds", choices=KIND_CHOICES)
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file to import.")])


class ConfirmForm(Form):
    token = HiddenField(validators=[DataRequired()])
    fingerprint = HiddenField(validators=[DataRequired()])
