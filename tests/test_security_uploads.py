"""Hostile uploads and file paths: every bad photo is refused by name, no path leaves uploads/."""

import io
import warnings
from pathlib import Path

import pytest
from PIL import Image

from costume_tracker.catalog.models import Photo
from costume_tracker.extensions import db
from tests.conftest import make_garment


def image_bytes(fmt="JPEG", size=(800, 600), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, 0).save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(client, garment_id: int, data: bytes, name="photo.jpg") -> str:
    response = client.post(
        f"/garments/{garment_id}/photos",
        data={"photo": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def garment_id(app):
    with app.app_context():
        return make_garment().id


def photo_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Photo.id)))


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << >> endobj",
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"MZ\x90\x00\x03 a program",
        b"GIF89a\x01\x00\x01",
    ],
    ids=["pdf", "html", "svg", "exe", "broken-gif"],
)
def test_files_that_are_not_photos_are_refused(app, as_wardrobe, garment_id, data):
    page = upload(as_wardrobe, garment_id, data)
    assert "Photo refused: The file is not a readable JPEG, PNG or WebP image." in page
    assert photo_count(app) == 0


def test_decompression_bomb_is_refused_before_it_is_decoded(app, as_wardrobe, garment_id):
    # 400 megapixels in 50 kB: past Pillow's own MAX_IMAGE_PIXELS guard.
    bomb = image_bytes("PNG", size=(20_000, 20_000), mode="1")
    assert len(bomb) < 100_000
    page = upload(as_wardrobe, garment_id, bomb, "bomb.png")
    assert "Photo refused: The image has far too many pixels; the limit is 40 megapixels." in page
    assert photo_count(app) == 0


@pytest.mark.parametrize("warning_filter", ["error", "ignore"])
def test_image_over_pillows_warning_size_is_refused(app, as_wardrobe, garment_id, warning_filter):
    """Between Pillow's warning and error sizes: refused whether the warning raises or not."""
    big = image_bytes("PNG", size=(10_000, 10_000), mode="1")
    with warnings.catch_warnings():
        warnings.simplefilter(warning_filter, Image.DecompressionBombWarning)
        page = upload(as_wardrobe, garment_id, big, "big.png")
    assert "Photo refused: The image" in page and "the limit is 40 megapixels" in page
    assert photo_count(app) == 0


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_image_is_refused_as_damaged(app, as_wardrobe, garment_id, fmt):
    whole = Image.effect_noise((600, 400), 64).convert("RGB")
    buffer = io.BytesIO()
    whole.save(buffer, fmt)
    for cut in (buffer.getvalue()[: len(buffer.getvalue()) // 2], buffer.getvalue()[:40]):
        page = upload(as_wardrobe, garment_id, cut, f"cut.{fmt.lower()}")
        assert "Photo refused: The image is damaged or incomplete" in page
    assert photo_count(app) == 0


@pytest.mark.parametrize(
    "exif",
    [
        b"Exif\x00\x00garbage, not TIFF at all",
        b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + b"\x00" * 20,
        b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x09",
    ],
    ids=["not-tiff", "too-many-entries", "orientation-9"],
)
def test_photo_with_broken_exif_is_kept_as_shot(app, as_wardrobe, garment_id, exif):
    page = upload(as_wardrobe, garment_id, image_bytes(size=(800, 600), exif=exif))
    assert "Photo added." in page
    with app.app_context():
        photo = db.session.scalar(db.select(Photo))
        assert (photo.width, photo.height) == (800, 600)


@pytest.mark.parametrize(
    "name",
    ["../../../escape.jpg", "..\\..\\escape.jpg", "/etc/cron.d/escape.jpg", "a/../../escape.jpg"],
)
def test_upload_file_name_cannot_choose_where_it_is_stored(
    app, as_wardrobe, garment_id, tmp_path, name
):
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    page = upload(as_wardrobe, garment_id, image_bytes(), name)
    assert "Photo added." in page
    created = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    uploads = Path(app.config["UPLOAD_FOLDER"])
    # Only the photo and its thumbnail, both under random names inside uploads/.
    assert len([p for p in created if p.suffix == ".jpg"]) == 2
    assert all(p.parent == uploads for p in created if p.suffix == ".jpg")
    assert not any("escape" in p.name for p in created)
    with app.app_context():
        photo = db.session.scalar(db.select(Photo))
        assert "/" not in photo.filename and "\\" not in photo.filename
        assert "escape" in photo.original_name  # kept as text for history only


@pytest.mark.parametrize(
    "path",
    [
        "/photos/1/../../test.sqlite",
        "/photos/1/full/../../../test.sqlite",
        "/photos/1/%2e%2e%2f%2e%2e%2ftest.sqlite",
        "/photos/..%2f..%2ftest.sqlite/full",
        "/static/..%2f..%2fcostume_tracker%2fconfig.py",
        "/static/../costume_tracker/config.py",
        "/static/%2e%2e/pyproject.toml",
    ],
)
def test_photo_and_static_routes_serve_nothing_outside_their_folder(as_viewer, path):
    response = as_viewer.get(path)
    assert response.status_code == 404
    body = response.get_data()
    assert b"SQLite format" not in body and b"SECRET_KEY" not in body and b"[project]" not in body


def test_tampered_photo_record_cannot_reach_outside_uploads(app, as_viewer, garment_id):
    """Even a photo row pointing elsewhere (bad import, edited database) serves nothing."""
    with app.app_context():
        db.session.add(
            Photo(
                filename="../test.sqlite",
                thumb_filename="../../etc/passwd",
                content_type="image/jpeg",
                width=1,
                height=1,
                garment_id=garment_id,
            )
        )
        db.session.commit()
        photo_id = db.session.scalar(db.select(Photo.id))
    for variant in ("full", "thumb"):
        response = as_viewer.get(f"/photos/{photo_id}/{variant}")
        assert response.status_code == 404
        assert b"SQLite format" not in response.get_data()
