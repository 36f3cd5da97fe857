"""The header search: one box on every page, results grouped by kind."""

from flask import Blueprint, redirect, render_template, request, url_for

from ..paging import paginate
from .service import KIND_ORDER, MAX_TEXT, kind_select, search, words_of

bp = Blueprint("search", __name__)


def shown_text(typed: str) -> str:
    """What was typed, as the page repeats it: printable characters only, cut to size."""
    return "".join(character for character in typed[:MAX_TEXT] if character.isprintable())


@bp.route("/search")
def results():
    """Everything matching what was typed, by kind; a tag code opens its garment."""
    typed = request.args.get("q", "")
    kind = request.args.get("kind", "")
    if kind in KIND_ORDER:
        return _one_kind(typed, kind)
    found = search(typed)
    if found.garment is not None:
        return redirect(url_for("catalog.garment", garment_id=found.garment.id))
    return render_template("search/results.html", results=found, typed=shown_text(typed))


def _one_kind(typed: str, kind: str):
    """All matches of one kind, page by page."""
    words = words_of(typed)
    page = paginate(kind_select(words, kind)) if words else None
    return render_template(
        "search/kind.html", kind=kind, page=page, words=words, typed=shown_text(typed)
    )
