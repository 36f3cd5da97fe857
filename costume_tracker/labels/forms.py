"""Label printing and calibration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, IntegerField, SelectChoice, SelectField
from wtforms.validators import InputRequired, NumberRange

from .models import MAX_OFFSET_MM
from .presets import DEFAULT_PRESET, PRESETS
from .qr import EC_CHOICES
from .services import MAX_COPIES, LabelOptions

WHOLE_NUMBER = _l("Give a whole number.")
MILLIMETRES = [
    InputRequired(_l("Give a number of millimetres, e.g. 0.5 or -1.2.")),
    NumberRange(
        -MAX_OFFSET_MM,
        MAX_OFFSET_MM,
        _l("Offsets must be between -%(most)s and %(most)s mm.", most=format(MAX_OFFSET_MM, "g")),
    ),
]


class PrintForm(FlaskForm):
    """Label stock and options; the garments come from the page's address."""

    # Choices are checked by the label service so a wrong value gets a message naming it.
    preset = SelectField(
        _l("Label stock"),
        choices=[SelectChoice(p.key, p.description) for p in PRESETS.values()],
        default=DEFAULT_PRESET,
        validate_choice=False,
    )
    start = IntegerField(
        _l("Start at label"),
        default=1,
        validators=[InputRequired(WHOLE_NUMBER)],
        description=_l(
            "First free label on a partly used sheet: 1 is top left, counted row by row."
        ),
    )
    copies = IntegerField(
        _l("Copies per garment"),
        default=1,
        validators=[InputRequired(WHOLE_NUMBER)],
        description=_l("1 to %(most)s.", most=MAX_COPIES),
    )
    ec = SelectField(
        _l("Error correction"),
        choices=[SelectChoice(key, text) for key, text in EC_CHOICES.items()],
        default="M",
        validate_choice=False,
    )
    outlines = BooleanField(_l("Draw label outlines (test print on plain paper)"))
    # Shown, and required by the label service, only when the labels would point at an
    # address phones cannot reach (PUBLIC_BASE_URL unset or local).
    confirm_local = BooleanField(_l("I understand these labels will not open on a phone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Paper and grid in the reader's language (the choices are made per request).
        self.preset.choices = [SelectChoice(p.key, p.description) for p in PRESETS.values()]

    def options(self) -> LabelOptions:
        """The chosen options as the label service takes them."""
        return LabelOptions(
            preset=self.preset.data,
            start=self.start.data,
            copies=self.copies.data,
            ec=self.ec.data,
            outlines=bool(self.outlines.data),
        )


class CalibrationForm(FlaskForm):
    """One preset's offset: how far to move its labels to print true on this printer."""

    offset_x = FloatField(
        _l("Offset x (mm)"),
        validators=MILLIMETRES,
        description=_l("Positive moves the labels right."),
    )
    offset_y = FloatField(
        _l("Offset y (mm)"),
        validators=MILLIMETRES,
        description=_l("Positive moves the labels down."),
    )
