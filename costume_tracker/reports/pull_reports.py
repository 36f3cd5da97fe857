"""The pull-list report: everything to prepare for a shooting day, not ready first."""

REPORTS: list = []
