"""Backup and restore: the database and the photos together in one archive file."""
