"""Sign-in, roles and user management."""
