"""Forms for the reference lists."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import Form
from ..i18n.values import choices
from ..i18n.zones import ZoneField
from .models import LOCATION_KINDS


class SiteForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=8)])
    company = StringField(_l("Company"), validators=[Optional(), Length(max=120)])
    # Local times and due dates at the site are read in this zone.
    timezone = ZoneField(_l("Time zone"), default="UTC")


class LocationForm(Form):
    site_id = SelectField(_l("Site"), coerce=int)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    kind = SelectField(
        _l("Kind"), choices=lambda: choices("location_kind", LOCATION_KINDS), default="rack"
    )


class ProductionForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])


class CharacterForm(Form):
    production_id = SelectField(_l("Production"), coerce=int)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
