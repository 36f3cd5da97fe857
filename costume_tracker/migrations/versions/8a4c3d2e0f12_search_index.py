"""search index

A full-text index of garments, costumes, performers, characters and productions, kept in
step by triggers (SQLite FTS5, PostgreSQL tsvector with unaccent), built for existing rows.

Revision ID: 8a4c3d2e0f12
Revises: 7f3b2c1d9e01
Create Date: 2026-12-02 14:30:00

"""
from alembic import op

from costume_tracker.search.index import create_index, drop_index


# revision identifiers, used by Alembic.
revision = '8a4c3d2e0f12'
down_revision = '7f3b2c1d9e01'
branch_labels = None
depends_on = None


def upgrade():
    create_index(op.get_bind())


def downgrade():
    drop_index(op.get_bind())
