"""personal data: household pseudonyms, access log, consents, erasures

Every household gets a random, stable pseudonym (existing ones are given one here), and
three tables record who read or changed personal data, the consents given and the
erasures done.

Revision ID: 0019
Revises: 0022
Create Date: 2026-12-06 09:30:00
"""
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0019'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _give_pseudonyms() -> None:
    """A random H-xxxxxxxxxxxxxxxx for each household made before this revision."""
    bind = op.get_bind()
    ids = bind.execute(sa.text('SELECT id FROM households WHERE pseudonym IS NULL')).scalars()
    for household_id in list(ids):
        bind.execute(sa.text('UPDATE households SET pseudonym = :p WHERE id = :id'),
                     {'p': 'H-' + secrets.token_hex(8), 'id': household_id})


def upgrade() -> None:
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pseudonym', sa.String(length=20), nullable=True))
    _give_pseudonyms()
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.alter_column('pseudonym', existing_type=sa.String(length=20), nullable=False)
        batch_op.create_unique_constraint('uq_households_pseudonym', ['pseudonym'])
    op.create_table('access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('pseudonym', sa.String(length=20), nullable=True),
    sa.Column('purpose', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_access_log_at', 'access_log', ['at'], unique=False)
    op.create_index('ix_access_log_household_at', 'access_log', ['household_id', 'at'],
                    unique=False)
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('notice_version', sa.String(length=40), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_consents_household_id', 'consents', ['household_id'], unique=False)
    op.create_table('erasures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('pseudonym', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('erased_by', sa.String(length=200), nullable=False),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_erasures_erased_at', 'erasures', ['erased_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_erasures_erased_at', table_name='erasures')
    op.drop_table('erasures')
    op.drop_index('ix_consents_household_id', table_name='consents')
    op.drop_table('consents')
    op.drop_index('ix_access_log_household_at', table_name='access_log')
    op.drop_index('ix_access_log_at', table_name='access_log')
    op.drop_table('access_log')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_constraint('uq_households_pseudonym', type_='unique')
        batch_op.drop_column('pseudonym')
