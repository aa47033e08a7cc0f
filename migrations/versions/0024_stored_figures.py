"""stored figures, and triggers that log every change of the data they are computed from

The console serves a page's figures from `stored_figures` while no table they read has
changed since; `data_changes` says whether one has. It is written by triggers only, so an
insert, update, delete, import or erasure through any path (services, the CLI, plain SQL)
is seen: on PostgreSQL a statement-level trigger notes the writing transaction's id (one row
per transaction, no row shared between writers, so no lock is added to their commits); on
SQLite, whose writers are serialised anyway, a row trigger raises one counter.

The watched tables are listed here (a migration does not import the application); a test
checks that every table outside core.figures.stamp.UNWATCHED carries the trigger.

Revision ID: 0024
Revises: 0020
Create Date: 2026-12-06 11:40:00
"""
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0024'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = (
    'consents', 'erasures', 'households', 'inbound_messages', 'kpt_measurements',
    'ledger_adjustments', 'ledger_blocks', 'ledger_chain', 'ledger_counters',
    'ledger_holdings_snapshots', 'ledger_issuances', 'ledger_records',
    'ledger_report_references', 'overlap_claims', 'overlap_imports', 'phones',
    'repair_tickets', 'review_resolutions', 'sample_draws', 'sample_members',
    'staff_districts', 'staff_members', 'stoves', 'usage_observations', 'visits',
)
PG_FUNCTION = """
CREATE FUNCTION note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO data_changes (txid, changes, changed_at)
    VALUES (pg_current_xact_id()::text::bigint, 1, now())
    ON CONFLICT (txid) DO NOTHING;
    RETURN NULL;
END
$$
"""
SQLITE_TRIGGER = """
CREATE TRIGGER note_data_change_{table}_{event} AFTER {event} ON {table}
BEGIN
    UPDATE data_changes SET changes = changes + 1 WHERE txid = 0;
END
"""
SQLITE_EVENTS = ('insert', 'update', 'delete')


def upgrade() -> None:
    """Create both tables, then the triggers of this backend."""
    op.create_table(
        'stored_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('stamp', sa.Text(), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key', name='uq_stored_figures_key'),
    )
    changes = op.create_table(
        'data_changes',
        sa.Column('txid', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('changes', sa.Integer(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('txid'),
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(PG_FUNCTION)
        for table in WATCHED:
            op.execute(f'CREATE TRIGGER note_data_change AFTER INSERT OR UPDATE OR DELETE OR '
                       f'TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION '
                       f'note_data_change()')
        return
    op.bulk_insert(changes, [{'txid': 0, 'changes': 0,
                              'changed_at': datetime.now(UTC).replace(tzinfo=None)}])
    for table in WATCHED:
        for event in SQLITE_EVENTS:
            op.execute(SQLITE_TRIGGER.format(table=table, event=event))


def downgrade() -> None:
    """Drop the triggers, then both tables."""
    if op.get_bind().dialect.name == 'postgresql':
        for table in WATCHED:
            op.execute(f'DROP TRIGGER note_data_change ON {table}')
        op.execute('DROP FUNCTION note_data_change()')
    else:
        for table in WATCHED:
            for event in SQLITE_EVENTS:
                op.execute(f'DROP TRIGGER note_data_change_{table}_{event}')
    op.drop_table('data_changes')
    op.drop_table('stored_figures')
