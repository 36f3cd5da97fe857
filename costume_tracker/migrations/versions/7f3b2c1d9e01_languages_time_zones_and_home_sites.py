"""languages, time zones and home sites

Each site gets a time zone (Paris and New York filled in), each user a language, a time
zone, a CSV flavour and a home site.

Revision ID: 7f3b2c1d9e01
Revises: 3aa1d7d80ee7
Create Date: 2026-12-02 14:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7f3b2c1d9e01'
down_revision = '3aa1d7d80ee7'
branch_labels = None
depends_on = None

KNOWN_ZONES = {"paris": "Europe/Paris", "new york": "America/New_York", "ny": "America/New_York"}


def upgrade():
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=False, server_default='UTC'))

    site = sa.table('site', sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('code', sa.String), sa.column('timezone', sa.String))
    bind = op.get_bind()
    for row in bind.execute(sa.select(site.c.id, site.c.name, site.c.code)).all():
        zone = KNOWN_ZONES.get(row.name.strip().lower()) or KNOWN_ZONES.get(row.code.strip().lower())
        if zone:
            bind.execute(site.update().where(site.c.id == row.id).values(timezone=zone))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=5), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('csv_dialect', sa.String(length=2), nullable=False, server_default='en'))
        batch_op.add_column(sa.Column('site_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_site_id'), ['site_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_site_id_site'), 'site', ['site_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_user_locale_known'), "locale IN ('', 'en', 'fr')")
        batch_op.create_check_constraint(op.f('ck_user_csv_dialect_known'), "csv_dialect IN ('en', 'fr')")


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_csv_dialect_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_user_locale_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_user_site_id_site'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_site_id'))
        batch_op.drop_column('site_id')
        batch_op.drop_column('csv_dialect')
        batch_op.drop_column('timezone')
        batch_op.drop_column('locale')

    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('timezone')
