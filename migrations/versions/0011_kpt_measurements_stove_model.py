"""kitchen performance tests, stove model

KPT measurements (one household's weighed day of a campaign, baseline or project) for
savings measured in kitchens; a stove model on stoves, for an efficiency per model and
installation year; an optional household code, so that several stoves share a household.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 08:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import core.models.base

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('kpt_measurements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('phase', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('household', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('wood_kg', sa.Float(), nullable=False),
    sa.Column('charcoal_kg', sa.Float(), nullable=False),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('imported_at', core.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign', 'phase', 'household', 'day', name='uq_kpt_household_day')
    )
    with op.batch_alter_table('kpt_measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpt_measurements_campaign'), ['campaign'], unique=False)

    with op.batch_alter_table('stoves', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stove_model', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False, server_default=''))

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True))
        batch_op.create_index(batch_op.f('ix_households_code'), ['code'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_code'))
        batch_op.drop_column('code')

    with op.batch_alter_table('stoves', schema=None) as batch_op:
        batch_op.drop_column('stove_model')

    with op.batch_alter_table('kpt_measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpt_measurements_campaign'))

    op.drop_table('kpt_measurements')
