"""Photo uploads: accepted images get thumbnails, anything else is refused by name."""

import io
from pathlib import Path

from PIL import Image

from costume_tracker.catalog.models import Photo
from costume_tracker.extensions import db
from tests.conftest import make_costume, make_garment


def _image_bytes(fmt="JPEG", size=(1200, 900), exif_rotate=False) -> bytes:
    image = Image.new("RGB", size, (120, 40, 90))
    buffer = io.BytesIO()
    if exif_rotate:
        exif = Image.Exif()
        exif[0x0112] = 6  # orientation: rotate 90° clockwise
        image.save(buffer, fmt, exif=exif)
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def _upload(client, url, data: bytes, name="photo.jpg"):
    return client.post(
        url,
        data={"photo": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_garment_photo_upload_makes_thumbnail_and_event(app, as_wardrobe):
    with app.app_context():
        garment_id = make_garment().id
    page = _upload(
        as_wardrobe, f"/garments/{garment_id}/photos", _image_bytes(exif_rotate=True)
    ).get_data(as_text=True)
    assert "Photo added." in page
    with app.app_context():
        photo = db.session.scalar(db.select(Photo))
        folder = Path(app.config["UPLOAD_FOLDER"])
        with Image.open(folder / photo.thumb_filename) as thumb:
            assert max(thumb.size) == 360
        # EXIF orientation applied: the landscape shot is stored upright (portrait).
        assert (photo.width, photo.height) == (900, 1200)
    response = as_wardrobe.get(f"/photos/{photo.id}/thumb")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    response.close()
    assert f"/photos/{photo.id}/thumb" in as_wardrobe.get("/garments").get_data(as_text=True)


def test_costume_photo_upload(app, as_wardrobe):
    with app.app_context():
        costume_id = make_costume().id
    page = _upload(as_wardrobe, f"/costumes/{costume_id}/photos", _image_bytes("PNG"), "a.png")
    assert "Photo added." in page.get_data(as_text=True)


def test_non_images_and_odd_formats_are_refused(app, as_wardrobe):
    with app.app_context():
        garment_id = make_garment().id
    url = f"/garments/{garment_id}/photos"
    text = _upload(as_wardrobe, url, b"%PDF-1.4 not a photo", "x.jpg").get_data(as_text=True)
    assert "Photo refused: The file is not a readable JPEG, PNG or WebP image." in text
    text = _upload(as_wardrobe, url, _image_bytes("BMP"), "x.bmp").get_data(as_text=True)
    assert "BMP images are not accepted" in text
    text = _upload(as_wardrobe, url, b"", "empty.jpg").get_data(as_text=True)
    assert "Photo refused" in text or "Choose a photo" in text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Photo.id))) == 0


def test_huge_pixel_counts_and_oversized_files_are_refused(app, as_wardrobe):
    app.config["MAX_PHOTO_PIXELS"] = 1_000_000
    with app.app_context():
        garment_id = make_garment().id
    url = f"/garments/{garment_id}/photos"
    text = _upload(as_wardrobe, url, _image_bytes(size=(2000, 1000))).get_data(as_text=True)
    assert "the limit is 1 megapixels" in text
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = as_wardrobe.post(
        url,
        data={"photo": (io.BytesIO(b"x" * 5000), "big.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "larger than the upload limit" in response.get_data(as_text=True)


def test_viewer_cannot_upload(app, as_viewer):
    with app.app_context():
        garment_id = make_garment().id
    response = as_viewer.post(
        f"/garments/{garment_id}/photos",
        data={"photo": (io.BytesIO(_image_bytes()), "a.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
