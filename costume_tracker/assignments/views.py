"""Assign and return costumes, dress doubles, doubles coverage, overdue list, alterations."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..catalog.models import Costume, Garment
from ..catalog.services import GarmentError
from ..extensions import db
from ..i18n import times
from ..i18n.values import shown
from ..lists.models import Production, Site
from ..paging import paginate
from ..people.models import Performer
from ..web import attach_errors, form_problems, is_safe_next, role_required
from ..wording import plural
from .alterations import AlterationError, record_alteration
from .doubles import coverage_gaps, create_multiple, doubles_status, dress_double, multiple_plan
from .fit import fit_check
from .forms import AlterationForm, AssignForm, DressDoubleForm, ReturnForm
from .models import Assignment
from .multiple_form import MultipleForm
from .services import AssignmentError, assign_costume, overdue_select, return_assignment

bp = Blueprint("assignments", __name__)


@bp.route("/assignments/new", methods=["GET", "POST"])
@role_required("wardrobe")
def new():
    """Assign a costume to a performer, for a character, episodes and dates."""
    form = AssignForm()
    if request.method == "GET":
        costume = db.session.get(Costume, request.args.get("costume", 0, type=int))
        performer = db.session.get(Performer, request.args.get("performer", 0, type=int))
        form.costume.data = f"{costume.code} {costume.name}" if costume else ""
        form.performer.data = f"{performer.code} {performer.name}" if performer else ""
        form.character_id.data = costume.character_id if costume else None
    if form.validate_on_submit():
        try:
            assignment = assign_costume(
                db.session.get(Costume, form.costume.costume_id),
                form.performer_obj,
                current_user,
                character_id=form.character_id.data,
                episodes=form.episodes.data or "",
                starts_on=form.starts_on.data,
                due_on=form.due_on.data,
                notes=form.notes.data or "",
            )
        except (AssignmentError, GarmentError) as error:
            db.session.rollback()
            attach_errors(form, error.errors, fallback=form.costume)
        else:
            flash(
                _(
                    "%(costume)s assigned to %(performer)s.",
                    costume=assignment.costume.name,
                    performer=assignment.performer.name,
                ),
                "success",
            )
            return redirect(url_for("assignments.detail", assignment_id=assignment.id))
    return render_template("assignments/new.html", form=form)


@bp.route("/assignments/<int:assignment_id>")
def detail(assignment_id: int):
    """An assignment: fit check, each double's multiple (or the offer to make one), return."""
    assignment = db.get_or_404(Assignment, assignment_id)
    tolerance = current_app.config["FIT_TOLERANCE_CM"]
    flags = fit_check(assignment.performer, assignment.costume, tolerance)
    return render_template(
        "assignments/detail.html",
        assignment=assignment,
        doubles=doubles_status(assignment),
        flags=flags,
        tolerance=tolerance,
        return_form=ReturnForm(),
        dress_form=DressDoubleForm(),
        today=times.now(),
        fit_tasks_form=alteration_views.fit_tasks_form(
            flags,
            assignment.costume,
            assignment.performer,
            back=url_for("assignments.detail", assignment_id=assignment.id),
        ),
    )


@bp.route("/assignments/<int:assignment_id>/return", methods=["POST"])
@role_required("wardrobe")
def return_(assignment_id: int):
    """Take the costume back; its garments go back in stock."""
    assignment = db.get_or_404(Assignment, assignment_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        flash(form_problems(form, _("The form expired; try again.")), "error")
        return redirect(url_for("assignments.detail", assignment_id=assignment.id))
    try:
        return_assignment(
            assignment, current_user, location_id=form.location_id.data, note=form.note.data or ""
        )
        flash(
            _(
                "%(costume)s returned by %(performer)s.",
                costume=assignment.costume.name,
                performer=assignment.performer.name,
            ),
            "success",
        )
    except (AssignmentError, GarmentError) as error:
        db.session.rollback()
        flash(" ".join(map(str, error.errors.values())), "error")
    return redirect(url_for("assignments.detail", assignment_id=assignment.id))


@bp.route("/assignments/<int:assignment_id>/doubles/<int:double_id>", methods=["POST"])
@role_required("wardrobe")
def dress(assignment_id: int, double_id: int):
    """Give a double a free multiple of the principal's costume, or make a new one."""
    assignment = db.get_or_404(Assignment, assignment_id)
    double = db.get_or_404(Performer, double_id)
    form = DressDoubleForm()
    if not form.validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(url_for("assignments.detail", assignment_id=assignment.id))
    if not form.multiple_id.data:
        # Nothing is made without asking: the confirmation page says what will be created.
        back = url_for("assignments.detail", assignment_id=assignment.id)
        return redirect(
            url_for("assignments.make_multiple", costume_id=assignment.costume_id, back=back)
        )
    if not form.multiple_id.data.isdecimal():
        abort(400, _("Choose one of the multiples listed."))
    multiple = db.get_or_404(Costume, int(form.multiple_id.data))
    try:
        made = dress_double(assignment, double, current_user, multiple)
    except (AssignmentError, GarmentError) as error:
        flash(" ".join(map(str, error.errors.values())), "error")
    except ValueError as error:
        flash(str(error), "error")
    else:
        flash(
            _(
                "%(double)s now wears %(code)s %(costume)s.",
                double=double.name,
                code=made.costume.code,
                costume=made.costume.name,
            ),
            "success",
        )
    back = request.form.get("back", "")
    if is_safe_next(back) and back.startswith(url_for("assignments.coverage")):
        return redirect(back)
    return redirect(url_for("assignments.detail", assignment_id=assignment.id))


@bp.route("/costumes/<int:costume_id>/multiples/new", methods=["GET", "POST"])
@role_required("wardrobe")
def make_multiple(costume_id: int):
    """Make a multiple of a costume: the page lists what will be created and asks first."""
    costume = db.get_or_404(Costume, costume_id)
    form = MultipleForm()
    back = form.back.data or request.args.get("back", "")
    back = back if is_safe_next(back) else ""
    if form.validate_on_submit():
        multiple = create_multiple(
            costume,
            current_user,
            being_made=form.being_made.data,
            location_id=form.location_id.data,
        )
        db.session.commit()
        state = shown("in alterations" if form.being_made.data else "in stock", "status")
        count = plural(len(multiple.garments), "garment", "garments")
        flash(
            _(
                "Made %(code)s %(name)s: %(count)s, %(state)s.",
                code=multiple.code,
                name=multiple.name,
                count=count,
                state=state,
            ),
            "success",
        )
        return redirect(back or url_for("costumes.detail", costume_id=multiple.id))
    form.back.data = back
    name, garments = multiple_plan(costume)
    return render_template(
        "assignments/multiple_confirm.html",
        costume=costume,
        name=name,
        garments=garments,
        form=form,
        back=back,
    )


@bp.route("/doubles")
def coverage():
    """Every principal's costume that a double lacks a matching multiple of, and by scene."""
    from .scene_doubles import by_scene  # doubles by scene: the "By scene" section

    production = request.args.get("production", type=int)
    site = request.args.get("site", type=int)
    productions = db.session.scalars(db.select(Production).order_by(Production.name_key)).all()
    return render_template(
        "assignments/coverage.html",
        gaps=coverage_gaps(production, site),
        by_scene=by_scene(production, site),
        productions=productions,
        production=production,
        sites=db.session.scalars(db.select(Site).order_by(Site.name_key)).all(),
        site=site,
        dress_form=DressDoubleForm(),
    )


@bp.route("/overdue")
def overdue():
    """Costumes still out after their due date."""
    at = times.now()  # each site's assignments are late from that site's midnight
    site = request.args.get("site", type=int)
    page = paginate(overdue_select(at, site))
    sites = db.session.scalars(db.select(Site).order_by(Site.name_key)).all()
    return render_template("assignments/overdue.html", page=page, today=at, sites=sites, site=site)


@bp.route("/costumes/<int:costume_id>/alterations", methods=["POST"])
@role_required("wardrobe")
def alter(costume_id: int):
    """Record an alteration; on a hero, its multiples are flagged to mirror it."""
    costume = db.get_or_404(Costume, costume_id)
    form = AlterationForm()
    garment = db.session.get(Garment, form.garment_id.data) if form.garment_id.data else None
    try:
        if not form.validate_on_submit():
            raise AlterationError(form_problems(form, _("Describe the alteration.")))
        record_alteration(costume, form.description.data, current_user, garment)
        mirrored = len([m for m in costume.multiples if not m.retired])
        flash(
            ngettext(
                "Alteration recorded. %(num)s multiple flagged to mirror it.",
                "Alteration recorded. %(num)s multiples flagged to mirror it.",
                mirrored,
            )
            if mirrored
            else _("Alteration recorded."),
            "success",
        )
    except AlterationError as error:
        flash(str(error), "error")
    return redirect(url_for("costumes.detail", costume_id=costume.id) + "#alterations")


# The workroom queue and alteration tasks (routes on this blueprint): alteration_views.py.
from . import alteration_views  # noqa: E402, F401
