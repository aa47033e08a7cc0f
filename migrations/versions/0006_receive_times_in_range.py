"""Receive times outside 1970-2099 replaced by the time the message was stored

Before receive times were range-checked, an Android `receivedAt` such as
9999-12-31T23:59:59-12:00 (year 10000 in UTC) or 0001-01-01 could be stored; Python cannot
hold the first, the programme's time zone cannot convert the second, and every later
`qoncha export messages` failed on them. Each such message takes its `stored_at` instead and
is flagged for review; the provider's own time stays in its raw payload.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Stored as text 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC: '10000-…' sorts before '1970'.
        earliest, latest = "'1970-01-01 00:00:00.000000'", "'2100-01-01 00:00:00.000000'"
    else:
        earliest, latest = "'1970-01-01 00:00:00+00'", "'2100-01-01 00:00:00+00'"
    op.execute(
        "UPDATE inbound_messages SET received_at = stored_at, needs_review = TRUE "
        f"WHERE received_at < {earliest} OR received_at >= {latest}"
    )


def downgrade() -> None:
    pass  # the provider's times are still in the raw payloads; nothing to undo
