"""console sessions: one-time login links and web sessions of the coordinator's console

Both tables keep only the SHA-256 of their token. Indexes on usage observations by stove
and report time, and on inbound messages by phone and receive time, let a household's last
report and last message (the silent-household rule, which the console's districts page
counts) be read from the index alone.

Revision ID: 0021
Revises: 0023
Create Date: 2026-12-06 09:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0021'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _token_table(name: str, used: str) -> None:
    """A table of hashed tokens of a staff member, with its expiry and its end."""
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column(used, sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{name}_staff_id'), ['staff_id'], unique=False)


def upgrade() -> None:
    _token_table('console_login_links', 'used_at')
    _token_table('console_sessions', 'ended_at')
    with op.batch_alter_table('usage_observations', schema=None) as batch_op:
        batch_op.create_index('ix_usage_observations_stove_reported',
                              ['stove_id', 'reported_at'], unique=False)
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_phone_received', ['phone_id', 'received_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_phone_received')
    with op.batch_alter_table('usage_observations', schema=None) as batch_op:
        batch_op.drop_index('ix_usage_observations_stove_reported')
    op.drop_table('console_sessions')
    op.drop_table('console_login_links')
