"""Empty import files with the right headers, to fill in a spreadsheet."""

import csv
import io

from ..reports.columns import (
    COSTUME_COLUMNS,
    COSTUME_READ_ONLY,
    GARMENT_COLUMNS,
    GARMENT_READ_ONLY,
    PERFORMER_COLUMNS,
    measurement_columns,
)

BOM = "\ufeff"


def template_headers(kind: str, unit: str = "cm") -> list[str]:
    """The columns an import of ``kind`` reads, in export order, lengths in ``unit``."""
    if kind == "garments":
        return [h.replace("(cm)", f"({unit})") for h in GARMENT_COLUMNS
                if h not in GARMENT_READ_ONLY]  # fmt: skip
    if kind == "costumes":
        return [h for h in COSTUME_COLUMNS if h not in COSTUME_READ_ONLY]
    return [*PERFORMER_COLUMNS, *measurement_columns(unit)]


def template_csv(kind: str, unit: str = "cm") -> str:
    """A header-only CSV (UTF-8 with a BOM, so spreadsheets read accents right)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(template_headers(kind, unit))
    return BOM + buffer.getvalue()
