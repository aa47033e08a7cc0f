"""ledger tables refuse TRUNCATE; the serial counter refuses DELETE

Row triggers (0008) do not fire on PostgreSQL's TRUNCATE, which emptied the ledger without a
trace. A statement trigger now refuses TRUNCATE on every ledger table, the serial counter
included: its high-water mark is what tells `ledger verify` that an empty ledger once held
serials, so its row may be updated but no longer deleted (on SQLite too, which has no
TRUNCATE and whose DELETE triggers already cover the other ledger tables).

Revision ID: 0014_ledger_truncate_guard
Revises: 0016
Create Date: 2026-12-06 08:50:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0014_ledger_truncate_guard'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEDGER_TABLES = (
    'ledger_issuances', 'ledger_blocks', 'ledger_records', 'ledger_chain', 'ledger_adjustments',
    'ledger_counters', 'ledger_report_references', 'ledger_holdings_snapshots',
)


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "CREATE OR REPLACE FUNCTION qoncha_ledger_guard() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only: % refused', "
            "TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation'; END $$"
        )
        for table in LEDGER_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION qoncha_ledger_guard()"
            )
        op.execute(
            "CREATE TRIGGER ledger_counters_no_delete BEFORE DELETE ON ledger_counters "
            "FOR EACH ROW EXECUTE FUNCTION qoncha_ledger_guard()"
        )
    else:
        op.execute(
            "CREATE TRIGGER ledger_counters_no_delete BEFORE DELETE ON ledger_counters "
            "BEGIN SELECT RAISE(ABORT, 'ledger_counters is append-only: DELETE refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS ledger_counters_no_delete ON ledger_counters")
        for table in LEDGER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS qoncha_ledger_guard()")
    else:
        op.execute("DROP TRIGGER IF EXISTS ledger_counters_no_delete")
