"""the installation photo's SHA-256 on its stove

/instalar keeps the photo under MEDIA_ROOT by its hash, as visits do; the stove now records
which photo shows it installed.

Revision ID: 0020
Revises: 0021
Create Date: 2026-12-06 09:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0020'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add stoves.photo_sha256 (empty for stoves installed before)."""
    with op.batch_alter_table('stoves', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_sha256', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table('stoves', schema=None) as batch_op:
        batch_op.drop_column('photo_sha256')
