"""Continuity photos and notes on a change, and what the garment phone page says of them."""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import event, select

from costume_tracker.assignments.services import assign_costume
from costume_tracker.breakdown.continuity import (
    ContinuityError,
    add_continuity_note,
    add_continuity_photo,
    change_continuity,
    scene_continuity,
)
from costume_tracker.breakdown.models import ContinuityNote, ContinuityPhoto
from costume_tracker.extensions import db
from costume_tracker.history.models import Event
from costume_tracker.i18n.times import local_today
from tests.breakdown_factories import (
    cast,
    character,
    make_change,
    make_scene,
    shooting_day,
)
from tests.conftest import dressed_costume, make_garment, make_performer


def image_bytes(fmt="JPEG", size=(800, 600), exif_rotate=False) -> bytes:
    image = Image.new("RGB", size, (120, 40, 90))
    buffer = io.BytesIO()
    if exif_rotate:
        exif = Image.Exif()
        exif[0x0112] = 6  # rotate 90° clockwise
        image.save(buffer, fmt, exif=exif)
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def breakdown() -> dict:
    """Aurora's change 2A worn in 3/14 (principal, double) and 3/15; 3/16 wears another."""
    aurora = character()
    costume = dressed_costume()
    principal = make_performer("Inès Laurent")
    double = make_performer("Léa Moreau", kind="double", doubles_for_id=principal.id)
    other = make_performer("Chloé Martin")
    change = make_change(aurora, "2A", costume)
    other_change = make_change(aurora, "3")
    s14, s15 = make_scene("14"), make_scene("15")
    s16 = make_scene("16")
    s2 = make_scene("2", episode=4)
    cast(s14, aurora, principal, change, double=double)
    cast(s15, aurora, principal, change)
    cast(s2, aurora, principal, change)
    cast(s16, aurora, other, other_change)
    assign_costume(costume, principal, None)
    return {
        "change": change.id, "other_change": other_change.id, "costume": costume.id,
        "garment": costume.garments[0].id, "tag": costume.garments[0].tag_code,
        "principal": principal.id, "double": double.id, "other": other.id,
        "s14": s14.id, "s15": s15.id, "s16": s16.id, "s2": s2.id,
    }  # fmt: skip


@pytest.fixture
def ids(app):
    with app.app_context():
        return breakdown()


def upload(client, change_id, data=None, name="shot.jpg", **fields):
    form = {"photo": (io.BytesIO(data or image_bytes()), name), "kind": "front", **fields}
    return client.post(
        f"/changes/{change_id}/photos/new",
        data=form,
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def photos(app) -> list[ContinuityPhoto]:
    with app.app_context():
        return db.session.scalars(select(ContinuityPhoto).order_by(ContinuityPhoto.id)).all()


def test_photo_from_the_phone_is_stored_upright_with_a_thumbnail_and_logged(app, as_wardrobe, ids):
    page = as_wardrobe.get(f"/changes/{ids['change']}/photos/new?scene={ids['s14']}")
    html = page.get_data(as_text=True)
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    assert f'<option selected value="{ids["s14"]}">' in html
    response = upload(
        as_wardrobe, ids["change"], image_bytes(size=(1200, 900), exif_rotate=True),
        kind="back", caption="Sleeves pushed up", scene_id=ids["s14"],
        performer_id=ids["double"],
    )  # fmt: skip
    assert "Continuity photo added." in response.get_data(as_text=True)
    [photo] = photos(app)
    assert (photo.kind, photo.caption, photo.scene_id, photo.performer_id) == (
        "back", "Sleeves pushed up", ids["s14"], ids["double"]
    )  # fmt: skip
    assert (photo.width, photo.height) == (900, 1200)
    folder = Path(app.config["UPLOAD_FOLDER"])
    with Image.open(folder / photo.thumb_filename) as thumb:
        assert max(thumb.size) == 360
    for variant in ("thumb", "full"):
        served = as_wardrobe.get(f"/continuity-photos/{photo.id}/{variant}")
        assert served.status_code == 200 and served.mimetype == "image/jpeg"
        served.close()
    with app.app_context():
        logged = db.session.scalar(select(Event).where(Event.kind == "continuity"))
        assert logged.costume_id == ids["costume"] and "3/14" in logged.summary


@pytest.mark.parametrize(
    "data, name, reason",
    [
        (b"%PDF-1.4 not a photo", "notes.pdf", "not a readable JPEG, PNG or WebP image"),
        (b"", "empty.jpg", "The file is empty."),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_by_name(app, as_wardrobe, ids, data, name, reason):
    form = {"photo": (io.BytesIO(data), name), "kind": "front"}
    response = as_wardrobe.post(
        f"/changes/{ids['change']}/photos/new", data=form, content_type="multipart/form-data"
    )
    if data:
        assert response.status_code == 400
        assert reason in response.get_data(as_text=True)
    else:  # an empty file is no file at all to the form
        assert response.status_code == 400
    assert photos(app) == []
    assert list(Path(app.config["UPLOAD_FOLDER"]).glob("*.jpg")) == []


def test_scene_must_be_one_where_the_change_is_worn(app, as_wardrobe, ids):
    response = upload(as_wardrobe, ids["change"], scene_id=ids["s16"])
    assert response.status_code == 400
    assert "That scene is not one where this change is worn." in response.get_data(as_text=True)
    assert photos(app) == []
    assert list(Path(app.config["UPLOAD_FOLDER"]).glob("*.jpg")) == []


def test_performer_must_be_the_scenes_performer_or_double(app, as_wardrobe, ids):
    # The double works in 3/14 only; in 3/15 she is refused.
    response = upload(as_wardrobe, ids["change"], scene_id=ids["s15"], performer_id=ids["double"])
    assert response.status_code == 400
    assert "neither the performer nor the double of this scene" in response.get_data(as_text=True)
    response = upload(as_wardrobe, ids["change"], performer_id=ids["other"])
    assert "does not wear this change in any scene" in response.get_data(as_text=True)
    assert photos(app) == []
    assert upload(as_wardrobe, ids["change"], scene_id=ids["s15"], performer_id=ids["principal"])
    assert len(photos(app)) == 1


def test_unknown_kind_or_long_caption_is_refused(app, ids):
    with app.app_context():
        from costume_tracker.breakdown.models import Change

        change = db.session.get(Change, ids["change"])
        with pytest.raises(ContinuityError, match="front, back, side"):
            add_continuity_photo(change, image_bytes(), "a.jpg", None, kind="sideways")
        with pytest.raises(ContinuityError, match="At most 300"):
            add_continuity_photo(change, image_bytes(), "a.jpg", None, caption="x" * 301)
    assert photos(app) == []


def test_thumbnails_are_in_scene_order_then_by_time(app, ids):
    with app.app_context():
        from costume_tracker.breakdown.models import Change

        change = db.session.get(Change, ids["change"])
        taken = {}
        # Taken out of order: 4/2 first, then 3/15, 3/14, an undated one, 3/14 again.
        for scene in ("s2", "s15", "s14", None, "s14"):
            photo = add_continuity_photo(
                change, image_bytes(), "a.jpg", None, scene_id=ids[scene] if scene else None
            )
            taken[photo.id] = scene
        shown = [taken[p.id] for p in change_continuity(change)["photos"]]
        assert shown == ["s14", "s14", "s15", "s2", None]
        first_14 = [p for p in change_continuity(change)["photos"]][:2]
        assert first_14[0].taken_at <= first_14[1].taken_at


def test_change_page_fragment_shows_photos_in_order_with_who_and_when(app, as_wardrobe, ids):
    upload(as_wardrobe, ids["change"], scene_id=ids["s15"], caption="Collar open")
    upload(as_wardrobe, ids["change"], scene_id=ids["s14"], kind="detail", caption="Bow knot")
    with app.test_request_context("/"):
        from flask import render_template
        from flask_login import login_user

        from costume_tracker.auth.models import User
        from costume_tracker.breakdown.models import Change

        login_user(db.session.scalar(select(User).where(User.role == "wardrobe")))
        change = db.session.get(Change, ids["change"])
        html = render_template(
            "breakdown/_change_continuity.html", change=change, continuity=change_continuity(change)
        )
    assert html.index("Bow knot") < html.index("Collar open")
    assert "detail" in html and "3/14" in html and "Wardrobe" in html
    assert "Add a continuity photo" in html and "/continuity-photos/" in html


def test_notes_by_scene_and_their_rules(app, as_wardrobe, ids):
    url = f"/changes/{ids['change']}/notes"
    ok = as_wardrobe.post(
        url, data={"text": "Sleeves pushed up from scene 14", "scene_id": ids["s14"]},
        follow_redirects=True,
    )  # fmt: skip
    assert "Continuity note added." in ok.get_data(as_text=True)
    as_wardrobe.post(url, data={"text": "Hair down throughout"})
    refused = as_wardrobe.post(url, data={"text": "  "}, follow_redirects=True)
    assert "Write the note." in refused.get_data(as_text=True)
    long = as_wardrobe.post(url, data={"text": "x" * 1001}, follow_redirects=True)
    assert "1000" in long.get_data(as_text=True)
    wrong = as_wardrobe.post(
        url, data={"text": "Wrong scene", "scene_id": ids["s16"]}, follow_redirects=True
    )
    assert "not one where this change is worn" in wrong.get_data(as_text=True)
    with app.app_context():
        from costume_tracker.breakdown.models import Change, Scene

        change = db.session.get(Change, ids["change"])
        grouped = change_continuity(change)["notes_by_scene"]
        assert [(s.label if s else None, [n.text for n in ns]) for s, ns in grouped] == [
            (None, ["Hair down throughout"]),
            ("3/14", ["Sleeves pushed up from scene 14"]),
        ]
        scene = scene_continuity(db.session.get(Scene, ids["s14"]))
        assert [n.text for n in scene["notes"]] == ["Sleeves pushed up from scene 14"]
        assert [e["change"].id for e in scene["changes"]] == [ids["change"]]
        assert db.session.scalar(select(Event).where(Event.kind == "continuity")) is not None
        note_id = db.session.scalar(select(ContinuityNote.id).order_by(ContinuityNote.id))
    as_wardrobe.post(f"/continuity-notes/{note_id}/delete")
    with app.app_context():
        assert db.session.get(ContinuityNote, note_id) is None
        with pytest.raises(ContinuityError, match="control character"):
            add_continuity_note(db.session.get(Change, ids["change"]), "bad\x07", None)


def test_delete_removes_the_files(app, as_wardrobe, ids):
    upload(as_wardrobe, ids["change"])
    [photo] = photos(app)
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert (folder / photo.filename).exists() and (folder / photo.thumb_filename).exists()
    response = as_wardrobe.post(f"/continuity-photos/{photo.id}/delete")
    assert response.status_code == 302
    assert photos(app) == []
    assert not (folder / photo.filename).exists() and not (folder / photo.thumb_filename).exists()
    assert as_wardrobe.get(f"/continuity-photos/{photo.id}/thumb").status_code == 404


def test_viewer_sees_photos_but_cannot_add_or_delete(app, as_viewer, ids):
    with app.app_context():
        from costume_tracker.breakdown.models import Change

        photo = add_continuity_photo(db.session.get(Change, ids["change"]), image_bytes(), "", None)
        photo_id = photo.id
    served = as_viewer.get(f"/continuity-photos/{photo_id}/thumb")
    assert served.status_code == 200
    served.close()
    assert as_viewer.get(f"/changes/{ids['change']}/photos/new").status_code == 403
    assert as_viewer.post(f"/continuity-photos/{photo_id}/delete").status_code == 403
    assert as_viewer.post(f"/changes/{ids['change']}/notes", data={"text": "x"}).status_code == 403
    assert as_viewer.get("/changes/999999/photos/new").status_code in (403, 404)


def test_unknown_ids_are_404(as_wardrobe, ids):
    assert as_wardrobe.get("/changes/999999/photos/new").status_code == 404
    assert as_wardrobe.get("/continuity-photos/999999/full").status_code == 404
    assert as_wardrobe.post("/continuity-photos/999999/delete").status_code == 404
    assert as_wardrobe.post("/changes/999999/notes", data={"text": "x"}).status_code == 404
    assert as_wardrobe.post("/continuity-notes/999999/delete").status_code == 404


def test_garment_phone_page_shows_change_next_days_and_latest_photo(app, as_wardrobe, ids):
    today = local_today("Europe/Paris")
    with app.app_context():
        from costume_tracker.breakdown.models import Change, Scene

        s14, s15, s2 = (db.session.get(Scene, ids[k]) for k in ("s14", "s15", "s2"))
        shooting_day(today - timedelta(days=2), s2)  # already shot: not shown
        shooting_day(today + timedelta(days=1), s15, s14)
        shooting_day(today + timedelta(days=3), s2, site="New York")
        change = db.session.get(Change, ids["change"])
        old = add_continuity_photo(change, image_bytes(), "", None, scene_id=ids["s15"])
        old.taken_at = datetime.now(UTC) - timedelta(days=1)
        latest = add_continuity_photo(
            change, image_bytes(), "", None, scene_id=ids["s14"], caption="Ribbon on the left"
        )
        db.session.commit()
        old_id, latest_id = old.id, latest.id
    html = as_wardrobe.get(f"/g/{ids['tag']}").get_data(as_text=True)
    assert "Aurora · change 2A" in html
    section = html[html.index("Costume changes") :]
    assert "3/14, 3/15" in section and "Paris" in section and "New York" in section
    assert section.index("Paris") < section.index("New York")
    assert "4/2" in section  # the New York day ahead
    assert f"/continuity-photos/{latest_id}/thumb" in section
    assert f"/continuity-photos/{latest_id}/full" in section
    assert f"/continuity-photos/{old_id}/" not in section
    assert "Ribbon on the left" in section
    link = f"/changes/{ids['change']}/photos/new?"
    assert link in section
    start = section.index(link)
    href = section[start : section.index('"', start)]
    assert f"scene={ids['s14']}" in href and f"performer={ids['principal']}" in href
    with app.test_request_context("/"):
        from costume_tracker.breakdown.continuity_phone import garment_changes
        from costume_tracker.catalog.models import Garment

        [gc] = garment_changes(db.session.get(Garment, ids["garment"]))
        assert [nd.day.shoot_date for nd in gc.next_days] == [
            today + timedelta(days=1), today + timedelta(days=3)
        ]  # fmt: skip


def test_garment_of_a_multiple_or_an_extra_shows_its_change(app, as_viewer, ids):
    # The double's multiple, an extra piece of the change, a garment of no change.
    with app.app_context():
        from costume_tracker.assignments.doubles import create_multiple
        from costume_tracker.breakdown.models import Change

        change = db.session.get(Change, ids["change"])
        multiple = create_multiple(change.costume, None)
        copy_tag = multiple.garments[0].tag_code
        gloves = make_garment(name="Gloves", category="accessory")
        change.extras.append(gloves)
        db.session.commit()
        loose = make_garment(name="Loose skirt", category="skirt")
        gloves_tag, loose_tag = gloves.tag_code, loose.tag_code
    assert "Aurora · change 2A" in as_viewer.get(f"/g/{copy_tag}").get_data(as_text=True)
    html = as_viewer.get(f"/g/{gloves_tag}").get_data(as_text=True)
    assert "Aurora · change 2A" in html
    assert "Add a continuity photo" not in html  # viewers only look
    assert "Costume changes" not in as_viewer.get(f"/g/{loose_tag}").get_data(as_text=True)


def test_phone_page_queries_do_not_grow_with_changes_and_photos(app, as_wardrobe, ids):
    def count(tag: str) -> int:
        statements = []

        def seen(*_args):
            statements.append(1)

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", seen)
        try:
            assert as_wardrobe.get(f"/g/{tag}").status_code == 200
        finally:
            with app.app_context():
                event.remove(db.engine, "before_cursor_execute", seen)
        return len(statements)

    today = local_today("Europe/Paris")
    with app.app_context():
        from costume_tracker.breakdown.models import Change, Scene

        change = db.session.get(Change, ids["change"])
        add_continuity_photo(change, image_bytes(), "", None, scene_id=ids["s14"])
        shooting_day(today + timedelta(days=1), db.session.get(Scene, ids["s14"]))
    before = count(ids["tag"])
    with app.app_context():
        aurora = character()
        costume = db.session.get(Change, ids["change"]).costume
        for n in range(4):
            more = make_change(aurora, f"9{n}", costume)
            scene = make_scene(f"3{n}")
            cast(scene, aurora, None, more)
            shooting_day(today + timedelta(days=5 + n), scene)
            add_continuity_photo(more, image_bytes(), "", None, scene_id=scene.id)
    assert count(ids["tag"]) == before


def continuity_examples(performer, costume) -> dict[str, object]:
    """URL examples for the continuity routes (tests/test_security_access.py)."""
    change = make_change(character(), "7", costume)
    scene = make_scene("99", episode=8)
    cast(scene, character(), performer, change)
    photo = add_continuity_photo(change, image_bytes(), "front.jpg", None, scene_id=scene.id)
    note = add_continuity_note(change, "Collar open", None, scene_id=scene.id)
    return {"change_id": change.id, "continuity_photo_id": photo.id, "note_id": note.id}


def test_change_and_scene_pages_show_the_continuity(app, as_wardrobe, ids):
    upload(as_wardrobe, ids["change"], scene_id=ids["s14"], caption="Bow knot")
    as_wardrobe.post(f"/changes/{ids['change']}/notes", data={"text": "Hair down throughout"})
    [photo] = photos(app)
    change_page = as_wardrobe.get(f"/changes/{ids['change']}").get_data(as_text=True)
    assert f"/continuity-photos/{photo.id}/thumb" in change_page
    assert "Hair down throughout" in change_page and "Add a continuity photo" in change_page
    scene_page = as_wardrobe.get(f"/scenes/{ids['s14']}").get_data(as_text=True)
    assert f"/continuity-photos/{photo.id}/thumb" in scene_page and "Bow knot" in scene_page
    # After a photo from the change page, back to the change page.
    back = upload(as_wardrobe, ids["change"], next=f"/changes/{ids['change']}")
    assert "Continuity photo added." in back.get_data(as_text=True)
    offsite = as_wardrobe.post(
        f"/changes/{ids['change']}/photos/new",
        data={"photo": (io.BytesIO(image_bytes()), "a.jpg"), "next": "//evil.example/"},
        content_type="multipart/form-data",
    )
    assert offsite.headers["Location"] == f"/changes/{ids['change']}"
