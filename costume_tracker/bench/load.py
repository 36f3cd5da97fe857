"""Load test: many clients on 127.0.0.1 against gunicorn serving the demo wardrobe.

Each client signs in with its own session and loops over a floor-like mix: label scans
(the phone page), list pages, and status changes through the batch scan page (to the
laundry and back on a rack). Afterwards the database is checked for lost updates: every
status change a client was told succeeded has its event, and every touched garment's
status is the one its last event says.
"""

import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from ..auth.services import save_user
from ..catalog.models import Garment
from ..extensions import db
from ..history.models import Event
from ..lists.models import Location

PASSWORD = "load test password"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
MIX = (("scan", 50), ("list", 25), ("status", 25))


@dataclass
class Tally:
    """What all clients saw, merged."""

    times: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    changes_ok: int = 0
    changes_refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            self.statuses[status] += 1


class Client:
    """One browser-like client: its own cookies, signed in as the load-test user."""

    def __init__(self, base: str, email: str):
        self.base = base
        self.email = email
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def request(self, path: str, data: dict | None = None, json: bool = False):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if json:
            request.add_header("Accept", "application/json")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def sign_in(self) -> str:
        """Sign in and return the CSRF token of the batch scan page."""
        _, page = self.request("/login")
        token = CSRF.search(page).group(1)
        status, _ = self.request(
            "/login", {"csrf_token": token, "email": self.email, "password": PASSWORD}
        )
        _, page = self.request("/scan")
        found = CSRF.search(page)
        if status != 200 or found is None:
            raise RuntimeError(f"{self.email} could not sign in (HTTP {status})")
        return found.group(1)


def run_client(base: str, email: str, tags: list[str], rack: int, deadline: float, tally: Tally):
    """Loop over the mix until ``deadline``."""
    rng = random.Random(email)
    client = Client(base, email)
    try:
        token = client.sign_in()
    except Exception as error:  # noqa: BLE001 - reported as a failed client
        with tally.lock:
            tally.errors.append(str(error))
        return
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    while time.monotonic() < deadline:
        kind = rng.choice(kinds)
        tag = rng.choice(tags)
        started = time.perf_counter()
        try:
            if kind == "scan":
                status, _ = client.request(f"/g/{tag.lower()}")
            elif kind == "list":
                path = rng.choice(("/garments", f"/garments?page={rng.randint(1, 10)}",
                                   "/garments?q=tutu", "/where", "/costumes"))  # fmt: skip
                status, _ = client.request(path)
            else:
                action = rng.choice(("laundry", "stock"))
                status, body = client.request(
                    "/scan",
                    {"csrf_token": token, "action": action, "location_id": rack, "code": tag,
                     "log": "[]"},
                    json=True,
                )  # fmt: skip
                ok = '"ok":true' in body.replace(" ", "")
                with tally.lock:
                    if status == 200 and ok:
                        tally.changes_ok += 1
                    else:
                        tally.changes_refused += 1
        except Exception as error:  # noqa: BLE001 - a dropped connection is an error to report
            with tally.lock:
                tally.errors.append(f"{kind}: {error}")
            continue
        tally.add(kind, time.perf_counter() - started, status)
        if status >= 500:
            with tally.lock:
                tally.errors.append(f"{kind} {tag}: HTTP {status}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not start on port {port}")


def prepare(clients: int) -> tuple[list[str], int, int]:
    """Demo wardrobe, load-test users; returns tags in stock, a rack and the last event id."""
    from ..demo.seed import load_demo

    load_demo()
    for n in range(clients):
        save_user(f"load{n}@example.org", "wardrobe", PASSWORD, name=f"Load {n}")
    tags = list(db.session.scalars(
        select(Garment.tag_code).where(Garment.status.in_(("in stock", "in laundry")))
        .order_by(Garment.id).limit(120)
    ))  # fmt: skip
    rack = db.session.scalar(select(Location.id).order_by(Location.id).limit(1))
    last_event = db.session.scalar(select(func.max(Event.id))) or 0
    return tags, rack, last_event


def check_lost_updates(last_event: int, tally: Tally) -> list[str]:
    """Problems found in the database after the run; empty when nothing was lost."""
    problems = []
    events = list(db.session.scalars(
        select(Event).where(Event.id > last_event, Event.kind.in_(("status", "location")))
        .order_by(Event.id)
    ))  # fmt: skip
    if len(events) != tally.changes_ok:
        problems.append(
            f"{tally.changes_ok} status changes were acknowledged but {len(events)} were recorded"
        )
    last = {event.garment_id: event for event in events}
    for garment_id, event in last.items():
        garment = db.session.get(Garment, garment_id)
        expected = (event.changes.get("status") or [None, garment.status])[1]
        if garment.status != expected:
            problems.append(f"{garment.tag_code} is '{garment.status}', its last event says "
                            f"'{expected}'")  # fmt: skip
    return problems


def run_load(clients: int, seconds: int, workers: int, echo) -> tuple[list[str], list[str]]:
    """Run the load test; returns the report lines and the problems found."""
    from .. import create_app

    with tempfile.TemporaryDirectory(prefix="costume-load-") as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'load.sqlite'}"
        # Plain HTTP on 127.0.0.1: no https:// base URL, whose cookies would be Secure.
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-test-secret"}
        env.pop("PUBLIC_BASE_URL", None)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "load-test-secret"})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            tags, rack, last_event = prepare(clients)
        port = free_port()
        env["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{port}"
        echo(f"Starting gunicorn with {workers} workers on 127.0.0.1:{port}…")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "costume_tracker:create_app()"],
            env=env, cwd=folder,
        )  # fmt: skip
        try:
            wait_for(port)
            tally = Tally()
            deadline = time.monotonic() + seconds
            threads = [
                threading.Thread(
                    target=run_client,
                    args=(
                        f"http://127.0.0.1:{port}",
                        f"load{n}@example.org",
                        tags,
                        rack,
                        deadline,
                        tally,
                    ),
                )  # fmt: skip
                for n in range(clients)
            ]
            echo(f"{clients} clients for {seconds} s…")
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        with app.app_context():
            problems = tally.errors[:20] + check_lost_updates(last_event, tally)
            db.engine.dispose()
    return report(tally, clients, workers, elapsed), problems


def report(tally: Tally, clients: int, workers: int, elapsed: float) -> list[str]:
    """The load test's figures as Markdown."""
    total = sum(len(times) for times in tally.times.values())
    lines = [
        f"{clients} clients, gunicorn with {workers} workers, {elapsed:.0f} s: "
        f"{total:,} requests, {total / elapsed:.0f} requests/s; "
        f"{tally.changes_ok:,} status changes done, {tally.changes_refused:,} refused "
        f"(already in that state, or someone else changed the garment at the same moment); "
        f"errors: {len(tally.errors)}; HTTP statuses: "
        + ", ".join(f"{code} × {count:,}" for code, count in sorted(tally.statuses.items())),
        "",
        "| request | count | p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, times in sorted(tally.times.items()):
        ordered = sorted(times)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        lines.append(
            f"| {kind} | {len(times):,} | {statistics.median(times) * 1000:.0f} | "
            f"{p95 * 1000:.0f} |"
        )
    return lines
