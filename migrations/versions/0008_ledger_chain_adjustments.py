"""ledger that cannot be rewritten: hash chain, post-issuance adjustments, append-only triggers

Every ledger table but the serial counter (a lock and a cursor, recording nothing a verifier
relies on) refuses UPDATE and DELETE by trigger, on SQLite and PostgreSQL. Rows already in
the ledger are linked into the new hash chain in the order they were written.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:10:00
"""
import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = (
    'ledger_issuances', 'ledger_blocks', 'ledger_records', 'ledger_chain', 'ledger_adjustments'
)


def upgrade() -> None:
    op.create_table('ledger_chain',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('hash'),
    sa.UniqueConstraint('kind', 'row_id', name='uq_ledger_chain_row')
    )
    op.create_table('ledger_adjustments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuance_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('er_before', sa.Float(), nullable=False),
    sa.Column('er_after', sa.Float(), nullable=False),
    sa.Column('digest_before', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('digest_after', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['issuance_id'], ['ledger_issuances.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ledger_adjustments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_adjustments_issuance_id'), ['issuance_id'], unique=False)

    with op.batch_alter_table('ledger_issuances', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parameters_json', sa.Text(), nullable=False, server_default=''))

    _link_existing_rows()
    for statement in create_triggers(op.get_bind().dialect.name):
        op.execute(statement)


def create_triggers(dialect: str) -> list[str]:
    """The triggers refusing UPDATE and DELETE on every append-only ledger table."""
    if dialect == 'postgresql':
        return [
            "CREATE OR REPLACE FUNCTION qoncha_ledger_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only: % refused', "
            "TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation'; END $$",
            *(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION qoncha_ledger_append_only()"
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
            "DROP FUNCTION IF EXISTS qoncha_ledger_append_only()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{verb}"
        for table in APPEND_ONLY
        for verb in ('update', 'delete')
    ]


# The chain's rules as they were at this revision (the application's copy may change later):
# canonical JSON of {"kind": ..., every column}, sha256(prev_hash + content), 64 zeros first.
GENESIS = '0' * 64


def _plain(value: Any) -> Any:
    """A column value as JSON: instants in UTC ISO 8601, days ISO, the rest as is."""
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _content(kind: str, values: dict[str, Any]) -> str:
    """The canonical JSON of one ledger row: sorted keys, no spaces, ASCII only."""
    body = {name: _plain(value) for name, value in values.items()}
    return json.dumps({'kind': kind, **body}, sort_keys=True, separators=(',', ':'), ensure_ascii=True)


def _link_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode('utf-8')).hexdigest()


def _link_existing_rows() -> None:
    """Link the ledger rows written before this revision, in write order, into the chain."""
    bind = op.get_bind()
    metadata = sa.MetaData()
    order = {'issuance': 0, 'block': 1, 'record': 2}
    stamps = {'issuance': 'issued_at', 'block': 'created_at', 'record': 'at'}
    tables = {'issuance': 'ledger_issuances', 'block': 'ledger_blocks', 'record': 'ledger_records'}
    rows = []
    for kind, name in tables.items():
        table = sa.Table(name, metadata, autoload_with=bind)
        for row in bind.execute(sa.select(table)).mappings():
            values = dict(row)
            stamp = values[stamps[kind]]
            stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
            values[stamps[kind]] = stamp
            rows.append((stamp, order[kind], values['id'], kind, values))
    chain = sa.Table('ledger_chain', metadata, autoload_with=bind)
    prev = GENESIS
    for seq, (_, _, row_id, kind, values) in enumerate(sorted(rows, key=lambda r: r[:3]), start=1):
        content = _content(kind, values)
        digest = _link_hash(prev, content)
        bind.execute(chain.insert().values(
            seq=seq, kind=kind, row_id=row_id, content=content, prev_hash=prev, hash=digest
        ))
        prev = digest


def downgrade() -> None:
    for statement in drop_triggers(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('ledger_issuances', schema=None) as batch_op:
        batch_op.drop_column('parameters_json')

    with op.batch_alter_table('ledger_adjustments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_adjustments_issuance_id'))

    op.drop_table('ledger_adjustments')
    op.drop_table('ledger_chain')
