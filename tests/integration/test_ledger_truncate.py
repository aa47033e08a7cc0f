"""An emptied ledger is seen: TRUNCATE is refused, and verify notices what was wiped anyway."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from test_ledger import issue

from core.ledger.usecases import verify_ledger
from gateway.wiring import Services

LEDGER_TABLES = (
    "ledger_issuances", "ledger_blocks", "ledger_records", "ledger_chain", "ledger_adjustments",
    "ledger_report_references", "ledger_holdings_snapshots", "ledger_counters",
)  # fmt: skip


@pytest.fixture
def issued(services: Services) -> Services:
    """One issuance of 10 ITMOs: a ledger whose chain has links and whose counter moved."""
    issue(services, date(2025, 1, 1), date(2025, 12, 31), 10, {2025: 365})
    return services


def wipe(engine: Engine, tables: tuple[str, ...]) -> None:
    """Empty ledger tables past their triggers, as the database's superuser could."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
            return
        for table in reversed(tables):  # children first: foreign keys hold
            names = conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                {"t": table},
            ).scalars()
            for name in list(names):
                conn.execute(text(f"DROP TRIGGER {name}"))
            conn.execute(text(f"DELETE FROM {table}"))


@pytest.mark.parametrize("table", LEDGER_TABLES)
def test_truncate_of_a_ledger_table_is_refused(issued: Services, table: str) -> None:
    if issued.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE triggers are tested below")
    with pytest.raises(DBAPIError, match="append-only"), issued.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {table} CASCADE"))
    assert verify_ledger(issued.uow()).problems == []


def test_the_serial_counter_row_cannot_be_deleted(issued: Services) -> None:
    with pytest.raises(DBAPIError, match="append-only"), issued.engine.begin() as conn:
        conn.execute(text("DELETE FROM ledger_counters"))


def test_an_intact_chain_holds_its_published_head(issued: Services) -> None:
    head = verify_ledger(issued.uow()).head

    result = verify_ledger(issued.uow(), expect_head=head.upper())

    assert result.problems == []
    assert result.published_at == result.links == 3


def test_a_ledger_emptied_but_its_counter_is_reported_as_emptied(issued: Services) -> None:
    wipe(issued.engine, LEDGER_TABLES[:-1])

    result = verify_ledger(issued.uow())

    assert result.problems == [
        "the serial counter is at 11 but the ledger holds no block: it was emptied"
    ]


def test_a_ledger_emptied_whole_misses_the_published_head(issued: Services) -> None:
    head = verify_ledger(issued.uow()).head
    wipe(issued.engine, LEDGER_TABLES)

    result = verify_ledger(issued.uow(), expect_head=head)

    assert result.problems == [
        f"the published head {head} is not in the hash chain (0 links): "
        "the ledger was emptied or rewritten since it was published"
    ]
