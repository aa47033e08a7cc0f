"""review inbox

A person's reading of each flagged household message (one per message), and when an
unresolved one was raised to the coordinators.

Revision ID: 0018
Revises: 0013
Create Date: 2026-12-06 09:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0018'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('review_resolutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('reading', sa.String(length=20), nullable=False),
    sa.Column('days_used', sa.Integer(), nullable=True),
    sa.Column('open_fire_days', sa.Integer(), nullable=True),
    sa.Column('stove_id', sa.Integer(), nullable=True),
    sa.Column('observation_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_by', sa.String(length=200), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['inbound_messages.id'], ),
    sa.ForeignKeyConstraint(['observation_id'], ['usage_observations.id'], ),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['staff_members.id'], ),
    sa.ForeignKeyConstraint(['stove_id'], ['stoves.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['repair_tickets.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id', name='uq_review_resolution_message')
    )
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_escalated_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_column('review_escalated_at')
    op.drop_table('review_resolutions')
