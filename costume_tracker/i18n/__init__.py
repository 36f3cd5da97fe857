"""French and English: which language and time zone a page speaks, and the compiled catalogs.

The language is the signed-in user's setting, else the browser's ``Accept-Language``, else
``DEFAULT_LOCALE``. Commands run outside a request speak ``CLI_LOCALE`` when set, else the
language of the shell (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else the default.

The catalogs live in ``costume_tracker/translations`` as ``.po`` files; the ``.mo`` files
gettext reads are compiled from them when the app starts (and again whenever a ``.po`` is
newer), so a fresh clone needs no extra step.
"""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale, get_translations
from flask_login import current_user

from ..extensions import babel
from .values import shown

LANGUAGES = ("en", "fr")
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def select_locale() -> str:
    """The language of this request or command."""
    default = current_app.config.get("DEFAULT_LOCALE", "en")
    if not has_request_context():
        return cli_locale(default)
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    return request.accept_languages.best_match(LANGUAGES) or default


def cli_locale(default: str) -> str:
    """The language of a command: CLI_LOCALE, else the shell's locale settings, else default."""
    configured = current_app.config.get("CLI_LOCALE")
    if configured in LANGUAGES:
        return configured
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(key, "")
        for part in value.split(":"):
            code = part[:2].lower()
            if code in LANGUAGES:
                return code
            if part and part not in ("C", "POSIX") and not part.startswith("C."):
                return default
    return default


def select_timezone() -> str:
    """The viewer's time zone: the user's own, else their site's, else DEFAULT_TIMEZONE."""
    default = current_app.config.get("DEFAULT_TIMEZONE", "UTC")
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.zone_name or default
    return default


def compile_catalogs(source: Path = TRANSLATIONS) -> Path:
    """Compile every stale ``.po`` to ``.mo``; return the folder gettext reads from.

    The ``.mo`` goes next to its ``.po``; where the package is read-only it goes to a
    folder of its own in the temporary directory instead.
    """
    target_root = source
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        try:
            _compile(po, mo)
        except OSError:
            target_root = Path(tempfile.gettempdir()) / "costume-tracker-translations"
            relative = po.relative_to(source).with_suffix(".mo")
            (target_root / relative).parent.mkdir(parents=True, exist_ok=True)
            _compile(po, target_root / relative)
    return target_root


def _compile(po: Path, mo: Path) -> None:
    """Write ``mo`` from ``po`` through a temporary file, so readers never see half a file."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    fd, temporary = tempfile.mkstemp(dir=mo.parent, prefix=".messages.", suffix=".mo")
    try:
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog)
        os.replace(temporary, mo)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


# The loaded catalog per language, shared by every app in the process (they read the same
# package catalogs); filled from Flask-Babel's own loading on first use.
_CATALOGS: dict[str, object] = {}


def current_translations():
    """The catalog of the language this request or command speaks, found in about a microsecond.

    Flask-Babel's ``get_translations`` walks several context lookups per call (about 12 µs);
    a list page asks for hundreds of strings. The language is still Flask-Babel's: the
    locale it chose (or ``force_locale`` set) for this context, read from where it keeps it,
    so ``force_locale`` and ``refresh`` keep working.
    """
    locale = getattr(g.get("_flask_babel"), "babel_locale", None)
    if locale is None:  # not chosen yet in this context: let Flask-Babel choose it
        return get_translations()
    key = str(locale)
    catalog = _CATALOGS.get(key)
    if catalog is None:
        catalog = _CATALOGS[key] = get_translations()
    return catalog


def install_template_gettext(app: Flask) -> None:
    """Templates' _(), ngettext, pgettext through :func:`current_translations`."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
    )


def register_i18n(app: Flask) -> None:
    """Bind Flask-Babel with our locale and time zone selectors and compiled catalogs."""
    app.config.setdefault("DEFAULT_LOCALE", "en")
    app.config.setdefault("DEFAULT_TIMEZONE", "UTC")
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LOCALE"]
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["DEFAULT_TIMEZONE"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compile_catalogs())
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    install_template_gettext(app)
    app.jinja_env.globals["page_language"] = lambda: str(get_locale() or "en")
    app.jinja_env.filters["shown"] = shown
