"""Whatever is uploaded, the importer answers with named errors, never with an exception."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costume_tracker.catalog.models import Garment
from costume_tracker.extensions import db
from costume_tracker.imports import KINDS, apply_import, preview_import
from costume_tracker.imports.results import ImportIssue
from costume_tracker.reports.columns import GARMENT_COLUMNS
from tests.conftest import make_costume, make_garment, make_performer

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Cells people type, plus what breaks naive parsers.
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["NEW", "new", "ET-00001", "ET-00002", "C-1", "P-1", "tutu", "bodice", "Paris", "Rack A1",
         "yes", "no", "13", "12,5", "1.234,50", "-3", "nan", "inf", "1e999", "'=1+1", "  ", '"',
         "2026-02-30", "9" * 40, "\u00a0", "Sleeping Beauty: Aurora", ";", "\r", "C-0"]
    ),
)  # fmt: skip


@pytest.fixture
def wardrobe(app):
    with app.app_context():
        costume = make_costume()
        make_garment(costume_id=costume.id)
        make_garment(name="Wedding tutu", category="tutu", costume_id=costume.id)
        make_performer()
        yield


def assert_named(preview) -> None:
    """Every refusal is an ImportIssue with a row (or None), a column and a reason."""
    for issue in preview.errors:
        assert isinstance(issue, ImportIssue)
        assert issue.row is None or (isinstance(issue.row, int) and issue.row >= 1)
        assert isinstance(issue.column, str)
        assert isinstance(issue.reason, str) and issue.reason.strip()


def to_csv(rows, sep=",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep).writerows(rows)
    return buffer.getvalue().encode()


@FUZZ
@given(data=st.binary(max_size=400), kind=st.sampled_from(list(KINDS)))
def test_random_bytes_never_crash(wardrobe, data, kind):
    assert_named(preview_import(kind, data, "upload.csv"))


@FUZZ
@given(text=st.text(max_size=300), kind=st.sampled_from(list(KINDS)))
def test_random_text_never_crashes(wardrobe, text, kind):
    assert_named(preview_import(kind, text.encode(), "upload.csv"))


@FUZZ
@given(
    header=st.lists(st.sampled_from([*GARMENT_COLUMNS, "Chest (in)", "Colour code", ""]),
                    min_size=1, max_size=8),
    rows=st.lists(st.lists(CELL, max_size=9), max_size=5),
    sep=st.sampled_from([",", ";"]),
)  # fmt: skip
def test_random_csv_never_crashes(wardrobe, header, rows, sep):
    assert_named(preview_import("garments", to_csv([header, *rows], sep), "garments.csv"))


GARMENT_FIELDS = ["Tag", "Name", "Category", "Home site", "Location", "Costume ID", "Net layers",
                  "Hoop", "Tutu style", "Chest (cm)", "Replacement cost", "Condition"]  # fmt: skip


@FUZZ
@given(cells=st.lists(CELL, min_size=len(GARMENT_FIELDS), max_size=len(GARMENT_FIELDS)))
def test_random_garment_cells_are_applied_or_refused_by_name(wardrobe, cells):
    before = db.session.scalar(db.select(db.func.count()).select_from(Garment))
    result = apply_import("garments", to_csv([GARMENT_FIELDS, cells]), "g.csv", None)
    assert_named(result.preview)
    after = db.session.scalar(db.select(db.func.count()).select_from(Garment))
    if not result.applied:
        assert after == before
    db.session.rollback()


PERFORMER_FIELDS = ["Performer ID", "Name", "Company", "Kind", "Characters", "Doubles for",
                    "Measured on", "Chest (in)", "Girth (cm)", "Shoe size"]  # fmt: skip
COSTUME_FIELDS = ["Costume ID", "Name", "Production", "Character", "Hero ID", "Shared", "Retired"]


@FUZZ
@given(
    kind_fields=st.sampled_from([("performers", PERFORMER_FIELDS), ("costumes", COSTUME_FIELDS)]),
    rows=st.lists(st.lists(CELL, min_size=10, max_size=10), min_size=1, max_size=3),
)
def test_random_costume_and_performer_cells_never_crash(wardrobe, kind_fields, rows):
    kind, fields = kind_fields
    data = to_csv([fields, *[row[: len(fields)] for row in rows]])
    assert_named(apply_import(kind, data, f"{kind}.csv", None).preview)
