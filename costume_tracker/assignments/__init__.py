"""Assignments of costumes to performers, doubles coverage, fit checks and alterations."""
