"""outbox for every channel, scheduler job store

Outbound messages get a dedupe key (scheduled jobs queue each prompt, reminder and digest
once) and a JSON payload (e-mail subject and HTML, attached chart and CSV); phones record a
number the provider called invalid; staff record a chat that blocked the bot; the scheduler's
APScheduler job store table is created here, since Alembic is the only way tables are made.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 08:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import core.models.base

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('apscheduler_jobs',
    sa.Column('id', sa.Unicode(length=191), nullable=False),
    sa.Column('next_run_time', sa.Float(precision=25), nullable=True),
    sa.Column('job_state', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apscheduler_jobs_next_run_time'), ['next_run_time'], unique=False)

    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedupe_key', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column('payload', sa.Text(), nullable=True))
        batch_op.create_unique_constraint('uq_outbound_dedupe_key', ['dedupe_key'])

    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invalid_at', core.models.base.UtcDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('telegram_blocked_at', core.models.base.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.drop_column('telegram_blocked_at')

    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.drop_column('invalid_at')

    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_constraint('uq_outbound_dedupe_key', type_='unique')
        batch_op.drop_column('payload')
        batch_op.drop_column('dedupe_key')

    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apscheduler_jobs_next_run_time'))

    op.drop_table('apscheduler_jobs')
