"""`ledger verify`: replay every record and prove no serial was issued twice, lost or invented.

It also recomputes the hash chain over every ledger row, each frozen year-end holdings
snapshot, and, given the programme time zone, each issued period's report from the
evidence as it is now (core.ledger.audit).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from core.db.uow import UnitOfWork
from core.ledger.audit import check_chain, check_issued_reports
from core.ledger.holdings import check_snapshots
from core.ledger.itmo import (
    ISSUE,
    ISSUED,
    SPLIT,
    SPLIT_ACTION,
    LedgerError,
    next_state,
    triggers_corresponding_adjustment,
)
from core.ledger.query import COUNTER_NAME, LedgerSnapshot, load_ledger
from core.models import LedgerBlock, LedgerChainEntry, LedgerCounter


@dataclass
class VerifyResult:
    """The problems found (none means the ledger is sound) and the live holdings counted."""

    problems: list[str] = field(default_factory=list)
    blocks: int = 0  # live blocks
    itmos: int = 0  # ITMOs in live blocks
    links: int = 0  # hash-chain links
    head: str = ""  # the last link's hash, worth publishing
    published_at: int | None = None  # the link carrying the head given as published
    notes: list[str] = field(default_factory=list)  # post-issuance adjustments, for the record

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems


def verify_ledger(
    uow: UnitOfWork,
    *,
    tz: str | None = None,
    now: datetime | None = None,
    expect_head: str | None = None,
) -> VerifyResult:
    """Recompute the holdings and the chain from the rows and list every inconsistency found.

    Given the programme time zone `tz` and `now`, also recompute every issued report. Given
    `expect_head`, a head hash published earlier, check the chain still holds that link: a
    ledger emptied or rewritten behind the triggers cannot reproduce it.
    """
    result = VerifyResult()
    problems = result.problems
    with uow.reading():
        ledger = load_ledger(uow.session)
        counter = uow.session.get(LedgerCounter, COUNTER_NAME)
        next_serial = counter.next_serial if counter is not None else None
        result.links, result.head = check_chain(uow.session, problems)
        check_snapshots(uow.session, ledger, problems)
        if expect_head is not None:
            result.published_at = _published_link(uow.session, expect_head, result, problems)
        if tz is not None and now is not None:
            report_problems, result.notes = check_issued_reports(uow.session, tz=tz, now=now)
            problems.extend(report_problems)
    states = _replay(ledger, problems)
    _check_issuances(ledger, problems)
    _check_lineage(ledger, states, problems)
    live = sorted(
        (b for b in ledger.blocks.values() if states.get(b.id or 0) not in (SPLIT, None)),
        key=lambda b: (b.serial_first, b.id or 0),
    )
    roots = sorted(
        (b for b in ledger.blocks.values() if b.parent_block_id is None),
        key=lambda b: (b.serial_first, b.id or 0),
    )
    _check_disjoint(roots, "issued", problems)
    _check_disjoint(live, "held", problems)
    issued, held = sum(map(_size, roots)), sum(map(_size, live))
    if issued != held:
        problems.append(f"{issued} ITMOs were issued but live blocks hold {held}")
    if ledger.blocks:
        highest = max(b.serial_last for b in ledger.blocks.values())
        if next_serial is None:
            problems.append("serials were issued but the serial counter is missing")
        elif next_serial <= highest:
            problems.append(f"serial counter at {next_serial} would reissue serial {highest}")
    elif next_serial is not None and next_serial > 1:
        problems.append(
            f"the serial counter is at {next_serial} but the ledger holds no block: "
            "it was emptied"
        )
    result.blocks, result.itmos = len(live), held
    return result


def _published_link(
    session: Session, head: str, result: VerifyResult, problems: list[str]
) -> int | None:
    """The chain position of a published head hash, or None with the problem noted."""
    entry = session.exec(
        select(LedgerChainEntry).where(col(LedgerChainEntry.hash) == head.lower())
    ).first()
    if entry is None:
        problems.append(
            f"the published head {head} is not in the hash chain ({result.links} links): "
            "the ledger was emptied or rewritten since it was published"
        )
        return None
    return entry.seq


def _size(block: LedgerBlock) -> int:
    return block.serial_last - block.serial_first + 1


def _replay(ledger: LedgerSnapshot, problems: list[str]) -> dict[int, str]:
    """Replay each block's records through the state machine; returns the state each reaches."""
    states: dict[int, str] = {}
    for block_id, block in sorted(ledger.blocks.items()):
        records = ledger.records.get(block_id, [])
        if not records:
            problems.append(f"block {block_id} has no record")
            continue
        if [r.seq for r in records] != list(range(1, len(records) + 1)):
            problems.append(f"block {block_id}: record sequence has gaps")
        first = records[0]
        expected = ISSUE if block.parent_block_id is None else SPLIT_ACTION
        if first.action != expected or (expected == ISSUE and first.state_after != ISSUED):
            problems.append(
                f"block {block_id}: starts with {first.action} -> {first.state_after}, "
                f"expected {expected}" + (f" -> {ISSUED}" if expected == ISSUE else "")
            )
        state = first.state_after
        for record in records[1:]:
            if state == SPLIT:
                problems.append(f"block {block_id}: record {record.id} after the block was split")
            elif record.action == SPLIT_ACTION:
                if record.state_after != SPLIT:
                    problems.append(f"block {block_id}: split record {record.id} leaves it live")
            else:
                try:
                    after = next_state(state, record.action)
                except LedgerError as exc:
                    problems.append(f"block {block_id}: record {record.id}: {exc}")
                    after = record.state_after
                if after != record.state_after:
                    problems.append(f"block {block_id}: record {record.id} has a wrong state")
                if record.first_transfer != triggers_corresponding_adjustment(state, record.action):
                    problems.append(
                        f"block {block_id}: record {record.id} has a wrong first-transfer flag"
                    )
            state = record.state_after
        wrong = [r.id for r in records if r.quantity != _size(block)]
        if wrong:
            problems.append(f"block {block_id}: records {wrong} disagree with its {_size(block)}")
        states[block_id] = state
    return states


def _check_issuances(ledger: LedgerSnapshot, problems: list[str]) -> None:
    """Periods never overlap, and each issuance's vintage blocks add up to its tonnes."""
    periods = sorted(ledger.issuances.values(), key=lambda i: (i.period_start, i.id or 0))
    for before, after in zip(periods, periods[1:], strict=False):
        if after.period_start <= before.period_end:
            problems.append(f"issuances {before.id} and {after.id} cover overlapping periods")
    roots: dict[int, list[LedgerBlock]] = defaultdict(list)
    for block in ledger.blocks.values():
        if block.parent_block_id is None:
            roots[block.issuance_id].append(block)
    for issuance_id, issuance in sorted(ledger.issuances.items()):
        blocks = roots.get(issuance_id, [])
        if sum(map(_size, blocks)) != issuance.issuable_tonnes:
            problems.append(
                f"issuance {issuance_id}: blocks hold {sum(map(_size, blocks))} ITMOs, "
                f"not its {issuance.issuable_tonnes} issuable tonnes"
            )
        vintages = [b.vintage for b in blocks]
        if len(set(vintages)) != len(vintages):
            problems.append(f"issuance {issuance_id}: more than one block per vintage")
        years = range(issuance.period_start.year, issuance.period_end.year + 1)
        if any(v not in years for v in vintages):
            problems.append(f"issuance {issuance_id}: a vintage outside its period")


def _check_lineage(ledger: LedgerSnapshot, states: dict[int, str], problems: list[str]) -> None:
    """A split block's children partition its range exactly; only split blocks have children."""
    children: dict[int, list[LedgerBlock]] = defaultdict(list)
    for block in ledger.blocks.values():
        if block.parent_block_id is not None:
            children[block.parent_block_id].append(block)
    for block_id, block in sorted(ledger.blocks.items()):
        parts = sorted(children.get(block_id, []), key=lambda b: b.serial_first)
        split = states.get(block_id) == SPLIT
        if split != bool(parts):
            problems.append(f"block {block_id}: split record and child blocks disagree")
            continue
        records = ledger.records.get(block_id, [])
        inherited = records[-2].state_after if len(records) >= 2 else None
        for part in parts:
            first = ledger.records.get(part.id or 0, [])[:1]
            if first and first[0].state_after != inherited:
                problems.append(f"block {part.id}: does not start in its parent's state")
        cursor = block.serial_first
        for part in parts:
            if part.serial_first != cursor or (part.vintage, part.issuance_id) != (
                block.vintage,
                block.issuance_id,
            ):
                problems.append(f"block {block_id}: children do not partition its serials")
                break
            cursor = part.serial_last + 1
        else:
            if parts and cursor != block.serial_last + 1:
                problems.append(f"block {block_id}: children do not partition its serials")


def _check_disjoint(blocks: list[LedgerBlock], what: str, problems: list[str]) -> None:
    """Report every pair of neighbouring blocks (sorted by first serial) that share serials."""
    reach: LedgerBlock | None = None
    for block in blocks:
        if reach is not None and block.serial_first <= reach.serial_last:
            last = min(block.serial_last, reach.serial_last)
            problems.append(
                f"serials {block.serial_first}..{last} {what} twice: "
                f"blocks {reach.id} and {block.id} overlap"
            )
        if reach is None or block.serial_last > reach.serial_last:
            reach = block
