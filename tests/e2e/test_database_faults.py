"""Database faults, injected from outside: every webhook and /healthz answer the same, in
seconds, and recover without a restart once the database is back.

PostgreSQL faults go through a TCP proxy in front of the shared server (tests/fakes); SQLite
faults are done to the file itself: made read-only, its folder moved away, deleted.
"""

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from core.models import InboundMessage
from core.monitoring.exports import export_messages
from gateway.app import create_app
from gateway.wiring import Services, build_services
from tests.e2e.gateway_support import (
    TWILIO_AUTH_TOKEN,
    count,
    post_twilio,
    seed_stove,
    twilio_params,
    twiml_messages,
)
from tests.fakes.tcp_proxy import TcpProxy
from tests.support import make_settings

pytestmark = pytest.mark.slow  # connections cut and databases locked until timeouts fire

TWILIO_TIMEOUT_S = 15  # how long Twilio waits for a webhook before giving up


class Gateway:
    """The app on its services, asked what a provider and a load balancer would ask."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.client = create_app(services=services).test_client()
        self._sid = 0

    def sms(self, body: str = "AYUDA") -> tuple[int, float]:
        """Status of a signed Twilio webhook, and the seconds it took."""
        self._sid += 1
        started = time.monotonic()
        response = post_twilio(self.client, twilio_params(body, sid=f"SM{self._sid:032d}"))
        return response.status_code, time.monotonic() - started

    def health(self) -> tuple[int, float]:
        """Status of /healthz, and the seconds it took."""
        started = time.monotonic()
        response = self.client.get("/healthz")
        return response.status_code, time.monotonic() - started


def statuses(gateway: Gateway) -> tuple[int, int]:
    """(webhook, healthz) statuses, each answered well before Twilio gives up."""
    sms, sms_took = gateway.sms()
    health, health_took = gateway.health()
    assert sms_took < TWILIO_TIMEOUT_S - 3 and health_took < TWILIO_TIMEOUT_S - 3
    return sms, health


# PostgreSQL, through the proxy


@pytest.fixture
def proxy(postgres_database: str) -> Iterator[TcpProxy]:
    """A proxy in front of the test run's PostgreSQL database, passing."""
    url = make_url(postgres_database)
    running = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    yield running
    running.stop()


@pytest.fixture
def pg_gateway(postgres_database: str, proxy: TcpProxy) -> Iterator[Gateway]:
    """The gateway on PostgreSQL reached through the proxy."""
    url = make_url(postgres_database).set(host="127.0.0.1", port=proxy.port)
    services = build_services(make_settings(
        url.render_as_string(hide_password=False), TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN
    ))  # fmt: skip
    yield Gateway(services)
    proxy.set("pass")
    services.engine.dispose()


@pytest.mark.postgres
def test_a_server_that_never_answers_is_a_503_in_seconds_on_both_endpoints(
    pg_gateway: Gateway, proxy: TcpProxy
) -> None:
    proxy.set("hang")  # accepts connections, says nothing
    assert statuses(pg_gateway) == (503, 503)
    proxy.set("pass")
    assert statuses(pg_gateway) == (200, 200)  # no restart


@pytest.mark.postgres
def test_a_server_that_stops_answering_on_open_connections_is_dropped_and_recovered(
    pg_gateway: Gateway, proxy: TcpProxy
) -> None:
    assert statuses(pg_gateway) == (200, 200)  # pooled connections now exist
    proxy.set("hang")
    assert statuses(pg_gateway) == (503, 503)
    proxy.set("pass")
    assert statuses(pg_gateway) == (200, 200)


@pytest.mark.postgres
def test_a_refused_connection_is_a_503_at_once_and_cut_connections_are_replaced(
    pg_gateway: Gateway, proxy: TcpProxy
) -> None:
    assert statuses(pg_gateway) == (200, 200)
    proxy.set("refuse")
    proxy.cut()
    sms, took = pg_gateway.sms()
    assert (sms, pg_gateway.health()[0]) == (503, 503) and took < 3
    proxy.set("pass")
    assert statuses(pg_gateway) == (200, 200)
    proxy.cut()  # a failover: the pooled connections die between requests
    assert statuses(pg_gateway) == (200, 200)


# SQLite, on the file


@pytest.fixture
def sqlite_gateway(sqlite_template: Path, tmp_path: Path) -> Iterator[Gateway]:
    """The gateway on a SQLite file in its own folder, one household registered."""
    folder = tmp_path / "instance"
    folder.mkdir()
    shutil.copyfile(sqlite_template, folder / "qoncha.sqlite3")
    services = build_services(make_settings(
        f"sqlite:///{folder / 'qoncha.sqlite3'}", TWILIO_AUTH_TOKEN=TWILIO_AUTH_TOKEN
    ))  # fmt: skip
    seed_stove(services)
    gateway = Gateway(services)
    assert gateway.sms("REGISTRO ABC123")[0] == 200
    yield gateway
    services.engine.dispose()


def _write_protect(path: Path, protect: bool) -> None:
    """Make a file unwritable, for root too (the immutable flag) or else by its mode."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i" if protect else "-i", str(path)], check=True)
    else:
        path.chmod(0o444 if protect else 0o644)


def test_a_read_only_file_is_503_on_both_endpoints_and_recovers_once_writable(
    sqlite_gateway: Gateway,
) -> None:
    path = Path(sqlite_gateway.services.engine.url.database or "")
    _write_protect(path, True)
    try:
        sqlite_gateway.services.engine.dispose()  # a new worker: its connections open now
        assert statuses(sqlite_gateway) == (503, 503)
    finally:
        _write_protect(path, False)
    assert statuses(sqlite_gateway) == (200, 200)  # no restart
    assert count(sqlite_gateway.services, InboundMessage) == 2


def test_a_database_folder_moved_away_is_503_on_both_endpoints_until_it_is_back(
    sqlite_gateway: Gateway,
) -> None:
    folder = Path(sqlite_gateway.services.engine.url.database or "").parent
    folder.rename(folder.with_name("moved"))
    assert statuses(sqlite_gateway) == (503, 503)  # nothing written into the moved file
    folder.with_name("moved").rename(folder)
    assert statuses(sqlite_gateway) == (200, 200)
    assert count(sqlite_gateway.services, InboundMessage) == 2


def test_a_deleted_database_is_503_on_both_endpoints_and_no_empty_one_is_made(
    sqlite_gateway: Gateway,
) -> None:
    path = Path(sqlite_gateway.services.engine.url.database or "")
    for leftover in path.parent.glob("qoncha.sqlite3*"):
        leftover.unlink()
    assert statuses(sqlite_gateway) == (503, 503)
    assert not path.exists()


def test_a_writer_holding_the_lock_makes_a_webhook_wait_seconds_not_half_a_minute(
    sqlite_gateway: Gateway,
) -> None:
    holder = sqlite3.connect(sqlite_gateway.services.engine.url.database or "", timeout=0)
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")  # another process writing and never finishing
    try:
        status, took = sqlite_gateway.sms()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 503 and took < 10
    assert sqlite_gateway.sms()[0] == 200


def test_a_slow_export_reader_never_holds_up_a_webhook(sqlite_gateway: Gateway) -> None:
    services = sqlite_gateway.services
    for number in range(3):
        twiml_messages(post_twilio(sqlite_gateway.client, twilio_params(
            "AYUDA", sid=f"SMread{number:026d}"
        )))  # fmt: skip
    rows = export_messages(services.uow(), tz="America/Lima")
    first = next(rows)  # the consumer stops here, as a slow pipe would
    status, took = sqlite_gateway.sms()
    assert (status, first["provider"]) == (200, "twilio") and took < 2
    assert len(list(rows)) == 4  # the rest, read after the write


def test_reading_goes_on_while_a_writer_holds_the_lock(sqlite_gateway: Gateway) -> None:
    holder = sqlite3.connect(sqlite_gateway.services.engine.url.database or "", timeout=0)
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("DELETE FROM inbound_messages")  # uncommitted: readers see the snapshot
    try:
        started = time.monotonic()
        exported: list[Any] = list(export_messages(sqlite_gateway.services.uow(), tz="UTC"))
        took = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(exported) == 1 and took < 1
