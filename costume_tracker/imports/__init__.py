"""CSV import of garments, costumes and performers: a preview first, then all or nothing.

The web page, the ``flask import`` command, the tests and the benchmarks share
:func:`preview_import` and :func:`apply_import`.
"""

from .. import models  # noqa: F401  (every model mapped before the catalog's queries load)
from .services import KINDS, apply_import, preview_import

__all__ = ["KINDS", "apply_import", "preview_import"]
