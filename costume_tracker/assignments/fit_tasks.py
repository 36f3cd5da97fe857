"""The fit check's differences turned into alteration tasks in one step."""

from datetime import date

from flask_babel import gettext as _

from ..auth.models import User
from ..catalog.models import Costume
from ..catalog.services import refuses_conflicts
from ..extensions import db
from ..i18n.times import decimal_symbol
from ..i18n.values import shown
from ..people.models import Performer
from ..people.units import show, unit_symbol
from .alteration_tasks import new_task, site_today, task_problems, task_site_id
from .alterations import AlterationError
from .fit import FitFlag, fit_check
from .models import Alteration


def flag_key(flag: FitFlag) -> str:
    """How a form names one difference: the garment's id and the measurement."""
    return f"{flag.garment.id}:{flag.measurement}"


def _number(value_cm: float, unit: str) -> str:
    """A size without its unit, as the reader writes it: '86', '33⅞', '61,5'."""
    return show(value_cm, unit).rsplit(" ", 1)[0].replace(".", decimal_symbol())


def _change(flag: FitFlag, unit: str) -> str:
    """What to do to the garment, signed: '−2.0 cm' (take in), '+1⅛ in' (let out)."""
    change = -flag.difference_cm
    sign = "−" if change < 0 else "+"
    if unit == "in":
        return f"{sign}{show(abs(change), unit)}"
    return f"{sign}{abs(change):.1f}".replace(".", decimal_symbol()) + f" {unit_symbol(unit)}"


def flag_description(flag: FitFlag, unit: str) -> str:
    """'Wedding bodice: chest −2.0 cm (garment 86, performer 84)' in the reader's language."""
    return _(
        "%(garment)s: %(measurement)s %(change)s (garment %(garment_size)s, "
        "performer %(performer_size)s)",
        garment=flag.garment.name,
        measurement=shown(flag.measurement, "field"),
        change=_change(flag, unit),
        garment_size=_number(flag.garment_cm, unit),
        performer_size=_number(flag.performer_cm, unit),
    )


def chosen_flags(
    performer: Performer, costume: Costume, tolerance_cm: float, chosen: list[str]
) -> list[FitFlag]:
    """The differences named by the form, in the fit check's order; refused if one is gone."""
    if not chosen:
        raise AlterationError({"difference": _("Tick at least one difference.")})
    flags = {flag_key(f): f for f in fit_check(performer, costume, tolerance_cm)}
    gone = [key for key in chosen if key not in flags]
    if gone:
        raise AlterationError(
            {
                "difference": _(
                    "The fit check no longer shows %(what)s; reload the page and choose again.",
                    what=", ".join(key[:40] for key in gone[:3]),
                )
            }
        )
    keys = set(chosen)
    return [flag for key, flag in flags.items() if key in keys]


@refuses_conflicts
def tasks_from_fit(
    flags: list[FitFlag],
    costume: Costume,
    user,
    unit: str,
    *,
    maker: User | None = None,
    due_on: date | None = None,
    fitting_id: int | None = None,
) -> list[Alteration]:
    """One task to do per difference, all with the same maker, due date and fitting."""
    site_id = task_site_id(costume, user)
    errors = task_problems(costume, None, maker, due_on, site_today(site_id))
    if errors:
        raise AlterationError(errors)
    tasks = [
        new_task(
            costume,
            flag_description(flag, unit),
            user,
            garment=flag.garment,
            site_id=site_id,
            maker_id=getattr(maker, "id", None),
            due_on=due_on,
            fitting_id=fitting_id,
        )
        for flag in flags
    ]
    db.session.commit()
    return tasks
