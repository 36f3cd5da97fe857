"""Editable reference lists: sites and locations, productions and characters."""
