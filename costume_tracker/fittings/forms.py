"""Booking, outcome, photo and calendar-feed forms for fittings."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, IntegerField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from ..breakdown.models import Change, SceneCast
from ..catalog.models import Costume
from ..catalog.queries import parse_costume_ref
from ..extensions import db
from ..forms import Form, ListChoiceField
from ..lists.models import Character, Site
from ..people.services import parse_performer_ref
from .services import MAX_MINUTES, MIN_MINUTES, wardrobe_users

SEPARATORS = re.compile(r"[,;]")


class FittingForm(Form):
    performer = StringField(
        _l("Performer"),
        validators=[DataRequired(), Length(max=160)],
        description=_l("Code such as P-12 or the exact name."),
    )
    costumes = StringField(
        _l("Costumes"),
        validators=[Optional(), Length(max=300)],
        description=_l("Codes separated by commas, e.g. C-12, C-14."),
    )
    changes = StringField(
        _l("Changes"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            "Character and change number, e.g. Aurora 2A; separate several with commas."
        ),
    )
    site_id = ListChoiceField(_l("Site"), description=_l("Default: the performer's company site."))
    day = DateField(_l("Date"), validators=[DataRequired()])
    at = TimeField(_l("Start"), validators=[DataRequired()])
    minutes = IntegerField(
        _l("Duration (minutes)"),
        default=30,
        validators=[DataRequired()],
        description=_l("From 5 to 480 minutes."),
    )
    room = StringField(
        _l("Room"),
        validators=[Optional(), Length(max=80)],
        description=_l("e.g. Fitting room 2"),
    )
    fitter_id = ListChoiceField(_l("Fitter"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sites = db.session.scalars(select(Site).order_by(Site.name_key)).all()
        self.site_id.choices = [(None, _("The performer's company site"))] + [
            (s.id, f"{s.name} ({s.timezone})") for s in sites
        ]
        self.fitter_id.choices = [(None, "—")] + [(u.id, u.display_name) for u in wardrobe_users()]
        self.performer_obj = None
        self.costume_objs: list[Costume] = []
        self.change_objs: list[Change] = []

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.minutes.data is not None and not MIN_MINUTES <= self.minutes.data <= MAX_MINUTES:
            self.minutes.errors = [
                *self.minutes.errors,
                _("From %(least)s to %(most)s minutes.", least=MIN_MINUTES, most=MAX_MINUTES),
            ]
            ok = False
        if self.performer.data and not self.performer.errors:
            self.performer_obj = parse_performer_ref(self.performer.data)
            if self.performer_obj is None:
                self.performer.errors = [
                    _(
                        "No single performer matches '%(text)s'. Type their code, e.g. P-12.",
                        text=self.performer.data,
                    )
                ]
                ok = False
        for name, resolve in (("costumes", self._costumes), ("changes", self._changes)):
            field = self[name]
            if field.data and not field.errors:
                try:
                    resolve()
                except ValueError as error:
                    field.errors = [str(error)]
                    ok = False
        return ok

    def _costumes(self) -> None:
        found = []
        for piece in filter(None, (p.strip() for p in SEPARATORS.split(self.costumes.data))):
            ref = parse_costume_ref(piece.split(" ")[0])
            costume = db.session.get(Costume, ref) if ref else None
            if costume is None:
                raise ValueError(
                    _("No costume matches '%(name)s'. Type its code, e.g. C-42.", name=piece)
                )
            if costume not in found:
                found.append(costume)
        self.costume_objs = found

    def _changes(self) -> None:
        found = []
        for piece in filter(None, (p.strip() for p in SEPARATORS.split(self.changes.data))):
            change = find_change(piece, self.performer_obj)
            if change not in found:
                found.append(change)
        self.change_objs = found


def find_change(text: str, performer) -> Change:
    """The change 'Aurora 2A' (or '2A' among the performer's characters); ValueError if none."""
    words = text.replace("·", " ").split()
    number, name = words[-1].upper(), " ".join(words[:-1])
    query = select(Change).join(Change.character).where(Change.number == number)
    if name:
        query = query.where(Character.name.ilike(name))
    elif performer is not None:
        played = select(SceneCast.character_id).where(SceneCast.performer_id == performer.id)
        own = [c.id for c in performer.characters]
        query = query.where(Character.id.in_(played) | Character.id.in_(own))
    matches = db.session.scalars(query.limit(2)).all()
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError(
            _(
                "Several changes are numbered %(number)s; "
                "write the character too, e.g. Aurora %(number)s.",
                number=number,
            )
        )
    raise ValueError(
        _(
            "No change matches '%(text)s'. Write the character and number, e.g. Aurora 2A.",
            text=text,
        )
    )


class ConfirmForm(Form):
    """A button alone (cancel, revoke): only the CSRF token is checked."""


class OutcomeForm(Form):
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])


class FeedForm(Form):
    site_id = ListChoiceField(_l("Calendar of"))

    def __init__(self, *args, wardrobe: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(None, _("My fittings (where I am the fitter)"))]
        if wardrobe:
            sites = db.session.scalars(select(Site).order_by(Site.name_key)).all()
            self.site_id.choices += [
                (s.id, _("Every fitting at %(site)s", site=s.name)) for s in sites
            ]
