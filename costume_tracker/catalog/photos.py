"""Photo uploads: type and size checks, orientation, thumbnails."""

import io
import uuid
import warnings
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from ..extensions import db
from ..history.services import record_event
from .models import Costume, Garment, Photo

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
FULL_SIZE, THUMB_SIZE = 2000, 360
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")  # JPEG, PNG (WebP: RIFF….WEBP)
DAMAGED = _l(
    "The image is damaged or incomplete (perhaps cut off while uploading); "
    "open it, save it again and retry."
)


class PhotoError(ValueError):
    """The upload is not a photo we accept; the message says why."""


def upload_folder() -> Path:
    """Where photos live (instance/uploads unless configured)."""
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open_image(data: bytes) -> Image.Image:
    """Open and fully decode an upload, refusing non-images, odd formats and huge pixel counts."""
    if not data:
        raise PhotoError(_("The file is empty."))
    pixels = current_app.config["MAX_PHOTO_PIXELS"]
    limit = pixels // 1_000_000
    try:
        with quiet_exif_strict_size():
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        # Pillow's own guard fired before the size could even be read: a decompression bomb.
        raise PhotoError(
            _("The image has far too many pixels; the limit is %(limit)s megapixels.", limit=limit)
        ) from err
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        if data.startswith(SIGNATURES) or data[8:12] == b"WEBP":
            raise PhotoError(str(DAMAGED)) from err
        raise PhotoError(_("The file is not a readable JPEG, PNG or WebP image.")) from err
    if image.format not in ALLOWED_FORMATS:
        raise PhotoError(
            _("%(format)s images are not accepted; use JPEG, PNG or WebP.", format=image.format)
        )
    if image.width * image.height > pixels:
        raise PhotoError(
            _(
                "The image is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.",
                width=image.width,
                height=image.height,
                limit=limit,
            )
        )
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise PhotoError(str(DAMAGED)) from err
    return _upright(image)


@contextmanager
def quiet_exif_strict_size():
    """Broken EXIF only warns (the pixels are fine); Pillow's size warning refuses the file."""
    # catch_warnings is process-wide; both filters are harmless if threads interleave them.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Corrupt EXIF data", UserWarning)
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _upright(image: Image.Image) -> Image.Image:
    """Turn the photo as its EXIF orientation says; a photo with broken EXIF is kept as shot."""
    try:
        with quiet_exif_strict_size():
            return ImageOps.exif_transpose(image)
    except Exception:  # malformed EXIF raises all sorts of errors; the pixels are fine
        return image


def _save_jpeg(image: Image.Image, size: int, path: Path) -> None:
    """Re-encode (dropping EXIF such as GPS position) at most ``size`` pixels wide or high."""
    copy = image.copy()
    copy.thumbnail((size, size))
    if copy.mode not in ("RGB", "L"):
        background = Image.new("RGB", copy.size, "white")
        background.paste(copy, mask=copy.convert("RGBA").getchannel("A"))
        copy = background
    copy.save(path, "JPEG", quality=85, optimize=True)


def store_image(data: bytes) -> tuple[str, str, int, int]:
    """Check an upload, save it upright as a JPEG and a thumbnail: (full, thumb, width, height).

    Raises PhotoError (nothing saved) when the file is not a photo we accept. The caller
    records the names and removes the files (``remove_images``) if its transaction fails.
    """
    image = _open_image(data)
    stem = uuid.uuid4().hex
    folder = upload_folder()
    full, thumb = f"{stem}.jpg", f"{stem}.thumb.jpg"
    try:
        _save_jpeg(image, FULL_SIZE, folder / full)
        _save_jpeg(image, THUMB_SIZE, folder / thumb)
    except Exception:
        remove_images(full, thumb)
        raise
    return full, thumb, image.width, image.height


def remove_images(*names: str | None) -> None:
    """Delete stored photo files (missing ones are fine)."""
    folder = upload_folder()
    for name in names:
        if name:
            (folder / name).unlink(missing_ok=True)


def add_photo(owner, data: bytes, original_name: str, user) -> Photo:
    """Store an uploaded photo and its thumbnail for a garment, costume or performer."""
    full, thumb, width, height = store_image(data)
    photo = Photo(
        filename=full,
        thumb_filename=thumb,
        content_type="image/jpeg",
        width=width,
        height=height,
        original_name=original_name[:255],
        uploaded_by_id=getattr(user, "id", None),
    )
    key = {Garment: "garment", Costume: "costume"}.get(type(owner), "performer")
    target = {key: owner}
    for key, value in target.items():
        setattr(photo, key, value)
    db.session.add(photo)
    record_event("photo", user, summary=f"Photo added ({original_name[:80]})", **target)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        remove_images(full, thumb)
        raise
    return photo
