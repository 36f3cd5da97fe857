"""Read an uploaded CSV as a spreadsheet wrote it: BOM, `;` or `,`, CRLF, quoted formulas."""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import PurePath

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .results import ImportIssue

MAX_IMPORT_BYTES = 5 * 1024 * 1024
ALLOWED_EXTENSIONS = (".csv", ".txt")
# The export writes a ' before cells that a spreadsheet would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";", "\t")
# Signatures of files people pick by mistake instead of "Save as CSV".
BINARY_SIGNATURES = {
    b"PK\x03\x04": _l("a spreadsheet workbook (.xlsx or .ods)"),
    b"\xd0\xcf\x11\xe0": _l("an Excel 97-2003 workbook (.xls)"),
    b"%PDF": _l("a PDF"),
    b"\x89PNG": _l("an image"),
    b"\xff\xd8\xff": _l("an image"),
}
SAVE_AS_CSV = _l("In the spreadsheet, use Save as / Download as → CSV (UTF-8).")
_SPACES = re.compile(r"\s+")


class FileRefused(Exception):
    """The file cannot be read as CSV at all; ``issue`` says why."""

    def __init__(self, reason: str, row: int | None = None, column: str = ""):
        super().__init__(reason)
        self.issue = ImportIssue(row, column, reason)


@dataclass
class CsvTable:
    """The header and the non-blank rows, each with its spreadsheet row number."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    separator: str


def read_csv(data: bytes, filename: str, max_bytes: int = MAX_IMPORT_BYTES) -> CsvTable:
    """Decode and split an uploaded file, or raise FileRefused naming what is wrong."""
    check_upload(data, filename, max_bytes)
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    if not first_line.strip().strip(",;\t"):
        raise FileRefused(_("The first line is empty: row 1 must hold the column headers."), 1)
    separator = sniff_separator(first_line)
    records = _split(text, separator)
    header = [_header_cell(cell) for cell in records[0][1]]
    while header and not header[-1]:
        header.pop()  # trailing separators after the last header
    rows = [(number, [clean_cell(c) for c in cells]) for number, cells in records[1:]]
    rows = [(number, cells) for number, cells in rows if any(cells)]
    return CsvTable(header=header, rows=rows, separator=separator)


def check_upload(data: bytes, filename: str, max_bytes: int = MAX_IMPORT_BYTES) -> None:
    """Refuse files that are too big, empty, not named .csv or plainly not text."""
    suffix = PurePath(filename or "").suffix.lower()
    if filename and suffix not in ALLOWED_EXTENSIONS:
        raise FileRefused(
            _(
                "'%(name)s' is not a CSV file (its name ends in '%(suffix)s', expected .csv). "
                "%(hint)s",
                name=PurePath(filename).name,
                suffix=suffix,
                hint=SAVE_AS_CSV,
            )
            if suffix
            else _(
                "'%(name)s' is not a CSV file (its name ends in nothing, expected .csv). %(hint)s",
                name=PurePath(filename).name,
                hint=SAVE_AS_CSV,
            )
        )
    if len(data) > max_bytes:
        raise FileRefused(
            _(
                "The file is larger than %(size)s MB, the import limit. "
                "Split it into several files.",
                size=format_decimal(max_bytes / 2**20),
            )
        )
    if not data.strip():
        raise FileRefused(_("The file is empty: there is no header row and no data."))
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise FileRefused(
                _("This file is %(what)s, not CSV. %(hint)s", what=what, hint=SAVE_AS_CSV)
            )
    if b"\x00" in data[:65536]:
        raise FileRefused(
            _("This file holds binary data, not CSV text. %(hint)s", hint=SAVE_AS_CSV)
        )


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped), or FileRefused saying where the bad byte is."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(
            _(
                "The file is not UTF-8 text: byte 0x%(byte)s on line %(line)s cannot be read. "
                "%(hint)s",
                byte=format(data[error.start], "02X"),
                line=line,
                hint=SAVE_AS_CSV,
            ),
            line,
        ) from None
    if "\x00" in text:
        raise FileRefused(
            _("This file holds binary data, not CSV text. %(hint)s", hint=SAVE_AS_CSV)
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_separator(header_line: str) -> str:
    """The separator the header uses: `;` from French-locale spreadsheets, tab, or `,`."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: unquoted.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _split(text: str, separator: str) -> list[tuple[int, list[str]]]:
    """Records numbered as a spreadsheet shows them (a quoted multi-line cell is one row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    records = []
    try:
        for number, cells in enumerate(reader, start=1):
            records.append((number, cells))
    except csv.Error as error:
        row = len(records) + 1
        raise FileRefused(
            _("Row %(row)s cannot be read as CSV (%(error)s).", row=row, error=error), row
        ) from None
    if not records:
        raise FileRefused(_("The file is empty: there is no header row and no data."))
    return records


def _header_cell(cell: str) -> str:
    return _SPACES.sub(" ", clean_cell(cell)).strip()


def clean_cell(cell: str) -> str:
    """A cell's value: trimmed, with the export's formula-guard quote removed."""
    value = cell.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        value = value[1:].strip()
    return value
