"""The ITMO ledger's use cases: issue a monitored period as serial blocks, and move blocks.

Every change appends rows; nothing is updated except the serial counter. Issuance locks
the counter row first, which serialises issuers, so the overlap check and the serial
allotment see every committed issuance even with several PostgreSQL workers. A move locks
its block row, then appends under a unique (block, seq), so two concurrent moves of one
block cannot both succeed.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.itmo import (
    ISSUE,
    ISSUED,
    SPLIT,
    SPLIT_ACTION,
    TRANSFERS,
    ItmoIdentity,
    LedgerError,
    next_state,
    split_by_vintage,
    triggers_corresponding_adjustment,
)
from core.models import LedgerBlock, LedgerCounter, LedgerIssuance, LedgerRecord
from core.services.ledger_query import COUNTER_NAME, BlockView, load_ledger
from core.services.ledger_reports import ActionRow, actions, holdings
from core.services.ledger_verify import VerifyResult, verify_ledger
from core.uow import UnitOfWork

__all__ = [
    "ActionRow",
    "BlockView",
    "IssuanceResult",
    "LedgerError",
    "VerifyResult",
    "actions",
    "holdings",
    "issue_period",
    "list_blocks",
    "move_block",
    "verify_ledger",
]

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class IssuanceResult:
    """What an issuance created: its id and one block per vintage with tonnes."""

    issuance_id: int
    period_start: date
    period_end: date
    issuable_tonnes: int
    blocks: list[BlockView]


def issue_period(
    uow: UnitOfWork,
    *,
    period_start: date,
    period_end: date,
    issuable_tonnes: int,
    er_tco2e: float,
    stove_days_by_year: Mapping[int, int],
    report_digest: str,
    methodology_version: str,
    identity: ItmoIdentity,
    actor: str,
    now: datetime,
) -> IssuanceResult:
    """Turn a monitored period's issuable tonnes into vintage blocks with fresh serials, once."""
    if period_end < period_start:
        raise LedgerError(f"period ends ({period_end}) before it starts ({period_start})")
    if issuable_tonnes <= 0:
        raise LedgerError(f"nothing to issue: {period_start}..{period_end} has 0 issuable tonnes")
    if issuable_tonnes > er_tco2e:
        raise LedgerError(f"{issuable_tonnes} t to issue exceeds the reduction ({er_tco2e} tCO2e)")
    if not _SHA256.fullmatch(report_digest):
        raise LedgerError("report digest must be a lowercase hex sha256")
    outside = [y for y in stove_days_by_year if not period_start.year <= y <= period_end.year]
    if outside:
        raise LedgerError(f"stove-days given for years outside the period: {sorted(outside)}")
    shares = split_by_vintage(issuable_tonnes, stove_days_by_year)
    with uow:
        session = uow.session
        counter = _lock_counter(session)
        _refuse_overlap(session, period_start, period_end)
        issuance = LedgerIssuance(
            period_start=period_start,
            period_end=period_end,
            er_tco2e=er_tco2e,
            issuable_tonnes=issuable_tonnes,
            report_digest=report_digest,
            methodology_version=methodology_version,
            cooperative_approach_id=identity.cooperative_approach_id,
            originating_registry=identity.originating_registry,
            first_transferring_party=identity.first_transferring_party,
            issued_by=actor,
            issued_at=now,
        )
        session.add(issuance)
        session.flush()
        views = []
        for vintage, tonnes in shares.items():
            if tonnes == 0:
                continue  # a vintage without whole tonnes gets no block
            block = LedgerBlock(
                issuance_id=issuance.id or 0,
                vintage=vintage,
                serial_first=counter.next_serial,
                serial_last=counter.next_serial + tonnes - 1,
                created_at=now,
            )
            counter.next_serial += tonnes
            session.add(block)
            session.flush()
            holder = identity.first_transferring_party
            _append(session, block, 1, ISSUE, ISSUED, tonnes, actor, holder, now)
            views.append(_view(block, ISSUED, holder, identity))
        session.add(counter)
        uow.commit()
        return IssuanceResult(issuance.id or 0, period_start, period_end, issuable_tonnes, views)


def move_block(
    uow: UnitOfWork,
    *,
    block_id: int,
    action: str,
    quantity: int | None,
    actor: str,
    now: datetime,
    counterparty: str | None = None,
    note: str = "",
) -> int:
    """Move a block (or its first `quantity` ITMOs, splitting it) to its next state.

    Returns the id of the block now in the new state: the block itself, or on a partial
    move the new child holding the first `quantity` serials (its sibling keeps the rest
    in the old state, and the parent is retired by a `split` record).
    """
    if action in TRANSFERS and not (counterparty or "").strip():
        raise LedgerError(f"{action.replace('_', '-')} needs the acquiring Party (--to)")
    if quantity is not None and quantity <= 0:
        raise LedgerError(f"quantity must be a positive number of ITMOs, got {quantity}")
    with uow:
        session = uow.session
        locked = select(LedgerBlock).where(LedgerBlock.id == block_id).with_for_update()
        block = session.exec(locked.execution_options(populate_existing=True)).first()
        if block is None:
            raise LedgerError(f"no ledger block {block_id}")
        latest = _latest_record(session, block_id)
        if latest.state_after == SPLIT:
            raise LedgerError(f"block {block_id} was split; move one of its parts instead")
        try:
            state_after = next_state(latest.state_after, action)
        except LedgerError as exc:
            raise LedgerError(f"block {block_id}: {exc}") from exc
        size = block.serial_last - block.serial_first + 1
        moved = size if quantity is None else quantity
        if moved > size:
            raise LedgerError(f"block {block_id} holds {size} ITMOs; cannot move {moved}")
        target, seq = block, latest.seq + 1
        if moved < size:
            target = _split(session, block, latest, moved, actor, now)
            seq = 2
        holder = counterparty.strip() if action in TRANSFERS and counterparty else latest.holder
        flag = triggers_corresponding_adjustment(latest.state_after, action)
        _append(
            session,
            target,
            seq,
            action,
            state_after,
            moved,
            actor,
            holder,
            now,
            counterparty=counterparty,
            note=note,
            first_transfer=flag,
        )
        uow.commit()
        return target.id or 0


def list_blocks(uow: UnitOfWork, *, include_retired: bool = False) -> list[BlockView]:
    """List blocks with their current state, so staff can pick the one to move."""
    with uow:
        return load_ledger(uow.session).views(live_only=not include_retired)


def _split(
    session: Session,
    parent: LedgerBlock,
    latest: LedgerRecord,
    moved: int,
    actor: str,
    now: datetime,
) -> LedgerBlock:
    """Retire `parent` and write its two children; returns the child holding the first serials."""
    children = [
        LedgerBlock(
            issuance_id=parent.issuance_id,
            vintage=parent.vintage,
            serial_first=first,
            serial_last=last,
            parent_block_id=parent.id,
            created_at=now,
        )
        for first, last in (
            (parent.serial_first, parent.serial_first + moved - 1),
            (parent.serial_first + moved, parent.serial_last),
        )
    ]
    session.add_all(children)
    session.flush()
    head, rest = children
    size = parent.serial_last - parent.serial_first + 1
    note = f"split into blocks {head.id} ({moved}) and {rest.id} ({size - moved})"
    holder, state = latest.holder, latest.state_after
    _append(session, parent, latest.seq + 1, SPLIT_ACTION, SPLIT, size, actor, holder, now, note=note)
    for child in children:
        quantity = child.serial_last - child.serial_first + 1
        part = f"part of block {parent.id}"
        _append(session, child, 1, SPLIT_ACTION, state, quantity, actor, holder, now, note=part)
    return head


def _append(
    session: Session,
    block: LedgerBlock,
    seq: int,
    action: str,
    state_after: str,
    quantity: int,
    actor: str,
    holder: str,
    at: datetime,
    *,
    counterparty: str | None = None,
    note: str = "",
    first_transfer: bool = False,
) -> None:
    """Append one record; the unique (block, seq) makes a concurrent duplicate fail."""
    session.add(
        LedgerRecord(
            block_id=block.id or 0,
            seq=seq,
            action=action,
            state_after=state_after,
            quantity=quantity,
            actor=actor,
            holder=holder,
            counterparty=counterparty,
            note=note,
            first_transfer=first_transfer,
            at=at,
        )
    )
    session.flush()


def _latest_record(session: Session, block_id: int) -> LedgerRecord:
    """The record that gives a block its current state."""
    statement = (
        select(LedgerRecord)
        .where(LedgerRecord.block_id == block_id)
        .order_by(col(LedgerRecord.seq).desc())
    )
    record = session.exec(statement).first()
    if record is None:
        raise LedgerError(f"ledger block {block_id} has no record; run `ledger verify`")
    return record


def _lock_counter(session: Session) -> LedgerCounter:
    """Lock the serial counter row, creating it after the highest serial on record if absent."""
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


def _refuse_overlap(session: Session, period_start: date, period_end: date) -> None:
    """Refuse a period sharing any day with an issued one (both ends inclusive)."""
    clash = session.exec(
        select(LedgerIssuance)
        .where(LedgerIssuance.period_start <= period_end, LedgerIssuance.period_end >= period_start)
        .order_by(col(LedgerIssuance.period_start))
    ).first()
    if clash is not None:
        raise LedgerError(
            f"period {period_start}..{period_end} overlaps issuance {clash.id} "
            f"({clash.period_start}..{clash.period_end}); a period is issued once"
        )


def _view(block: LedgerBlock, state: str, holder: str, identity: ItmoIdentity) -> BlockView:
    return BlockView(
        block_id=block.id or 0,
        issuance_id=block.issuance_id,
        parent_block_id=block.parent_block_id,
        vintage=block.vintage,
        serial_first=block.serial_first,
        serial_last=block.serial_last,
        state=state,
        holder=holder,
        identity=identity,
    )
