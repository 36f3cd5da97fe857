"""CSV that opens cleanly in a spreadsheet: RFC 4180, UTF-8 with a BOM, formulas neutralised.

Every report cell is formatted once, by :func:`text`, so a report page and its CSV show
the same characters; only the CSV adds the formula guard of :func:`neutralise`.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows are gathered into pieces of about this size before they are sent.
FLUSH_BYTES = 32 * 1024


def text(value: Any) -> str:
    """A value as the report shows it: ISO dates, UTC date-times with Z, yes/no, dot decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def neutralise(cell: str) -> str:
    """Prefix a ' to a cell a spreadsheet would run as a formula; the importer strips it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unneutralise(cell: str) -> str:
    """The cell as it was before :func:`neutralise` (what the importer reads back)."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def csv_chunks(
    header: Iterable[str], rows: Iterable[Iterable[str]], delimiter: str = ","
) -> Iterator[bytes]:
    """The CSV file as UTF-8 byte pieces: BOM and header first, then rows as they come."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        if buffer.tell() >= FLUSH_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
