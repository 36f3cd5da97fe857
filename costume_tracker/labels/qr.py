"""QR payloads and module matrices for garment labels (vector only, no images)."""

from functools import lru_cache
from urllib.parse import urlsplit

import qrcode
from flask_babel import lazy_gettext as _l
from qrcode.constants import ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData

from .qrmask import LabelQRCode

QUIET_ZONE = 4  # modules of white around the symbol, as the QR standard asks
EC_LEVELS = {"M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q}
EC_ORDER = ("M", "Q")  # lowest first
EC_CHOICES = {
    "M": _l("M or better: Q wherever it keeps the code as small (recovers 15 to 25% damage)"),
    "Q": _l("Q always: fabric tags that get washed (recovers 25%, may make the code bigger)"),
}
# The 45 characters QR alphanumeric mode can hold (5.5 bits each instead of 8).
ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def label_url(base_url: str, tag_code: str) -> str:
    """The permanent URL a garment's label encodes: ``<BASE>/G/<TAG>``, upper case where safe.

    Scheme and host are case-insensitive, so they are upper-cased for alphanumeric mode;
    a path under the base URL (an app mounted at /wardrobe) is kept as written.
    """
    parts = urlsplit(base_url.strip().rstrip("/"))
    root = f"{parts.scheme}://{parts.netloc}".upper()
    return f"{root}{parts.path}/G/{tag_code.strip().upper()}"


def encoding_mode(payload: str) -> str:
    """'alphanumeric' when the payload fits QR alphanumeric mode, otherwise 'byte'."""
    return "alphanumeric" if set(payload) <= ALPHANUMERIC else "byte"


def _qr_data(payload: str) -> QRData:
    mode = MODE_ALPHA_NUM if encoding_mode(payload) == "alphanumeric" else MODE_8BIT_BYTE
    return QRData(payload, mode=mode)


def qr_modules(payload: str, ec: str = "M") -> list[list[bool]]:
    """The QR symbol's dark (True) and light modules, without the quiet zone."""
    code = LabelQRCode(error_correction=EC_LEVELS[ec], border=0)
    code.add_data(_qr_data(payload))
    code.make(fit=True)
    return code.modules


def error_correction(payload: str, minimum: str = "M") -> str:
    """The highest level from ``minimum`` up (Q, then M) whose symbol is no bigger.

    The standard payload fits version 3 at M with room to spare, so it gets Q for free;
    a long base URL that would push Q to a bigger version (smaller modules) stays at M.
    """
    smallest = qr_version(payload, minimum)
    higher = EC_ORDER[EC_ORDER.index(minimum) :]
    return next(level for level in reversed(higher) if qr_version(payload, level) == smallest)


def qr_version(payload: str, ec: str) -> int:
    """The smallest QR version that holds ``payload`` at error correction ``ec``."""
    return _version(encoding_mode(payload), len(payload.encode()), ec)


@lru_cache(maxsize=256)
def _version(mode: str, length: int, ec: str) -> int:
    """The version for any payload of this mode and length (all the version depends on)."""
    alphanumeric = mode == "alphanumeric"
    sample = QRData(("A" if alphanumeric else "a") * length,
                    mode=MODE_ALPHA_NUM if alphanumeric else MODE_8BIT_BYTE)  # fmt: skip
    code = qrcode.QRCode(error_correction=EC_LEVELS[ec], border=0)
    code.add_data(sample)
    return code.best_fit()


def dark_rectangles(modules: list[list[bool]]) -> list[tuple[int, int, int, int]]:
    """Dark modules merged into rectangles (column, row, width, height) in module units.

    Runs along a row are joined, then identical runs on consecutive rows, so a QR is
    drawn with a few hundred filled rectangles in one path and no seams between modules.
    """
    open_runs: dict[tuple[int, int], list[int]] = {}  # (column, width) -> [row, height]
    done: list[tuple[int, int, int, int]] = []
    for row, line in enumerate(modules):
        runs = set(_row_runs(line))
        for key in list(open_runs):
            if key not in runs:
                start, height = open_runs.pop(key)
                done.append((key[0], start, key[1], height))
        for key in runs:
            if key in open_runs:
                open_runs[key][1] += 1
            else:
                open_runs[key] = [row, 1]
    done.extend((key[0], start, key[1], height) for key, (start, height) in open_runs.items())
    return done


def _row_runs(line: list[bool]):
    column, size = 0, len(line)
    while column < size:
        if line[column]:
            start = column
            while column < size and line[column]:
                column += 1
            yield start, column - start
        else:
            column += 1
