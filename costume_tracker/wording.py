"""Words for counts and stored values as people read them, in the reader's language."""

from flask_babel import format_decimal, gettext, ngettext


def plural(n: int, one: str, many: str, shown: str | None = None) -> str:
    """A count with its noun in the right form: '1 change', '4 changes', '0 garments'.

    ``one`` and ``many`` are the English nouns; they are extracted for translation as a
    plural pair (``plural:2,3``) and chosen by the reader's language's plural rule (French
    says '0 pièce', '1 pièce', '2 pièces'). ``shown`` is how the number is printed when it is
    not plain (e.g. '1,000+'); otherwise it is written the reader's way ('100 000').
    """
    word = ngettext(one, many, n)
    return f"{shown if shown is not None else format_decimal(n)} {word}"


def yes_no(value) -> str:
    """A yes/no value as a word; empty for unknown."""
    if value is None or value == "":
        return ""
    return gettext("yes") if value else gettext("no")
