"""Templates: text people read that no translation call holds."""

import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment

from .catalog import ROOT, shown_path

# Not language: the brand, tag-code samples, units and file formats written alike in both.
TEMPLATE_ALLOWED = re.compile(
    r"Costume Tracker|\b[A-Z]{1,3}-0*\d+[A-Z]?\b|\b(?:cm|mm|kg|CSV|PDF|QR|SVG|URL)\b"
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
        parser = _TemplateText(shown_path(path))
        parser.feed(template_source_as_html(source))
        parser.close()
        literals = [
            (lineno, f"{shown_path(path)}:{lineno}: literal {text!r}")
            for lineno, text in code_literals(source)
        ]
        lines = [(int(finding.split(":")[1]), finding) for finding in parser.found]
        found.extend(finding for _line, finding in sorted(lines + literals))
    return found
