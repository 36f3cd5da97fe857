"""Import pages: upload a CSV, read the preview, confirm (or cancel); nothing is written before."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from ..reports.dialects import DIALECTS
from ..web import role_required
from .forms import ConfirmForm, UploadForm
from .pending import discard_pending, load_pending, save_pending
from .reader import MAX_IMPORT_BYTES
from .services import KINDS, apply_import, preview_import
from .templates import template_csv

bp = Blueprint("imports", __name__, url_prefix="/imports")
# Changes listed on the preview page; the counts always cover every row.
SHOWN_CHANGES = 500


def upload_limit() -> int:
    """The smaller of the import limit and the app's request limit."""
    return min(MAX_IMPORT_BYTES, current_app.config.get("MAX_CONTENT_LENGTH") or MAX_IMPORT_BYTES)


@bp.route("", methods=["GET", "POST"])
@role_required("wardrobe")
def upload():
    """Upload a CSV of garments, costumes, performers or a breakdown; see what it would change."""
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("imports/upload.html", form=form, limit=upload_limit())
    upload = form.file.data
    data = upload.read(upload_limit() + 1)
    preview = preview_import(form.kind.data, data, upload.filename or "", max_bytes=upload_limit())
    token = None
    if preview.ok and preview.changed_plans:
        token = save_pending(form.kind.data, data, preview.filename, current_user.id)
    return _preview_page(preview, token, form)


@bp.route("/confirm", methods=["POST"])
@role_required("wardrobe")
def confirm():
    """Write the previewed import in one transaction, or show why nothing was written."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400, _("The confirmation is incomplete; upload the file again."))
    pending = load_pending(form.token.data, current_user.id)
    if pending is None:
        flash(
            _(
                "That upload is no longer waiting (imported, cancelled or expired). "
                "Upload the file again."
            ),
            "error",
        )
        return redirect(url_for("imports.upload"))
    result = apply_import(pending.kind, pending.data, pending.filename, current_user,
                          expected=form.fingerprint.data, max_bytes=upload_limit())  # fmt: skip
    if not result.applied:
        if result.stale:
            flash(
                _(
                    "The wardrobe changed since your preview, so nothing was written. "
                    "Here is what the file does now."
                ),
                "error",
            )
        ok = result.preview.ok and result.preview.changed_plans
        token = pending.token if ok else None
        if token is None:
            discard_pending(pending.token)
        return _preview_page(result.preview, token, UploadForm(kind=pending.kind))
    discard_pending(pending.token)
    preview = result.preview
    flash(_imported(preview), "success")
    return redirect(_list_url(pending.kind))


@bp.route("/cancel", methods=["POST"])
@role_required("wardrobe")
def cancel():
    """Drop an upload without importing it."""
    form = ConfirmForm()
    if form.token.data:
        discard_pending(form.token.data)
    flash(_("Import cancelled; nothing was written."), "success")
    return redirect(url_for("imports.upload"))


@bp.route("/template/<kind>.csv")
@role_required("wardrobe")
def template(kind: str):
    """An empty file with the columns an import reads, to fill in a spreadsheet."""
    if kind not in KINDS:
        abort(404)
    asked = request.args.get("dialect", "")
    chosen = asked if asked in DIALECTS else current_user.csv_dialect
    body = template_csv(kind, current_user.unit, chosen)
    headers = {"Content-Disposition": f'attachment; filename="{kind}-import.csv"'}
    return Response(body, mimetype="text/csv", headers=headers)


def _preview_page(preview, token, form):
    confirm_form = ConfirmForm(token=token, fingerprint=preview.fingerprint()) if token else None
    return render_template(
        "imports/preview.html",
        preview=preview,
        confirm_form=confirm_form,
        form=form,
        limit=upload_limit(),
        shown=preview.changed_plans[:SHOWN_CHANGES],
    )


def _imported(preview) -> str:
    """What a confirmed import wrote, in one line."""
    counts = {
        "file": preview.filename,
        "created": format_decimal(preview.created),
        "updated": format_decimal(preview.updated),
        "unchanged": format_decimal(preview.unchanged),
    }
    if preview.removed:
        return _(
            "Imported %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s "
            "unchanged, %(removed)s removed.",
            removed=format_decimal(preview.removed),
            **counts,
        )
    return _(
        "Imported %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.",
        **counts,
    )


def _list_url(kind: str) -> str:
    endpoint = {"garments": "catalog.garments", "costumes": "costumes.index",
                "performers": "people.index", "breakdown": "breakdown.index"}[kind]  # fmt: skip
    if kind in ("performers", "breakdown"):
        return url_for(endpoint)
    return url_for(endpoint, sort="-updated")
