"""inbound receipt note

Why a message's week was counted from its arrival rather than from the time the provider
says the phone received it (missing, after arrival, or more than 14 days before it).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 08:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable, no default: existing rows were all counted at arrival or provider time as is.
    op.add_column(
        'inbound_messages',
        sa.Column('receipt_note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table('inbound_messages') as batch_op:
        batch_op.drop_column('receipt_note')
