"""Alembic environment: compares against SQLModel.metadata, renders SQLModel's types plainly."""

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import context
from sqlmodel import SQLModel

import core.models  # noqa: F401 - registers every table on the metadata
from core.db.engines import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    """Emit SQL without a connection (alembic upgrade --sql)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate through a live connection; batch mode lets SQLite alter tables."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # No statement timeout: rebuilding a large table may rightly take minutes.
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "", timeouts=False)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with _references_checked_after(connection), context.begin_transaction():
        context.run_migrations()


@contextmanager
def _references_checked_after(connection) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """On SQLite, enforce foreign keys after the migration instead of during it.

    Batch mode rebuilds a table by copying it and dropping the original, which SQLite refuses
    while other tables' rows refer to it and enforcement is on. SQLite's own procedure for
    such changes: enforcement off (possible only outside a transaction), change, then
    `PRAGMA foreign_key_check`; a migration that broke a reference fails by name.
    """
    if connection.dialect.name != "sqlite" or connection.in_transaction():
        yield
        return
    dbapi_connection = connection.connection.dbapi_connection
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = dbapi_connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            tables = sorted({f"{row[0]} -> {row[2]}" for row in broken})
            raise RuntimeError(f"migration left broken references: {', '.join(tables)}")
    finally:
        dbapi_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
