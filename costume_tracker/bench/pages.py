"""Server time, statements and peak memory of the app's pages on wardrobes of any size.

Each wardrobe is built in its own temporary SQLite database with the real schema
(Alembic migrations), then every page is requested through Flask's test client: the
figures are the app's own time (routing, queries, templates), not the network's. A bare
route measured in the same run gives the floor each page is compared with.
"""

import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event
from werkzeug.security import generate_password_hash

from ..extensions import db
from ..maintenance import refresh_statistics
from .wardrobe import BenchWardrobe, build_wardrobe

PASSWORD = "bench password"
BARE = "/bench/bare"


@dataclass
class Request:
    """One page to time: GET a path, or POST ``data`` to it."""

    name: str
    path: str
    data: dict | None = None


@dataclass
class Figures:
    """Timings of one page on one wardrobe."""

    name: str
    size: int
    times: list[float] = field(default_factory=list)
    statements: int = 0
    peak_mib: float = 0.0
    status: int = 0
    ratio: float = 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000


def page_requests(wardrobe: BenchWardrobe) -> list[Request]:
    """The pages the benchmark measures, with real ids from the wardrobe."""
    label_ids = "&".join(f"garment={n}" for n in range(1, 211))
    return [*_pages(wardrobe, label_ids), *_breakdown_pages(wardrobe)]


def _breakdown_pages(wardrobe: BenchWardrobe) -> list[Request]:
    """The breakdown's pages: a busy day's pull list, an episode's change plot."""
    breakdown = wardrobe.breakdown
    if breakdown is None:
        return []
    return [
        Request("pull list, a busy shooting day", f"/pull-list/{breakdown.busy_day_id}"),
        Request("change plot, one episode", f"/episodes/{breakdown.episode_number}/change-plot"),
        Request("day-out-of-days", "/day-out-of-days"),
    ]


def _pages(wardrobe: BenchWardrobe, label_ids: str) -> list[Request]:
    return [
        Request("bare Flask route", BARE),
        Request("garment list", "/garments"),
        Request("garment list, by name", "/garments?sort=name"),
        Request("garment list, searched", "/garments?q=lilac"),
        Request("garment list, searched, nothing found", "/garments?q=zanzibar"),
        Request("search, nothing found", "/search?q=zanzibar"),
        Request("search, two words", "/search?q=tutu+lilac"),
        Request("search, accented", "/search?q=In%C3%A8s"),
        Request("header search, a word in thousands", "/search?q=rose"),
        Request("garment list, filtered", f"/garments?category=tutu&site={wardrobe.site_id}"),
        Request("garment phone page /g/<tag>", f"/g/{wardrobe.tag.lower()}"),
        Request("garment page", "/garments/1"),
        Request("costume page", f"/costumes/{wardrobe.costume_id}"),
        Request("performer page", f"/performers/{wardrobe.performer_id}"),
        Request("where is everything", "/where"),
        Request("doubles coverage", "/doubles"),
        Request("activity feed", "/activity"),
        Request("home page, every site", "/?site=all"),
        Request("home page, one site", f"/?site={wardrobe.site_id}"),
        Request("alterations to mirror", "/alterations"),
        Request(
            "label PDF, 210 garments",
            f"/labels?{label_ids}",
            {"preset": "L7160", "start": "1", "copies": "1", "ec": "M"},
        ),  # fmt: skip
    ]


def bench_app(directory: Path) -> Flask:
    """An app on a fresh SQLite database in ``directory``, with a bare route added."""
    from .. import create_app

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'bench.sqlite'}",
        "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "UPLOAD_FOLDER": str(directory),
        "PUBLIC_BASE_URL": "https://wardrobe.example.org",
    })  # fmt: skip
    # The floor: same before-request hooks (session, sign-in check), no query, no template.
    app.add_url_rule(BARE, "bench_bare", lambda: "ok")
    return app


def run_size(
    garments: int, repeat: int, extra: Callable | None = None, only: tuple[str, ...] = ()
) -> list[Figures]:
    """Build a wardrobe of ``garments`` and time every page ``repeat`` times.

    ``only``: time just the pages whose name contains one of these words (and the bare route).
    """
    with tempfile.TemporaryDirectory(prefix="costume-bench-") as folder:
        app = bench_app(Path(folder))
        with app.app_context():
            upgrade()
            wardrobe = build_wardrobe(garments, generate_password_hash(PASSWORD))
            refresh_statistics()  # as `flask analyze` after migrating or a large import
        client = app.test_client()
        client.post("/login", data={"email": wardrobe.admin_email, "password": PASSWORD})
        if client.get("/garments").status_code != 200:
            raise RuntimeError("The benchmark could not sign in; is the schema up to date?")
        requests = [
            request
            for request in page_requests(wardrobe)
            if request.path == BARE or not only or any(word in request.name for word in only)
        ]
        results = [time_request(app, client, request, garments, repeat) for request in requests]
        if extra is not None:
            results.extend(extra(app, client, garments))
        with app.app_context():
            db.engine.dispose()
    bare = results[0].p95 or 1e-9
    for figures in results:
        figures.ratio = figures.p95 / bare
    return results


def time_request(app: Flask, client, request: Request, size: int, repeat: int) -> Figures:
    """Warm up, then time ``repeat`` requests; count statements and trace memory once."""
    figures = Figures(request.name, size)

    def send():
        if request.data is None:
            return client.get(request.path)
        return client.post(request.path, data=request.data)

    for _ in range(2):
        figures.status = _consume(send())
    for _ in range(repeat):
        started = time.perf_counter()
        _consume(send())
        figures.times.append(time.perf_counter() - started)
    with app.app_context():
        engine = db.engine
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        _consume(send())
    finally:
        event.remove(engine, "before_cursor_execute", count)
    figures.statements = counter["n"]
    tracemalloc.start()
    try:
        _consume(send())
        figures.peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return figures


def _consume(response) -> int:
    """Read the whole body (streamed responses too) and return the status."""
    for _chunk in response.response:
        pass
    response.close()
    return response.status_code


def table(results: list[Figures]) -> list[str]:
    """The figures as a Markdown table, one row per page and wardrobe size."""
    lines = [
        "| page | garments | status | p50 ms | p95 ms | p95 × bare | statements | peak MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for f in sorted(results, key=lambda f: (_order(results, f.name), f.size)):
        lines.append(
            f"| {f.name} | {f.size:,} | {f.status} | {f.p50:.1f} | {f.p95:.1f} | "
            f"{f.ratio:.1f} | {f.statements} | {f.peak_mib:.1f} |"
        )
    return lines


def growth(results: list[Figures]) -> list[str]:
    """Each page's p95 on the largest wardrobe as a multiple of the smallest."""
    sizes = sorted({f.size for f in results})
    if len(sizes) < 2:
        return []
    by_key = {(f.name, f.size): f for f in results}
    lines = [
        f"| page | p95 ms at {sizes[0]:,} | p95 ms at {sizes[-1]:,} | growth |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in dict.fromkeys(f.name for f in results):
        small, large = by_key.get((name, sizes[0])), by_key.get((name, sizes[-1]))
        if small and large:
            lines.append(
                f"| {name} | {small.p95:.1f} | {large.p95:.1f} | {large.p95 / small.p95:.2f}× |"
            )
    return lines


def _order(results: list[Figures], name: str) -> int:
    return list(dict.fromkeys(f.name for f in results)).index(name)
