"""Label geometry, QR payload and text layout, without rendering."""

import random

import pytest
import qrcode
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData, lost_point
from reportlab.pdfbase.pdfmetrics import stringWidth

from costume_tracker.labels.layout import (
    ELLIPSIS,
    QR_PAD,
    TEXT_PAD,
    LabelItem,
    label_box,
    layout_label,
    printable,
    shorten,
    wrap,
)
from costume_tracker.labels.presets import PRESETS, find_preset
from costume_tracker.labels.qr import (
    EC_LEVELS,
    QUIET_ZONE,
    base_url_warning,
    encoding_mode,
    label_url,
    qr_modules,
)
from costume_tracker.labels.qrmask import pack, pack_columns, penalty
from costume_tracker.labels.services import LabelError, LabelOptions, check_options, sheet_count

IN = 25.4
# product.md's label stock table, typed in again so a slip in presets.py shows up here:
# page (w, h), label (w, h), grid (columns, rows), first label's top-left, pitch (x, y); mm.
TABLE = {
    "L7160": ((210, 297), (63.5, 38.1), (3, 7), (7.2, 15.15), (66.04, 38.1)),
    "L7163": ((210, 297), (99.1, 38.1), (2, 7), (4.65, 15.15), (101.6, 38.1)),
    "L7651": ((210, 297), (38.1, 21.2), (5, 13), (4.75, 10.7), (40.6, 21.2)),
    "5160": ((8.5 * IN, 11 * IN), (2.625 * IN, IN), (3, 10), (0.1875 * IN, 0.5 * IN),
             (2.75 * IN, IN)),
    "DK-11209": ((62, 29), (62, 29), (1, 1), (0, 0), (0, 0)),
    "DK-11201": ((29, 90), (29, 90), (1, 1), (0, 0), (0, 0)),
    "30252": ((28, 89), (28, 89), (1, 1), (0, 0), (0, 0)),
}  # fmt: skip
URL = "HTTPS://WARDROBE.EXAMPLE.ORG/G/ET-00001"
TRICKY = [
    LabelItem("ET-00001", "Aurora wedding tutu", "C-7 Aurora, Act III wedding", "38"),
    LabelItem(
        "ET-00002",
        "Bodice for the Sugar Plum Fairy with crystal embroidery and réséda silk lining",
        "C-12 Sugar Plum Fairy, Act II grand pas de deux, second cast",
        "XS / 34 long",
    ),
    LabelItem("ET-00003", "Tights"),
    LabelItem("ET-00004", "Éventail à plumes d'autruche (Odette)", "C-3 Désiré, Act I", "40/42"),
    LabelItem("ET-100000", "W" * 80, "W" * 80, "W" * 40),
    LabelItem("ET-00005", "Supercalifragilisticexpialidocious" * 3, "", "M"),
]


def test_every_preset_of_the_table_exists():
    assert set(PRESETS) == set(TABLE)
    assert find_preset("avery l7160") is PRESETS["L7160"]
    assert find_preset("dk-11209") is PRESETS["DK-11209"]
    assert find_preset("Dymo 30252") is PRESETS["30252"]
    assert find_preset("L7999") is None


@pytest.mark.parametrize("key", TABLE)
def test_label_boxes_sit_where_the_table_says(key):
    page, size, (columns, rows), (left, top), (pitch_x, pitch_y) = TABLE[key]
    preset = PRESETS[key]
    assert preset.page_width == pytest.approx(page[0], abs=0.2)
    assert preset.page_height == pytest.approx(page[1], abs=0.2)
    assert preset.per_sheet == columns * rows
    for position in range(preset.per_sheet):
        row, column = divmod(position, columns)
        box = label_box(preset, position)
        assert box.x == pytest.approx(left + column * pitch_x, abs=0.2)
        assert box.y == pytest.approx(top + row * pitch_y, abs=0.2)
        assert (box.width, box.height) == pytest.approx(size, abs=0.2)
        assert box.x >= 0 and box.right <= preset.page_width
        assert box.y >= 0 and box.bottom <= preset.page_height


def test_calibration_offset_moves_every_box():
    preset = PRESETS["L7163"]
    for position in range(preset.per_sheet):
        plain, moved = label_box(preset, position), label_box(preset, position, (1.5, -0.8))
        assert moved.x == pytest.approx(plain.x + 1.5)
        assert moved.y == pytest.approx(plain.y - 0.8)


@pytest.mark.parametrize("key", TABLE)
@pytest.mark.parametrize("ec", ["M", "Q"])
def test_qr_and_text_stay_inside_the_label_and_apart(key, ec):
    preset = PRESETS[key]
    for item in TRICKY:
        modules = qr_modules(label_url("https://wardrobe.example.org", item.tag_code), ec)
        layout = layout_label(preset, label_box(preset, preset.per_sheet - 1), item, len(modules))
        label, qr = layout.label, layout.qr
        assert label.contains(qr)
        total = len(modules) + 2 * QUIET_ZONE
        assert qr.width == pytest.approx(total * layout.module)
        room = (label.width if preset.is_tall else label.height) - 2 * QR_PAD
        assert total * layout.module <= room < total * (layout.module + 0.01)
        assert layout.lines[0].text == item.tag_code  # the tag code always, in full
        assert layout.lines[0].font == "Helvetica-Bold"
        assert all(line.size < layout.lines[0].size for line in layout.lines[1:])
        for line in layout.lines:
            width = stringWidth(line.text, line.font, line.size) * 25.4 / 72
            assert line.box.width == pytest.approx(width)
            assert line.box.x >= label.x + TEXT_PAD - 1e-6
            assert line.box.right <= label.right - TEXT_PAD + 1e-6
            assert line.box.y >= label.y + TEXT_PAD - 1e-6 or preset.is_tall
            assert line.box.bottom <= label.bottom - TEXT_PAD + 1e-6
            assert label.contains(line.box)
            assert not line.box.overlaps(qr), (key, line.text)
        for upper, lower in zip(layout.lines, layout.lines[1:], strict=False):
            assert upper.box.bottom <= lower.box.y + 1e-6


def test_name_costume_and_size_appear_where_they_fit():
    preset = PRESETS["L7160"]
    layout = layout_label(preset, label_box(preset, 0), TRICKY[0], 29)
    assert [line.text for line in layout.lines] == [
        "ET-00001",
        "Aurora wedding",
        "tutu",
        "C-7 Aurora, Act III",
        "wedding",
        "Size 38",
    ]
    long = layout_label(preset, label_box(preset, 0), TRICKY[1], 29)
    assert long.lines[2].text.endswith(ELLIPSIS) and long.lines[-1].text == "Size XS / 34 long"


def test_long_text_is_shortened_between_characters_with_an_ellipsis():
    text = "Prince Désiré's embroidered velvet jacket"
    short = shorten(text, "Helvetica", 8, 60)
    assert short.endswith(ELLIPSIS) and text.startswith(short[:-1].rstrip())
    assert stringWidth(short, "Helvetica", 8) <= 60
    assert stringWidth(shorten(text, "Helvetica", 8, 61) + "W", "Helvetica", 8) > 60
    assert shorten("Tutu", "Helvetica", 8, 60) == "Tutu"
    lines = wrap(text, "Helvetica", 8, 60, 2)
    assert len(lines) == 2 and lines[1].endswith(ELLIPSIS)
    assert all(stringWidth(line, "Helvetica", 8) <= 60 for line in lines)


def test_text_keeps_latin_accents_and_replaces_what_helvetica_cannot_draw():
    assert printable("  Désiré\n  à l'Opéra ") == "Désiré à l'Opéra"
    assert printable("Łódź ş Ω") == "Lódz s ?"
    assert printable("Cafe\u0301") == "Café"  # combining accent joined, not cut off


def test_payload_is_upper_case_alphanumeric():
    url = label_url("https://Wardrobe.Example.org/", "et-00001")
    assert url == URL
    assert encoding_mode(url) == "alphanumeric"
    alphanumeric = qrcode.QRCode(border=0, error_correction=EC_LEVELS["M"])
    alphanumeric.add_data(QRData(url, mode=MODE_ALPHA_NUM))
    alphanumeric.make()
    byte = qrcode.QRCode(border=0, error_correction=EC_LEVELS["M"])
    byte.add_data(QRData(url, mode=MODE_8BIT_BYTE))
    byte.make()
    assert qr_modules(url, "M") == alphanumeric.modules != byte.modules
    # A path under the base URL is case-sensitive on most servers, so it is kept.
    mounted = label_url("https://example.org/wardrobe", "ET-00001")
    assert mounted == "HTTPS://EXAMPLE.ORG/wardrobe/G/ET-00001"
    assert encoding_mode(mounted) == "byte"


def test_fast_mask_choice_matches_qrcode_exactly():
    generator = random.Random(4)
    for count in range(60):
        length = generator.randint(10, 160)
        payload = "HTTPS://" + "".join(
            generator.choice("ABCXYZ0123456789./-") for _ in range(length)
        )
        ec = "MQ"[count % 2]
        reference = qrcode.QRCode(border=0, error_correction=EC_LEVELS[ec])
        reference.add_data(QRData(payload, mode=MODE_ALPHA_NUM))
        reference.make()
        assert qr_modules(payload, ec) == reference.modules
        for mask in range(8):
            reference.makeImpl(True, mask)
            size = reference.modules_count
            packed = pack(reference.modules, size), pack_columns(reference.modules, size)
            assert penalty(*packed, size) == lost_point(reference.modules)


@pytest.mark.parametrize(
    "base_url, warned",
    [
        ("", True),
        ("http://localhost:5000", True),
        ("http://127.0.0.1:5000", True),
        ("http://[::1]:5000", True),
        ("http://wardrobe.localhost", True),
        ("https://wardrobe.example.org", False),
        ("http://192.168.1.20:5000", False),
    ],
)
def test_base_url_warning(base_url, warned):
    assert (base_url_warning(base_url) is not None) is warned


@pytest.mark.parametrize(
    "options, field, words",
    [
        (LabelOptions(preset="L7999"), "preset", "Unknown label preset 'L7999'"),
        (LabelOptions(preset="L7160", start=22), "start", "between 1 and 21"),
        (LabelOptions(preset="L7160", start=0), "start", "between 1 and 21"),
        (LabelOptions(preset="DK-11209", start=2), "start", "between 1 and 1"),
        (LabelOptions(copies=0), "copies", "between 1 and 50, not 0"),
        (LabelOptions(copies=51), "copies", "between 1 and 50, not 51"),
        (LabelOptions(ec="H"), "ec", "M or Q"),
    ],
)
def test_bad_options_are_refused_naming_the_field(options, field, words):
    with pytest.raises(LabelError) as caught:
        check_options(options)
    assert words in caught.value.errors[field]


def test_sheet_count():
    preset = PRESETS["L7160"]
    assert sheet_count(preset, 1, 210) == 10
    assert sheet_count(preset, 20, 3) == 2
    assert sheet_count(PRESETS["30252"], 1, 4) == 4
