"""Forms of the script breakdown: episodes, scenes, cast rows, shooting days, changes."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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

from ..catalog.forms import BLANK, CostumeRefField, production_choices, site_choices
from ..extensions import db
from ..forms import Form, ListChoiceField, WholeNumberField, coerce_id
from ..lists.models import Character, Production
from ..people.services import parse_performer_ref
from .models import INT_EXT, Episode, Scene


def episode_choices():
    rows = db.session.scalars(db.select(Episode).order_by(Episode.number))
    return [SelectChoice(e.id, f"{e.number} · {e.title}") for e in rows]


def character_choices(production_id: int | None = None):
    """Characters of the episode's ballet when it has one, else every character."""
    query = db.select(Character).join(Character.production)
    if production_id:
        query = query.where(Character.production_id == production_id)
    rows = db.session.scalars(query.order_by(Production.name_key, Character.name_key))
    return [BLANK] + [SelectChoice(c.id, str(c)) for c in rows]


def scene_choices():
    """Every scene as call sheets write it, '3/14A Palais Garnier', in script order."""
    rows = db.session.execute(
        db.select(Scene.id, Episode.number, Scene.number, Scene.set_name)
        .join(Episode, Scene.episode_id == Episode.id)
        .order_by(Episode.number, Scene.number_key)
    )
    return [SelectChoice(i, f"{ep}/{num} {place}".strip()) for i, ep, num, place in rows]


class PerformerRefField(StringField):
    """A performer typed as 'P-12' or their exact name; ``performer`` holds who it names."""

    performer = None

    def post_validate(self, form, validation_stopped) -> None:
        self.performer = None
        text = (self.data or "").strip()
        if not text or self.errors:
            return
        self.performer = parse_performer_ref(text)
        if self.performer is None:
            self.errors.append(
                _("No single performer matches '%(text)s'. Type their code, e.g. P-12.", text=text)
            )


class EpisodeForm(Form):
    number = WholeNumberField(_l("Episode number"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    production_id = ListChoiceField(_l("Ballet / production"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.production_id.choices = production_choices()


class SceneForm(Form):
    episode_id = ListChoiceField(_l("Episode"))
    number = StringField(
        _l("Scene number"),
        validators=[DataRequired(), Length(max=10)],
        description=_l("Digits and up to two letters: 14, 14A."),
    )
    set_name = StringField(_l("Set"), validators=[Optional(), Length(max=160)])
    story_day = StringField(
        _l("Story day"),
        validators=[Optional(), Length(max=10)],
        description=_l("D3 for day 3, N2 for night 2."),
    )
    int_ext = SelectField(
        _l("INT/EXT"), choices=[SelectChoice(v, v) for v in INT_EXT], default="INT"
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.episode_id.choices = episode_choices()


class CastForm(Form):
    """A character added to a scene (or its row changed): performer, double, change."""

    character_id = ListChoiceField(_l("Character"))
    performer = PerformerRefField(
        _l("Performer"),
        validators=[Optional(), Length(max=160)],
        description=_l("Code such as P-12 or the exact name."),
    )
    double = PerformerRefField(
        _l("Double working in the scene"),
        validators=[Optional(), Length(max=160)],
        description=_l("Code such as P-12 or the exact name."),
    )
    change = StringField(
        _l("Change"),
        validators=[Optional(), Length(max=10)],
        description=_l("The character's change number: 1, 2, 2A."),
    )

    def __init__(self, *args, production_id=None, **kwargs):
        super().__init__(*args, prefix="add", **kwargs)
        self.character_id.choices = character_choices(production_id)


class CastRowForm(Form):
    """One cast row of a scene: the change worn and the double working, in one submit."""

    cast_id = HiddenField()
    change_id = SelectField(_l("Change"), coerce=coerce_id, validate_choice=False)
    double_id = SelectField(_l("Double"), coerce=coerce_id, validate_choice=False)


class ShootingDayForm(Form):
    shoot_date = DateField(_l("Date"), validators=[DataRequired()])
    site_id = ListChoiceField(_l("Site"))
    location = StringField(_l("Location"), validators=[Optional(), Length(max=160)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=500)])
    scene_ids = SelectMultipleField(_l("Scenes"), coerce=int, validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = site_choices()
        self.scene_ids.choices = scene_choices()


TAG_SPLIT = re.compile(r"[\s,;]+")


class ChangeForm(Form):
    number = StringField(
        _l("Change number"),
        validators=[DataRequired(), Length(max=10)],
        description=_l("Digits and up to two letters: 1, 2, 2A."),
    )
    costume = CostumeRefField(
        _l("Hero costume"),
        validators=[Optional(), Length(max=160)],
        description=_l("Code such as C-12; doubles wear its multiples."),
    )
    description = StringField(_l("Description"), validators=[Optional(), Length(max=300)])
    extras = TextAreaField(
        _l("Extra garments"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Tag codes of pieces worn with the costume, e.g. ET-00042 ET-00043."),
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        try:
            self.costume.costume_id = self.costume.resolve()
        except ValueError as error:
            self.costume.errors = [*self.costume.errors, str(error)]
            ok = False
        return ok

    def extra_tags(self) -> list[str]:
        return [t for t in TAG_SPLIT.split(self.extras.data or "") if t]
