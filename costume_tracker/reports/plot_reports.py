"""The change plot (character x scene -> change) of an episode, and the day-out-of-days."""

REPORTS: list = []
