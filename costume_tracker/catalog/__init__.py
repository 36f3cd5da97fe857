"""Garments and costumes: the catalog of the wardrobe's stock."""
