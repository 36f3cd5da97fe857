"""Fitting appointments, their outcome, and the calendar feeds that publish them."""
