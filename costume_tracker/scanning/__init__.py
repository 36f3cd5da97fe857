"""Scanning garment labels on the floor: the phone page and batch scanning."""
