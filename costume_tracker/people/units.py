"""Measurements are stored in centimetres and shown in each user's unit (cm or in)."""

CM_PER_INCH = 2.54


def to_unit(value_cm: float | None, unit: str) -> float | None:
    """A stored centimetre value in the user's unit, rounded as a tape measure reads."""
    if value_cm is None:
        return None
    if unit == "in":
        return round(value_cm / CM_PER_INCH, 2)
    return round(value_cm, 1)


def from_unit(value: float | None, unit: str) -> float | None:
    """A value typed in the user's unit, converted to centimetres for storage."""
    if value is None:
        return None
    return round(value * CM_PER_INCH, 2) if unit == "in" else float(value)


def show(value_cm: float | None, unit: str) -> str:
    """Format a stored measurement for display, e.g. '86 cm' or '33.86 in'."""
    value = to_unit(value_cm, unit)
    if value is None:
        return ""
    return f"{value:g} {unit}"
