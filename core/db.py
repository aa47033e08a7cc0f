"""Engine construction: the per-backend settings that make concurrent workers safe."""

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Build an engine; SQLite gets WAL, a busy timeout and write-locking transactions.

    SQLite lets one writer in at a time. With several gunicorn workers, a transaction that
    reads and then writes would fail at once with SQLITE_BUSY when another worker wrote in
    between; `BEGIN IMMEDIATE` takes the write lock up front, so writers queue on the busy
    timeout instead of failing.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below drive transactions
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> "sessionmaker[Session]":
    """Sessions that keep loaded values after commit, so services can return them."""
    return sessionmaker(bind=engine, class_=Session, expire_on_commit=False)
