"""Checks that keep the app translated: what the code asks for, what the catalog holds.

Each function returns a list of findings ("file:line: what"), so a failing test names every
place at once rather than the first.
"""

import ast
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import Environment

ROOT = Path(__file__).resolve().parent.parent
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


# ---------------------------------------------------------------------------------------------
# Templates: text people read that no translation call holds.

# Not language: the brand, tag-code samples, units and file formats written alike in both.
TEMPLATE_ALLOWED = re.compile(
    r"Costume Tracker|\b[A-Z]{1,3}-0*\d+[A-Z]?\b|cm|mm|kg|CSV|PDF|QR|SVG|(?:e-?mail|URL)"
)
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Stand for a Jinja expression and a statement in the text handed to the HTML parser.
CODE, STATEMENT = "\ue000", "\ue001"


def template_source_as_html(source: str) -> str:
    """The template with each ``{{ … }}``, ``{% … %}`` and ``{% trans %}`` body replaced.

    Jinja's lexer separates data from code; every piece of code becomes one private-use
    character, and line breaks are kept so that the HTML parser's lines are the template's.
    """
    env = Environment(extensions=["jinja2.ext.i18n"])
    out: list[str] = []
    line = 1
    in_trans = False
    previous = ""
    for lineno, token, value in env.lex(source):
        while line < lineno:
            out.append("\n")
            line += 1
        if token == "data" and not in_trans:
            out.append(value)
            line += value.count("\n")
        elif token == "variable_begin" and not in_trans:
            out.append(CODE)
        elif token == "block_begin" and not in_trans:
            out.append(STATEMENT)
        elif token == "name" and previous == "block_begin":
            in_trans = value == "trans" or (in_trans and value != "endtrans")
        if token not in ("whitespace",):
            previous = token
    return "".join(out)


class _TemplateText(HTMLParser):
    """Collects text nodes and readable attributes that still hold letters."""

    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.found: list[str] = []
        self._raw = 0  # inside <script> or <style>

    def _check(self, text: str, what: str, line: int) -> None:
        # Blanked rather than removed, so a position in ``bare`` is one in ``text``.
        plain = text.replace(CODE, " ").replace(STATEMENT, " ")
        bare = TEMPLATE_ALLOWED.sub(lambda m: " " * len(m[0]), plain)
        letter = re.search(r"[^\W\d_]", bare)
        if not letter:
            return
        line += text[: letter.start()].count("\n")
        shown = re.sub(f"{CODE}+", "…", " ".join(text.replace(STATEMENT, " ").split()))
        self.found.append(f"{self.name}:{line}: {what} {shown!r}")

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._raw += 1
        line = self.getpos()[0]
        attrs = dict(attrs)
        for key, value in attrs.items():
            if value is None:
                continue
            readable = key in READ_ATTRIBUTES or (
                key == "value"
                and (tag == "button" or (attrs.get("type") or "").lower() in BUTTON_TYPES)
            )
            if readable:
                self._check(value, f"<{tag} {key}>", line)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._raw:
            self._raw -= 1

    def handle_data(self, data):
        if self._raw or not data.strip():
            return
        self._check(data, "text", self.getpos()[0])


BUTTON_TYPES = {"submit", "button", "reset"}


def _shown(path: Path) -> str:
    """A path as findings name it: from the project folder when it is in it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


TEMPLATE_TRANSLATING = {"_", "gettext", "ngettext", "pgettext", "npgettext", "plural"}
# A literal that reads as English: it starts like a sentence ("Edit ", "New performer").
# Lowercase literals are codes and CSS classes ('in stock', ' danger-outline').
PROSE = re.compile(r"^\s*[A-Z][a-z]")


def code_literals(source: str) -> list[tuple[int, str]]:
    """String literals in ``{{ … }}`` and ``{% … %}`` that read as English, outside a call
    to a translation function and not compared with a stored value (``== 'Paris'``)."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    tokens = [token for token in env.lex(source) if token[1] != "whitespace"]
    found, calls, depth, in_trans = [], [], 0, False
    for index, (lineno, token, value) in enumerate(tokens):
        before = tokens[index - 1] if index else (0, "", "")
        after = tokens[index + 1] if index + 1 < len(tokens) else (0, "", "")
        if token == "name" and before[1] == "block_begin":
            in_trans = value == "trans" or (in_trans and value != "endtrans")
        elif token == "operator" and value == "(":
            depth += 1
            if before[1] == "name" and before[2] in TEMPLATE_TRANSLATING:
                calls.append(depth)
        elif token == "operator" and value == ")":
            if calls and calls[-1] == depth:
                calls.pop()
            depth -= 1
        elif token == "string" and not calls and not in_trans:
            text = value[1:-1]
            compared = {before[2], after[2]} & {"==", "!="}
            if PROSE.match(text) and not compared and not TEMPLATE_ALLOWED.fullmatch(text):
                found.append((lineno, text))
    return found


def template_texts(folder: Path = ROOT / "templates") -> list[str]:
    """Every text node, readable attribute and English literal outside a translation call."""
    found = []
    for path in sorted(folder.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        parser = _TemplateText(_shown(path))
        parser.feed(template_source_as_html(source))
        parser.close()
        literals = [
            (lineno, f"{_shown(path)}:{lineno}: literal {text!r}")
            for lineno, text in code_literals(source)
        ]
        lines = [(int(finding.split(":")[1]), finding) for finding in parser.found]
        found.extend(finding for _line, finding in sorted(lines + literals))
    return found


# ---------------------------------------------------------------------------------------------
# Python: literals handed to people without a gettext call.

TRANSLATING = {
    "_", "_l", "gettext", "ngettext", "pgettext", "npgettext", "lazy_gettext",
    "lazy_ngettext", "lazy_pgettext", "plural", "shown", "choices",
}  # fmt: skip
# Left alone: the benchmark speaks to developers, migrations are not read by people.
PYTHON_SKIPPED = ("bench/", "migrations/")
# A line ending with this comment holds a message meant for developers, not for people.
DEVELOPER_MARK = "# developers"
CLICK_ERRORS = {"ClickException", "BadParameter", "UsageError", "FileError"}
VALIDATOR_MESSAGES = {"message", "description"}
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _literal_text(node: ast.expr | None) -> str | None:
    """The English of a literal handed on as is: a string, f-string, or one being formatted."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{…}" for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _literal_text(node.left) or _literal_text(node.right)
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "format":
        return _literal_text(node.func.value)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) or _literal_text(node.orelse)
    return None


def _has_letters(text: str | None) -> bool:
    return bool(text) and bool(re.search(r"[^\W\d_]{2,}", re.sub(r"\{…\}", "", text)))


def user_error_classes(package: Path) -> set[str]:
    """The package's own exception classes (their messages are shown on pages and commands)."""
    names = set(CLICK_ERRORS)
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and re.search(r"(Error|Refused)$", node.name):
                names.add(node.name)
    return names


class _PythonLiterals(ast.NodeVisitor):
    def __init__(self, name: str, lines: list[str], errors: set[str]):
        self.name, self.lines, self.errors = name, lines, errors
        self.found: list[str] = []

    def _report(self, node: ast.expr | None, what: str) -> None:
        text = _literal_text(node)
        if not _has_letters(text):
            return
        if self.lines[node.lineno - 1].rstrip().endswith(DEVELOPER_MARK):
            return
        self.found.append(f"{self.name}:{node.lineno}: {what} {text!r}")

    def _formatted_msgid(self, args: list[ast.expr], name: str) -> None:
        """An f-string, ``%`` or ``.format`` as a msgid: gettext would look up the result."""
        for arg in args[:3]:
            formatted = (
                (
                    isinstance(arg, ast.JoinedStr)
                    and any(isinstance(part, ast.FormattedValue) for part in arg.values)
                )
                or (isinstance(arg, ast.BinOp) and _literal_text(arg) is not None)
                or (isinstance(arg, ast.Call) and getattr(arg.func, "attr", "") == "format")
            )
            if formatted:
                self.found.append(
                    f"{self.name}:{arg.lineno}: {name}() of formatted text "
                    f"{_literal_text(arg)!r} (use %(name)s placeholders)"
                )

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        first = node.args[0] if node.args else None
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        if name in TRANSLATING - {"shown", "choices"} and node.args:
            self._formatted_msgid(node.args, name)
        if name == "flash":
            self._report(first or keywords.get("message"), "flash")
        elif name == "ValidationError" or name in self.errors:
            if isinstance(first, ast.Dict):  # {field: message}, shown beside each field
                for value in first.values:
                    self._report(value, name)
            else:
                # Every argument but a field's name ("site_id") may be the message.
                for arg in [*node.args, keywords.get("message")]:
                    if not (isinstance(arg, ast.Constant) and IDENTIFIER.match(str(arg.value))):
                        self._report(arg, name)
        elif name in ("echo", "secho") and (
            isinstance(node.func, ast.Name) or _name(node.func.value) == "click"
        ):
            self._report(first or keywords.get("message"), f"click.{name}")
        elif name == "abort":
            self._report(keywords.get("description"), "abort description")
        elif name.endswith("Field") and name[:1].isupper():
            self._report(first if first is not None else keywords.get("label"), f"{name} label")
            for key in VALIDATOR_MESSAGES & keywords.keys():
                self._report(keywords[key], f"{name} {key}")
        elif name[:1].isupper() and "message" in keywords:
            self._report(keywords["message"], f"{name} message")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        """``errors["name"] = "…"``: a service's message for a form field."""
        for target in node.targets:
            if isinstance(target, ast.Subscript) and "error" in _name(target.value).lower():
                self._report(node.value, "error message")
        self.generic_visit(node)


def python_literals(package: Path = ROOT / "costume_tracker") -> list[str]:
    """Literals shown to people without a gettext call, in the package's Python."""
    errors = user_error_classes(package)
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if relative.startswith(PYTHON_SKIPPED):
            continue
        source = path.read_text(encoding="utf-8")
        visitor = _PythonLiterals(_shown(path), source.splitlines(), errors)
        visitor.visit(ast.parse(source))
        found.extend(visitor.found)
    return found
