"""Python: literals handed to people without a gettext call."""

import ast
import re
from pathlib import Path

from .catalog import ROOT, shown_path

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
        visitor = _PythonLiterals(shown_path(path), source.splitlines(), errors)
        visitor.visit(ast.parse(source))
        found.extend(visitor.found)
    return found
