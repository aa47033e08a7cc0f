"""inbound messages: only the indexes something reads, partial where few rows need them

Every inbound message writes every index of its table inside the one write transaction
SQLite runs at a time. The content-key index becomes partial (only Android messages carry a
content key), the index on the needs_review flag becomes a partial index of the review queue
(the few messages flagged for staff, in arrival order), and the sender index goes: messages
of a known phone are found by phone_id.

On SQLite the unique constraint lives in the table definition, so the table is rebuilt; the
environment suspends foreign-key enforcement for that and checks every reference afterwards.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:05:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HAS_CONTENT_KEY = sa.text('content_key IS NOT NULL')
NEEDS_REVIEW = sa.text('needs_review')


def upgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_constraint('uq_inbound_content_key', type_='unique')
        batch_op.drop_index('ix_inbound_messages_needs_review')
        batch_op.drop_index('ix_inbound_messages_sender')
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index(
            'uq_inbound_content_key', ['provider', 'content_key'], unique=True,
            sqlite_where=HAS_CONTENT_KEY, postgresql_where=HAS_CONTENT_KEY,
        )
        batch_op.create_index(
            'ix_inbound_review_queue', ['received_at'], unique=False,
            sqlite_where=NEEDS_REVIEW, postgresql_where=NEEDS_REVIEW,
        )


def downgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_review_queue')
        batch_op.drop_index('uq_inbound_content_key')
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_inbound_content_key', ['provider', 'content_key'])
        batch_op.create_index('ix_inbound_messages_sender', ['sender'], unique=False)
        batch_op.create_index('ix_inbound_messages_needs_review', ['needs_review'], unique=False)
