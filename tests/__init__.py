"""Costume Tracker tests."""
