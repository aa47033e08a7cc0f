"""stove pseudonyms

Every stove gets a random, stable pseudonym (S- and 16 random hex digits, as households'
H- ones): the buyer's de-identified data names stoves by it, never by their code.

Revision ID: 0023
Revises: 0019
Create Date: 2026-12-06 10:00:00
"""
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0023'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _give_pseudonyms() -> None:
    """A random S-xxxxxxxxxxxxxxxx for each stove made before this revision."""
    bind = op.get_bind()
    ids = bind.execute(sa.text('SELECT id FROM stoves WHERE pseudonym IS NULL')).scalars()
    for stove_id in list(ids):
        bind.execute(sa.text('UPDATE stoves SET pseudonym = :p WHERE id = :id'),
                     {'p': 'S-' + secrets.token_hex(8), 'id': stove_id})


def upgrade() -> None:
    with op.batch_alter_table('stoves', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pseudonym', sa.String(length=20), nullable=True))
    _give_pseudonyms()
    with op.batch_alter_table('stoves', schema=None) as batch_op:
        batch_op.alter_column('pseudonym', existing_type=sa.String(length=20), nullable=False)
    op.create_index('ix_stoves_pseudonym', 'stoves', ['pseudonym'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_stoves_pseudonym', table_name='stoves')
    with op.batch_alter_table('stoves', schema=None) as batch_op:
        batch_op.drop_column('pseudonym')
