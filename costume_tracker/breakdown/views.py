"""Episodes, scenes, shooting days, scene cast and characters' changes."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ..catalog.forms import BLANK
from ..extensions import db
from ..lists.models import Character
from ..web import flash_unplaced, form_problems, role_required
from . import queries
from .continuity import change_continuity, scene_continuity
from .forms import CastForm, CastRowForm, ChangeForm, EpisodeForm, SceneForm, ShootingDayForm
from .models import Change, Episode, Scene, SceneCast, ShootingDay
from .services import (
    BreakdownError,
    find_change,
    remove_cast,
    save_cast,
    save_change,
    save_episode,
    save_shooting_day,
    story_day_shown,
    update_scene,
)
from .wearing import is_ready

bp = Blueprint("breakdown", __name__)
# The service's names for the change form's fields.
CHANGE_FIELDS = {"costume_id": "costume", "extra_tags": "extras"}


@bp.app_template_filter("story_day")
def story_day_filter(code):
    """D3 shown as J3 on French pages."""
    return story_day_shown(code)


@bp.app_context_processor
def breakdown_helpers():
    return {"is_ready": is_ready}


def _episode(number: int) -> Episode:
    episode = db.session.scalar(db.select(Episode).where(Episode.number == number))
    if episode is None:
        abort(404)
    return episode


@bp.route("/breakdown")
def index():
    """The episodes with their scene counts, and each site's next shooting days."""
    return render_template(
        "breakdown/index.html",
        episodes=queries.episodes_with_counts(),
        next_days=queries.next_days_by_site(),
    )


@bp.route("/episodes/new", methods=["GET", "POST"])
@bp.route("/episodes/<int:number>/edit", methods=["GET", "POST"])
@role_required("wardrobe")
def edit_episode(number: int | None = None):
    """Add an episode, or change its number, title and ballet."""
    episode = _episode(number) if number is not None else None
    form = EpisodeForm(obj=episode)
    if form.validate_on_submit():
        values = {k: form[k].data for k in ("number", "title", "production_id")}
        try:
            saved = save_episode(episode, values, current_user)
        except BreakdownError as error:
            db.session.rollback()
            flash_unplaced(form, error.errors)
        else:
            flash(_("Saved episode %(number)s.", number=saved.number), "success")
            return redirect(url_for("breakdown.episode", number=saved.number))
    return render_template("breakdown/episode_form.html", form=form, episode=episode)


@bp.route("/episodes/<int:number>")
def episode(number: int):
    """An episode's scenes in order: set, story day, characters and changes, shooting days."""
    found = _episode(number)
    return render_template(
        "breakdown/episode.html", episode=found, scenes=queries.episode_scenes(found)
    )


@bp.route("/episodes/<int:number>/scenes/new", methods=["GET", "POST"])
@role_required("wardrobe")
def new_scene(number: int):
    """Add a scene to an episode."""
    return _scene_form(None, _episode(number))


@bp.route("/scenes/<int:scene_id>/edit", methods=["GET", "POST"])
@role_required("wardrobe")
def edit_scene(scene_id: int):
    """Edit a scene's number, set, story day, interior/exterior and description."""
    scene = db.get_or_404(Scene, scene_id)
    return _scene_form(scene, scene.episode)


def _scene_form(scene: Scene | None, episode: Episode):
    form = SceneForm(obj=scene)
    if request.method == "GET":
        form.episode_id.data = episode.id
        if scene is not None:
            form.story_day.data = story_day_shown(scene.story_day)
    if form.validate_on_submit():
        keys = ("episode_id", "number", "set_name", "story_day", "int_ext", "description")
        try:
            saved = update_scene(scene, {k: form[k].data for k in keys}, current_user)
        except BreakdownError as error:
            db.session.rollback()
            flash_unplaced(form, error.errors)
        else:
            flash(_("Saved scene %(scene)s.", scene=saved.label), "success")
            return redirect(url_for("breakdown.scene", scene_id=saved.id))
    return render_template("breakdown/scene_form.html", form=form, scene=scene, episode=episode)


@bp.route("/scenes/<int:scene_id>")
def scene(scene_id: int):
    """A scene: each character's performer, copy worn, double, double's copy and readiness."""
    return _scene_page(db.get_or_404(Scene, scene_id))


def _row_form(row: SceneCast, changes: list[Change]) -> CastRowForm:
    form = CastRowForm(prefix=f"row{row.id}", formdata=None)
    form.cast_id.data = row.id
    form.change_id.choices = [BLANK] + [
        SelectChoice(c.id, c.number + (f" · {c.costume.code}" if c.costume else ""))
        for c in changes
    ]
    form.change_id.data = row.change_id
    doubles = row.performer.doubles if row.performer else []
    form.double_id.choices = [BLANK] + [SelectChoice(d.id, d.name) for d in doubles]
    form.double_id.data = row.double_id
    return form


def _scene_page(scene: Scene, add_form: CastForm | None = None, status: int = 200):
    rows = queries.scene_cast(scene)
    changes = queries.changes_of({row.character_id for row in rows})
    page = render_template(
        "breakdown/scene.html",
        scene=scene,
        rows=rows,
        row_forms={row.id: _row_form(row, changes[row.character_id]) for row in rows},
        wearing=queries.wearers_by_row(rows),
        add_form=add_form or CastForm(production_id=scene.episode.production_id),
        continuity=scene_continuity(scene),
    )
    return page, status


@bp.route("/scenes/<int:scene_id>/cast", methods=["POST"])
@role_required("wardrobe")
def cast(scene_id: int):
    """Add a character to the scene, or change a row's change and double in one submit."""
    scene = db.get_or_404(Scene, scene_id)
    # A row's form names its fields "row<id>-…"; the add form's are "add-…".
    prefix = next(
        (k.removesuffix("-cast_id") for k in request.form if k.endswith("-cast_id")), None
    )
    if prefix and prefix.startswith("row"):
        return _save_row(scene, CastRowForm(prefix=prefix))
    return _add_cast(scene)


def _save_row(scene: Scene, form: CastRowForm):
    if not form.validate_on_submit():
        flash(form_problems(form, _("Nothing was saved.")), "error")
        return redirect(url_for("breakdown.scene", scene_id=scene.id))
    try:
        cast_id = int(form.cast_id.data or 0)
    except ValueError:
        abort(400)
    values = {
        "cast_id": cast_id,
        "change_id": form.change_id.data,
        "double_id": form.double_id.data,
    }
    try:
        row = save_cast(scene, values, current_user)
    except BreakdownError as error:
        db.session.rollback()
        flash(" ".join(error.errors.values()), "error")
    else:
        flash(
            _(
                "Saved %(character)s in scene %(scene)s.",
                character=row.character.name,
                scene=scene.label,
            ),
            "success",
        )
    return redirect(url_for("breakdown.scene", scene_id=scene.id) + "#cast")


def _add_cast(scene: Scene):
    form = CastForm(production_id=scene.episode.production_id)
    if not form.validate_on_submit():
        return _scene_page(scene, form, 400)
    values = {
        "character_id": form.character_id.data,
        "performer_id": form.performer.performer.id if form.performer.performer else None,
        "double_id": form.double.performer.id if form.double.performer else None,
        "change_id": None,
    }
    number = (form.change.data or "").strip()
    if number and form.character_id.data:
        change = find_change(form.character_id.data, number)
        if change is None:
            form.change.errors.append(
                _("This character has no change %(number)s.", number=number.upper())
            )
            return _scene_page(scene, form, 400)
        values["change_id"] = change.id
    try:
        row = save_cast(scene, values, current_user)
    except BreakdownError as error:
        db.session.rollback()
        flash_unplaced(form, error.errors)
        return _scene_page(scene, form, 400)
    flash(
        _(
            "Saved %(character)s in scene %(scene)s.",
            character=row.character.name,
            scene=scene.label,
        ),
        "success",
    )
    return redirect(url_for("breakdown.scene", scene_id=scene.id) + "#cast")


@bp.route("/scenes/<int:scene_id>/cast/<int:cast_id>/remove", methods=["POST"])
@role_required("wardrobe")
def remove(scene_id: int, cast_id: int):
    """Take a character out of the scene."""
    scene = db.get_or_404(Scene, scene_id)
    row = db.get_or_404(SceneCast, cast_id)
    if row.scene_id != scene.id:
        abort(404)
    name = row.character.name
    remove_cast(row, current_user)
    flash(
        _("%(character)s taken out of scene %(scene)s.", character=name, scene=scene.label),
        "success",
    )
    return redirect(url_for("breakdown.scene", scene_id=scene.id) + "#cast")


@bp.route("/shooting-days")
def shooting_days():
    """Each site's shooting days, upcoming first then past, with their scenes."""
    return render_template("breakdown/shooting_days.html", sites=queries.shooting_days_by_site())


@bp.route("/shooting-days/new", methods=["GET", "POST"])
@bp.route("/shooting-days/<int:day_id>/edit", methods=["GET", "POST"])
@role_required("wardrobe")
def edit_day(day_id: int | None = None):
    """Add a shooting day or edit one: date, site, location, notes and scenes."""
    day = db.get_or_404(ShootingDay, day_id) if day_id else None
    form = ShootingDayForm(obj=day)
    if request.method == "GET" and day is not None:
        form.scene_ids.data = [s.id for s in day.scenes]
    if form.validate_on_submit():
        keys = ("shoot_date", "site_id", "location", "notes", "scene_ids")
        try:
            save_shooting_day(day, {k: form[k].data for k in keys}, current_user)
        except BreakdownError as error:
            db.session.rollback()
            flash_unplaced(form, error.errors)
        else:
            flash(_("Saved the shooting day."), "success")
            return redirect(url_for("breakdown.shooting_days"))
    return render_template("breakdown/day_form.html", form=form, day=day)


@bp.route("/characters/<int:character_id>/changes")
def character_changes(character_id: int):
    """A character's changes in order, each with its costume and the scenes worn."""
    character = db.get_or_404(Character, character_id)
    return render_template(
        "breakdown/character_changes.html",
        character=character,
        changes=queries.character_changes(character.id),
    )


@bp.route("/characters/<int:character_id>/changes/new", methods=["GET", "POST"])
@role_required("wardrobe")
def new_change(character_id: int):
    """Add a change to a character."""
    return _change_form(None, db.get_or_404(Character, character_id))


@bp.route("/changes/<int:change_id>/edit", methods=["GET", "POST"])
@role_required("wardrobe")
def edit_change(change_id: int):
    """Edit a change: number, hero costume, description and extra garments."""
    change = db.get_or_404(Change, change_id)
    return _change_form(change, change.character)


def _change_form(change: Change | None, character: Character):
    form = ChangeForm(obj=change)
    if request.method == "GET" and change is not None:
        form.extras.data = " ".join(g.tag_code for g in change.extras)
    if form.validate_on_submit():
        values = {
            "character_id": character.id,
            "number": form.number.data,
            "costume_id": form.costume.costume_id,
            "description": form.description.data,
            "extra_tags": form.extra_tags(),
        }
        try:
            saved = save_change(change, values, current_user)
        except BreakdownError as error:
            db.session.rollback()
            flash_unplaced(form, {CHANGE_FIELDS.get(k, k): v for k, v in error.errors.items()})
        else:
            flash(
                _(
                    "Saved change %(number)s of %(character)s.",
                    number=saved.number,
                    character=character.name,
                ),
                "success",
            )
            return redirect(url_for("breakdown.change", change_id=saved.id))
    return render_template(
        "breakdown/change_form.html", form=form, change=change, character=character
    )


@bp.route("/changes/<int:change_id>")
def change(change_id: int):
    """A change: its hero costume's garments and where each is, extras, scenes, who wears it."""
    found = db.get_or_404(Change, change_id)
    rows = queries.worn_in(found)
    return render_template(
        "breakdown/change.html",
        change=found,
        garments=queries.hero_garments(found),
        extras=queries.extras_of(found),
        rows=rows,
        wearing=queries.wearers_by_row(rows),
        continuity=change_continuity(found),
    )
