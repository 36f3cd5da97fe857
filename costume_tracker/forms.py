"""The base form every page uses, and number fields that only take finite numbers.

Every text field of a ``Form`` refuses control characters (NUL, escape codes, line
separators; tab and newline are fine in multi-line notes), so nothing stored breaks an
export, a label or a query. Number fields read what people type (64.5, 64,5) and refuse
NaN, Infinity and exponents with a message instead of storing them.
"""

from flask import flash
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    FloatField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from .inputs import (
    amount_problem,
    normalise_newlines,
    read_amount,
    read_number,
    read_whole_number,
    text_problem,
)
from .security import MAX_DB_INTEGER

DAMAGED = _l("This form came back damaged; reload the page and make your change again.")


class PlainText:
    """Validator: the text holds no control character (tab and newline allowed if multi-line)."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        if not isinstance(field.data, str):
            return
        if self.multiline:
            field.data = normalise_newlines(field.data)
        problem = text_problem(field.data, self.multiline)
        if problem:
            raise ValidationError(problem)


class Form(FlaskForm):
    """A FlaskForm whose text fields all refuse control characters."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            # Hidden fields carry values the views check themselves; passwords are any text.
            if isinstance(field, StringField) and not isinstance(
                field, PasswordField | HiddenField
            ):
                multiline = isinstance(field, TextAreaField)
                field.validators = [*field.validators, PlainText(multiline)]
            return field

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # A hidden field has no place on the page for its reason: say it at the top.
        for field in self:
            if isinstance(field, HiddenField) and field.name != "csrf_token":
                for message in field.errors:
                    flash(message, "error")
                field.errors = []
        return ok


def coerce_id(value) -> int | None:
    """A record id sent by a form: None when blank, else a positive number in digits."""
    if value is None or value in ("", "None"):
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 10) or not (
        1 <= int(text) <= MAX_DB_INTEGER
    ):
        raise ValueError(_("'%(text)s' is not a record id.", text=text[:20]))
    return int(text)


class ListChoiceField(SelectField):
    """A record picked from a list by its id; an id the list does not hold is refused."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("coerce", coerce_id)
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form) -> None:
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(_("Choose one from the list.")) from None


class VersionField(HiddenField):
    """The version of the record the form was filled from, for spotting concurrent edits."""

    def process_formdata(self, valuelist):
        text = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if text:
            try:
                self.data = read_whole_number(text)
            except ValueError:
                raise ValueError(str(DAMAGED)) from None


class NumberField(FloatField):
    """A decimal number (64.5 or 64,5); words, NaN, Infinity and exponents are refused."""

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = read_number(str(valuelist[0]))
        except ValueError:
            self.data = None
            raise ValueError(
                _("Give a number such as %(example)s.", example=format_decimal(64.5))
            ) from None


class WholeNumberField(IntegerField):
    """A whole number in digits; '1e3', '²' or twenty digits are refused with a message."""

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = read_whole_number(str(valuelist[0]))
        except ValueError:
            self.data = None
            raise ValueError(_("Give a whole number such as 13.")) from None


class MoneyField(DecimalField):
    """An amount up to 99,999,999.99 with at most two decimals; shows even absurd stored ones."""

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = read_amount(str(valuelist[0]).strip("€$£ \u00a0"))
        except ValueError:
            self.data = None
            raise

    def _value(self):
        # A value stored before these checks (1E+26, NaN) is shown as it is, not a crash.
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        if amount_problem(self.data):
            return str(self.data)
        return super()._value()
