"""ledger for the annual report: report references of an issuance, frozen year-end holdings

Both tables are append-only like the rest of the ledger (UPDATE and DELETE refused by
trigger on SQLite and PostgreSQL) and every row is linked into the hash chain.

Revision ID: 0016
Revises: 0018
Create Date: 2026-12-06 08:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ('ledger_report_references', 'ledger_holdings_snapshots')


def upgrade() -> None:
    op.create_table('ledger_report_references',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuance_id', sa.Integer(), nullable=False),
    sa.Column('monitoring_report_id', sa.String(length=100), nullable=False),
    sa.Column('monitoring_report_sha256', sa.String(length=64), nullable=False),
    sa.Column('verification_report', sa.String(length=300), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['issuance_id'], ['ledger_issuances.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ledger_report_references', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_report_references_issuance_id'), ['issuance_id'], unique=False)
    op.create_table('ledger_holdings_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('as_at', sa.Date(), nullable=False),
    sa.Column('as_at_instant', sa.DateTime(timezone=True), nullable=False),
    sa.Column('authorization_version', sa.String(length=40), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['corrects_id'], ['ledger_holdings_snapshots.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ledger_holdings_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_holdings_snapshots_as_at'), ['as_at'], unique=False)
    for statement in create_triggers(op.get_bind().dialect.name):
        op.execute(statement)


def create_triggers(dialect: str) -> list[str]:
    """Refuse UPDATE and DELETE on the new tables (a function of their own on PostgreSQL, so
    that revision 0008's function can be dropped and re-created independently)."""
    if dialect == 'postgresql':
        return [
            "CREATE OR REPLACE FUNCTION qoncha_annual_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only: % refused', "
            "TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation'; END $$",
            *(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION qoncha_annual_append_only()"
                for table in APPEND_ONLY
            ),
        ]
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb} refused'); END"
        for table in APPEND_ONLY
        for verb in ('UPDATE', 'DELETE')
    ]


def drop_triggers(dialect: str) -> list[str]:
    """Undo `create_triggers`."""
    if dialect == 'postgresql':
        return [
            *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in APPEND_ONLY),
            "DROP FUNCTION IF EXISTS qoncha_annual_append_only()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{verb}"
        for table in APPEND_ONLY
        for verb in ('update', 'delete')
    ]


def downgrade() -> None:
    for statement in drop_triggers(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('ledger_holdings_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_holdings_snapshots_as_at'))
    op.drop_table('ledger_holdings_snapshots')
    with op.batch_alter_table('ledger_report_references', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_report_references_issuance_id'))
    op.drop_table('ledger_report_references')
