"""Benchmarks that print figures (``flask --app costume_tracker bench …``); nothing is asserted."""
