"""Time and peak memory of the inventory CSV export and the garment CSV import.

Each wardrobe is built in its own temporary SQLite database. The export streams the
inventory report to a file; the import takes that file back with every garment's notes
edited, so every row is an update (the real export, edit, re-import round trip).
"""

import csv
import io
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

from ..auth.models import User
from ..extensions import db
from ..imports.cli import CLI_MAX_IMPORT_MB
from ..imports.services import apply_import
from ..maintenance import refresh_statistics
from ..reports.services import write_report
from .pages import PASSWORD, bench_app
from .wardrobe import build_wardrobe


@dataclass
class CsvFigures:
    """One measured job."""

    job: str
    rows: int
    seconds: float
    peak_mib: float
    detail: str = ""


def measured(job: Callable[[], object], traced: bool = True) -> tuple[float, float, object]:
    """Wall time of a run, or peak Python memory (tracemalloc) of a traced run."""
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        result = job()
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    finally:
        if traced:
            tracemalloc.stop()
    return time.perf_counter() - started, peak, result


def edited(exported: bytes, word: str, limit: int | None = None) -> bytes:
    """The export (its first ``limit`` rows) with ``word`` added to every garment's notes."""
    text = exported.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    if limit is not None:
        rows = rows[: limit + 1]
    notes = rows[0].index("Notes")
    for row in rows[1:]:
        row[notes] = f"{row[notes]} {word}".strip()
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def run_csv(garments: int, import_rows: int | None = None) -> list[CsvFigures]:
    """Export the inventory of ``garments`` garments; import ``import_rows`` of them back."""
    results = []
    with tempfile.TemporaryDirectory(prefix="costume-csv-") as folder:
        app = bench_app(Path(folder))
        target = Path(folder) / "inventory.csv"
        with app.app_context():
            upgrade()
            build_wardrobe(garments, generate_password_hash(PASSWORD))
            refresh_statistics()

            def export():
                with target.open("wb") as out:
                    return write_report("inventory", out)

            seconds, _, rows = measured(export, traced=False)
            _, peak, _ = measured(export, traced=True)
            size = target.stat().st_size
            results.append(CsvFigures("export inventory", rows, seconds, peak,
                                      f"{size / 2**20:.1f} MiB file"))  # fmt: skip
            exported = target.read_bytes()
            user = db.session.get(User, 1)

            def importer(word: str) -> Callable[[], object]:
                data = edited(exported, word, import_rows)
                return lambda: apply_import(
                    "garments", data, "inventory.csv", user, max_bytes=CLI_MAX_IMPORT_MB * 2**20
                )

            # Timed and traced on two different edits, so both runs update every row.
            seconds, _, result = measured(importer("checked"), traced=False)
            _, peak, _ = measured(importer("checked again"), traced=True)
            preview = result.preview
            results.append(CsvFigures(
                "import garments, every row updated", preview.rows, seconds, peak,
                f"{preview.updated:,} updated, {len(preview.errors)} errors",
            ))  # fmt: skip
            seconds, _, result = measured(importer("checked again"), traced=False)
            results.append(CsvFigures(
                "re-import unchanged (preview only)", result.preview.rows, seconds, 0.0,
                f"{result.preview.unchanged:,} unchanged",
            ))  # fmt: skip
            db.session.remove()
            db.engine.dispose()
    return results


def csv_table(results: list[CsvFigures]) -> list[str]:
    """The figures as a Markdown table."""
    lines = ["| job | rows | seconds | rows/s | peak MiB | notes |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]  # fmt: skip
    for f in results:
        rate = f.rows / f.seconds if f.seconds else 0
        peak = f"{f.peak_mib:.1f}" if f.peak_mib else "—"
        lines.append(f"| {f.job} | {f.rows:,} | {f.seconds:.2f} | {rate:,.0f} | {peak} | "
                     f"{f.detail} |")  # fmt: skip
    return lines
