"""Serve a page's figures: the stored ones while current (or stale but young), else computed.

Safe under several web workers: the figures are computed in one snapshot and stored with its
stamp under a unique key (INSERT ... ON CONFLICT), so concurrent first views leave one row.
When two workers computed at different stamps, the last to store wins; if that is the older
one, the next view finds it not current. Figures are never served stale silently: stale
figures younger than the lag are served marked `stale` (the refresh job, `refresh`, replaces
them within the lag); older ones are computed afresh.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
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
LAG_MARGIN = timedelta(minutes=5)  # a refresh run's own time, at most


@dataclass(frozen=True)
class Served(Generic[T]):
    """Figures with when they were computed, whether this view computed them, and whether
    data changed since (served within the lag while the refresh job replaces them)."""

    value: T
    computed_at: datetime
    fresh: bool  # computed for this view (False: served from the stored row)
    stale: bool = False  # a watched table changed since: the page must say so


@dataclass(frozen=True)
class Figures(Generic[T]):
    """A page's figures: which, what they depend on besides the data, and how to compute them.

    `compute` reads in the session it is given, which sees one snapshot; `parts` must hold
    everything besides the data that the figures depend on (repr gives the key).
    """

    kind: str
    parts: tuple[Any, ...]
    value_type: type[T]
    compute: Callable[[Session], T]

    @property
    def key(self) -> str:
        """The stored row's key."""
        return figures_key(self.kind, self.parts)


def figures_key(kind: str, parts: tuple[Any, ...]) -> str:
    """What the figures depend on besides the data, as a fixed-length key."""
    return hashlib.sha256(repr((kind, parts)).encode()).hexdigest()


def serving_lag(refresh_minutes: int) -> timedelta:
    """How old stale figures may be and still be served (with a notice): the refresh job
    replaces them within its interval plus the time a run takes (LAG_MARGIN)."""
    return timedelta(minutes=refresh_minutes) + LAG_MARGIN


def _stored(session: Session, key: str, now: datetime) -> tuple[StoredFigures | None, bool]:
    """The key's stored row (None if none or from the future) and whether it is current."""
    row = session.exec(select(StoredFigures).where(StoredFigures.key == key)).first()
    if row is None or row.computed_at > now:
        return None, False
    return row, now - MAX_AGE <= row.computed_at and unchanged_since(session, row.stamp)


def serve(
    uow: UnitOfWork, figures: Figures[T], *, now: datetime, lag: timedelta = timedelta(0),
    force: bool = False,
) -> Served[T]:
    """The stored figures if current, or stale but computed within `lag`; else fresh ones.

    Stale figures are served marked `stale` (the page says so and offers to recompute);
    `force` computes and stores them whatever is stored ("Recalcular ahora").
    """
    with uow.reading():
        session = uow.session
        read_one_snapshot(session)
        stamp = data_stamp(session)  # the snapshot's first statement
        row, current = (None, False) if force else _stored(session, figures.key, now)
        if row is not None and (current or now - row.computed_at < lag):
            try:
                return Served(decode(figures.value_type, row.payload), row.computed_at,
                              fresh=False, stale=not current)
            except FiguresShapeError:
                log.info("stored %s figures no longer fit the code; computing them",
                         figures.kind)
        value = figures.compute(session)
    store(uow, key=figures.key, kind=figures.kind, stamp=stamp, payload=encode(value), now=now)
    return Served(value, now, fresh=True)


def refresh(uow: UnitOfWork, figures: Figures[Any], *, now: datetime) -> bool:
    """Recompute stored figures that are no longer current (True); leave current ones, and
    keys never stored (nobody viewed them), alone (False)."""
    with uow.reading():
        session = uow.session
        read_one_snapshot(session)
        stamp = data_stamp(session)
        row, current = _stored(session, figures.key, now)
        if row is None or current:
            return False
        value = figures.compute(session)
    store(uow, key=figures.key, kind=figures.kind, stamp=stamp, payload=encode(value), now=now)
    return True


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
