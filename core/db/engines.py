"""Engine construction: per-backend settings for concurrent workers and fast, clear faults."""

from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from core.db.sqlite import BUSY_TIMEOUT_S, READ_ONLY, WAL_AUTOCHECKPOINT_PAGES, sqlite_engine

__all__ = [
    "BUSY_TIMEOUT_S", "WAL_AUTOCHECKPOINT_PAGES", "make_engine", "make_session_factory",
    "probe_database",
]  # fmt: skip


def make_engine(url: str, *, timeouts: bool = True, **kwargs: Any) -> Engine:
    """Build an engine: SQLite (WAL, bounded waits) or PostgreSQL (bounded waits).

    `timeouts=False` lifts PostgreSQL's statement timeouts, for migrations that may rebuild
    a large table; everything serving requests keeps them.
    """
    if url.startswith("sqlite"):
        return sqlite_engine(url, **kwargs)
    if timeouts and make_url(url).get_driver_name() == "psycopg":
        from core.db.postgres import postgres_engine  # the driver is an optional extra

        return postgres_engine(url, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine, *, read_only: bool = False) -> "sessionmaker[Session]":
    """Sessions that keep loaded values after commit, so services can return them.

    Read-only sessions begin a plain transaction on SQLite, which reads while others write.
    """
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    return sessionmaker(bind=bind, class_=Session, expire_on_commit=False)


def probe_database(engine: Engine) -> None:
    """Do what every webhook needs, changing nothing; raises what the webhooks would meet.

    SQLite: take the write lock and write (a file that became read-only fails here as it
    would for a message); PostgreSQL: one round trip through a pooled connection.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
        else:
            conn.execute(text("SELECT 1"))
        conn.rollback()
