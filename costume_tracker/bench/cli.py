"""``flask --app costume_tracker bench labels``: time and peak memory to build label PDFs."""

import time
import tracemalloc
from pathlib import Path

import click

from ..labels.layout import LabelItem
from ..labels.presets import PRESETS
from ..labels.services import MAX_LABELS, LabelOptions, build_label_pdf, sheet_count
from .csvbench import csv_table, run_csv
from .load import run_load
from .pages import growth, run_size, table

BASE_URL = "https://wardrobe.example.org"
NAMES = (
    "Aurora wedding tutu", "Bodice, Act III wedding", "Lilac Fairy tutu", "Snowflake headpiece",
    "Prince Désiré jacket", "Clara's nightgown", "Soldier trousers (Drosselmeyer's army)",
    "Pointe shoes", "Tights, pale pink", "Sugar Plum Fairy tutu with crystal bodice embroidery",
)  # fmt: skip


@click.group("bench")
def bench() -> None:
    """Measure how long the app's heavy jobs take; figures are printed, never asserted."""


def sample_items(count: int) -> list[LabelItem]:
    """Garment-like label contents with realistic names, costumes and sizes (no database)."""
    return [
        LabelItem(
            tag_code=f"ET-{number:05d}",
            name=NAMES[number % len(NAMES)],
            costume=f"C-{number // 6 + 1} Aurora, Act {number % 3 + 1}" if number % 5 else "",
            size=("XS", "S", "M", "38", "40/42")[number % 5],
        )
        for number in range(1, count + 1)
    ]


def measure(items: list[LabelItem], options: LabelOptions) -> tuple[float, float, int]:
    """Wall seconds (best of the timed runs), peak MiB (separate traced run), PDF bytes."""
    best, size = float("inf"), 0
    for _ in range(3 if len(items) <= 500 else 1):
        started = time.perf_counter()
        size = len(build_label_pdf(items, options, BASE_URL))
        best = min(best, time.perf_counter() - started)
    tracemalloc.start()
    try:
        build_label_pdf(items, options, BASE_URL)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return best, peak / 2**20, size


@bench.command("labels")
@click.option("--preset", default="L7160", type=click.Choice(list(PRESETS)), show_default=True)
@click.option("--ec", default="M", type=click.Choice(["M", "Q"]), show_default=True)
@click.option(
    "--counts", default=f"210,{MAX_LABELS}", show_default=True, help="Garment counts to time."
)
def bench_labels(preset: str, ec: str, counts: str) -> None:
    """Build the label PDF for 210 garments (ten L7160 sheets) and for 2,000 garments."""
    options = LabelOptions(preset=preset, ec=ec)
    click.echo(f"Label PDF, {PRESETS[preset].name}, error correction {ec}, vector QR")
    click.echo(f"{'garments':>9} {'sheets':>7} {'seconds':>8} {'labels/s':>9} "
               f"{'peak MiB':>9} {'PDF KiB':>8}")  # fmt: skip
    for count in _counts(counts):
        seconds, peak, size = measure(sample_items(count), options)
        sheets = sheet_count(PRESETS[preset], 1, count)
        click.echo(
            f"{count:>9,} {sheets:>7} {seconds:>8.3f} {count / seconds:>9,.0f} "
            f"{peak:>9.1f} {size / 1024:>8.0f}"
        )


def _counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        counts = []
    if not counts or not all(1 <= count <= MAX_LABELS for count in counts):
        raise click.BadParameter(f"give counts from 1 to {MAX_LABELS}, e.g. 210,2000")
    return counts


@bench.command("pages")
@click.option(
    "--sizes", default="200,20000,100000", show_default=True, help="Wardrobe sizes (garments)."
)
@click.option("--repeat", default=30, show_default=True, help="Timed requests per page.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the tables here."
)
@click.option(
    "--only",
    default="",
    help="Time only the pages whose name contains one of these comma-separated words, "
    "e.g. 'pull list,change plot' (the bare route is always timed).",
)
def bench_pages(sizes: str, repeat: int, out: Path | None, only: str) -> None:
    """Time every main page on wardrobes of 200, 20,000 and 100,000 garments.

    Each wardrobe gets ten history events per garment and a script breakdown of one scene
    per 50 garments (the pull list and change plot are timed on it). Prints p50/p95 server time,
    statements and peak memory per page, and each page's p95 as a multiple of a bare
    Flask route measured in the same run.
    """
    results = []
    for size in _sizes(sizes):
        click.echo(f"Building a wardrobe of {size:,} garments…", err=True)
        started = time.perf_counter()
        words = tuple(word.strip() for word in only.split(",") if word.strip())
        results.extend(run_size(size, repeat, only=words))
        click.echo(f"  done in {time.perf_counter() - started:.0f} s", err=True)
    lines = ["## Pages", "", *table(results), "", "## Growth", "", *growth(results)]
    click.echo("\n".join(lines))
    if out is not None:
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        sizes = []
    if not sizes or not all(1 <= size <= 1_000_000 for size in sizes):
        raise click.BadParameter("give garment counts, e.g. 200,20000,100000")
    return sizes


@bench.command("load")
@click.option("--clients", default=50, show_default=True, help="Concurrent clients.")
@click.option("--seconds", default=60, show_default=True, help="How long the load lasts.")
@click.option("--workers", default=4, show_default=True, help="gunicorn worker processes.")
def bench_load(clients: int, seconds: int, workers: int) -> None:
    """Clients on 127.0.0.1 against gunicorn: scans, list pages and status changes.

    Uses a new SQLite database with the demo wardrobe (or DATABASE_URL when set, which
    must then be an empty database). Prints throughput and p95, and fails when a request
    errs or a status change that was acknowledged is missing from the database.
    """
    lines, problems = run_load(clients, seconds, workers, lambda text: click.echo(text, err=True))
    click.echo("\n".join(lines))
    if problems:
        raise click.ClickException("Problems found:\n" + "\n".join(problems))
    click.echo("No errors and no lost updates.")


@bench.command("csv")
@click.option(
    "--sizes", default="200,20000,100000", show_default=True, help="Wardrobe sizes (garments)."
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the table here."
)
def bench_csv(sizes: str, out: Path | None) -> None:
    """Time and peak memory of exporting and importing 200, 20,000 and 100,000 garments.

    The export streams the inventory report to a file; the import takes it back with
    every garment's notes edited (every row an update), then once more unchanged.
    """
    results = []
    for size in _sizes(sizes):
        click.echo(f"Building a wardrobe of {size:,} garments…", err=True)
        results.extend(run_csv(size))
    lines = csv_table(results)
    click.echo("\n".join(lines))
    if out is not None:
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
