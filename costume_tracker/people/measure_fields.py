"""Form fields for lengths typed in the user's unit (cm or inches), kept in centimetres."""

import math
import re

from flask_babel import format_decimal
from flask_babel import gettext as _
from wtforms import FloatField
from wtforms.validators import ValidationError

from .units import from_unit, show, to_input, unit_symbol

# A length is never in the thousands, so a dot or a comma is always the decimal mark:
# 26.125 in is twenty-six and an eighth, 67,5 cm is sixty-seven and a half.
LENGTH = re.compile(r"^\d{1,4}(?:[.,]\d{1,6})?$|^[.,]\d{1,6}$")


class MeasureField(FloatField):
    """A length in the user's unit; ``cm()`` gives it in centimetres, range-checked in cm."""

    def __init__(self, label: str, *, min_cm: float = 1, max_cm: float = 300, **kwargs):
        super().__init__(label, **kwargs)
        self.base_label, self.min_cm, self.max_cm = label, min_cm, max_cm
        self.unit = "cm"

    def use_unit(self, unit: str) -> None:
        """Show and read this field in ``unit``; a stored (cm) value is converted for display."""
        self.unit = unit
        self.label.text = f"{self.base_label} ({unit_symbol(unit)})"
        if not self.raw_data and self.data is not None:
            self.data = to_input(self.data, unit)

    def process_formdata(self, valuelist):
        text = str(valuelist[0]).strip() if valuelist else ""
        if not text:
            self.data = None
            return
        if not LENGTH.match(text):
            self.data = None
            raise ValueError(
                _(
                    "Give a length in %(unit)s such as %(example)s.",
                    unit=unit_symbol(self.unit),
                    example=format_decimal(26.75),
                )
            )
        self.data = float(text.replace(",", "."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}"

    def cm(self, previous_cm: float | None = None) -> float | None:
        """The value in centimetres (the stored one when the field was left as shown)."""
        return from_unit(self.data, self.unit, previous_cm)

    def pre_validate(self, form) -> None:
        if self.data is None:
            return
        if not math.isfinite(self.data):
            raise ValidationError(
                _(
                    "Enter a length in %(unit)s, e.g. %(example)s.",
                    unit=unit_symbol(self.unit),
                    example=format_decimal(26.75),
                )
            )
        cm = self.cm()
        if not self.min_cm <= cm <= self.max_cm:
            low, high = show(self.min_cm, self.unit), show(self.max_cm, self.unit)
            typed = f"{format_decimal(self.data)} {unit_symbol(self.unit)}"
            raise ValidationError(
                _(
                    "Must be between %(low)s and %(high)s, not %(typed)s.",
                    low=low,
                    high=high,
                    typed=typed,
                )
            )
