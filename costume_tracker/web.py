"""Cross-cutting web plumbing: error pages, role checks, safe redirects, template helpers."""

from functools import wraps
from urllib.parse import urlencode, urlsplit

from flask import Flask, abort, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from .extensions import db
from .history.readable import change_lines
from .i18n.times import decimal_symbol, register_time_filters, show_number
from .people.units import show, unit_name
from .wording import plural

ERROR_TEXT = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("Your role does not allow this. Ask an admin if you need it.")),
    404: (_l("Not found"), _l("There is nothing at this address.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    409: (_l("Changed meanwhile"), _l("Someone else changed this meanwhile. Nothing was saved.")),
    413: (_l("Upload too large"), _l("The file is larger than the upload limit.")),
    500: (_l("Something went wrong"), _l("Nothing was saved. Try again, or tell an admin.")),
}
# Flask-WTF's reasons for refusing a form's CSRF token, in the reader's language.
CSRF_REASONS = {
    "The CSRF token is missing.": _l("The CSRF token is missing."),
    "The CSRF session token is missing.": _l("The CSRF session token is missing."),
    "The CSRF token has expired.": _l("The CSRF token has expired."),
    "The CSRF token is invalid.": _l("The CSRF token is invalid."),
    "The CSRF tokens do not match.": _l("The CSRF tokens do not match."),
    "The referrer header is missing.": _l("The referrer header is missing."),
    "The referrer does not match the host.": _l("The referrer does not match the host."),
}


def role_required(role: str):
    """Refuse the view with 403 unless the signed-in user has at least ``role``."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def attach_errors(form, errors: dict[str, str], fallback=None) -> list[str]:
    """Put a service's reasons on the form fields they name; return the ones that fit none.

    A reason for ``location_id`` goes on the field ``location`` when there is no
    ``location_id``; reasons naming no field go on ``fallback`` when given.
    """
    unplaced = []
    for name, message in errors.items():
        field = form._fields.get(name) or form._fields.get(name.removesuffix("_id")) or fallback
        if field is None:
            unplaced.append(message)
        else:
            field.errors = [*field.errors, message]
    return unplaced


def form_problems(form, fallback: str) -> str:
    """Each field's reason as "Label: reason", for forms shown on another page; else fallback."""
    reasons = [
        labelled_reason(field.label.text, message) for field in form for message in field.errors
    ]
    return " ".join(reasons) or fallback


def labelled_reason(label, reason) -> str:
    """A field's reason after its label: 'Waist: must be…' ('Taille : …' in French)."""
    return _("%(label)s: %(reason)s", label=label, reason=reason)


def flash_unplaced(form, errors: dict[str, str]) -> None:
    """``attach_errors``, with the reasons that fit no field shown as error messages."""
    for message in attach_errors(form, errors):
        flash(message, "error")


def is_safe_next(target: str | None) -> bool:
    """True for a path on this site ("/garments?page=2"); false for other hosts or schemes."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def render_error(code: int, detail: str | None = None):
    """Render the error page for ``code`` with an optional precise reason."""
    title, text = ERROR_TEXT.get(code, (_l("Error"), _l("The request failed.")))
    return render_template("error.html", code=code, title=title, text=detail or text), code


def conflict_answer(error):
    """Someone else saved first: nothing is kept; back to the page the form was on, or a 409."""
    db.session.rollback()
    message = " ".join(map(str, error.errors.values()))
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"error": message}), 409
    back = same_site_referrer()
    if back:
        flash(message, "error")
        return redirect(back, 303)
    return render_error(409, message)


def same_site_referrer() -> str | None:
    """The page a form was sent from, when it is a page of this site (path and query)."""
    parts = urlsplit(request.referrer or "")
    if parts.netloc != request.host:
        return None
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return target if is_safe_next(target) else None


def register_error_pages(app: Flask) -> None:
    """Attach error handlers; the 500 handler rolls the session back."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        reason = CSRF_REASONS.get(error.description, error.description)
        return render_error(
            400,
            _(
                "The form expired or was sent from elsewhere (%(reason)s). "
                "Go back, reload the page and try again.",
                reason=reason,
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code in ERROR_TEXT:
            # A view's own description names what is missing; the stock one says nothing more.
            custom = error.description != type(error).description
            return render_error(error.code, error.description if custom else None)
        return error

    from .catalog.services import ConflictError, conflict_error

    @app.errorhandler(StaleDataError)
    def changed_meanwhile(error):
        # A write met a garment or costume someone else saved first, outside any service
        # that refuses conflicts itself: the same refusal, nothing saved.
        return conflict_answer(conflict_error(error))

    @app.errorhandler(ConflictError)
    def conflict(error):
        return conflict_answer(error)

    @app.errorhandler(500)
    def server_error(_error):
        db.session.rollback()
        return render_error(500)


def url_with(**changes) -> str:
    """The current URL with some query arguments replaced (None or "" removes them)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value in (None, ""):
            args.pop(key, None)
        else:
            args[key] = value
    return request.path + ("?" + urlencode(args) if args else "")


def _reader_unit() -> str:
    return current_user.unit if current_user.is_authenticated else "cm"


def register_template_globals(app: Flask) -> None:
    """Helpers templates use for links, dates and sizes."""
    app.jinja_env.globals["url_with"] = url_with
    register_time_filters(app)
    app.jinja_env.globals["plural"] = plural
    app.jinja_env.globals["unit_name"] = unit_name

    @app.template_global("change_lines")
    def reader_change_lines(changes):
        """An event's changes in words, measurements in the signed-in user's unit."""
        return change_lines(changes, _reader_unit())

    @app.template_filter("measure")
    def measure(value_cm):
        """A stored centimetre value in the signed-in user's unit."""
        # Only a decimal point is written by show(); French pages read a decimal comma.
        return show(value_cm, _reader_unit()).replace(".", decimal_symbol())

    @app.template_filter("cm")
    def cm(value):
        """A centimetre value as written in the reader's language: '86.5 cm' / '86,5 cm'."""
        return "" if value is None else f"{show_number(value)} cm"
