"""The breakdown as a CSV file: the same file the breakdown import reads."""

REPORTS: list = []
