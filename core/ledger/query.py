"""Reading the ledger back: blocks with their state and holder, as of now or of a past instant."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from core.ledger.chain import COUNTER_NAME as COUNTER_NAME
from core.ledger.itmo import SPLIT, ItmoIdentity, itmo_identifier
from core.models import LedgerBlock, LedgerIssuance, LedgerRecord


class SerialRange:
    """The identifiers of an inclusive serial range of one vintage, for blocks and actions."""

    identity: ItmoIdentity
    vintage: int
    serial_first: int
    serial_last: int

    @property
    def first_identifier(self) -> str:
        """Identifier of the range's first ITMO."""
        return itmo_identifier(self.identity, vintage=self.vintage, serial=self.serial_first)

    @property
    def last_identifier(self) -> str:
        """Identifier of the range's last ITMO."""
        return itmo_identifier(self.identity, vintage=self.vintage, serial=self.serial_last)


@dataclass(frozen=True)
class BlockView(SerialRange):
    """A serial block as exports and the CLI show it: range, vintage, state and holder."""

    block_id: int
    issuance_id: int
    parent_block_id: int | None
    vintage: int
    serial_first: int
    serial_last: int
    state: str
    holder: str
    identity: ItmoIdentity

    @classmethod
    def of(
        cls, block: LedgerBlock, *, state: str, holder: str, identity: ItmoIdentity
    ) -> "BlockView":
        """View a stored block in the state and with the holder its records give it."""
        return cls(
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

    @property
    def quantity(self) -> int:
        """Number of ITMOs in the block (the range is inclusive)."""
        return self.serial_last - self.serial_first + 1

    @property
    def live(self) -> bool:
        """Whether the block holds its serials (not retired by a split)."""
        return self.state != SPLIT


@dataclass
class LedgerSnapshot:
    """Every issuance, block and record, loaded once for exports and verification."""

    issuances: dict[int, LedgerIssuance]
    blocks: dict[int, LedgerBlock]
    records: dict[int, list[LedgerRecord]]  # block id -> records in seq order

    def identity(self, block: LedgerBlock) -> ItmoIdentity:
        """The identity the block's issuance fixed for its ITMOs."""
        issuance = self.issuances[block.issuance_id]
        return ItmoIdentity(
            cooperative_approach_id=issuance.cooperative_approach_id,
            originating_registry=issuance.originating_registry,
            first_transferring_party=issuance.first_transferring_party,
        )

    def view(self, block: LedgerBlock, before: datetime | None = None) -> BlockView | None:
        """The block as it stood (records stamped before `before`, or all); None if not yet."""
        records = self.records.get(block.id or 0, [])
        if before is not None:
            records = [r for r in records if r.at < before]
        if not records:
            return None
        latest = records[-1]
        return BlockView.of(
            block, state=latest.state_after, holder=latest.holder, identity=self.identity(block)
        )

    def views(self, before: datetime | None = None, *, live_only: bool = True) -> list[BlockView]:
        """All blocks that existed (before `before`), in serial order."""
        out = [v for b in self.blocks.values() if (v := self.view(b, before)) is not None]
        if live_only:
            out = [v for v in out if v.live]
        return sorted(out, key=lambda v: (v.serial_first, v.vintage, v.block_id))


def load_ledger(session: Session) -> LedgerSnapshot:
    """Read the whole ledger in three queries (it holds thousands of rows, not millions)."""
    issuances = {i.id or 0: i for i in session.exec(select(LedgerIssuance))}
    blocks = {b.id or 0: b for b in session.exec(select(LedgerBlock))}
    records: dict[int, list[LedgerRecord]] = {}
    ordered = select(LedgerRecord).order_by(col(LedgerRecord.block_id), col(LedgerRecord.seq))
    for record in session.exec(ordered):
        records.setdefault(record.block_id, []).append(record)
    return LedgerSnapshot(issuances=issuances, blocks=blocks, records=records)
