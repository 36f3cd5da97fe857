"""Words for counts and stored values as people read them."""


def plural(n: int, one: str, many: str, shown: str | None = None) -> str:
    """A count with its noun in the right form: '1 change', '4 changes', '0 garments'.

    ``shown`` is how the number is printed when it is not plain (e.g. '1,000+'). Every count
    in the interface goes through here, so moving to ngettext later changes one place.
    """
    word = one if n == 1 else many
    return f"{shown if shown is not None else n} {word}"


def yes_no(value) -> str:
    """A yes/no value as a word; empty for unknown."""
    if value is None or value == "":
        return ""
    return "yes" if value else "no"
