"""Performers and their doubles."""
