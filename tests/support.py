"""What tests of every tier build their settings and find their PostgreSQL server with."""

import os
from typing import Any

from core.settings import Settings

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def make_settings(db_url: str, **overrides: Any) -> Settings:
    """Settings for a test: nothing read from the environment or a .env file."""
    values: dict[str, Any] = {"DATABASE_URL": db_url, "SMS_PROVIDER": "console"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def postgres_required() -> bool:
    """CI (CI=true) and QONCHA_REQUIRE_POSTGRES=1 turn a missing server into a failure."""
    return os.environ.get("QONCHA_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true"


def pg_admin_url() -> str:
    return os.environ.get("QONCHA_TEST_POSTGRES_URL", DEFAULT_PG_URL)
