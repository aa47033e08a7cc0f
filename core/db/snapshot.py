"""One snapshot for a whole read: what a report and the figures stored from it must see."""

from sqlmodel import Session


def read_one_snapshot(session: Session) -> None:
    """Make every query of the session's transaction see the same committed state.

    PostgreSQL's default READ COMMITTED gives each statement its own snapshot; REPEATABLE
    READ gives the whole transaction one. SQLite's read transaction is a single snapshot
    already (core.db.sqlite begins it explicitly). Call before the transaction's first query.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection(
            execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        )
