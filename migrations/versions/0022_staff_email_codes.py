"""staff e-mail codes

One-time codes that verify a staff member's e-mail address before digests go to it.

Revision ID: 0022
Revises: 0017
Create Date: 2026-12-06 09:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0022'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('staff_email_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_members.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_email_codes', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_staff_email_codes_staff_id'), ['staff_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('staff_email_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_email_codes_staff_id'))
    op.drop_table('staff_email_codes')
