"""Uploads waiting for confirmation, kept in the shared uploads folder under a random token.

Files rather than the session or memory: several app servers sharing the uploads
folder can each confirm an import that another one previewed.
"""

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")
# An upload nobody confirmed is removed after a day.
MAX_AGE_SECONDS = 24 * 60 * 60


@dataclass
class PendingImport:
    """An uploaded file, whose it is, and what kind of records it holds."""

    token: str
    kind: str
    filename: str
    user_id: int
    data: bytes


def pending_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "imports"


def save_pending(kind: str, data: bytes, filename: str, user_id: int) -> str:
    """Keep the upload until it is confirmed or cancelled; returns its token."""
    folder = pending_folder()
    folder.mkdir(parents=True, exist_ok=True)
    purge_old(folder)
    token = secrets.token_urlsafe(24)
    _write(folder / f"{token}.csv", data)
    meta = {"kind": kind, "filename": filename, "user_id": user_id}
    _write(folder / f"{token}.json", json.dumps(meta).encode())
    return token


def load_pending(token: str, user_id: int) -> PendingImport | None:
    """The upload behind ``token`` if it exists and belongs to this user, else None."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    folder = pending_folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        data = (folder / f"{token}.csv").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    return PendingImport(token, meta["kind"], meta["filename"], user_id, data)


def discard_pending(token: str) -> None:
    """Remove an upload once it is imported or cancelled."""
    if not TOKEN_PATTERN.match(token or ""):
        return
    for suffix in (".json", ".csv"):
        (pending_folder() / f"{token}{suffix}").unlink(missing_ok=True)


def purge_old(folder: Path, max_age: float = MAX_AGE_SECONDS) -> None:
    """Forget uploads left unconfirmed for more than a day."""
    cutoff = time.time() - max_age
    for path in folder.glob("*.*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue  # another server removed it first


def _write(path: Path, data: bytes) -> None:
    """Write then rename, so another server never reads half a file."""
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)
