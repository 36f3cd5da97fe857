"""event scan keys and undo

An event can carry the key the phone gave its scan (``scan_key``, unique), so a scan sent
again after a lost answer is recognised and applied once; and an undo names the event it
undoes (``undoes_id``).

Revision ID: a4e6c8f0b234
Revises: 9b5d4e3f1a23
Create Date: 2026-12-02 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4e6c8f0b234'
down_revision = '9b5d4e3f1a23'
branch_labels = None
depends_on = None


def upgrade():
    # Columns are added in place: recreating the table is not needed for nullable columns.
    op.add_column('event', sa.Column('scan_key', sa.String(length=64), nullable=True))
    op.add_column('event', sa.Column('undoes_id', sa.Integer(), nullable=True))
    op.create_index('ix_event_scan_key', 'event', ['scan_key'], unique=True)
    op.create_index('ix_event_undoes_id', 'event', ['undoes_id'], unique=False)


def downgrade():
    op.drop_index('ix_event_undoes_id', table_name='event')
    op.drop_index('ix_event_scan_key', table_name='event')
    with op.batch_alter_table('event') as batch_op:
        batch_op.drop_column('undoes_id')
        batch_op.drop_column('scan_key')
