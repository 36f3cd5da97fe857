"""Pictures for the demo wardrobe: a drawn likeness of each look and of its main pieces.

The demo has no real photographs, so lists and costume pages would show no thumbnails. Each
picture is drawn once per (shape, colour) with Pillow and copied for every piece it fits, so
loading stays quick; the files go where uploads go, as real photos do.
"""

import io
import uuid
from pathlib import Path

from PIL import Image, ImageDraw

from ..catalog.models import Costume, Garment, Photo
from ..catalog.photos import THUMB_SIZE, upload_folder

SIZE = 480
# Pieces drawn on their own; the look's picture is its first drawn piece.
DRAWN = ("tutu", "bodice", "dress", "jacket", "headpiece", "skirt", "leotard")
# Colour words of the demo's pieces (the first that matches wins), as RGB.
COLOURS = (
    ("pale pink", (244, 196, 205)), ("seafoam", (159, 214, 196)), ("ivory", (246, 239, 220)),
    ("cream", (243, 234, 208)), ("forest green", (44, 92, 62)), ("lilac", (196, 170, 221)),
    ("black", (40, 36, 44)), ("sapphire", (38, 74, 160)), ("turquoise", (64, 186, 186)),
    ("crimson", (160, 28, 48)), ("purple", (104, 52, 128)), ("gold", (214, 172, 74)),
    ("silver", (196, 200, 208)), ("white", (250, 250, 250)), ("pink", (236, 160, 184)),
    ("rose", (222, 120, 150)), ("blue", (86, 130, 204)), ("green", (76, 150, 92)),
    ("red", (196, 40, 52)), ("grey", (150, 150, 156)), ("brown", (120, 80, 52)),
    ("yellow", (238, 210, 90)), ("peach", (246, 190, 150)), ("orange", (230, 140, 60)),
    ("navy", (30, 40, 90)), ("plum", (107, 45, 92)), ("snow", (236, 242, 250)),
)  # fmt: skip
FALLBACK = (200, 180, 196)


def colour_of(name: str) -> tuple[int, int, int]:
    """The RGB a colour description starts from ("ivory and gold" → ivory)."""
    text = (name or "").lower()
    found = [(text.find(word), rgb) for word, rgb in COLOURS if word in text]
    return min(found)[1] if found else FALLBACK


def _shade(rgb, factor: float) -> tuple[int, int, int]:
    """Lighter (factor > 1) or darker (< 1) of a colour."""
    if factor >= 1:
        return tuple(int(c + (255 - c) * (factor - 1)) for c in rgb)
    return tuple(int(c * factor) for c in rgb)


def draw(category: str, colour: str) -> bytes:
    """A JPEG likeness of a piece: its shape in its colour on a studio background."""
    rgb = colour_of(colour)
    image = Image.new("RGB", (SIZE, SIZE), (238, 234, 236))
    pen = ImageDraw.Draw(image)
    for y in range(SIZE):  # a soft studio backdrop, lighter at the top
        tone = 246 - y // 24
        pen.line([(0, y), (SIZE, y)], fill=(tone, tone - 4, tone - 2))
    pen.ellipse((90, 410, 390, 450), fill=(214, 208, 212))  # the dress form's shadow
    edge = _shade(rgb, 0.7)
    {
        "tutu": _tutu, "bodice": _bodice, "leotard": _bodice, "dress": _dress,
        "skirt": _dress, "jacket": _jacket, "headpiece": _headpiece,
    }.get(category, _bodice)(pen, rgb, edge)  # fmt: skip
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


def _bodice(pen, rgb, edge) -> None:
    pen.polygon(
        [(190, 110), (290, 110), (310, 260), (240, 300), (170, 260)], fill=rgb, outline=edge
    )
    pen.line([(240, 120), (240, 290)], fill=edge, width=2)
    pen.rectangle((232, 60, 248, 110), fill=(120, 110, 116))  # the stand's neck


def _tutu(pen, rgb, edge) -> None:
    for layer in range(6):  # net layers, lighter towards the top
        top = 250 + layer * 6
        box = (60 + layer * 4, top, 420 - layer * 4, top + 70)
        pen.ellipse(box, fill=_shade(rgb, 1 + layer / 12), outline=edge)
    _bodice(pen, rgb, edge)


def _dress(pen, rgb, edge) -> None:
    pen.polygon(
        [(170, 250), (310, 250), (380, 420), (100, 420)], fill=_shade(rgb, 0.92), outline=edge
    )
    _bodice(pen, rgb, edge)


def _jacket(pen, rgb, edge) -> None:
    pen.polygon([(150, 110), (120, 330), (160, 335), (185, 160)], fill=rgb, outline=edge)
    pen.polygon([(330, 110), (360, 330), (320, 335), (295, 160)], fill=rgb, outline=edge)
    pen.polygon([(170, 100), (310, 100), (320, 330), (160, 330)], fill=rgb, outline=edge)
    pen.line([(240, 110), (240, 330)], fill=_shade(rgb, 0.6), width=3)
    for y in range(140, 320, 36):
        pen.ellipse((250, y, 260, y + 10), fill=(214, 172, 74))


def _headpiece(pen, rgb, edge) -> None:
    pen.ellipse((150, 200, 330, 380), fill=(226, 220, 224))
    points = [(150, 240), (180, 150), (210, 220), (240, 120), (270, 220), (300, 150), (330, 240)]
    pen.polygon(points, fill=rgb, outline=edge)
    for x in (180, 240, 300):
        pen.ellipse((x - 9, 200, x + 9, 218), fill=(250, 250, 255), outline=edge)


def add_pictures(costumes: dict[Costume, list[Garment]], user) -> list[Path]:
    """Give every demo look and its drawn pieces a picture; returns the files written.

    Rows are added to the session (the caller commits); the files are written at once, so a
    caller that rolls back removes them.
    """
    folder = upload_folder()
    drawn: dict[tuple[str, str], tuple[bytes, bytes]] = {}
    written: list[Path] = []

    def picture(category: str, colour: str) -> tuple[bytes, bytes]:
        key = (category, colour_of(colour))
        if key not in drawn:
            full = draw(category, colour)
            image = Image.open(io.BytesIO(full))
            image.thumbnail((THUMB_SIZE, THUMB_SIZE))
            thumb = io.BytesIO()
            image.save(thumb, "JPEG", quality=80, optimize=True)
            drawn[key] = (full, thumb.getvalue())
        return drawn[key]

    def store(owner_field: str, owner, category: str, colour: str) -> None:
        full, thumb = picture(category, colour)
        stem = uuid.uuid4().hex
        names = (f"{stem}.jpg", f"{stem}.thumb.jpg")
        for name, content in zip(names, (full, thumb), strict=True):
            (folder / name).write_bytes(content)
            written.append(folder / name)
        photo = Photo(
            filename=names[0], thumb_filename=names[1], content_type="image/jpeg",
            width=SIZE, height=SIZE, original_name="demo drawing.jpg",
            uploaded_by_id=getattr(user, "id", None),
        )  # fmt: skip
        setattr(photo, owner_field, owner)
        from ..extensions import db

        db.session.add(photo)

    for costume, pieces in costumes.items():
        shown_pieces = [g for g in pieces if g.category in DRAWN]
        if not shown_pieces:
            continue
        lead = shown_pieces[0]
        store("costume", costume, lead.category, lead.colour)
        for garment in shown_pieces:
            store("garment", garment, garment.category, garment.colour)
    return written
