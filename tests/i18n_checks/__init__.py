"""Checks that keep the app translated: what the code asks for, what the catalog holds.

Each function returns a list of findings ("file:line: what"), so a failing test names every
place at once rather than the first.
"""

from .catalog import (
    FRENCH_PO,
    KEYWORDS,
    ROOT,
    Extracted,
    extract,
    french_catalog,
    placeholder_mismatches,
    placeholders,
    typography_faults,
    untranslated,
)
from .python import DEVELOPER_MARK, python_literals
from .templates import code_literals, template_source_as_html, template_texts

__all__ = [
    "DEVELOPER_MARK", "FRENCH_PO", "KEYWORDS", "ROOT", "Extracted", "code_literals", "extract",
    "french_catalog", "placeholder_mismatches", "placeholders", "python_literals",
    "template_source_as_html", "template_texts", "typography_faults", "untranslated",
]  # fmt: skip
