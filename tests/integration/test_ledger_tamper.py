"""A ledger that cannot be rewritten: triggers refuse edits, and the hash chain names any edit
made with the triggers dropped (both backends)."""

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from core.ledger.chain import append_link, link_hash, lock_ledger
from core.ledger.usecases import move_block, verify_ledger
from core.models import LedgerAdjustment, LedgerRecord
from gateway.wiring import Services
from tests.integration.test_ledger import DIGEST, issue

NOW = datetime(2026, 8, 1, 15, 0, tzinfo=UTC)
_MIGRATION = (
    Path(__file__).resolve().parents[2] / "migrations/versions/0008_ledger_chain_adjustments.py"
)


def _migration():  # type: ignore[no-untyped-def]
    """The revision that creates the triggers, whose statements the tests re-run."""
    spec = importlib.util.spec_from_file_location("ledger_triggers_revision", _MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATION = _migration()


@contextmanager
def triggers_dropped(engine: Engine) -> Iterator[None]:
    """Drop the append-only triggers, as someone with the database's owner rights could."""
    dialect = engine.dialect.name
    with engine.begin() as conn:
        for statement in MIGRATION.drop_triggers(dialect):
            conn.execute(text(statement))
    try:
        yield
    finally:
        with engine.begin() as conn:
            for statement in MIGRATION.create_triggers(dialect):
                conn.execute(text(statement))


@pytest.fixture
def ledger(services: Services) -> Services:
    """Issuance 1 (block 1, 10.7 t ER), then: authorize, first transfer of 4 to CH, use."""
    issue(services, date(2025, 1, 1), date(2025, 12, 31), 10, {2025: 365})
    move_block(services.uow(), block_id=1, action="authorize", quantity=None, actor="a", now=NOW)
    moved = move_block(
        services.uow(),
        block_id=1,
        action="first_transfer",
        quantity=4,
        actor="a",
        now=NOW,
        counterparty="CH",
    )
    move_block(services.uow(), block_id=moved, action="use", quantity=None, actor="a", now=NOW)
    with services.uow() as uow:
        lock_ledger(uow.session)
        adjustment = LedgerAdjustment(
            issuance_id=1,
            kind="visits",
            reason="late visit",
            er_before=10.7,
            er_after=10.1,
            digest_before="ab" * 32,
            digest_after="cd" * 32,
            recorded_at=NOW,
        )
        uow.session.add(adjustment)
        append_link(uow.session, "adjustment", adjustment)
        uow.commit()
    return services


FORBIDDEN = [
    "DELETE FROM ledger_records WHERE action = 'use'",
    "UPDATE ledger_records SET counterparty = 'DE' WHERE action = 'first_transfer'",
    "UPDATE ledger_records SET holder = 'DE' WHERE action = 'use'",
    "UPDATE ledger_issuances SET er_tco2e = 99.0",
    "UPDATE ledger_issuances SET report_digest = 'ef'",
    "DELETE FROM ledger_issuances",
    "UPDATE ledger_blocks SET serial_last = serial_last + 1",
    "DELETE FROM ledger_blocks",
    "UPDATE ledger_chain SET hash = 'x'",
    "DELETE FROM ledger_chain",
    "UPDATE ledger_adjustments SET er_after = 11.0",
    "DELETE FROM ledger_adjustments",
]


@pytest.mark.parametrize("statement", FORBIDDEN)
def test_every_update_and_delete_on_a_ledger_table_is_refused(
    ledger: Services, statement: str
) -> None:
    with pytest.raises(DBAPIError, match="append-only"), ledger.engine.begin() as conn:
        conn.execute(text(statement))
    assert verify_ledger(ledger.uow()).problems == []


def test_the_serial_counter_stays_writable_and_cannot_lead_to_reissued_serials(
    ledger: Services,
) -> None:
    with ledger.engine.begin() as conn:
        conn.execute(text("UPDATE ledger_counters SET next_serial = 3"))
    result = issue(ledger, date(2026, 1, 1), date(2026, 1, 31), 2, {2026: 31})
    assert [(b.serial_first, b.serial_last) for b in result.blocks] == [(11, 12)]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "UPDATE ledger_records SET counterparty = 'DE' WHERE action = 'first_transfer'",
            "ledger record 6 (block 2, seq 2) no longer matches chain link 10: "
            "counterparty 'CH' -> 'DE'",
        ),
        (
            "UPDATE ledger_records SET holder = 'DE' WHERE action = 'use'",
            "ledger record 7 (block 2, seq 3) no longer matches chain link 11: holder 'CH' -> 'DE'",
        ),
        (
            "DELETE FROM ledger_records WHERE action = 'use'",
            "ledger record 7 (block 2, seq 3) was deleted (chain link 11)",
        ),
        (
            "UPDATE ledger_issuances SET er_tco2e = 99.0",
            "issuance 1 (2025-01-01..2025-12-31) no longer matches chain link 1: "
            "er_tco2e 10.7 -> 99.0",
        ),
        (
            f"UPDATE ledger_issuances SET report_digest = '{'ef' * 32}'",
            f"issuance 1 (2025-01-01..2025-12-31) no longer matches chain link 1: "
            f"report_digest '{DIGEST}' -> '{'ef' * 32}'",
        ),
        (
            "UPDATE ledger_adjustments SET er_after = 11.0",
            "ledger adjustment 1 no longer matches chain link 12: er_after 10.1 -> 11.0",
        ),
    ],
)
def test_an_edit_made_with_the_triggers_dropped_is_named_by_verify(
    ledger: Services, statement: str, expected: str
) -> None:
    assert verify_ledger(ledger.uow()).problems == []
    with triggers_dropped(ledger.engine), ledger.engine.begin() as conn:
        conn.execute(text(statement))
    result = verify_ledger(ledger.uow())
    assert expected in result.problems, result.problems


def test_rewriting_a_link_to_match_an_edit_breaks_the_next_link(ledger: Services) -> None:
    with triggers_dropped(ledger.engine), ledger.engine.begin() as conn:
        conn.execute(text("UPDATE ledger_issuances SET er_tco2e = 99.0"))
        content, prev = conn.execute(
            text("SELECT content, prev_hash FROM ledger_chain WHERE seq = 1")
        ).one()
        forged = content.replace('"er_tco2e":10.7', '"er_tco2e":99.0')
        conn.execute(
            text("UPDATE ledger_chain SET content = :c, hash = :h WHERE seq = 1"),
            {"c": forged, "h": link_hash(prev, forged)},
        )
    problems = verify_ledger(ledger.uow()).problems
    assert any(p.startswith("chain link 2 (ledger block 1) does not follow") for p in problems)


def test_verify_detects_a_record_edited_to_skip_states(services: Services) -> None:
    (block,) = issue(services, date(2025, 1, 1), date(2025, 12, 31), 10, {2025: 365}).blocks
    with triggers_dropped(services.engine), services.uow() as uow:
        record = uow.session.exec(select(LedgerRecord)).one()
        record.state_after = "used"  # an edit skipping authorize..use
        uow.session.add(record)
        uow.commit()
    problems = verify_ledger(services.uow()).problems
    expected = f"block {block.block_id}: starts with issue -> used, expected issue -> issued"
    assert expected in problems
    assert any(p.startswith("ledger record 1 (block 1, seq 1) no longer matches") for p in problems)
