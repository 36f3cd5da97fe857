"""name sort keys

Sites, locations, productions, characters, costumes, garments and performers get a
``name_key`` (costume_tracker/sorting.py: accents and case aside, numbers by value), filled
for existing rows and indexed, so lists sort "Céline" before "Colette" and "no. 2" before
"no. 10" on both databases.

Revision ID: 9b5d4e3f1a23
Revises: 8a4c3d2e0f12
Create Date: 2026-12-02 14:45:00

"""
from alembic import op
import sqlalchemy as sa

from costume_tracker.sorting import KEY_TYPE, sort_key


# revision identifiers, used by Alembic.
revision = '9b5d4e3f1a23'
down_revision = '8a4c3d2e0f12'
branch_labels = None
depends_on = None

# table: columns of its index (the key follows the parent where lists show it by parent)
INDEXES = {
    'site': ('ix_site_name_key', ['name_key']),
    'location': ('ix_location_site_name_key', ['site_id', 'name_key']),
    'production': ('ix_production_name_key', ['name_key']),
    'character': ('ix_character_production_name_key', ['production_id', 'name_key']),
    'costume': ('ix_costume_name_key', ['name_key']),
    'garment': ('ix_garment_name_key', ['name_key']),
    'performer': ('ix_performer_name_key', ['name_key']),
}
BATCH = 5000


def upgrade():
    bind = op.get_bind()
    for table, (index, columns) in INDEXES.items():
        # NOT NULL with a default, so SQLite adds the column in place: no table rebuild, which
        # would drop the search triggers and trip over rows that refer to this table.
        op.add_column(table, sa.Column('name_key', KEY_TYPE, nullable=False, server_default=''))
        _fill_keys(bind, table)
        if bind.dialect.name == 'postgresql':
            # The app always writes the key; an INSERT that forgets it should fail, not sort first.
            op.alter_column(table, 'name_key', server_default=None)
        op.create_index(index, table, columns, unique=False)


def _fill_keys(bind, name):
    table = sa.table(name, sa.column('id', sa.Integer), sa.column('name', sa.String),
                     sa.column('name_key', sa.String))
    update = (table.update().where(table.c.id == sa.bindparam('row_id'))
              .values(name_key=sa.bindparam('key')))
    rows = bind.execute(sa.select(table.c.id, table.c.name).order_by(table.c.id)).all()
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        bind.execute(update, [{'row_id': row.id, 'key': sort_key(row.name)} for row in batch])


def downgrade():
    for table, (index, _columns) in reversed(INDEXES.items()):
        op.drop_index(index, table_name=table)
        # SQLite (3.35+) drops a column in place too; a rebuild would lose the search triggers.
        op.drop_column(table, 'name_key')
