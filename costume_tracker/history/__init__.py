"""Append-only history of everything that happens to garments and costumes."""
