"""The ledger as the Article 6.2 agreed electronic format reports it: actions and holdings."""

from dataclasses import dataclass
from datetime import date, datetime

from core.db.uow import UnitOfWork
from core.ledger.itmo import SPLIT_ACTION, ItmoIdentity
from core.ledger.query import BlockView, SerialRange, load_ledger
from core.periods import day_bounds_utc, local_date


@dataclass(frozen=True)
class ActionRow(SerialRange):
    """One reportable action on a serial range (splits are bookkeeping and never reported)."""

    action_id: int
    at: datetime
    action_date: date  # in the programme's time zone
    action: str  # issue | authorize | first_transfer | transfer | use | cancel
    identity: ItmoIdentity
    vintage: int
    serial_first: int
    serial_last: int
    quantity: int
    holder_before: str  # the transferring Party of a transfer; empty for the issuance
    holder_after: str
    counterparty: str | None  # the acquiring Party of a transfer
    note: str
    first_transfer: bool


def holdings(
    uow: UnitOfWork, *, as_at: datetime | None = None, vintage: int | None = None
) -> list[BlockView]:
    """List every live block (of `vintage`, or all) and its state at the instant `as_at`.

    `as_at` counts records stamped before it (None: all of them); for the holdings "as at
    31 December" pass the first instant of 1 January that follows, in the programme's time
    zone. Used and cancelled blocks are listed with their state.
    """
    with uow.reading():
        views = load_ledger(uow.session).views(before=as_at)
    return [view for view in views if vintage is None or view.vintage == vintage]


def actions(
    uow: UnitOfWork,
    *,
    tz: str,
    year: int | None = None,
    vintage: int | None = None,
    before: datetime | None = None,
) -> list[ActionRow]:
    """List the actions in order, those taken in calendar `year` (programme time zone), on
    ITMOs of `vintage` and stamped before `before`; None leaves that condition out."""
    bounds = None if year is None else day_bounds_utc(date(year, 1, 1), date(year, 12, 31), tz)
    with uow.reading():
        ledger = load_ledger(uow.session)
    rows = []
    for block_id, records in ledger.records.items():
        block = ledger.blocks[block_id]
        if vintage is not None and block.vintage != vintage:
            continue
        identity = ledger.identity(block)
        for index, record in enumerate(records):
            if record.action == SPLIT_ACTION:
                continue
            if bounds is not None and not bounds[0] <= record.at < bounds[1]:
                continue
            if before is not None and record.at >= before:
                continue
            rows.append(
                ActionRow(
                    action_id=record.id or 0,
                    at=record.at,
                    action_date=local_date(record.at, tz),
                    action=record.action,
                    identity=identity,
                    vintage=block.vintage,
                    serial_first=block.serial_first,
                    serial_last=block.serial_last,
                    quantity=record.quantity,
                    holder_before=records[index - 1].holder if index else "",
                    holder_after=record.holder,
                    counterparty=record.counterparty,
                    note=record.note,
                    first_transfer=record.first_transfer,
                )
            )
    return sorted(rows, key=lambda r: (r.at, r.action_id))
