"""Garment and costume forms; choices for short lists are filled from the database."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ..extensions import db
from ..forms import Form, ListChoiceField, MoneyField, VersionField, WholeNumberField, coerce_id
from ..i18n.values import choices
from ..lists.models import Character, Location, Production, Site
from ..people.measure_fields import MeasureField
from .models import CATEGORIES, CONDITIONS, STATUSES, TUTU_STYLES, Costume
from .queries import parse_costume_ref
from .services import tutu_field_errors

BLANK = SelectChoice("", "—")


_coerce_id = coerce_id


def _coerce_hoop(value):
    return {"yes": True, "no": False, True: True, False: False}.get(value)


def production_choices():
    rows = db.session.scalars(db.select(Production).order_by(Production.name_key))
    return [BLANK] + [SelectChoice(p.id, p.name) for p in rows]


def site_choices(blank: bool = False):
    rows = db.session.scalars(db.select(Site).order_by(Site.name_key))
    return ([BLANK] if blank else []) + [SelectChoice(s.id, s.name) for s in rows]


def location_choices():
    rows = db.session.scalars(
        db.select(Location).join(Location.site).order_by(Site.name_key, Location.name_key)
    )
    return [BLANK] + [SelectChoice(loc.id, str(loc)) for loc in rows]


def character_choices():
    rows = db.session.scalars(
        db.select(Character)
        .join(Character.production)
        .order_by(Production.name_key, Character.name_key)
    )
    return [BLANK] + [SelectChoice(c.id, str(c)) for c in rows]


class CostumeRefField(StringField):
    """A costume typed as 'C-42' or its exact name; the datalist suggests as you type."""

    def process_data(self, value):
        # Filled from a garment (obj=…): its costume, written as the field shows it.
        super().process_data(f"{value.code} {value.name}" if isinstance(value, Costume) else value)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.costume_id = None

    def resolve(self) -> int | None:
        """The costume id the text names, or raise ValueError with the reason."""
        text = (self.data or "").strip()
        if not text or self.errors:  # a refused text (a control character) names no costume
            return None
        ref = parse_costume_ref(text.split(" ")[0]) if text.upper().startswith("C") else None
        costume = db.session.get(Costume, ref) if ref else None
        if costume is None:
            matches = db.session.scalars(
                db.select(Costume).where(Costume.name == text).limit(2)
            ).all()
            if len(matches) > 1:
                raise ValueError(
                    _("Several costumes are named '%(name)s'; type its code (C-…).", name=text)
                )
            costume = matches[0] if matches else None
        if costume is None:
            raise ValueError(
                _("No costume matches '%(name)s'. Type its code, e.g. C-42.", name=text)
            )
        return costume.id


class GarmentForm(Form):
    version = VersionField()
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    category = SelectField(_l("Category"), choices=list(CATEGORIES))
    costume = CostumeRefField(
        _l("Costume"),
        validators=[Optional(), Length(max=160)],
        description=_l("Code such as C-42 or the costume's exact name; empty for a stock piece."),
    )
    production_id = ListChoiceField(_l("Production"))
    colour = StringField(_l("Colour"), validators=[Optional(), Length(max=60)])
    fabric = StringField(_l("Fabric"), validators=[Optional(), Length(max=120)])
    size_label = StringField(_l("Size label"), validators=[Optional(), Length(max=30)])
    # Lengths are typed in the user's unit; the field names say how they are stored.
    chest_cm = MeasureField(_l("Chest"), validators=[Optional()])
    waist_cm = MeasureField(_l("Waist"), validators=[Optional()])
    hips_cm = MeasureField(_l("Hips"), validators=[Optional()])
    girth_cm = MeasureField(_l("Girth"), validators=[Optional()])
    inseam_cm = MeasureField(_l("Inseam"), max_cm=200, validators=[Optional()])
    length_cm = MeasureField(_l("Length"), validators=[Optional()])
    home_site_id = ListChoiceField(_l("Home site"))
    location_id = ListChoiceField(_l("Location"))
    condition = SelectField(_l("Condition"), choices=list(CONDITIONS), default="good")
    care_notes = TextAreaField(_l("Care notes"), validators=[Optional(), Length(max=4000)])
    replacement_cost = MoneyField(_l("Replacement cost"), places=2, validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])
    net_layers = WholeNumberField(
        _l("Net layers"),
        validators=[Optional()],
        description=_l("Tutus only: this show's tutus have 13."),
    )
    tutu_style = SelectField(
        _l("Tutu style"),
        choices=[BLANK, *TUTU_STYLES],
        coerce=lambda v: v or None,
    )
    hoop = SelectField(_l("Hoop"), choices=[BLANK, "yes", "no"], coerce=_coerce_hoop)
    net_type = StringField(_l("Net type"), validators=[Optional(), Length(max=60)])
    skirt_length_cm = MeasureField(_l("Skirt length"), max_cm=200, validators=[Optional()])

    def __init__(self, *args, with_location: bool = False, unit: str = "cm", **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.measure_fields():
            field.use_unit(unit)
        # Stored codes, shown in the reader's language (the choices are made per request).
        self.category.choices = choices("category", CATEGORIES)
        self.condition.choices = choices("condition", CONDITIONS)
        self.tutu_style.choices = [BLANK, *choices("tutu_style", TUTU_STYLES)]
        self.hoop.choices = [BLANK, ("yes", _("yes")), ("no", _("no"))]
        self.production_id.choices = production_choices()
        self.home_site_id.choices = site_choices()
        self.location_id.choices = location_choices()
        if not with_location:
            del self.location_id

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        try:
            self.costume.costume_id = self.costume.resolve()
        except ValueError as error:
            self.costume.errors = [*self.costume.errors, str(error)]
            ok = False
        for field, message in tutu_field_errors(self.category.data, self.tutu_data()).items():
            getattr(self, field).errors = [*getattr(self, field).errors, message]
            ok = False
        return ok

    def tutu_data(self) -> dict:
        return {
            "net_layers": self.net_layers.data,
            "tutu_style": self.tutu_style.data,
            "hoop": self.hoop.data,
        }

    def measure_fields(self) -> list[MeasureField]:
        """The length fields, typed in the user's unit."""
        return [field for field in self if isinstance(field, MeasureField)]

    def garment_fields(self, garment=None) -> dict:
        """The form's values as garment fields for the catalog services (lengths in cm)."""
        skip = {"csrf_token", "version", "costume", "location_id"}
        values = {name: field.data for name, field in self._fields.items() if name not in skip}
        for field in self.measure_fields():
            values[field.name] = field.cm(getattr(garment, field.name, None))
        values["costume_id"] = self.costume.costume_id
        for key in ("colour", "fabric", "size_label", "care_notes", "notes", "net_type"):
            values[key] = (values[key] or "").strip()
        values["name"] = values["name"].strip()
        return values


class StatusForm(Form):
    version = VersionField()
    status = SelectField(_l("Status"), choices=[s for s in STATUSES if s != "retired"])
    location_id = ListChoiceField(_l("Location"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices("status", [s for s in STATUSES if s != "retired"])
        self.location_id.choices = location_choices()


class RetireForm(Form):
    reason = StringField(
        _l("Reason"), validators=[DataRequired(message=_l("Say why.")), Length(max=500)]
    )


class PhotoForm(Form):
    photo = FileField(_l("Photo"), validators=[FileRequired(_l("Choose a photo to upload."))])


class AddGarmentForm(Form):
    tag = StringField(_l("Tag code"), validators=[DataRequired(), Length(max=40)])


class CostumeForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    look = StringField(
        _l("Look"), validators=[Optional(), Length(max=160)], description=_l("e.g. Act III wedding")
    )
    production_id = ListChoiceField(_l("Production"))
    character_id = ListChoiceField(_l("Character"))
    hero = CostumeRefField(
        _l("Multiple of"),
        validators=[Optional(), Length(max=160)],
        description=_l("If this is a copy made for a double or stand-in: the hero costume's code."),
    )
    shared = BooleanField(
        _l("Shared"), description=_l("Corps costume built to fit several dancers at once.")
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.production_id.choices = production_choices()
        self.character_id.choices = character_choices()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        try:
            self.hero.costume_id = self.hero.resolve()
        except ValueError as error:
            self.hero.errors = [*self.hero.errors, str(error)]
            ok = False
        return ok

    def costume_fields(self) -> dict:
        """The form's values as costume fields for the catalog services."""
        return {
            "name": self.name.data.strip(),
            "look": (self.look.data or "").strip(),
            "production_id": self.production_id.data,
            "character_id": self.character_id.data,
            "hero_id": self.hero.costume_id,
            "shared": bool(self.shared.data),
            "notes": (self.notes.data or "").strip(),
        }
