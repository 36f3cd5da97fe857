"""Invented demo wardrobe of both companies: ``flask --app costume_tracker seed-demo``."""
