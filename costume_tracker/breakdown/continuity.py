"""Continuity photos and notes of a change, in scene order.

A continuity photo (photo raccord) says how a change was worn: for one of the scenes where
the change is worn, by that scene's performer or double, seen from the front, the back, the
side, in detail or on set. A note says what to keep ("sleeves pushed up from scene 14").
"""

from flask_babel import gettext as _
from flask_babel import lazy_pgettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..catalog.photos import PhotoError, remove_images, store_image
from ..extensions import db
from ..history.services import record_event
from ..inputs import normalise_newlines, text_problem
from .models import PHOTO_KINDS, Change, ContinuityNote, ContinuityPhoto, Scene, SceneCast

NOTE_MOST = 1000
CAPTION_MOST = 300
KIND_LABELS = {
    "front": lazy_pgettext("continuity photo kind", "front"),
    "back": lazy_pgettext("continuity photo kind", "back"),
    "side": lazy_pgettext("continuity photo kind", "side"),
    "detail": lazy_pgettext("continuity photo kind", "detail"),
    "on set": lazy_pgettext("continuity photo kind", "on set"),
}


class ContinuityError(ValueError):
    """A continuity photo or note refused; ``errors`` names each field and why."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(map(str, errors.values())))
        self.errors = errors


def kind_label(code: str) -> str:
    """A photo kind in the reader's language (front → face in French)."""
    label = KIND_LABELS.get(code)
    return str(label) if label is not None else code


def scene_order(scene: Scene | None) -> tuple:
    """Episode number, then scene number (14 < 14A < 15); no scene last."""
    if scene is None:
        return (1, 0, "")
    return (0, scene.episode.number, scene.number_key)


def worn_in(change: Change) -> list[SceneCast]:
    """The change's cast rows (scene, performer, double), in scene order."""
    rows = db.session.scalars(
        select(SceneCast)
        .where(SceneCast.change_id == change.id)
        .options(
            selectinload(SceneCast.scene).selectinload(Scene.episode),
            selectinload(SceneCast.performer),
            selectinload(SceneCast.double),
        )
    ).all()
    return sorted(rows, key=lambda row: scene_order(row.scene))


def _checked_place(change: Change, scene_id, performer_id) -> tuple[Scene | None, int | None]:
    """The scene (one where the change is worn) and performer (who wears it there)."""
    rows = worn_in(change)
    scene = None
    if scene_id:
        here = [row for row in rows if row.scene_id == scene_id]
        if not here:
            raise ContinuityError(
                {"scene_id": _("That scene is not one where this change is worn.")}
            )
        scene, rows = here[0].scene, here
    if performer_id:
        people = {row.performer_id for row in rows} | {row.double_id for row in rows}
        if performer_id not in people - {None}:
            message = (
                _("That performer is neither the performer nor the double of this scene.")
                if scene
                else _("That performer does not wear this change in any scene.")
            )
            raise ContinuityError({"performer_id": message})
    return scene, performer_id or None


def _checked_text(text: str, field: str, most: int, required: bool) -> str:
    text = normalise_newlines(text or "").strip()
    if required and not text:
        raise ContinuityError({field: _("Write the note.")})
    if len(text) > most:
        raise ContinuityError(
            {
                field: _(
                    "At most %(most)s characters (%(count)s written).", most=most, count=len(text)
                )
            }
        )
    problem = text_problem(text, multiline=required)
    if problem:
        raise ContinuityError({field: problem})
    return text


def add_continuity_photo(
    change: Change,
    data: bytes,
    original_name: str,
    user,
    *,
    kind: str = "front",
    caption: str = "",
    scene_id: int | None = None,
    performer_id: int | None = None,
) -> ContinuityPhoto:
    """Store a continuity photo of the change (checked like every photo) and log it."""
    if kind not in PHOTO_KINDS:
        raise ContinuityError({"kind": _("Choose front, back, side, detail or on set.")})
    caption = _checked_text(caption, "caption", CAPTION_MOST, required=False)
    scene, performer_id = _checked_place(change, scene_id, performer_id)
    try:
        full, thumb, width, height = store_image(data)
    except PhotoError as error:
        raise ContinuityError({"photo": str(error)}) from error
    photo = ContinuityPhoto(
        change=change,
        scene=scene,
        performer_id=performer_id,
        kind=kind,
        caption=caption,
        filename=full,
        thumb_filename=thumb,
        content_type="image/jpeg",
        width=width,
        height=height,
        original_name=(original_name or "")[:255],
        taken_by_id=getattr(user, "id", None),
    )
    db.session.add(photo)
    where = f" {scene.label}" if scene else ""
    summary = f"Continuity photo ({kind}) of change {change.number}{where}"
    record_event("continuity", user, costume=change.costume, summary=summary)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        remove_images(full, thumb)
        raise
    return photo


def delete_continuity_photo(photo: ContinuityPhoto) -> None:
    """Delete a continuity photo and its files."""
    names = (photo.filename, photo.thumb_filename)
    db.session.delete(photo)
    db.session.commit()
    remove_images(*names)


def add_continuity_note(
    change: Change, text: str, user, *, scene_id: int | None = None
) -> ContinuityNote:
    """Write a continuity note on the change, for one of its scenes or for all of them."""
    text = _checked_text(text, "text", NOTE_MOST, required=True)
    scene, _performer = _checked_place(change, scene_id, None)
    note = ContinuityNote(
        change=change, scene=scene, text=text, written_by_id=getattr(user, "id", None)
    )
    db.session.add(note)
    where = f" {scene.label}" if scene else ""
    summary = f"Continuity note on change {change.number}{where}: {text[:120]}"
    record_event("continuity", user, costume=change.costume, summary=summary)
    db.session.commit()
    return note


def delete_continuity_note(note: ContinuityNote) -> None:
    """Delete a continuity note."""
    db.session.delete(note)
    db.session.commit()


PHOTO_RELATIONS = (
    selectinload(ContinuityPhoto.scene).selectinload(Scene.episode),
    selectinload(ContinuityPhoto.performer),
    selectinload(ContinuityPhoto.taken_by),
)
NOTE_RELATIONS = (
    selectinload(ContinuityNote.scene).selectinload(Scene.episode),
    selectinload(ContinuityNote.written_by),
)


def _photo_order(photo: ContinuityPhoto) -> tuple:
    return (*scene_order(photo.scene), photo.taken_at, photo.id)


def _by_scene(notes: list[ContinuityNote]) -> list[tuple[Scene | None, list[ContinuityNote]]]:
    """Notes grouped by scene in scene order (notes for every scene first), oldest first."""
    groups: dict[int | None, list[ContinuityNote]] = {}
    for note in sorted(notes, key=lambda n: (n.written_at, n.id)):
        groups.setdefault(note.scene_id, []).append(note)
    return sorted(
        ((group[0].scene, group) for group in groups.values()),
        key=lambda pair: (0, 0, "") if pair[0] is None else scene_order(pair[0]),
    )


def change_continuity(change) -> dict:
    """The change's continuity, in scene order, for the change page.

    Keys: ``photos`` (in scene order, then by time taken), ``notes`` (in scene order),
    ``notes_by_scene`` [(scene or None, notes)], ``scenes`` (where the change is worn:
    the note form's choices), ``kinds`` [(code, label)].
    """
    photos = db.session.scalars(
        select(ContinuityPhoto)
        .where(ContinuityPhoto.change_id == change.id)
        .options(*PHOTO_RELATIONS)
    ).all()
    notes = db.session.scalars(
        select(ContinuityNote).where(ContinuityNote.change_id == change.id).options(*NOTE_RELATIONS)
    ).all()
    grouped = _by_scene(list(notes))
    scenes = list({row.scene_id: row.scene for row in worn_in(change)}.values())
    return {
        "photos": sorted(photos, key=_photo_order),
        "notes": [note for _scene, group in grouped for note in group],
        "notes_by_scene": grouped,
        "scenes": scenes,
        "kinds": [(code, kind_label(code)) for code in PHOTO_KINDS],
    }


def scene_continuity(scene) -> dict:
    """A scene's continuity: its photos and notes, per change worn in it.

    Keys: ``photos``, ``notes`` (all of the scene's), ``changes`` [{"change", "photos",
    "notes"}]: every change worn in the scene (in the cast's order), then any other.
    """
    photos = db.session.scalars(
        select(ContinuityPhoto)
        .where(ContinuityPhoto.scene_id == scene.id)
        .options(
            *PHOTO_RELATIONS, selectinload(ContinuityPhoto.change).selectinload(Change.character)
        )
    ).all()
    notes = db.session.scalars(
        select(ContinuityNote)
        .where(ContinuityNote.scene_id == scene.id)
        .options(
            *NOTE_RELATIONS, selectinload(ContinuityNote.change).selectinload(Change.character)
        )
    ).all()
    photos = sorted(photos, key=_photo_order)
    notes = sorted(notes, key=lambda n: (n.written_at, n.id))
    worn = db.session.scalars(
        select(Change)
        .join(SceneCast, SceneCast.change_id == Change.id)
        .where(SceneCast.scene_id == scene.id)
        .options(selectinload(Change.character))
        .order_by(SceneCast.id)
    ).all()
    changes = {change.id: {"change": change, "photos": [], "notes": []} for change in worn}
    for item in [*photos, *notes]:
        entry = changes.setdefault(
            item.change_id, {"change": item.change, "photos": [], "notes": []}
        )
        entry["photos" if isinstance(item, ContinuityPhoto) else "notes"].append(item)
    return {"photos": photos, "notes": notes, "changes": list(changes.values())}
