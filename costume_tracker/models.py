"""Import every model so metadata is complete for migrations and mappers."""

from .assignments.models import Alteration, Assignment
from .auth.models import SignInFailure, User
from .breakdown.models import (
    Change,
    ContinuityNote,
    ContinuityPhoto,
    Episode,
    Pull,
    Scene,
    SceneCast,
    ShootingDay,
)  # fmt: skip
from .catalog.models import Costume, Garment, Photo, TagSequence
from .fittings.models import CalendarFeed, Fitting, FittingPhoto
from .history.models import Event
from .labels.models import LabelCalibration
from .lists.models import Character, Location, Production, Site
from .people.models import Measurement, Performer
from .search import index as search_index  # noqa: F401  (builds the index with the schema)

__all__ = [
    "Alteration", "Assignment", "Measurement",
    "Character", "Costume", "Event", "Garment", "LabelCalibration", "Location", "Performer",
    "Photo", "Production", "SignInFailure", "Site", "TagSequence", "User",
    "CalendarFeed", "Change", "ContinuityNote", "ContinuityPhoto", "Episode", "Fitting",
    "FittingPhoto", "Pull", "Scene", "SceneCast", "ShootingDay",
]  # fmt: skip
