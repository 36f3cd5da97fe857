"""Large reports stream: the response is a stream and memory does not grow with the rows."""

import tracemalloc
from datetime import UTC, date, datetime

from sqlalchemy import insert

from costume_tracker.assignments.models import Assignment
from costume_tracker.catalog.models import Costume, Garment
from costume_tracker.extensions import db
from costume_tracker.people.models import Performer
from costume_tracker.reports.core import ReportContext
from costume_tracker.reports.services import write_report

from .conftest import site_id


def add_garments(first: int, count: int) -> None:
    """Bulk-catalog garments: every tenth worn by a performer, with long notes."""
    now = datetime.now(UTC)
    costume = db.session.scalar(db.select(Costume).limit(1))
    if costume is None:
        costume = Costume(name="Corps de ballet, Act II", shared=True)
        performer = Performer(name="Geneviève Lacombe", kind="corps", company_site_id=site_id())
        db.session.add_all([costume, performer])
        db.session.flush()
        db.session.add(Assignment(costume=costume, performer=performer, starts_on=date.today()))
    rows = [
        {
            "tag_code": f"ET-{n:05d}", "name": f"Swan tutu no. {n}", "category": "tutu",
            "net_layers": 13, "home_site_id": site_id(), "status_since": now,
            "status": "with performer" if n % 10 == 0 else "in stock",
            "costume_id": costume.id if n % 10 == 0 else None,
            "notes": "Théâtre du Châtelet, =retouched " * 8, "created_at": now, "updated_at": now,
        }
        for n in range(first, first + count)
    ]  # fmt: skip
    db.session.execute(insert(Garment), rows)
    db.session.commit()


class Sink:
    """A binary file that only counts what it is given."""

    def __init__(self):
        self.size = 0

    def write(self, data: bytes) -> None:
        self.size += len(data)


def traced_peak(action) -> tuple[int, object]:
    tracemalloc.start()
    try:
        result = action()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def stream_response(client, url):
    response = client.get(url)
    assert response.is_streamed
    size = 0
    for piece in response.response:
        size += len(piece)
    response.close()
    return size


def test_csv_download_is_streamed_with_flat_memory(app, as_wardrobe):
    measured = {}
    with app.app_context():
        add_garments(1, 500)
    for total in (500, 5000):
        if total == 5000:
            with app.app_context():
                add_garments(501, 4500)
        peak, size = traced_peak(lambda: stream_response(as_wardrobe, "/reports/inventory.csv"))
        measured[total] = (peak, size)
    (small_peak, small_size), (big_peak, big_size) = measured[500], measured[5000]
    assert big_size > 9 * small_size  # ten times the rows were sent…
    assert big_peak < 3 * small_peak  # …without ten times the memory
    print(f"inventory CSV peak: 500 rows {small_peak / 2**20:.1f} MiB, "
          f"5,000 rows {big_peak / 2**20:.1f} MiB ({big_size / 2**20:.1f} MiB sent)")  # fmt: skip


def test_write_report_memory_stays_flat(app):
    with app.app_context():
        add_garments(1, 500)
        small_peak, small = traced_peak(lambda: _write("tutus"))
        add_garments(501, 4500)
        big_peak, big = traced_peak(lambda: _write("tutus"))
    assert big == 5000 and small == 500
    assert big_peak < 3 * small_peak


def _write(name: str) -> int:
    return write_report(name, Sink(), context=ReportContext())
