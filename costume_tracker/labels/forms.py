"""Label printing and calibration forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, IntegerField, SelectChoice, SelectField
from wtforms.validators import InputRequired, NumberRange

from .models import MAX_OFFSET_MM
from .presets import DEFAULT_PRESET, PRESETS
from .qr import EC_CHOICES
from .services import CONFIRM_LOCAL, MAX_COPIES, LabelOptions

WHOLE_NUMBER = "Give a whole number."
MILLIMETRES = [
    InputRequired("Give a number of millimetres, e.g. 0.5 or -1.2."),
    NumberRange(-MAX_OFFSET_MM, MAX_OFFSET_MM, f"Offsets must be between -{MAX_OFFSET_MM:g} and "
                f"{MAX_OFFSET_MM:g} mm."),
]  # fmt: skip


class PrintForm(FlaskForm):
    """Label stock and options; the garments come from the page's address."""

    # Choices are checked by the label service so a wrong value gets a message naming it.
    preset = SelectField(
        "Label stock",
        choices=[SelectChoice(p.key, p.description) for p in PRESETS.values()],
        default=DEFAULT_PRESET,
        validate_choice=False,
    )
    start = IntegerField(
        "Start at label",
        default=1,
        validators=[InputRequired(WHOLE_NUMBER)],
        description="First free label on a partly used sheet: 1 is top left, counted row by row.",
    )
    copies = IntegerField(
        "Copies per garment",
        default=1,
        validators=[InputRequired(WHOLE_NUMBER)],
        description=f"1 to {MAX_COPIES}.",
    )
    ec = SelectField(
        "Error correction",
        choices=[SelectChoice(key, text) for key, text in EC_CHOICES.items()],
        default="M",
        validate_choice=False,
    )
    outlines = BooleanField("Draw label outlines (test print on plain paper)")
    # Shown, and required by the label service, only when the labels would point at an
    # address phones cannot reach (PUBLIC_BASE_URL unset or local).
    confirm_local = BooleanField(CONFIRM_LOCAL)

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
        "Offset x (mm)",
        validators=MILLIMETRES,
        description="Positive moves the labels right.",
    )
    offset_y = FloatField(
        "Offset y (mm)",
        validators=MILLIMETRES,
        description="Positive moves the labels down.",
    )
