"""Planning alteration tasks: what a task needs, who can make it, by when at which site."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import User
from ..catalog.models import Costume, Garment
from ..catalog.services import refuses_conflicts
from ..extensions import db
from ..history.services import record_event
from ..i18n import times
from ..lists.models import Site
from .alterations import AlterationError, costume_site_id, garment_problem
from .models import Alteration


def wardrobe_makers() -> list[User]:
    """The active wardrobe staff who can be given a task, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), User.role.in_(("wardrobe", "admin")))
            .order_by(User.name, User.email)
        )
    )


def task_problems(
    costume: Costume | None,
    garment: Garment | None,
    maker: User | None,
    due_on: date | None,
    site_today: date,
) -> dict[str, str]:
    """Each field's reason a task cannot be planned so (empty when all is well)."""
    errors = {}
    if costume is not None and costume.retired:
        errors["costume"] = _("%(costume)s is retired.", costume=costume.code)
    if costume is not None and garment_problem(costume, garment):
        errors["garment"] = garment_problem(costume, garment)
    if maker is not None and (not maker.active or not maker.has_role("wardrobe")):
        errors["maker_id"] = _("%(name)s is not on the wardrobe staff.", name=maker.display_name)
    if due_on is not None and due_on < site_today:
        # A due date already gone is a typing slip; a task becomes overdue by waiting.
        errors["due_on"] = _("The due date %(day)s has passed.", day=due_on.isoformat())
    return errors


def new_task(costume: Costume, description: str, user, **fields) -> Alteration:
    """A task to do, added to the session; the caller checks and commits."""
    task = Alteration(
        costume=costume,
        description=description.strip(),
        recorded_by_id=getattr(user, "id", None),
        state="to do",
        **fields,
    )
    db.session.add(task)
    record_event(
        "alteration",
        user,
        costume=costume,
        garment=fields.get("garment"),
        summary=f"To do: {task.description}",
    )
    return task


def site_today(site_id: int | None) -> date:
    """Today at the site whose workroom does a task: its due date is a date there."""
    return times.local_today(times.site_zone(db.session.get(Site, site_id)), times.now())


def task_site_id(costume: Costume, user, site_id: int | None = None) -> int | None:
    """The workroom a task goes to: the one chosen, else the costume's site, else the user's."""
    return site_id or costume_site_id(costume) or getattr(user, "site_id", None)


@refuses_conflicts
def create_task(
    costume: Costume,
    description: str,
    user,
    *,
    garment: Garment | None = None,
    maker: User | None = None,
    due_on: date | None = None,
    site_id: int | None = None,
    fitting_id: int | None = None,
) -> Alteration:
    """Plan an alteration task to do; garment, maker, due date, site and fitting are optional."""
    site_id = task_site_id(costume, user, site_id)
    errors = task_problems(costume, garment, maker, due_on, site_today(site_id))
    if not description.strip():
        errors["description"] = _("Describe the alteration.")
    if errors:
        raise AlterationError(errors)
    task = new_task(
        costume,
        description,
        user,
        garment=garment,
        maker_id=getattr(maker, "id", None),
        due_on=due_on,
        site_id=site_id,
        fitting_id=fitting_id,
    )
    db.session.commit()
    return task


@refuses_conflicts
def edit_task(task: Alteration, user, *, description: str, maker: User | None, due_on) -> None:
    """Change a task's maker, due date or description."""
    # A due date kept as it was is no slip, even once it has passed.
    new_due = due_on if due_on != task.due_on else None
    errors = task_problems(None, None, maker, new_due, site_today(task.site_id))
    if not description.strip():
        errors["description"] = _("Describe the alteration.")
    if errors:
        raise AlterationError(errors)
    maker_id = getattr(maker, "id", None)
    changes = {
        name: (getattr(task, name), value)
        for name, value in (
            ("description", description.strip()),
            ("maker_id", maker_id),
            ("due_on", due_on),
        )
        if getattr(task, name) != value
    }
    for name, (_old, value) in changes.items():
        setattr(task, name, value)
    if changes:
        record_event(
            "alteration",
            user,
            costume=task.costume,
            garment=task.garment,
            summary=f"Edited: {task.description}",
        )
    db.session.commit()
