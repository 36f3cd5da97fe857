"""The series' script breakdown: episodes, scenes, shooting days, each character's changes,
continuity photos and notes, and the pull list of a shooting day."""
