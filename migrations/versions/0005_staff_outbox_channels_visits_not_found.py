"""staff, outbox channels, visits not found

Staff members (linked to Telegram by a one-time invite), the districts they act in; a channel
on outbound messages so that one outbox serves SMS, Telegram and e-mail (recipients widened
to hold an e-mail address); visits that record a sampled stove as not found.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 07:44:26.765341
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


import core.models.base

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('staff_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('telegram_user_id', sa.BigInteger(), nullable=True),
    sa.Column('telegram_chat_id', sa.BigInteger(), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('created_at', core.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('linked_at', core.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', core.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('telegram_user_id')
    )
    op.create_table('staff_districts',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('district', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], ),
    sa.PrimaryKeyConstraint('staff_id', 'district')
    )
    with op.batch_alter_table('staff_districts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_districts_district'), ['district'], unique=False)

    op.create_table('staff_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', core.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', core.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('used_at', core.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    with op.batch_alter_table('staff_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_invites_staff_id'), ['staff_id'], unique=False)

    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='sms'))
        batch_op.alter_column('recipient',
               existing_type=sa.VARCHAR(length=20),
               type_=sqlmodel.sql.sqltypes.AutoString(length=254),
               existing_nullable=False)

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('found', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('not_found_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_column('not_found_reason')
        batch_op.drop_column('found')

    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.alter_column('recipient',
               existing_type=sqlmodel.sql.sqltypes.AutoString(length=254),
               type_=sa.VARCHAR(length=20),
               existing_nullable=False)
        batch_op.drop_column('channel')

    with op.batch_alter_table('staff_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_invites_staff_id'))

    op.drop_table('staff_invites')
    with op.batch_alter_table('staff_districts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_districts_district'))

    op.drop_table('staff_districts')
    op.drop_table('staff_members')
