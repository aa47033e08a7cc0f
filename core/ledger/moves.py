"""Moving ITMO blocks: every move appends records; a partial move splits the serial range.

A move locks its block row (SELECT ... FOR UPDATE), then the ledger (the serial counter
row, so hash-chain links never fork), and appends under a unique (block, seq), so two
concurrent moves of one block cannot both succeed.
"""

from datetime import datetime

from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.ledger.chain import append_link, lock_ledger
from core.ledger.itmo import (
    SPLIT,
    SPLIT_ACTION,
    TRANSFERS,
    LedgerError,
    next_state,
    triggers_corresponding_adjustment,
)
from core.models import LedgerBlock, LedgerRecord


# Over 60 lines: one locked ledger transaction; split, the lock's scope would be hidden.
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
    counterparty = (counterparty or "").strip() or None
    if action in TRANSFERS and counterparty is None:
        raise LedgerError(f"{action.replace('_', '-')} needs the acquiring Party (--to)")
    if quantity is not None and quantity <= 0:
        raise LedgerError(f"quantity must be a positive number of ITMOs, got {quantity}")
    with uow:
        session = uow.session
        locked = select(LedgerBlock).where(LedgerBlock.id == block_id).with_for_update()
        block = session.exec(locked.execution_options(populate_existing=True)).first()
        if block is None:
            raise LedgerError(f"no ledger block {block_id}")
        lock_ledger(session)
        latest = _latest_record(session, block_id)
        if latest.state_after == SPLIT:
            parts = session.exec(
                select(LedgerBlock.id)
                .where(LedgerBlock.parent_block_id == block_id)
                .order_by(col(LedgerBlock.serial_first))
            ).all()
            names = " and ".join(str(p) for p in parts)
            raise LedgerError(f"block {block_id} was split into blocks {names}; move one of those")
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
        holder = counterparty if action in TRANSFERS and counterparty else latest.holder
        flag = triggers_corresponding_adjustment(latest.state_after, action)
        append_record(
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
    for child in children:
        session.add(child)
        append_link(session, "block", child)
    head, rest = children
    size = parent.serial_last - parent.serial_first + 1
    note = f"split into blocks {head.id} ({moved}) and {rest.id} ({size - moved})"
    holder, state = latest.holder, latest.state_after
    append_record(
        session, parent, latest.seq + 1, SPLIT_ACTION, SPLIT, size, actor, holder, now, note=note
    )
    for child in children:
        quantity = child.serial_last - child.serial_first + 1
        part = f"part of block {parent.id}"
        append_record(
            session, child, 1, SPLIT_ACTION, state, quantity, actor, holder, now, note=part
        )
    return head


def append_record(
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
    """Append one record to a block and chain it; a unique (block, seq) stops a duplicate."""
    record = LedgerRecord(
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
    session.add(record)
    append_link(session, "record", record)


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
