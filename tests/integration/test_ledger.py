"""The ITMO ledger on both backends: vintage blocks, serial splits, refusals and the audit."""

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from core.ledger.itmo import ItmoIdentity
from core.ledger.usecases import (
    BlockView,
    IssuanceResult,
    LedgerError,
    actions,
    holdings,
    issue_period,
    list_blocks,
    move_block,
    verify_ledger,
)
from core.models import LedgerBlock, LedgerRecord
from gateway.wiring import Services

IDENTITY = ItmoIdentity("PE-CH-TUKIWASI", "PE-RENAMI", "PE")
DIGEST = "ab" * 32
NOW = datetime(2026, 8, 1, 15, 0, tzinfo=UTC)
LIMA = "America/Lima"


def issue(
    services: Services,
    start: date,
    end: date,
    tonnes: int,
    days: dict[int, int],
    now: datetime = NOW,
) -> IssuanceResult:
    """Issue a period with an ER just above its issuable tonnes."""
    return issue_period(
        services.uow(),
        period_start=start,
        period_end=end,
        issuable_tonnes=tonnes,
        er_tco2e=tonnes + 0.7,
        stove_days_by_year=days,
        report_digest=DIGEST,
        methodology_version="13.1",
        identity=IDENTITY,
        actor="ana",
        now=now,
    )


def move(
    services: Services,
    block_id: int,
    action: str,
    quantity: int | None = None,
    now: datetime = NOW,
    **extra: Any,
) -> int:
    """Move a block as 'ana'."""
    return move_block(
        services.uow(),
        block_id=block_id,
        action=action,
        quantity=quantity,
        actor="ana",
        now=now,
        **extra,
    )


def live(services: Services) -> list[tuple[int, int, int, str]]:
    """Live blocks as (vintage, first serial, last serial, state), in serial order."""
    return [
        (b.vintage, b.serial_first, b.serial_last, b.state) for b in list_blocks(services.uow())
    ]


def test_period_across_a_year_boundary_becomes_one_block_per_vintage_adding_up(
    services: Services,
) -> None:
    # 101 t over 18,400 stove-days in 2025 and 18,100 in 2026: quotas 50.92 and 50.08;
    # floors 50 + 50, the spare tonne goes to the larger remainder (2025) -> 51 + 50.
    result = issue(services, date(2025, 7, 1), date(2026, 6, 30), 101, {2025: 18400, 2026: 18100})
    blocks = result.blocks
    assert [(b.vintage, b.serial_first, b.serial_last) for b in blocks] == [
        (2025, 1, 51),
        (2026, 52, 101),
    ]
    assert sum(b.quantity for b in blocks) == 101
    assert blocks[0].first_identifier == "PE-CH-TUKIWASI-PE-RENAMI-PE-2025-1"
    assert blocks[1].last_identifier == "PE-CH-TUKIWASI-PE-RENAMI-PE-2026-101"
    assert live(services) == [(2025, 1, 51, "issued"), (2026, 52, 101, "issued")]


def test_a_vintage_without_a_whole_tonne_gets_no_block(services: Services) -> None:
    # 3 t over 1,000 + 10 stove-days: quotas 2.97 and 0.03 -> 3 and 0; no 2026 block.
    result = issue(services, date(2025, 12, 1), date(2026, 1, 10), 3, {2025: 1000, 2026: 10})
    assert [(b.vintage, b.quantity) for b in result.blocks] == [(2025, 3)]


def test_an_overlapping_period_is_refused_and_serials_continue_after_it(
    services: Services,
) -> None:
    issue(services, date(2025, 1, 1), date(2025, 6, 30), 10, {2025: 100})
    with pytest.raises(LedgerError, match="overlaps issuance"):
        issue(services, date(2025, 6, 30), date(2025, 12, 31), 5, {2025: 100})  # shares 30 June
    later = issue(services, date(2025, 7, 1), date(2025, 12, 31), 5, {2025: 100})
    assert [(b.serial_first, b.serial_last) for b in later.blocks] == [(11, 15)]


@pytest.mark.parametrize(
    ("start", "end", "tonnes", "message"),
    [
        (date(2025, 6, 30), date(2025, 1, 1), 5, "before it starts"),
        (date(2025, 1, 1), date(2025, 6, 30), 0, "nothing to issue"),
        # NOW is 1 August 2026 15:00 UTC: 1 August is still running somewhere (UTC-12).
        (date(2026, 7, 1), date(2026, 8, 1), 5, "has not ended yet"),
    ],
)
def test_a_reversed_unfinished_or_empty_period_is_refused(
    services: Services, start: date, end: date, tonnes: int, message: str
) -> None:
    with pytest.raises(LedgerError, match=message):
        issue(services, start, end, tonnes, {2025: 100})
    assert live(services) == []


def test_a_partial_move_splits_the_serial_range(services: Services) -> None:
    (block,) = issue(services, date(2025, 1, 1), date(2025, 12, 31), 51, {2025: 365}).blocks
    moved = move(services, block.block_id, "authorize", quantity=20)
    # The first 20 serials move to a new block; the other 31 stay issued in a sibling.
    assert live(services) == [(2025, 1, 20, "authorized"), (2025, 21, 51, "issued")]
    assert moved != block.block_id
    everything = list_blocks(services.uow(), include_retired=True)
    parent = next(b for b in everything if b.block_id == block.block_id)
    assert parent.state == "split" and not parent.live
    with pytest.raises(LedgerError, match=f"split into blocks {moved} and {moved + 1}"):
        move(services, block.block_id, "cancel")
    assert verify_ledger(services.uow()).ok


def test_moving_more_than_a_block_holds_is_refused(services: Services) -> None:
    (block,) = issue(services, date(2025, 1, 1), date(2025, 12, 31), 10, {2025: 365}).blocks
    with pytest.raises(LedgerError, match="holds 10 ITMOs; cannot move 11"):
        move(services, block.block_id, "authorize", quantity=11)
    assert live(services) == [(2025, 1, 10, "issued")]


def test_a_used_block_cannot_move_again(services: Services) -> None:
    (block,) = issue(services, date(2025, 1, 1), date(2025, 12, 31), 10, {2025: 365}).blocks
    move(services, block.block_id, "authorize")
    move(services, block.block_id, "first_transfer", counterparty="CH")
    move(services, block.block_id, "use", note="CH NDC 2030")
    for action in ("transfer", "cancel", "use"):
        with pytest.raises(LedgerError, match="final"):
            move(services, block.block_id, action, counterparty="CH")
    assert live(services) == [(2025, 1, 10, "used")]


@pytest.mark.parametrize(
    ("setup", "action", "extra", "message"),
    [
        ([], "transfer", {"counterparty": "CH"}, "cannot transfer a block in state issued"),
        (["authorize"], "transfer", {"counterparty": "CH"}, "in state authorized"),
        (["authorize"], "first_transfer", {}, "needs the acquiring Party"),
        ([], "use", {}, "cannot use a block in state issued"),
    ],
)
def test_moves_out_of_order_are_refused(
    services: Services, setup: list[str], action: str, extra: dict[str, str], message: str
) -> None:
    (block,) = issue(services, date(2025, 1, 1), date(2025, 12, 31), 4, {2025: 365}).blocks
    for step in setup:
        move(services, block.block_id, step)
    with pytest.raises(LedgerError, match=message):
        move(services, block.block_id, action, **extra)


def test_verify_counts_live_blocks_after_moves(services: Services) -> None:
    blocks = issue(services, date(2025, 7, 1), date(2026, 6, 30), 30, {2025: 184, 2026: 181}).blocks
    # 30 t: quotas 15.12 and 14.88 -> 15 + 15 (2026 has the larger remainder).
    first = move(services, blocks[0].block_id, "authorize", quantity=5)
    move(services, first, "first_transfer", quantity=2, counterparty="CH")
    move(services, blocks[1].block_id, "cancel", quantity=15)
    result = verify_ledger(services.uow())
    # Live: 1-2 first transferred, 3-5 authorized, 6-15 issued, 16-30 cancelled.
    assert result.problems == []
    assert (result.blocks, result.itmos) == (4, 30)


def test_verify_detects_an_overlapping_block_inserted_behind_the_service(
    services: Services,
) -> None:
    (block,) = issue(services, date(2025, 1, 1), date(2025, 12, 31), 10, {2025: 365}).blocks
    with services.uow() as uow:
        forged = LedgerBlock(
            issuance_id=block.issuance_id,
            vintage=2025,
            serial_first=5,
            serial_last=7,
            created_at=NOW,
        )
        uow.session.add(forged)
        uow.session.flush()
        uow.session.add(
            LedgerRecord(
                block_id=forged.id or 0,
                seq=1,
                action="issue",
                state_after="issued",
                quantity=3,
                at=NOW,
            )
        )
        uow.commit()
    problems = verify_ledger(services.uow()).problems
    assert any("serials 5..7 issued twice" in p for p in problems)
    assert any("serials 5..7 held twice" in p for p in problems)
    assert any("13 ITMOs, not its 10" in p for p in problems)


def test_holdings_and_actions_follow_the_records_in_time(services: Services) -> None:
    issued_at = datetime(2026, 3, 1, tzinfo=UTC)
    (block,) = issue(
        services, date(2025, 1, 1), date(2025, 12, 31), 10, {2025: 365}, issued_at
    ).blocks
    move(services, block.block_id, "authorize", now=datetime(2026, 6, 1, tzinfo=UTC))
    # 1 Jan 2027 02:00 UTC is still 31 Dec 2026 in Lima (UTC-5).
    late = datetime(2027, 1, 1, 2, 0, tzinfo=UTC)
    move(services, block.block_id, "first_transfer", quantity=4, now=late, counterparty="CH")
    end_2026 = datetime(2027, 1, 1, 5, 0, tzinfo=UTC)  # first instant of 2027 in Lima
    held: list[BlockView] = holdings(services.uow(), as_at=end_2026)
    assert [(b.serial_first, b.serial_last, b.state) for b in held] == [
        (1, 4, "first_transferred"),
        (5, 10, "authorized"),
    ]
    before = holdings(services.uow(), as_at=datetime(2026, 5, 1, tzinfo=UTC))
    assert [(b.quantity, b.state) for b in before] == [(10, "issued")]
    rows = actions(services.uow(), year=2026, tz=LIMA)
    assert [(r.action, r.quantity, r.first_transfer) for r in rows] == [
        ("issue", 10, False),
        ("authorize", 10, False),
        ("first_transfer", 4, True),
    ]
    assert (rows[2].holder_before, rows[2].counterparty, rows[2].action_date) == (
        "PE",
        "CH",
        date(2026, 12, 31),
    )
    assert actions(services.uow(), year=2027, tz=LIMA) == []


def _race(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls at once in threads; returns each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            outcomes[index] = calls[index]()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_moves_of_one_block_let_exactly_one_through(services: Services) -> None:
    (block,) = issue(services, date(2025, 1, 1), date(2025, 12, 31), 10, {2025: 365}).blocks
    outcomes = _race([lambda: move(services, block.block_id, "authorize", quantity=3)] * 4)
    assert sum(isinstance(o, int) for o in outcomes) == 1
    assert all(isinstance(o, LedgerError | int) for o in outcomes)
    assert live(services) == [(2025, 1, 3, "authorized"), (2025, 4, 10, "issued")]
    assert verify_ledger(services.uow()).ok


def test_concurrent_issuance_of_overlapping_periods_issues_once(services: Services) -> None:
    periods = [(date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 6, 1), date(2026, 5, 31))]
    calls = [
        lambda p=p: issue(services, p[0], p[1], 7, {y: 100 for y in {p[0].year, p[1].year}})
        for p in periods * 2
    ]
    outcomes = _race(calls)
    assert sum(isinstance(o, IssuanceResult) for o in outcomes) == 1
    assert all(isinstance(o, LedgerError | IssuanceResult) for o in outcomes)
    result = verify_ledger(services.uow())
    assert result.ok and result.itmos == 7
