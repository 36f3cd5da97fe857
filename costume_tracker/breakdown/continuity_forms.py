"""The continuity photo form (from the phone) and the continuity note form."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import Form, coerce_id
from .continuity import CAPTION_MOST, KIND_LABELS, NOTE_MOST

BLANK = SelectChoice("", "—")


class PlaceField(SelectField):
    """A scene or performer id from the list; the service says why another one is refused."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("coerce", coerce_id)
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)


class ContinuityPhotoForm(Form):
    photo = FileField(
        _l("Photo"),
        validators=[FileRequired(_l("Take or choose a photo."))],
        description=_l("JPEG, PNG or WebP, up to 12 MB."),
    )
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(code, label) for code, label in KIND_LABELS.items()],
        default="front",
        validate_choice=False,
    )
    scene_id = PlaceField(_l("Scene"), validators=[Optional()])
    performer_id = PlaceField(_l("Performer"), validators=[Optional()])
    caption = StringField(
        _l("Caption"),
        validators=[Optional(), Length(max=CAPTION_MOST)],
        description=_l("e.g. sleeves pushed up, collar open"),
    )
    next = HiddenField()


class ContinuityNoteForm(Form):
    scene_id = PlaceField(_l("Scene"), validators=[Optional()])
    text = TextAreaField(
        _l("Continuity note"),
        validators=[DataRequired(_l("Write the note.")), Length(max=NOTE_MOST)],
        description=_l("e.g. sleeves pushed up from scene 14"),
    )
    next = HiddenField()


def scene_choices(scenes) -> list:
    """The scenes where the change is worn, "3/14 · Palais Garnier, stage"."""
    return [BLANK] + [
        SelectChoice(s.id, f"{s.label} · {s.set_name}" if s.set_name else s.label) for s in scenes
    ]


def performer_choices(cast_rows, double_word: str) -> list:
    """Everyone who wears the change: the scenes' performers and doubles, once each."""
    seen: dict[int, str] = {}
    for row in cast_rows:
        if row.performer is not None:
            seen.setdefault(row.performer.id, row.performer.name)
        if row.double is not None:
            seen.setdefault(row.double.id, f"{row.double.name} ({double_word})")
    return [BLANK] + [SelectChoice(pid, name) for pid, name in seen.items()]
