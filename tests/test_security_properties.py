"""Whatever a scanner, a person or an attacker types, tag and reference parsing answers calmly.

Property-based: Hypothesis invents the input. Every refusal is a clear answer (None, the
unknown-tag page, a 404), never an exception or a 500.
"""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import costume_tracker.models  # noqa: F401  (every model mapped before queries.py builds its sorts)
from costume_tracker.catalog.models import Garment
from costume_tracker.catalog.queries import parse_costume_ref
from costume_tracker.catalog.services import find_garment_by_tag, normalise_tag
from costume_tracker.people.models import Performer
from costume_tracker.people.services import parse_performer_ref
from costume_tracker.scanning.services import tag_from_scan
from tests.conftest import make_costume, make_garment, make_performer

# Read-only checks on one small wardrobe: sharing the function's fixtures is safe here.
CHECKS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
MAX_ID = 2**31 - 1  # INTEGER ids are 32-bit on PostgreSQL
TAG = re.compile(r"[A-Z]{1,6}-\d{5,}")
tags = st.from_regex(r"[A-Za-z]{1,6}-[0-9]{5,7}", fullmatch=True)
# Text with the characters scanners and attackers like: control codes, slashes, quotes, NUL.
nasty_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from("/\\%?#&<>\"'\x00\n\t "),
    max_size=200,
)
numbers = st.integers(min_value=-(10**30), max_value=10**30)


@pytest.fixture
def tagged(app):
    """Three garments (ET-00001…3), a costume C-1 and a performer P-1, read in an app context."""
    with app.app_context():
        make_costume()
        for n in range(3):
            make_garment(name=f"Tights {n}", category="tights")
        make_performer()
        yield app


@CHECKS
@given(text=nasty_text)
@example(text="https://wardrobe.example.org/G/ET-00042")
@example(text="ET-١٢٣٤٥")
@example(text="x" * 10_000 + "-" + "9" * 10_000)
def test_tag_from_scan_answers_a_tag_or_none(text):
    tag = tag_from_scan(text)
    assert tag is None or (TAG.fullmatch(tag) and tag == tag.upper())


@CHECKS
@given(tag=tags, base=st.sampled_from(["", "http://10.0.0.5:5000", "HTTPS://WARDROBE.EXAMPLE"]))
def test_tag_from_scan_reads_every_label_form(tag, base):
    scanned = f"{base}/g/{tag}" if base else tag
    for variant in (scanned, scanned.upper(), scanned.lower(), f"  {scanned}/ \r\n"):
        assert tag_from_scan(variant) == tag.upper()


@CHECKS
@given(text=nasty_text)
@example(text="ß-00001")
def test_normalise_tag_is_trimmed_upper_case_and_stable(text):
    tag = normalise_tag(text)
    assert tag == tag.strip()
    assert normalise_tag(tag) == tag


@CHECKS
@given(text=nasty_text)
@example(text="et-00001\x00")
@example(text="ET-00001" + " " * 50)
@example(text="\x00")
def test_find_garment_by_tag_finds_it_or_answers_none(tagged, text):
    with tagged.app_context():
        found = find_garment_by_tag(text)
        assert found is None or found.tag_code == normalise_tag(text)


@CHECKS
@given(
    tag=st.sampled_from(["ET-00001", "ET-00002", "ET-00003"]),
    case=st.sampled_from(["upper", "lower", "title"]),
)
def test_find_garment_by_tag_in_any_letter_case(tagged, tag, case):
    with tagged.app_context():
        found = find_garment_by_tag(f" {getattr(tag, case)()} ")
        assert isinstance(found, Garment) and found.tag_code == tag


@CHECKS
@given(text=nasty_text)
@example(text="C-" + "9" * 30)
@example(text="C-²")
@example(text="1_000")
def test_parse_costume_ref_answers_an_id_that_fits_or_none(text):
    ref = parse_costume_ref(text)
    assert ref is None or (isinstance(ref, int) and abs(ref) <= MAX_ID)


@CHECKS
@given(
    number=st.integers(min_value=0, max_value=MAX_ID),
    form=st.sampled_from(["C-{}", "c{}", "{}", " C-{} "]),
)
def test_parse_costume_ref_reads_every_written_form(number, form):
    assert parse_costume_ref(form.format(number)) == number


@CHECKS
@given(number=numbers)
def test_any_number_in_an_address_is_a_page_or_a_404(tagged, as_viewer, number):
    listing = as_viewer.get(f"/garments?costume=C-{number}&site={number}&net_layers={number}")
    assert listing.status_code == 200
    for path in ("/garments/{}", "/costumes/{}", "/performers/{}", "/photos/{}/thumb"):
        assert as_viewer.get(path.format(number)).status_code in (200, 404)


@CHECKS
@given(text=nasty_text)
@example(text="P-²")
@example(text="P-" + "9" * 40)
@example(text="P-1\x00")
def test_parse_performer_ref_answers_a_performer_or_none(tagged, text):
    with tagged.app_context():
        found = parse_performer_ref(text)
        assert found is None or isinstance(found, Performer)


def test_parse_performer_ref_reads_code_and_name(tagged):
    with tagged.app_context():
        assert parse_performer_ref("P-1").name == "Inès Laurent"
        assert parse_performer_ref("p-1 Inès Laurent").id == 1
        assert parse_performer_ref("Inès Laurent").id == 1


@CHECKS
@given(text=nasty_text)
@example(text="..")
@example(text="%00")
@example(text="a//b")
@example(text="ET-00001/laundry")
@example(text="x" * 5000)
def test_label_url_with_any_text_is_a_page_or_a_clear_404(tagged, as_wardrobe, text):
    assume(text)
    response = as_wardrobe.get("/g/" + quote(text, safe=""))
    assert response.status_code in (200, 404, 308), response.status_code
    if response.status_code == 308:
        assert response.headers["Location"].startswith(("/g/", "http://localhost/g/"))
    page = response.get_data(as_text=True)
    if response.status_code == 404:
        assert "Unknown tag" in page or "Not found" in page
    if response.status_code == 200:
        assert tag_from_scan(text.split("/")[0]) or "Confirm" in page


@CHECKS
@given(tag=st.sampled_from(["ET-00001", "et-00002", "Et-00003"]))
def test_label_url_in_any_case_opens_the_garment(tagged, as_viewer, tag):
    for url in (f"/g/{tag}", f"/G/{tag.upper()}"):
        page = as_viewer.get(url)
        assert page.status_code == 200
        assert tag.upper() in page.get_data(as_text=True)
