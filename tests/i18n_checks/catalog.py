"""The French catalog against the code: what is asked for, what is translated, and how."""

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
FRENCH_PO = ROOT / "costume_tracker/translations/fr/LC_MESSAGES/messages.po"
# The same keywords as scripts/translations.sh, on top of Babel's defaults.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    **parse_keywords([
        "_l", "lazy_gettext", "lazy_ngettext:1,2", "plural:2,3", "lazy_pgettext:1c,2",
        "npgettext:1c,2,3",
    ]),
}  # fmt: skip


@dataclass(frozen=True)
class Extracted:
    """One msgid as the code asks for it, with where it is asked."""

    msgid: str
    plural: str | None
    context: str | None
    where: str


def extract() -> list[Extracted]:
    """Every translatable text in costume_tracker/ and templates/, as babel.cfg says."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = []
    for path, lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        msgid, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
        if msgid:
            found.append(Extracted(msgid, plural, context, f"{path}:{lineno}"))
    return found


def french_catalog() -> Catalog:
    with FRENCH_PO.open("rb") as handle:
        return read_po(handle, locale="fr")


def untranslated(found: list[Extracted], catalog: Catalog) -> list[str]:
    """Msgids with no French, or only fuzzy French, in the catalog; one line per msgid."""
    places: dict[tuple[str, str | None], list[str]] = {}
    for item in found:
        message = catalog.get(item.msgid, item.context)
        strings = () if message is None else message.string
        strings = strings if isinstance(strings, tuple | list) else (strings,)
        if message is None or message.fuzzy or not strings or not all(strings):
            places.setdefault((item.msgid, item.context), []).append(item.where)
    missing = []
    for (msgid, context), where in places.items():
        message = catalog.get(msgid, context)
        state = "fuzzy" if message is not None and message.fuzzy else "no French"
        more = f" (and {len(where) - 1} more)" if len(where) > 1 else ""
        shown = f"{context}|{msgid}" if context else msgid
        missing.append(f"{where[0]}{more}: {shown!r} ({state})")
    return missing


PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def placeholders(text: str) -> list[str]:
    """The %-placeholders of a text, named or positional, sorted (``%%`` is not one)."""
    names = []
    for match in PLACEHOLDER.finditer(text):
        if match.group(0) == "%%":
            continue
        names.append(match.group(1) or match.group(0))
    return sorted(names)


def _where(message) -> str:
    """The first file the catalog says a message comes from."""
    return message.locations[0][0] if message.locations else "messages.po"


def placeholder_mismatches(catalog: Catalog) -> list[str]:
    """French strings whose placeholders differ from their English.

    A plural's French forms each carry the placeholders of both English forms: French
    form 0 is used for 0 as well as 1, so it needs the number even where the English
    singular says "one".
    """
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        if message.pluralizable:
            expected = sorted(set(placeholders(message.id[0]) + placeholders(message.id[1])))
            forms = [form for form in message.string if form]
            if any(sorted(set(placeholders(form))) != expected for form in forms):
                wrong.append(f"{_where(message)}: {message.id[0]!r} wants {expected} in every form")
        elif placeholders(message.string) != placeholders(message.id):
            wrong.append(
                f"{_where(message)}: {message.id!r} has {placeholders(message.id)} in English, "
                f"{placeholders(message.string)} in {message.string!r}"
            )
    return wrong


NO_BREAK = "\u00a0\u202f"
TAG = re.compile(r"<[^>]*>")
# A word (or a placeholder's closing letter), then nothing or a plain space, then : ; ? !
# A colon between digits (14:05) or starting a URL (https://) is not punctuation.
BARE_PUNCTUATION = re.compile(r"\w ?[;?!]|\w ?:(?!//|\d)")


def typography_faults(catalog: Catalog) -> list[str]:
    """French strings written with English typography.

    A no-break space goes before : ; ? ! and inside « guillemets »; the apostrophe is ’.
    HTML tags in a string are left out (their attributes are code, not French).
    """
    faults = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
        for form in forms:
            text = TAG.sub("", form)
            problems = []
            # A quotation in « » is what people type (« Production: Aurora »), kept as is.
            if BARE_PUNCTUATION.search(re.sub("«[^»]*»", "«»", text)):
                problems.append("a no-break space (U+00A0) before : ; ? !")
            if re.search(f"«[^{NO_BREAK}]", text) or re.search(f"[^{NO_BREAK}]»", text):
                problems.append("a no-break space inside « »")
            if "'" in text:
                problems.append("’ rather than '")
            if problems:
                faults.append(f"{_where(message)}: {form!r} needs {', '.join(problems)}")
    return faults


def shown_path(path: Path) -> str:
    """A path as findings name it: from the project folder when it is in it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
