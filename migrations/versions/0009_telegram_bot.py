"""telegram bot: update handling state, bot conversation state, ticket work, visit evidence

Each stored Telegram update gets a status (pending, processing, handled, failed, ignored), its
chat, attempts, last error and next retry; the bot's conversations live in `bot_states` so any
worker continues them after a restart; repair tickets record who took them, notes, the
resolution and escalation; visits recorded in the bot keep the technician, the photo's SHA-256
and the far-from-the-stove flag.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


import core.models.base

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('bot_states',
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', core.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'name', 'key')
    )
    with op.batch_alter_table('telegram_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='pending'))
        batch_op.add_column(sa.Column('chat_id', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', core.models.base.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('handled_at', core.models.base.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_telegram_updates_chat_id'), ['chat_id'], unique=False)
        batch_op.create_index('ix_telegram_updates_status_next', ['status', 'next_attempt_at'], unique=False)
    # Updates stored before this revision were never handled by a bot: they stay pending.

    with op.batch_alter_table('repair_tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('taken_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('notes', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('resolution', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('escalated_at', core.models.base.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key('fk_repair_tickets_taken_by_id_staff_members', 'staff_members', ['taken_by_id'], ['id'])

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('photo_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('distance_m', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('far_from_stove', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_foreign_key('fk_visits_staff_id_staff_members', 'staff_members', ['staff_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_constraint('fk_visits_staff_id_staff_members', type_='foreignkey')
        batch_op.drop_column('far_from_stove')
        batch_op.drop_column('distance_m')
        batch_op.drop_column('photo_sha256')
        batch_op.drop_column('staff_id')

    with op.batch_alter_table('repair_tickets', schema=None) as batch_op:
        batch_op.drop_constraint('fk_repair_tickets_taken_by_id_staff_members', type_='foreignkey')
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('resolution')
        batch_op.drop_column('notes')
        batch_op.drop_column('taken_by_id')

    with op.batch_alter_table('telegram_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_telegram_updates_status_next')
        batch_op.drop_index(batch_op.f('ix_telegram_updates_chat_id'))
        batch_op.drop_column('handled_at')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('last_error')
        batch_op.drop_column('attempts')
        batch_op.drop_column('chat_id')
        batch_op.drop_column('status')

    op.drop_table('bot_states')
