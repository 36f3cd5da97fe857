"""QR payloads and module matrices for garment labels (vector only, no images)."""

from urllib.parse import urlsplit

from qrcode.constants import ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM, QRData

from .qrmask import LabelQRCode

QUIET_ZONE = 4  # modules of white around the symbol, as the QR standard asks
EC_LEVELS = {"M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q}
EC_CHOICES = {
    "M": "M: standard (recovers 15% damage)",
    "Q": "Q: fabric tags that get washed (recovers 25%)",
}
# The 45 characters QR alphanumeric mode can hold (5.5 bits each instead of 8).
ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}


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


def qr_modules(payload: str, ec: str = "M") -> list[list[bool]]:
    """The QR symbol's dark (True) and light modules, without the quiet zone."""
    mode = MODE_ALPHA_NUM if encoding_mode(payload) == "alphanumeric" else MODE_8BIT_BYTE
    code = LabelQRCode(error_correction=EC_LEVELS[ec], border=0)
    code.add_data(QRData(payload, mode=mode))
    code.make(fit=True)
    return code.modules


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


def base_url_warning(base_url: str | None) -> str | None:
    """Why phones would not reach labels printed with this base URL, or None when fine."""
    if not base_url:
        return (
            "PUBLIC_BASE_URL is not set, so these labels point at a local address that phones "
            "cannot open. Set PUBLIC_BASE_URL to the address phones use, "
            "e.g. https://wardrobe.example.org."
        )
    host = (urlsplit(base_url.strip()).hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127."):
        return (
            f"PUBLIC_BASE_URL is {base_url}, which only this computer can reach. "
            "Phones scanning these labels will not open the garment: set PUBLIC_BASE_URL "
            "to the address phones use."
        )
    return None
