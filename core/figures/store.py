"""Serve a page's figures: the stored ones while current, else computed once and stored.

Safe under several web workers: the figures are computed in one snapshot and stored with its
stamp under a unique key (INSERT ... ON CONFLICT), so concurrent first views leave one row.
When two workers computed at different stamps, the last to store wins; if that is the older
one, the next view finds it not current and computes again — figures are never served stale.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from core.db.snapshot import read_one_snapshot
from core.db.uow import UnitOfWork
from core.figures.codec import FiguresShapeError, decode, encode
from core.figures.stamp import MAX_AGE, data_stamp, forget_old_changes, unchanged_since
from core.models import StoredFigures

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Served(Generic[T]):
    """Figures with when they were computed, and whether this view computed them."""

    value: T
    computed_at: datetime
    fresh: bool  # computed for this view (False: served from the stored row)


def figures_key(kind: str, parts: tuple[Any, ...]) -> str:
    """What the figures depend on besides the data, as a fixed-length key."""
    return hashlib.sha256(repr((kind, parts)).encode()).hexdigest()


def serve(
    uow: UnitOfWork, *, kind: str, parts: tuple[Any, ...], value_type: type[T],
    compute: Callable[[Session], T], now: datetime,
) -> Served[T]:
    """The stored figures of (kind, parts) if no watched table changed since; else fresh ones.

    `compute` reads in the session it is given, which sees one snapshot; `parts` must hold
    everything besides the data that the figures depend on (repr gives the key).
    """
    key = figures_key(kind, parts)
    with uow.reading():
        session = uow.session
        read_one_snapshot(session)
        stamp = data_stamp(session)  # the snapshot's first statement
        row = session.exec(select(StoredFigures).where(StoredFigures.key == key)).first()
        if (row is not None and now - MAX_AGE <= row.computed_at <= now
                and unchanged_since(session, row.stamp)):
            try:
                return Served(decode(value_type, row.payload), row.computed_at, fresh=False)
            except FiguresShapeError:
                log.info("stored %s figures no longer fit the code; computing them", kind)
        value = compute(session)
    store(uow, key=key, kind=kind, stamp=stamp, payload=encode(value), now=now)
    return Served(value, now, fresh=True)


def store(uow: UnitOfWork, *, key: str, kind: str, stamp: str, payload: str,
          now: datetime) -> None:
    """Keep figures under their key (one row per key), and drop what no view can serve."""
    values = {"key": key, "kind": kind, "stamp": stamp, "computed_at": now, "payload": payload}
    try:
        with uow:
            session = uow.session
            insert = (pg_insert if session.get_bind().dialect.name == "postgresql"
                      else sqlite_insert)(StoredFigures)
            statement = insert.values(**values)
            session.execute(statement.on_conflict_do_update(
                index_elements=[col(StoredFigures.key)],
                set_={"stamp": stamp, "computed_at": now, "payload": payload},
                where=col(StoredFigures.stamp) != statement.excluded.stamp))
            session.execute(delete(StoredFigures)
                            .where(col(StoredFigures.computed_at) < now - MAX_AGE))
            forget_old_changes(session)
            uow.commit()
    except OperationalError:  # a busy or read-only database: the view still has its figures
        log.warning("could not store %s figures; they will be computed again", kind)
