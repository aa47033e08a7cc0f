"""Alembic owns the schema: head builds every table and agrees with the models, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import core.models  # noqa: F401 - registers the tables
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
