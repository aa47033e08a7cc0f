"""Property: whatever issues and (partial) moves happen, no serial is held twice or lost."""

import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from core.ledger.itmo import MOVES, ItmoIdentity, LedgerError
from core.ledger.usecases import issue_period, list_blocks, move_block, verify_ledger
from gateway.wiring import build_services
from tests.support import make_settings

pytestmark = pytest.mark.slow  # a property test: many ledgers per run

IDENTITY = ItmoIdentity("PE-CH-TUKIWASI", "PE-RENAMI", "PE")
PERIOD_DAYS = 200  # consecutive 200-day periods from 2025-01-01; some cross a year end

ISSUE_OP = st.tuples(st.just("issue"), st.integers(1, 40), st.booleans())
MOVE_OP = st.tuples(
    st.just("move"),
    st.integers(0, 30),
    st.sampled_from(sorted(MOVES)),
    st.one_of(st.none(), st.integers(1, 12), st.integers(13, 45)),
)


def _days_by_year(start: date, end: date) -> dict[int, int]:
    """Calendar days of [start, end] per year, standing in for a report's stove-days."""
    return {
        year: (min(end, date(year, 12, 31)) - max(start, date(year, 1, 1))).days + 1
        for year in range(start.year, end.year + 1)
    }


@settings(database=None, deadline=None, max_examples=30)
@given(ops=st.lists(st.one_of(ISSUE_OP, MOVE_OP), min_size=1, max_size=14))
def test_serials_never_overlap_and_none_is_lost(sqlite_template: Path, ops: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.sqlite3"
        shutil.copyfile(sqlite_template, path)
        services = build_services(make_settings(f"sqlite:///{path}"))
        try:
            _play(services, ops)
        finally:
            services.engine.dispose()


def _play(services, ops: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    """Apply the operations, checking after each that refusals and holdings are as expected."""
    now = datetime(2035, 1, 1, tzinfo=UTC)  # after every period drawn below
    periods, issued = 0, 0
    for op in ops:
        now += timedelta(hours=1)
        if op[0] == "issue":
            _, tonnes, overlap = op
            index = max(periods - 1, 0) if overlap else periods
            start = date(2025, 1, 1) + timedelta(days=PERIOD_DAYS * index)
            end = start + timedelta(days=PERIOD_DAYS - 1)
            try:
                issue_period(
                    services.uow(),
                    period_start=start,
                    period_end=end,
                    issuable_tonnes=tonnes,
                    er_tco2e=tonnes + 0.5,
                    stove_days_by_year=_days_by_year(start, end),
                    report_digest="0" * 64,
                    methodology_version="13.1",
                    identity=IDENTITY,
                    actor="prop",
                    now=now,
                )
            except LedgerError:
                assert overlap and periods > 0  # only a repeated period is refused
            else:
                assert index == periods
                periods, issued = periods + 1, issued + tonnes
        else:
            _, pick, action, quantity = op
            blocks = list_blocks(services.uow())
            if not blocks:
                continue
            block = blocks[pick % len(blocks)]
            allowed = block.state in MOVES[action][0]
            fits = quantity is None or quantity <= block.quantity
            try:
                move_block(
                    services.uow(),
                    block_id=block.block_id,
                    action=action,
                    quantity=quantity,
                    actor="prop",
                    now=now,
                    counterparty="CH",
                )
            except LedgerError:
                assert not (allowed and fits)
                event("move refused")
            else:
                assert allowed and fits
                event("partial move" if quantity and quantity < block.quantity else "whole move")
        held = sorted((b.serial_first, b.serial_last) for b in list_blocks(services.uow()))
        serials = [s for first, last in held for s in range(first, last + 1)]
        assert serials == list(range(1, issued + 1))  # each issued serial once, none lost
        assert verify_ledger(services.uow()).problems == []
