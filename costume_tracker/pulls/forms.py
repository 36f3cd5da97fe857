"""The pull list's form: a tag code scanned or typed, or a garment's tick button."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional

from ..forms import Form
from ..security import MAX_DB_INTEGER


class PullForm(Form):
    """Tick one garment off a shooting day's list."""

    code = StringField(_l("Tag code or label URL"), validators=[Optional(), Length(max=200)])
    garment_id = IntegerField(
        _l("Garment"), validators=[Optional(), NumberRange(min=1, max=MAX_DB_INTEGER)]
    )
    # The phone's key for the scan: a scan sent twice is applied once.
    scan_key = HiddenField()
