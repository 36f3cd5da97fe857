"""Per-preset calibration: how far a printer shifts a preset's labels (an admin setting)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..modelutil import UTCDateTime, utcnow

MAX_OFFSET_MM = 15.0


class LabelCalibration(db.Model):
    """Offset (mm, positive = right / down) added to every label of one preset."""

    __tablename__ = "label_calibration"
    __table_args__ = (
        CheckConstraint(
            f"offset_x_mm BETWEEN -{MAX_OFFSET_MM} AND {MAX_OFFSET_MM}", name="offset_x_in_range"
        ),
        CheckConstraint(
            f"offset_y_mm BETWEEN -{MAX_OFFSET_MM} AND {MAX_OFFSET_MM}", name="offset_y_in_range"
        ),
    )

    preset: Mapped[str] = mapped_column(String(20), primary_key=True)
    offset_x_mm: Mapped[float] = mapped_column(default=0.0)
    offset_y_mm: Mapped[float] = mapped_column(default=0.0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
