"""integrity conditions: overlap claims and their imports, the issuance's CCP label

Stoves or households also claimed by another mitigation activity (excluded or discounted in
the ER), the runs of `overlap import` (when the list was checked), and on each issuance the
label it may carry with the record of the integrity conditions behind it. Columns are only
added to ledger_issuances (no rebuild), so its append-only triggers stay in place.

Revision ID: 0017
Revises: 0014_ledger_truncate_guard
Create Date: 2026-12-06 09:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import core.models.base

revision: str = '0017'
down_revision: str | None = '0014_ledger_truncate_guard'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('overlap_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('activity', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('from_day', sa.Date(), nullable=False),
    sa.Column('to_day', sa.Date(), nullable=False),
    sa.Column('discount', sa.Float(), nullable=True),
    sa.Column('imported_at', core.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('to_day >= from_day', name='ck_overlap_claim_days'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('target', 'target_id', 'activity', 'from_day', name='uq_overlap_claim')
    )
    op.create_table('overlap_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('imported_at', core.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('imported_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('overlap_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_overlap_imports_imported_at'), ['imported_at'], unique=False)

    with op.batch_alter_table('ledger_issuances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ccp_label', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('integrity_json', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ledger_issuances', schema=None) as batch_op:
        batch_op.drop_column('integrity_json')
        batch_op.drop_column('ccp_label')

    with op.batch_alter_table('overlap_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overlap_imports_imported_at'))

    op.drop_table('overlap_imports')
    op.drop_table('overlap_claims')
