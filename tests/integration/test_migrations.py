"""Alembic owns the schema: head builds every table and agrees with the models, on both backends."""

import re

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel

import core.models  # noqa: F401 - registers the tables
from core.db.uow import UnitOfWork
from core.ledger.usecases import verify_ledger
from migrations import alembic_config


def test_head_creates_every_model_table(db_url: str) -> None:
    engine = create_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_agree(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
        current = context.get_current_revision()
    engine.dispose()
    assert differences == []
    head = ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()
    assert current == head


def test_revisions_form_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1


def test_upgrading_a_database_in_use_keeps_its_messages_and_their_references(db_url: str) -> None:
    """0004 rebuilds inbound_messages on SQLite while observations refer to its rows."""
    config = alembic_config(db_url)
    command.downgrade(config, "0003")
    try:
        engine = create_engine(db_url)
        with engine.begin() as conn:
            for statement in SEED_0003:
                conn.execute(text(statement))
        command.upgrade(config, "head")
        with engine.connect() as conn:
            linked = conn.execute(
                text(
                    "SELECT o.days_used, m.body FROM usage_observations o "
                    "JOIN inbound_messages m ON m.id = o.source_message_id"
                )
            ).all()
            duplicate_key = conn.execute(
                text("SELECT COUNT(*) FROM inbound_messages WHERE content_key = 'k1'")
            ).scalar_one()
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(INSERT_MESSAGE.format(provider_id="ev-3", content_key="'k1'")))
        engine.dispose()
    finally:
        command.upgrade(config, "head")
    assert linked == [(5, "uso 5")]
    assert duplicate_key == 1


INSERT_MESSAGE = (
    "INSERT INTO inbound_messages (provider, provider_id, content_key, sender, sender_valid,"
    " recipient, body, raw_payload, received_at, stored_at, interpretation, needs_review)"
    " VALUES ('android', '{provider_id}', {content_key}, '+51987654321', true, '', 'uso 5', '',"
    " '2026-03-01 12:00:00', '2026-03-01 12:00:00', 'usage', false)"
)
SEED_0003 = (
    "INSERT INTO households (id, name, district, community, created_at)"
    " VALUES (1, 'Familia Quispe', 'Amarilis', 'Pomacucho', '2026-01-01 00:00:00')",
    "INSERT INTO stoves (id, code, household_id, installed_on, baseline_stove, created_at)"
    " VALUES (1, 'ABC123', 1, '2025-06-01', 'open_fire', '2026-01-01 00:00:00')",
    INSERT_MESSAGE.format(provider_id="ev-1", content_key="'k1'"),
    INSERT_MESSAGE.format(provider_id="ev-2", content_key="NULL"),
    "INSERT INTO usage_observations (stove_id, week, days_used, source, source_message_id,"
    " reported_at) SELECT 1, '2026-W09', 5, 'sms', id, '2026-03-01 12:00:00'"
    " FROM inbound_messages WHERE provider_id = 'ev-1'",
)


def test_receive_times_no_program_can_read_are_replaced_by_the_storing_time(db_url: str) -> None:
    """0006: rows stored before receive times were range-checked export again."""
    config = alembic_config(db_url)
    command.downgrade(config, "0005")
    engine = create_engine(db_url)
    try:
        sqlite = db_url.startswith("sqlite")
        stored = "'2026-11-28 00:46:20" + (".000000'" if sqlite else "+00'")
        with engine.begin() as conn:
            for number, moment in enumerate(
                ["'10000-01-01 11:59:59" + (".000000'" if sqlite else "+00'"),
                 "'0001-01-01 00:00:00" + (".000000'" if sqlite else "+00'"), stored]
            ):  # fmt: skip
                conn.execute(text(
                    "INSERT INTO inbound_messages (provider, provider_id, sender, sender_valid, "
                    "recipient, body, raw_payload, received_at, stored_at, interpretation, "
                    f"needs_review) VALUES ('android', 'ev-{number}', '+519', TRUE, '', 'uso 5', "
                    f"'{{}}', {moment}, {stored}, 'usage', FALSE)"
                ))  # fmt: skip
        command.upgrade(config, "head")
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT provider_id, received_at = stored_at, needs_review FROM inbound_messages "
                "ORDER BY provider_id"
            )).all()  # fmt: skip
    finally:
        engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("ev-0", True, True), ("ev-1", True, True), ("ev-2", True, False)
    ]


def test_upgrading_a_ledger_in_use_links_its_rows_into_the_chain_and_locks_them(
    db_url: str,
) -> None:
    """0008 chains the ledger rows written before it, in write order, then adds the triggers."""
    config = alembic_config(db_url)
    command.downgrade(config, "0005")
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            for statement in SEED_LEDGER_0005:
                conn.execute(text(statement))
        command.upgrade(config, "head")
        factory = sessionmaker(bind=engine, class_=Session, expire_on_commit=False)
        result = verify_ledger(UnitOfWork(factory))
        with engine.connect() as conn:
            kinds = conn.execute(text("SELECT kind FROM ledger_chain ORDER BY seq")).scalars().all()
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text("UPDATE ledger_records SET holder = 'DE'"))
    finally:
        engine.dispose()
        command.upgrade(config, "head")
    assert kinds == ["issuance", "block", "record"]
    assert (result.problems, result.links, result.itmos) == ([], 3, 5)


SEED_LEDGER_0005 = (
    "INSERT INTO ledger_issuances (id, period_start, period_end, er_tco2e, issuable_tonnes,"
    " report_digest, methodology_version, cooperative_approach_id, originating_registry,"
    " first_transferring_party, issued_by, issued_at) VALUES (1, '2025-01-01', '2025-12-31',"
    f" 5.5, 5, '{'ab' * 32}', '13.1', 'PE-CH', 'PE-RENAMI', 'PE', 'ana', '2026-02-01 15:00:00')",
    "INSERT INTO ledger_blocks (id, issuance_id, vintage, serial_first, serial_last, created_at)"
    " VALUES (1, 1, 2025, 1, 5, '2026-02-01 15:00:00')",
    "INSERT INTO ledger_records (id, block_id, seq, action, state_after, quantity, actor, holder,"
    " note, first_transfer, at) VALUES (1, 1, 1, 'issue', 'issued', 5, 'ana', 'PE', '', false,"
    " '2026-02-01 15:00:00')",
    "INSERT INTO ledger_counters (name, next_serial) VALUES ('itmo', 6)",
)


def test_stoves_made_before_0023_each_get_their_own_random_pseudonym(db_url: str) -> None:
    """0023 gives every existing stove an S- pseudonym, unique, nothing of its code or id."""
    config = alembic_config(db_url)
    command.downgrade(config, "0019")
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO households (id, name, district, community, pseudonym, created_at)"
                " VALUES (1, 'Familia Quispe', 'Amarilis', '', 'H-00000000000000aa',"
                " '2026-01-01 00:00:00')"))  # fmt: skip
            for n, code in enumerate(("ABC123", "ABC124"), start=1):
                conn.execute(text(
                    "INSERT INTO stoves (id, code, household_id, installed_on, baseline_stove,"
                    f" stove_model, created_at) VALUES ({n}, '{code}', 1, '2025-06-01',"
                    " 'open_fire', '', '2026-01-01 00:00:00')"))  # fmt: skip
        command.upgrade(config, "head")
        with engine.connect() as conn:
            named = conn.execute(text("SELECT pseudonym FROM stoves ORDER BY id")).scalars().all()
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(f"UPDATE stoves SET pseudonym = '{named[0]}' WHERE id = 2"))
    finally:
        engine.dispose()
        command.upgrade(config, "head")
    assert len(named) == 2 and named[0] != named[1]
    assert all(re.fullmatch(r"S-[0-9a-f]{16}", p) for p in named)
