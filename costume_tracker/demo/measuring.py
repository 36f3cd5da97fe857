"""Measurement sheets of the demo cast, in cm, fitting the costumes each performer wears."""

from datetime import UTC, date, datetime, time, timedelta

from ..catalog.models import Costume
from ..extensions import db
from ..history.services import record_event
from ..people.models import Measurement, Performer
from . import data
from .garments import BODY, SHOE_SIZES, SIZES, STEP

CUT = {character: cut for _production, character, _look, _n, cut, _pieces in data.LOOKS}
FITTED = ("chest", "waist", "hips", "girth", "inseam")  # read off the costume's garments
# Measured at the start of the season, then again before the shoot: their sheets have history.
REMEASURED = ("Geneviève Lacombe", "Tessa Whitford", "Daniel Okafor")
FIRST_MEASURED_DAYS_AGO = 130
# What changed since the first measuring (cm): mostly a little lost at the waist in training.
SINCE_FIRST = {"chest": 1.0, "waist": 1.5, "high_hip": 1.0, "hips": 1.0, "girth": 1.0}
RANGES = {"height": (155, 190), "girth": (140, 175)}


def measure(loader, worn: dict[Performer, list[Costume]]) -> None:
    """Give every performer a current measurement sheet; a few principals also an older one."""
    rng, today = loader.rng, date.today()
    for code, cast in loader.cast.items():
        for performer in cast:
            costumes = worn.get(performer, [])
            sheet = body_sheet(rng, code, _cut(performer), costumes[0] if costumes else None)
            measured_on = today - timedelta(days=rng.randint(14, 45))
            if performer.name in REMEASURED:
                first = {k: v + SINCE_FIRST[k] if k in SINCE_FIRST else v for k, v in sheet.items()}
                older = today - timedelta(days=FIRST_MEASURED_DAYS_AGO)
                _add(loader, performer, older, first, "Start-of-season measuring")
                _add(loader, performer, measured_on, sheet, "Re-measured before the shoot")
            else:
                _add(loader, performer, measured_on, sheet, "")


def body_sheet(rng, code: str, cut: str, costume: Costume | None) -> dict:
    """A realistic dancer's sheet in cm, close to the costume's measurements when given."""
    garments = costume.garments if costume else []
    size = _size(rng, code, cut, garments)
    sheet = {}
    for name in FITTED:
        values = [getattr(g, f"{name}_cm") for g in garments if getattr(g, f"{name}_cm")]
        base = sum(values) / len(values) if values else BODY[cut][name] + STEP[name] * size
        sheet[name] = _half(base + rng.choice((-0.5, 0.0, 0.5)))
    sheet["height"] = _half(sheet["inseam"] * 2.1 + rng.uniform(-3, 3))
    sheet["outseam"] = _half(sheet["inseam"] + rng.uniform(23, 27))
    sheet["underbust"] = _half(sheet["chest"] - rng.uniform(10, 13)) if cut == "f" else None
    sheet["high_hip"] = _half(sheet["waist"] + (sheet["hips"] - sheet["waist"]) * 0.6)
    sheet["neck"] = _half(rng.uniform(30, 33.5) if cut == "f" else rng.uniform(36, 40))
    sheet["head"] = _half(rng.uniform(53, 56.5) if cut == "f" else rng.uniform(56, 59))
    for name, (low, high) in RANGES.items():
        sheet[name] = min(max(sheet[name], low), high)
    shoes = [g.size_label for g in garments if g.category == "shoes"]
    sheet["shoe_size"] = shoes[0] if shoes else SHOE_SIZES[(code, cut)][size]
    return sheet


def _size(rng, code: str, cut: str, garments) -> int:
    """The size (0-3) the costume was built in, or a random one."""
    labels = SIZES[(code, cut)]
    found = [labels.index(g.size_label) for g in garments if g.size_label in labels]
    return found[0] if found else rng.randrange(4)


def _cut(performer: Performer) -> str:
    """Women's or men's cut ("f" or "m"), from the first character they play."""
    return CUT.get(performer.characters[0].name, "f") if performer.characters else "f"


def _half(value: float) -> float:
    """Rounded to the half centimetre, as a tape measure is read."""
    return round(value * 2) / 2


def _add(loader, performer: Performer, measured_on: date, sheet: dict, notes: str) -> None:
    """One measuring and its event, dated the day it was taken."""
    db.session.add(
        Measurement(
            performer=performer, measured_on=measured_on, measured_by_id=loader.user.id,
            notes=notes, **sheet,
        )
    )  # fmt: skip
    event = record_event(
        "measurement", loader.user, performer=performer,
        summary=f"Measured on {measured_on.isoformat()}",
    )  # fmt: skip
    event.occurred_at = datetime.combine(measured_on, time(10, 0), UTC)
