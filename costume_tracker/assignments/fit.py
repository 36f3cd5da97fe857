"""Fit check: a performer's measurements against the garments they are given."""

from dataclasses import dataclass

from ..catalog.models import Costume, Garment
from ..people.models import Performer

# performer measurement -> garment measurement it should match
FIT_PAIRS = {
    "chest": "chest_cm", "waist": "waist_cm", "hips": "hips_cm", "girth": "girth_cm",
    "inseam": "inseam_cm",
}  # fmt: skip


@dataclass
class FitFlag:
    """One measurement that differs by more than the tolerance: needs alteration."""

    garment: Garment
    measurement: str
    performer_cm: float
    garment_cm: float

    @property
    def difference_cm(self) -> float:
        """Positive when the garment is larger than the performer."""
        return round(self.garment_cm - self.performer_cm, 2)

    @property
    def action(self) -> str:
        return "take in" if self.difference_cm > 0 else "let out"


def fit_check(performer: Performer, costume: Costume, tolerance_cm: float) -> list[FitFlag]:
    """Garment measurements that differ from the performer's latest by more than tolerance."""
    sheet = performer.current_measurement
    if sheet is None:
        return []
    flags = []
    for garment in costume.garments:
        if garment.status == "retired":
            continue
        for measurement, garment_field in FIT_PAIRS.items():
            body, piece = getattr(sheet, measurement), getattr(garment, garment_field)
            if body is not None and piece is not None and abs(piece - body) > tolerance_cm:
                flags.append(FitFlag(garment, measurement, body, piece))
    return flags
