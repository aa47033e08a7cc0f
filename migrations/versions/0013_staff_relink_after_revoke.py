"""a revoked member's Telegram account may be linked again

The Telegram account is unique among active members only: the revoked member keeps it as
the history of the old link, and a new invite can link it to a new member.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-06 08:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = 'ux_staff_members_active_telegram_user'
ACTIVE = sa.text('revoked_at IS NULL')


def _staff_members_without_unique() -> sa.Table:
    """The table as 0011 left it, minus its unnamed UNIQUE (SQLite rebuilds it from this)."""
    return sa.Table(
        'staff_members', sa.MetaData(),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('telegram_user_id', sa.BigInteger(), nullable=True),
        sa.Column('telegram_chat_id', sa.BigInteger(), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('linked_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('telegram_blocked_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite cannot drop the unnamed constraint: the table is copied without it.
        with op.batch_alter_table('staff_members', copy_from=_staff_members_without_unique(),
                                  recreate='always'):
            pass
    else:
        op.drop_constraint('staff_members_telegram_user_id_key', 'staff_members',
                           type_='unique')
    op.create_index(INDEX, 'staff_members', ['telegram_user_id'], unique=True,
                    sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade() -> None:
    op.drop_index(INDEX, table_name='staff_members')
    with op.batch_alter_table('staff_members') as batch_op:
        batch_op.create_unique_constraint('staff_members_telegram_user_id_key',
                                          ['telegram_user_id'])
