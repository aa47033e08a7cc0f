"""SQLite under several threads: the settings every connection gets."""

from pathlib import Path

from core.db.engines import WAL_AUTOCHECKPOINT_PAGES, make_engine


def test_every_sqlite_connection_is_set_up_for_concurrent_writers(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'qoncha.sqlite3'}")
    with engine.connect() as conn:
        settings = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "wal_autocheckpoint")
        }
    engine.dispose()

    assert settings == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL: durable at checkpoints, consistent always
        "foreign_keys": 1,
        "wal_autocheckpoint": WAL_AUTOCHECKPOINT_PAGES,
    }
    assert not (tmp_path / "qoncha.sqlite3-lock").exists()  # no lock-file writer queue
