"""Alteration tasks: the workroom queue, planning and moving tasks, fit check to tasks.

The routes hang on the assignments blueprint (``assignments.new_alteration`` …).
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_pgettext, ngettext
from flask_login import current_user

from ..auth.models import User
from ..catalog.models import Costume, Garment
from ..catalog.services import find_garment_by_tag
from ..extensions import db
from ..fittings.models import Fitting
from ..i18n import times
from ..lists.models import Site
from ..paging import paginate
from ..people.models import Performer
from ..web import attach_errors, form_problems, is_safe_next, labelled_reason, role_required
from .alteration_queue import (
    QueueFilters,
    done_select,
    queue_rows,
    queue_select,
    recently_done,
    site_todays,
)
from .alteration_tasks import create_task, edit_task, wardrobe_makers
from .alterations import MOVES, AlterationError, move_alteration
from .fit_tasks import chosen_flags, flag_description, flag_key, tasks_from_fit
from .forms import AlterationEditForm, AlterationTaskForm, FitTasksForm, TaskStateForm
from .models import ALTERATION_STATES, Alteration
from .views import bp

STATE_NAMES = {
    "to do": lazy_pgettext("alteration state", "to do"),
    "doing": lazy_pgettext("alteration state", "in progress"),
    "done": lazy_pgettext("alteration state", "done"),
}


@bp.app_template_filter("alteration_state")
def show_alteration_state(code: str) -> str:
    """A task's state in the reader's language: to do, in progress, done."""
    return str(STATE_NAMES.get(code, code))


def _int_arg(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _back(default: str) -> str:
    """Where a form asked to go back to (a page of this site), else ``default``."""
    back = request.form.get("back", "")
    return back if is_safe_next(back) else default


def queue_filters(sites: list[Site]) -> QueueFilters:
    """The queue's filters from the URL; the site defaults to the viewer's home site."""
    ids = {site.id for site in sites}
    arg = request.args.get("site", "")
    site_id = _int_arg(arg) if arg != "all" else None
    if arg != "all" and site_id not in ids:
        site_id = current_user.site_id if current_user.site_id in ids else None
    state = request.args.get("state")
    return QueueFilters(
        site_id=site_id,
        maker_id=_int_arg(request.args.get("maker")),
        state=state if state in ALTERATION_STATES else None,
    )


@bp.route("/alterations")
def alterations():
    """The workroom queue of a site: tasks to do and in progress by due date, then done ones."""
    sites = db.session.scalars(db.select(Site).order_by(Site.name_key)).all()
    filters = queue_filters(sites)
    todays = site_todays(times.now())
    if filters.state == "done":
        page, recent = paginate(done_select(filters)), []
    else:
        page = paginate(queue_select(filters, todays))
        recent = [] if filters.state else recently_done(filters)
    return render_template(
        "assignments/alterations.html",
        page=page,
        rows=queue_rows(page.items, todays),
        recent=recent,
        filters=filters,
        sites=sites,
        makers=wardrobe_makers(),
        moves=MOVES,
        states=ALTERATION_STATES,
        state_form=TaskStateForm(),
    )


def _move(alteration_id: int, state: str | None):
    alteration = db.get_or_404(Alteration, alteration_id)
    form = TaskStateForm()
    try:
        if not form.validate_on_submit():
            raise AlterationError(_("The form expired; try again."))
        state = state or form.state.data or ""
        flagged = move_alteration(alteration, state, current_user)
    except AlterationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_moved_message(alteration, flagged), "success")
    default = url_for("costumes.detail", costume_id=alteration.costume_id) + "#alterations"
    return redirect(_back(default))


def _moved_message(alteration: Alteration, flagged: int) -> str:
    if alteration.state == "done" and alteration.mirrors_id is not None:
        return _("Alteration marked as mirrored.")
    if flagged:
        return ngettext(
            "Task done. %(num)s multiple flagged to mirror it.",
            "Task done. %(num)s multiples flagged to mirror it.",
            flagged,
        )
    return {
        "to do": _("Task put back to do: %(text)s", text=alteration.description),
        "doing": _("Task in progress: %(text)s", text=alteration.description),
        "done": _("Task done: %(text)s", text=alteration.description),
    }[alteration.state]


@bp.route("/alterations/<int:alteration_id>/done", methods=["POST"])
@role_required("wardrobe")
def alteration_done(alteration_id: int):
    """Mark a task done (a mirrored alteration on a multiple, too)."""
    return _move(alteration_id, "done")


@bp.route("/alterations/<int:alteration_id>/state", methods=["POST"])
@role_required("wardrobe")
def alteration_state(alteration_id: int):
    """Move a task to do, in progress or done."""
    return _move(alteration_id, None)


def _prefill(form: AlterationTaskForm) -> None:
    """The new task form filled from ?costume=, ?garment= and ?fitting= ids."""
    garment = db.session.get(Garment, _int_arg(request.args.get("garment")) or 0)
    fitting = db.session.get(Fitting, _int_arg(request.args.get("fitting")) or 0)
    costume = db.session.get(Costume, _int_arg(request.args.get("costume")) or 0)
    if costume is None and garment is not None:
        costume = garment.costume
    if costume is None and fitting is not None and fitting.costumes:
        costume = fitting.costumes[0]
    form.costume.data = f"{costume.code} {costume.name}" if costume else ""
    form.garment.data = garment.tag_code if garment else ""
    form.fitting_id.data = str(fitting.id) if fitting else ""
    if fitting is not None and fitting.fitter_id:
        form.maker_id.data = fitting.fitter_id


def _read_task_form(form: AlterationTaskForm):
    """The costume, garment and fitting the form names; reasons go on their fields."""
    costume = garment = fitting = None
    try:
        costume_id = form.costume.resolve()
        costume = db.session.get(Costume, costume_id) if costume_id else None
    except ValueError as error:
        form.costume.errors = [*form.costume.errors, str(error)]
    if form.garment.data:
        garment = find_garment_by_tag(form.garment.data)
        if garment is None:
            form.garment.errors = [
                *form.garment.errors,
                _("No garment has the tag code %(tag)s.", tag=form.garment.data.strip()[:40]),
            ]
    if form.fitting_id.data:
        fitting = db.session.get(Fitting, _int_arg(form.fitting_id.data) or 0)
        if fitting is None:
            flash(_("That fitting no longer exists; plan the task without it."), "error")
    return costume, garment, fitting


@bp.route("/alterations/new", methods=["GET", "POST"])
@role_required("wardrobe")
def new_alteration():
    """Plan an alteration task: costume, garment, what to do, maker, due date, workroom."""
    form = AlterationTaskForm()
    if request.method == "GET":
        _prefill(form)
        return render_template("assignments/alteration_new.html", form=form)
    ok = form.validate_on_submit()
    costume, garment, fitting = _read_task_form(form)
    bad_fitting = bool(form.fitting_id.data) and fitting is None
    if ok and costume is not None and not form.garment.errors and not bad_fitting:
        try:
            task = create_task(
                costume,
                form.description.data,
                current_user,
                garment=garment,
                maker=db.session.get(User, form.maker_id.data) if form.maker_id.data else None,
                due_on=form.due_on.data,
                site_id=form.site_id.data,
                fitting_id=fitting.id if fitting else None,
            )
        except AlterationError as error:
            db.session.rollback()
            for message in attach_errors(form, error.errors, fallback=form.description):
                flash(message, "error")
        else:
            flash(_("Task to do: %(text)s", text=task.description), "success")
            return redirect(url_for("assignments.alterations", site=task.site_id or "all"))
    return render_template("assignments/alteration_new.html", form=form), 400


@bp.route("/alterations/<int:alteration_id>/edit", methods=["GET", "POST"])
@role_required("wardrobe")
def edit_alteration(alteration_id: int):
    """Change a task's maker, due date or description."""
    task = db.get_or_404(Alteration, alteration_id)
    form = AlterationEditForm(obj=task)
    if form.validate_on_submit():
        try:
            edit_task(
                task,
                current_user,
                description=form.description.data,
                maker=db.session.get(User, form.maker_id.data) if form.maker_id.data else None,
                due_on=form.due_on.data,
            )
        except AlterationError as error:
            db.session.rollback()
            for message in attach_errors(form, error.errors, fallback=form.description):
                flash(message, "error")
        else:
            flash(_("Task saved: %(text)s", text=task.description), "success")
            return redirect(url_for("assignments.alterations", site=task.site_id or "all"))
    status = 400 if request.method == "POST" else 200
    return render_template("assignments/alteration_edit.html", form=form, task=task), status


def fit_tasks_form(flags, costume, performer, fitting=None, back: str = "") -> FitTasksForm:
    """The "turn these differences into tasks" form for a fit check, every difference ticked."""
    form = FitTasksForm(formdata=None)
    unit = current_user.unit if current_user.is_authenticated else "cm"
    form.difference.choices = [(flag_key(f), flag_description(f, unit)) for f in flags]
    form.difference.data = [flag_key(f) for f in flags]
    form.costume_id.data, form.performer_id.data = str(costume.id), str(performer.id)
    form.fitting_id.data = str(fitting.id) if fitting else ""
    form.back.data = back
    if fitting is not None and fitting.fitter_id:
        form.maker_id.data = fitting.fitter_id
    return form


def _fit_subjects(form: FitTasksForm):
    """The costume, performer and fitting the form names, or AlterationError."""
    costume = db.session.get(Costume, _int_arg(form.costume_id.data) or 0)
    performer = db.session.get(Performer, _int_arg(form.performer_id.data) or 0)
    if costume is None or performer is None:
        raise AlterationError(_("Choose the costume and the performer of a fit check."))
    fitting = None
    if form.fitting_id.data:
        fitting = db.session.get(Fitting, _int_arg(form.fitting_id.data) or 0)
        if fitting is None or fitting.performer_id != performer.id:
            raise AlterationError(_("That fitting is not %(name)s's.", name=performer.name))
    return costume, performer, fitting


@bp.route("/alterations/from-fit", methods=["POST"])
@role_required("wardrobe")
def alterations_from_fit():
    """Turn the chosen fit check differences into alteration tasks, all or none."""
    form = FitTasksForm()
    back = _back(url_for("assignments.alterations"))
    try:
        if not form.validate_on_submit():
            raise AlterationError(form_problems(form, _("The form expired; try again.")))
        costume, performer, fitting = _fit_subjects(form)
        tolerance = current_app.config["FIT_TOLERANCE_CM"]
        flags = chosen_flags(performer, costume, tolerance, form.difference.data or [])
        tasks = tasks_from_fit(
            flags,
            costume,
            current_user,
            current_user.unit,
            maker=db.session.get(User, form.maker_id.data) if form.maker_id.data else None,
            due_on=form.due_on.data,
            fitting_id=fitting.id if fitting else None,
        )
    except AlterationError as error:
        db.session.rollback()
        flash(_labelled(form, error.errors), "error")
        return redirect(back)
    flash(
        ngettext(
            "%(num)s alteration task to do, in the workroom queue.",
            "%(num)s alteration tasks to do, in the workroom queue.",
            len(tasks),
        ),
        "success",
    )
    return redirect(back)


def _labelled(form, errors: dict) -> str:
    """Reasons as 'Field: reason' for a form shown on another page."""
    parts = []
    for name, message in errors.items():
        field = form._fields.get(name)
        parts.append(labelled_reason(field.label.text, message) if field else str(message))
    return " ".join(parts)
