"""Label geometry, QR payload and text layout, without rendering."""

import random

import pytest
import qrcode
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData, lost_point
from reportlab.pdfbase.pdfmetrics import stringWidth

from costume_tracker.labels.baseurl import (
    LOCAL,
    PRIVATE,
    PUBLIC,
    UNSET,
    base_url_warning,
    is_refused,
    parse_base_url,
    reach,
)
from costume_tracker.labels.fonts import MISSING, TAG_FONT, TEXT_FONT, drawable
from costume_tracker.labels.layout import (
    ELLIPSIS,
    MIN_MODULE,
    QR_PAD,
    TEXT_PAD,
    LabelItem,
    label_box,
    layout_label,
    shorten,
    wrap,
)
from costume_tracker.labels.presets import PRESETS, find_preset
from costume_tracker.labels.qr import (
    EC_LEVELS,
    QUIET_ZONE,
    encoding_mode,
    error_correction,
    label_url,
    qr_modules,
    qr_version,
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
    LabelItem("ET-00006", "Лебединое озеро, пачка Одетты", "C-9 Ωραία κοιμωμένη", "44"),
    LabelItem("ET-00007", "中文 tutu 🩰", "", ""),
]
# Tag codes as the app makes them (a TAG_PREFIX of two or three letters, five digits, or six
# past 99,999 garments): each prints at its preset's smallest tag size or larger.
TAG_CODES = ["ET-00001", "ET-100000", "MBT-00042", "LBN-99999"]


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
        assert total * layout.module <= room  # whole modules, quiet zone included
        assert layout.module >= MIN_MODULE - 1e-9
        assert layout.lines[0].text == item.tag_code  # the tag code always, in full
        assert layout.lines[0].font == TAG_FONT
        assert layout.lines[0].size >= preset.tag_min_pt
        assert all(line.font == TEXT_FONT for line in layout.lines[1:])
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


@pytest.mark.parametrize(
    "text", ["Łabędź", "Лебединое озеро", "Ωραία", "Zoë Désirée", "Łódź ş Ω ğ ő ț Ђ ё ÿ"]
)
def test_latin_extended_greek_and_cyrillic_are_kept_as_written(text):
    assert drawable(text) == text
    assert drawable(text, TAG_FONT) == text


def test_text_is_one_line_and_what_dejavu_cannot_draw_is_a_box():
    assert drawable("  Désiré\n  à l'Opéra\t") == "Désiré à l'Opéra"
    assert drawable("Cafe\u0301") == "Café"  # combining accent joined, not cut off
    assert drawable("ＴＵＴＵ") == "TUTU"  # full-width letters: their plain form
    # CJK and emoji DejaVu lacks print as one box each (the PDF's text says U+25A1 too).
    assert drawable("中文 tutu 🩰") == f"{MISSING}{MISSING} tutu {MISSING}"
    assert drawable("Rose ❤\ufe0f") == "Rose ❤"  # emoji presentation selector dropped
    assert drawable("a\u200db\x07c\ud800") == "abc"  # joiners, controls, lone surrogates


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
    "base_url, kind",
    [
        ("", UNSET),
        ("   ", UNSET),
        (None, UNSET),
        ("http://localhost:5000", LOCAL),
        ("http://LOCALHOST", LOCAL),
        ("http://127.0.0.1:5000", LOCAL),
        ("http://127.1.2.3", LOCAL),
        ("http://[::1]:5000", LOCAL),
        ("http://0.0.0.0:8000", LOCAL),
        ("http://[::]:8000", LOCAL),
        ("http://[::ffff:127.0.0.1]", LOCAL),
        ("http://wardrobe.localhost", LOCAL),
        ("http://192.168.1.20:5000", PRIVATE),
        ("http://10.0.0.5", PRIVATE),
        ("http://172.16.4.1", PRIVATE),
        ("http://169.254.10.10", PRIVATE),
        ("http://[fd00::5]", PRIVATE),
        ("http://wardrobe-pc:5000", PRIVATE),
        ("http://wardrobe.local", PRIVATE),
        ("https://wardrobe.example.org", PUBLIC),
        ("https://81.2.69.160/wardrobe", PUBLIC),
    ],
)
def test_who_can_reach_a_base_url(base_url, kind):
    assert reach(base_url) == kind
    assert is_refused(base_url) is (kind in (UNSET, LOCAL))
    assert (base_url_warning(base_url) is None) is (kind == PUBLIC)


def test_base_url_warnings_say_why():
    assert "PUBLIC_BASE_URL is not set" in base_url_warning("")
    assert "only this computer can reach" in base_url_warning("http://127.0.0.1:5000")
    assert "only phones on that network" in base_url_warning("http://192.168.1.20:5000")
    page = base_url_warning("", fallback="http://10.1.1.1/")
    assert "the address this page was opened at (http://10.1.1.1/)" in page


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://wardrobe.example.org", "https://wardrobe.example.org"),
        ("https://wardrobe.example.org/", "https://wardrobe.example.org"),
        (
            " HTTPS://Wardrobe.Example.org:8443/costumes// ",
            "HTTPS://Wardrobe.Example.org:8443/costumes",
        ),
        ("http://192.168.1.20:5000", "http://192.168.1.20:5000"),
    ],
)
def test_a_base_url_is_normalised(text, expected):
    assert parse_base_url(text) == expected


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "must start with http:// or https://"),
        ("wardrobe.example.org", "must start with http:// or https://"),
        ("ftp://wardrobe.example.org", "must start with http:// or https://"),
        ("javascript:alert(1)", "must start with http:// or https://"),
        ("https://", "has no host name"),
        ("https:///g", "has no host name"),
        ("https://wardrobe.example.org:port", "is not a valid address"),
        ("https://wardrobe.example.org:99999", "is not a valid address"),
        ("https://user:secret@wardrobe.example.org", "user name or password"),
        ("https://wardrobe.example.org/?x=1", "must not have a query"),
        ("https://wardrobe.example.org/#top", "must not have a query"),
        ("https://wardrobe.example.org/my wardrobe", "must not contain spaces"),
        ("http://[::1", "is not a valid address"),
    ],
)
def test_a_bad_base_url_is_refused_saying_why(text, words):
    with pytest.raises(ValueError, match=words.replace("?", r"\?").replace("(", r"\(")):
        parse_base_url(text)


def test_error_correction_is_raised_to_q_when_it_costs_nothing():
    standard = label_url("https://wardrobe.example.org", "ET-00001")
    assert error_correction(standard, "M") == "Q"
    assert qr_version(standard, "Q") == qr_version(standard, "M") == 3
    for tag in TAG_CODES:  # every tag code the app makes, on the usual base URL
        assert error_correction(label_url("https://wardrobe.example.org", tag)) == "Q"
    long = label_url("https://wardrobe.ballet-national-paris.example.org", "ET-00001")
    assert qr_version(long, "Q") > qr_version(long, "M")
    assert error_correction(long, "M") == "M"  # Q would make the modules smaller
    assert error_correction(long, "Q") == "Q"  # asked for: Q, even in a bigger symbol
    assert len(qr_modules(long, "Q")) > len(qr_modules(long, "M"))


@pytest.mark.parametrize("key", TABLE)
@pytest.mark.parametrize("tag", TAG_CODES)
def test_the_tag_code_never_prints_below_its_preset_minimum(key, tag):
    preset = PRESETS[key]
    assert preset.tag_min_pt >= 10
    item = LabelItem(tag, "Bodice for the Sugar Plum Fairy with crystal embroidery", "C-1 X", "38")
    modules = qr_modules(label_url("https://wardrobe.example.org", tag), "Q")
    layout = layout_label(preset, label_box(preset, 0), item, len(modules))
    assert layout.lines[0].text == tag and layout.lines[0].font == TAG_FONT
    assert layout.lines[0].size >= preset.tag_min_pt
    assert layout.lines[0].box.right <= layout.label.right - TEXT_PAD + 1e-6


def test_the_qr_gives_up_whole_modules_for_the_tag_code():
    """On the smallest stock the QR shrinks so the tag code keeps 10 pt beside it."""
    preset = PRESETS["L7651"]
    box = label_box(preset, 0)
    short, long = (
        layout_label(preset, box, LabelItem(tag), 29) for tag in ("ET-00001", "ET-100000")
    )
    room = (box.height - 2 * QR_PAD) / (29 + 2 * QUIET_ZONE)
    assert long.module < short.module < room  # the longer the code, the smaller the QR
    for layout in (short, long):
        assert layout.module * 100 == pytest.approx(round(layout.module * 100))  # 0.01 mm steps
        assert layout.lines[0].size >= 10
        # one step bigger and the tag code would not fit at 10 pt any more
        bigger = layout.qr.right + 0.01 * (29 + 2 * QUIET_ZONE)
        tag_width = stringWidth(layout.lines[0].text, TAG_FONT, 10) * 25.4 / 72
        assert bigger + tag_width > box.right - TEXT_PAD


@pytest.mark.parametrize("key", TABLE)
def test_a_tag_code_too_long_for_its_minimum_still_prints_whole(key):
    """Beyond what a preset reserves (here ten characters), the QR stops at MIN_MODULE and
    the tag code shrinks to fit: smaller, but never cut."""
    preset = PRESETS[key]
    item = LabelItem("WWWWWW-123456")
    layout = layout_label(preset, label_box(preset, 0), item, 29)
    assert layout.lines[0].text == item.tag_code
    assert layout.lines[0].box.right <= layout.label.right - TEXT_PAD + 1e-6
    assert layout.module >= MIN_MODULE - 1e-9
    if key == "L7651":
        assert layout.module == pytest.approx(MIN_MODULE)
        assert layout.lines[0].size < preset.tag_min_pt


@pytest.mark.parametrize("key", ["DK-11209", "DK-11201", "30252"])
def test_thermal_presets_use_whole_printer_dots(key):
    preset = PRESETS[key]
    assert preset.dpi == 300
    dots = 300 / 25.4
    for item in TRICKY:
        modules = qr_modules(label_url("https://wardrobe.example.org", item.tag_code), "Q")
        layout = layout_label(preset, label_box(preset, 0), item, len(modules))
        for value in (layout.module, layout.qr.x, layout.qr.y):
            assert value * dots == pytest.approx(round(value * dots), abs=1e-6)
        assert layout.module * dots >= 4  # at least 4 dots (0.34 mm) a module


def test_sheet_presets_have_no_fixed_resolution():
    assert all(PRESETS[key].dpi is None for key in ("L7160", "L7163", "L7651", "5160"))


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
        (LabelOptions(ec="L"), "ec", "M or Q"),
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
