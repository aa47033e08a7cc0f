"""PostgreSQL with every wait bounded: a hung or vanished server is an error in seconds.

Twilio waits 15 s for a webhook and gunicorn kills a worker after 30 s, so no database wait
may come near either: connecting gives up after `CONNECT_TIMEOUT_S`, the server cancels a
statement after `STATEMENT_TIMEOUT_S` (and a lock wait sooner), and a server that stops
answering altogether — it still accepts bytes but says nothing — is given up on after
`RESPONSE_DEADLINE_S` by the client, which then closes the connection so that SQLAlchemy
drops it from the pool. Pooled connections are pinged before use, so the service recovers
by itself once the server is back.
"""

import time
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, event

CONNECT_TIMEOUT_S = 3
STATEMENT_TIMEOUT_S = 5
LOCK_TIMEOUT_S = 3
RESPONSE_DEADLINE_S = 7  # past the statement timeout: normally the server answers first


class DeadlineConnection(psycopg.Connection[Any]):
    """A psycopg connection that waits for its server at most `RESPONSE_DEADLINE_S` a time.

    psycopg waits for every answer through `wait()`, which takes a timeout but is given none
    by default; this supplies one. A connection that timed out is in an unknown state, so
    it is closed, which is what tells SQLAlchemy to discard it.
    """

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        """Consume psycopg's generator with a deadline; close the connection when it passes."""
        deadline = RESPONSE_DEADLINE_S if timeout is None else timeout
        started = time.monotonic()
        try:
            return super().wait(gen, interval=interval, timeout=deadline)
        except psycopg.OperationalError:
            if timeout is None and time.monotonic() - started >= deadline:
                self.close()
            raise


def postgres_engine(url: str, **kwargs: Any) -> Engine:
    """An engine whose connections time out at every step and are checked before use."""
    kwargs.setdefault("pool_pre_ping", True)
    # UTC sessions: times come back as UTC, whatever the server's own time zone.
    options = (
        f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000} "
        f"-c lock_timeout={LOCK_TIMEOUT_S * 1000} -c timezone=UTC"
    )
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_S, "options": options}
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
        return DeadlineConnection.connect(*cargs, **cparams)

    return engine
