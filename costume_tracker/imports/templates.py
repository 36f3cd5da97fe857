"""Empty import files with the right headers, to fill in a spreadsheet."""

import csv
import io

from ..reports.breakdown_reports import BREAKDOWN_COLUMNS
from ..reports.columns import (
    COSTUME_COLUMNS,
    COSTUME_READ_ONLY,
    GARMENT_COLUMNS,
    GARMENT_READ_ONLY,
    PERFORMER_COLUMNS,
    measurement_columns,
)
from ..reports.dialects import dialect, headers_for

BOM = "\ufeff"


def template_headers(kind: str, unit: str = "cm") -> list[str]:
    """The columns an import of ``kind`` reads, in export order, lengths in ``unit``."""
    if kind == "garments":
        return [h.replace("(cm)", f"({unit})") for h in GARMENT_COLUMNS
                if h not in GARMENT_READ_ONLY]  # fmt: skip
    if kind == "costumes":
        return [h for h in COSTUME_COLUMNS if h not in COSTUME_READ_ONLY]
    if kind == "breakdown":
        return list(BREAKDOWN_COLUMNS)
    return [*PERFORMER_COLUMNS, *measurement_columns(unit)]


def template_csv(kind: str, unit: str = "cm", dialect_code: str = "en") -> str:
    """A header-only CSV (UTF-8 with a BOM, so spreadsheets read accents right).

    In the French spreadsheet dialect the headers are French and separated by ``;``.
    """
    chosen = dialect(dialect_code)
    headers = headers_for(tuple(template_headers(kind, unit)), chosen)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=chosen.delimiter, lineterminator="\r\n").writerow(headers)
    return BOM + buffer.getvalue()
