"""The ITMO ledger: issuances, immutable serial blocks and the append-only records that move them.

Nothing here is ever updated or deleted: database triggers refuse both on every table but
the serial counter (migration 0008), and every row is linked into a SHA-256 hash chain
(`ledger_chain`) that `ledger verify` recomputes. A block's state is the `state_after` of
its latest record (highest `seq`). A partial move retires a block by a `split` record
(state `split`) and creates two children whose first record is also a `split` (carrying the
parent's state); the child that moves then gets the move's own record.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from core.models.base import UtcDateTime


class LedgerIssuanceBase(SQLModel):
    period_start: date
    period_end: date
    er_tco2e: float
    issuable_tonnes: int
    report_digest: str = Field(max_length=64)  # sha256 of the canonical report JSON
    methodology_version: str = Field(max_length=40)
    # The identity every ITMO of this issuance carries, fixed at issuance (decision 6/CMA.4).
    cooperative_approach_id: str = Field(max_length=100)
    originating_registry: str = Field(max_length=100)
    first_transferring_party: str = Field(max_length=20)
    issued_by: str = Field(default="", max_length=100)
    # The report's `parameters` block (JSON), so its digest can be recomputed at any time.
    parameters_json: str = Field(default="", sa_column=Column(Text, nullable=False))
    # "CCP" only when the methodology is approved and every integrity condition passed
    # (core/mrv/integrity.py), with the record of why (JSON); None on issuances made before.
    ccp_label: str | None = Field(default=None, max_length=20)
    integrity_json: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class LedgerIssuance(LedgerIssuanceBase, table=True):
    """A monitoring period turned into ITMOs; periods never overlap (checked under the lock)."""

    __tablename__ = "ledger_issuances"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="ck_ledger_issuance_period"),
        CheckConstraint("issuable_tonnes > 0", name="ck_ledger_issuance_tonnes"),
    )

    id: int | None = Field(default=None, primary_key=True)
    issued_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class LedgerBlockBase(SQLModel):
    vintage: int
    serial_first: int
    serial_last: int  # inclusive


class LedgerBlock(LedgerBlockBase, table=True):
    """A contiguous serial range of one vintage; written once, retired only by a split record."""

    __tablename__ = "ledger_blocks"
    __table_args__ = (
        CheckConstraint("serial_first >= 1", name="ck_ledger_block_first"),
        CheckConstraint("serial_last >= serial_first", name="ck_ledger_block_range"),
        # Two issued blocks never start at the same serial, whatever the service does.
        Index(
            "uq_ledger_block_root_first",
            "serial_first",
            unique=True,
            sqlite_where=text("parent_block_id IS NULL"),
            postgresql_where=text("parent_block_id IS NULL"),
        ),
        # A parent is split once: a second split would repeat the first child's start.
        UniqueConstraint("parent_block_id", "serial_first", name="uq_ledger_block_child_first"),
    )

    id: int | None = Field(default=None, primary_key=True)
    issuance_id: int = Field(foreign_key="ledger_issuances.id", index=True)
    parent_block_id: int | None = Field(default=None, foreign_key="ledger_blocks.id", index=True)
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class LedgerRecordBase(SQLModel):
    # issue | split | authorize | first_transfer | transfer | use | cancel
    action: str = Field(max_length=20)
    # issued | authorized | first_transferred | transferred | used | cancelled | split
    state_after: str = Field(max_length=20)
    quantity: int
    actor: str = Field(default="", max_length=100)
    holder: str = Field(default="", max_length=100)  # the Party holding the units afterwards
    counterparty: str | None = Field(default=None, max_length=100)  # acquiring Party
    note: str = Field(default="", sa_column=Column(Text, nullable=False))  # purpose of use
    # The corresponding-adjustment trigger, flagged apart from the action itself.
    first_transfer: bool = False


class LedgerRecord(LedgerRecordBase, table=True):
    """One appended event of a block; a unique (block, seq) stops two concurrent moves landing."""

    __tablename__ = "ledger_records"
    __table_args__ = (
        UniqueConstraint("block_id", "seq", name="uq_ledger_record_seq"),
        CheckConstraint("quantity > 0", name="ck_ledger_record_quantity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    block_id: int = Field(foreign_key="ledger_blocks.id", index=True)
    seq: int  # 1, 2, ... within the block
    at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))


class LedgerCounter(SQLModel, table=True):
    """The next serial to allot; its row is locked FOR UPDATE, which serialises ledger writers.

    The one mutable ledger table, on purpose: it records nothing a verifier relies on. It is
    a lock and a cursor; issuance allots after the highest serial on record whatever it
    says, and `ledger verify` recomputes the serial ranges from the (immutable) blocks.
    """

    __tablename__ = "ledger_counters"

    name: str = Field(primary_key=True, max_length=20)
    next_serial: int = 1


class LedgerChainEntry(SQLModel, table=True):
    """One link of the hash chain over every ledger row, in the order they were written.

    `content` is the row's canonical JSON; `hash` = sha256(prev_hash + content), hex. An
    outside verifier needs only these three columns (`ledger export --format chain`).
    """

    __tablename__ = "ledger_chain"
    __table_args__ = (UniqueConstraint("kind", "row_id", name="uq_ledger_chain_row"),)

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    # issuance | references | block | record | adjustment | holdings
    kind: str = Field(max_length=20)
    row_id: int
    content: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class LedgerAdjustment(SQLModel, table=True):
    """Evidence recorded after its period was issued, and what it did to that period's ER.

    The issued period keeps its ITMOs; the difference (er_after - er_before) is carried into
    the next issuance as a correction when negative (see core.ledger.adjustments).
    """

    __tablename__ = "ledger_adjustments"

    id: int | None = Field(default=None, primary_key=True)
    issuance_id: int = Field(foreign_key="ledger_issuances.id", index=True)
    kind: str = Field(max_length=20)  # visits | households
    reason: str = Field(sa_column=Column(Text, nullable=False))
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    er_before: float
    er_after: float
    digest_before: str = Field(max_length=64)
    digest_after: str = Field(max_length=64)
    recorded_by: str = Field(default="", max_length=100)
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class LedgerReportReference(SQLModel, table=True):
    """The reports an issuance rests on, for the annual report: written with the issuance.

    The monitoring report is the buyer's package (`monitoring-report`): its identifier and
    the SHA-256 of its manifest, which fixes every file in it. The verification report is
    the verifier's own document, referenced as they name it. Empty means not given.
    """

    __tablename__ = "ledger_report_references"

    id: int | None = Field(default=None, primary_key=True)
    issuance_id: int = Field(foreign_key="ledger_issuances.id", index=True)
    monitoring_report_id: str = Field(default="", max_length=100)
    monitoring_report_sha256: str = Field(default="", max_length=64)
    verification_report: str = Field(default="", max_length=300)
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class LedgerHoldingsSnapshot(SQLModel, table=True):
    """The holdings frozen as at the end of 31 December, for the agreed electronic format.

    `content` is the canonical JSON of every live block as it stood at `as_at_instant` (the
    first instant after the day, programme time zone); `sha256` is its digest. A snapshot is
    never edited: a later one for the same day that differs names the one it corrects.
    """

    __tablename__ = "ledger_holdings_snapshots"

    id: int | None = Field(default=None, primary_key=True)
    as_at: date = Field(index=True)
    as_at_instant: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    authorization_version: str = Field(default="", max_length=40)
    content: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(max_length=64)
    corrects_id: int | None = Field(default=None, foreign_key="ledger_holdings_snapshots.id")
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    recorded_by: str = Field(default="", max_length=100)
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
