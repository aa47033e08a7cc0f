"""The ledger's hash chain: every ledger row, in write order, linked by SHA-256.

Each link holds the row's canonical JSON (`content`) and `hash = sha256(prev_hash +
content)` in hex, the first `prev_hash` being 64 zeros. Changing, removing or inserting a
row anywhere breaks every later link, so a verifier holding a recent head hash (or the
exported chain) sees any rewrite. Writers append under the serial counter's row lock,
so links never fork, even with several PostgreSQL workers.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from core.models import (
    LedgerAdjustment,
    LedgerBlock,
    LedgerChainEntry,
    LedgerCounter,
    LedgerHoldingsSnapshot,
    LedgerIssuance,
    LedgerRecord,
    LedgerReportReference,
)

GENESIS = "0" * 64
COUNTER_NAME = "itmo"  # the one row of ledger_counters
# Chain kind -> table model; the order is the order rows of one instant are written in.
KINDS: dict[str, type[SQLModel]] = {
    "issuance": LedgerIssuance,
    "references": LedgerReportReference,
    "block": LedgerBlock,
    "record": LedgerRecord,
    "adjustment": LedgerAdjustment,
    "holdings": LedgerHoldingsSnapshot,
}
# Columns added after rows were already chained: left out of a row's content while empty,
# so that links written before them still verify.
ADDED_LATER: dict[str, tuple[str, ...]] = {"issuance": ("ccp_label", "integrity_json")}


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, ASCII only, so every verifier hashes the same."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def link_hash(prev_hash: str, content: str) -> str:
    """The hash of one link: sha256 over the previous hash and the row's canonical JSON."""
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """A column value as JSON: instants in UTC ISO 8601, days ISO, the rest as is."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_content(kind: str, values: Mapping[str, Any]) -> str:
    """The canonical JSON of a ledger row from its column values (a model or a SQL row)."""
    columns = KINDS[kind].__table__.columns  # type: ignore[attr-defined]
    later = ADDED_LATER.get(kind, ())
    body = {
        c.name: _plain(values[c.name])
        for c in columns
        if not (c.name in later and values.get(c.name) is None)
    }
    return canonical({"kind": kind, **body})


def content_of(kind: str, row: SQLModel) -> str:
    """The canonical JSON of a stored model row."""
    return row_content(kind, row.model_dump())


def lock_ledger(session: Session) -> LedgerCounter:
    """Lock the serial counter row (creating it if absent): one ledger writer at a time."""
    locked = (
        select(LedgerCounter)
        .where(LedgerCounter.name == COUNTER_NAME)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    counter = session.exec(locked).first()
    if counter is not None:
        return counter
    highest = session.exec(select(func.max(LedgerBlock.serial_last))).one()
    try:
        with session.begin_nested():
            session.add(LedgerCounter(name=COUNTER_NAME, next_serial=(highest or 0) + 1))
    except IntegrityError:
        pass  # another worker created it first; its row is locked below
    return session.exec(locked).one()


def append_link(session: Session, kind: str, row: SQLModel) -> LedgerChainEntry:
    """Link a just-written row into the chain; the caller holds `lock_ledger`."""
    session.flush()
    session.refresh(row)  # hash what the database holds, not what Python meant to write
    last = session.exec(
        select(LedgerChainEntry).order_by(col(LedgerChainEntry.seq).desc()).limit(1)
    ).first()
    prev = last.hash if last is not None else GENESIS
    content = content_of(kind, row)
    entry = LedgerChainEntry(
        seq=(last.seq if last is not None else 0) + 1,
        kind=kind,
        row_id=getattr(row, "id"),  # noqa: B009 - every ledger row has an integer id
        content=content,
        prev_hash=prev,
        hash=link_hash(prev, content),
    )
    session.add(entry)
    session.flush()
    return entry


def load_chain(session: Session) -> list[LedgerChainEntry]:
    """Every link in chain order."""
    return list(session.exec(select(LedgerChainEntry).order_by(col(LedgerChainEntry.seq))))
