"""The data stamp: what a snapshot of the watched tables is, and whether it is still current.

PostgreSQL: the stamp is the reading transaction's snapshot (`pg_current_snapshot()`), and
the data changed since if a transaction noted in `data_changes` is visible now but was not
then — an index range scan over the transactions since the stamp's xmin. SQLite: the stamp
is the counter that the triggers raise for every written row, read in the same snapshot.
"""

from datetime import timedelta

from sqlalchemy import text
from sqlmodel import Session

# Tables no stored figure reads, written by sign-ins, page views, sends and polling; every
# other table carries the trigger of revision 0024 (a test checks both lists agree).
UNWATCHED = frozenset({
    "access_log", "alembic_version", "apscheduler_jobs", "bot_states", "console_login_links",
    "console_sessions", "conversation_states", "data_changes", "delivery_events",
    "outbound_messages", "staff_email_codes", "staff_invites", "stored_figures",
    "telegram_updates",
})
KEEP_CHANGES = timedelta(days=2)  # PostgreSQL's noted transactions older than this are dropped
MAX_AGE = timedelta(days=1)  # stored figures older than this are recomputed, whatever the stamp

_PG_CHANGED = text("""
SELECT EXISTS (
    SELECT 1 FROM data_changes
    WHERE txid >= CAST(CAST(pg_snapshot_xmin(CAST(:snapshot AS pg_snapshot)) AS text) AS bigint)
      AND NOT pg_visible_in_snapshot(CAST(CAST(txid AS text) AS xid8),
                                     CAST(:snapshot AS pg_snapshot)))
""")


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def data_stamp(session: Session) -> str:
    """The stamp of what this session's snapshot sees (call within core.db.snapshot's read)."""
    if _postgres(session):
        snapshot = session.execute(text("SELECT CAST(pg_current_snapshot() AS text)"))
        return "pg:" + snapshot.scalar_one()
    changes = session.execute(text("SELECT changes FROM data_changes WHERE txid = 0")).scalar()
    return f"sqlite:{changes}"


def unchanged_since(session: Session, stamp: str) -> bool:
    """Whether no watched table changed between the stamp's snapshot and this session's."""
    if _postgres(session):
        if not stamp.startswith("pg:"):
            return False
        changed = session.execute(_PG_CHANGED, {"snapshot": stamp[3:]}).scalar_one()
        return not changed
    return stamp.startswith("sqlite:") and data_stamp(session) == stamp


def forget_old_changes(session: Session) -> None:
    """Drop PostgreSQL's notes of transactions no served stamp can still be missing.

    A stamp is served for at most MAX_AGE after it is stored, and a stamp is taken seconds
    before; a transaction noted (by the database's clock, as the trigger does) more than
    KEEP_CHANGES ago committed before any of them.
    """
    if _postgres(session):
        session.execute(text("DELETE FROM data_changes WHERE changed_at < now() - :keep"),
                        {"keep": KEEP_CHANGES})
