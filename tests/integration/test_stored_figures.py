"""Stored console figures on real SQLite and PostgreSQL: equal to a fresh computation, never
stale silently.

Each kind of write — an SMS report, its correction, a visit, a decommission, a closed ticket,
an erasure, plain SQL as an import would write it — makes the stored figures stale: a view
within the lag serves them marked stale (the page says so), a later one computes again, and
the refresh job recomputes the viewed pages' stale figures.
"""

import re
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, col, func, select

from core.console.districts import district_rows, served_district_rows
from core.console.overview import Targets, console_targets, overview, served_overview
from core.db.driver_sql import DriverSql
from core.field.visits import record_visit
from core.figures.stamp import UNWATCHED
from core.figures.store import serving_lag
from core.messaging.usage import record_report
from core.models import AccessLogEntry, RepairTicket, StoredFigures, Stove, VisitBase
from core.periods import local_date, report_week
from core.privacy.erasure import forget_household
from gateway.app import create_app
from gateway.scheduler import configure_jobs, refresh_figures
from gateway.wiring import Services
from tests.e2e.console_support import (
    DISTRICT_A,
    NOW,
    TZ,
    Seeded,
    link_path,
    seed_console,
)

TODAY = local_date(NOW, TZ)
YEAR = (date(2026, 1, 1), TODAY)
TARGETS = Targets(response=0.6, use=0.8)
SILENT = timedelta(weeks=6)


@pytest.fixture
def seeded(services: Services) -> Seeded:
    return seed_console(services)


LAG = serving_lag(10)  # CONSOLE_FIGURES_REFRESH_MINUTES' default


def _read(services: Services, scope: tuple[str, ...] | None = None,
          now: datetime = NOW) -> dict[str, Any]:
    return {"scope": scope, "period": YEAR, "parameters": services.parameters(), "tz": TZ,
            "now": now}


def served_pages(services: Services, scope: tuple[str, ...] | None = None, *,
                 now: datetime = NOW, lag: timedelta = timedelta(0)) -> tuple[Any, Any]:
    """Both pages' figures as the console serves them (stale ones within `lag`)."""
    return (served_overview(services.uow(), **_read(services, scope, now), targets=TARGETS,
                            lag=lag),
            served_district_rows(services.uow(), **_read(services, scope, now),
                                 silent_after=SILENT, target=0.6, lag=lag))


def fresh_pages(services: Services, scope: tuple[str, ...] | None = None,
                now: datetime = NOW) -> tuple[Any, Any]:
    """Both pages' figures computed now, with nothing stored."""
    return (overview(services.uow(), **_read(services, scope, now), targets=TARGETS),
            district_rows(services.uow(), **_read(services, scope, now), silent_after=SILENT,
                          target=0.6))


@pytest.mark.parametrize("scope", [None, (DISTRICT_A,)])
def test_stored_figures_are_served_and_equal_a_fresh_computation(
    services: Services, seeded: Seeded, scope: tuple[str, ...] | None,
) -> None:
    first_overview, first_districts = served_pages(services, scope)
    again_overview, again_districts = served_pages(services, scope)
    fresh_overview, fresh_districts = fresh_pages(services, scope)
    assert first_overview.fresh and first_districts.fresh
    assert not again_overview.fresh and not again_districts.fresh
    assert again_overview.value == fresh_overview == first_overview.value
    assert again_districts.value == fresh_districts == first_districts.value
    assert again_overview.computed_at == NOW
    assert any(row.silent or row.open_tickets for row in again_districts.value)


def _stove(services: Services, seeded: Seeded, index: int = 1) -> Stove:
    with services.uow() as uow:
        return uow.session.exec(select(Stove).where(
            Stove.household_id == seeded.households[DISTRICT_A][index])).one()


def _report(services: Services, stove_id: int, days: int) -> None:
    """This week's report as the inbound SMS path records it (plain SQL, no ORM)."""
    with services.uow() as uow:
        record_report(DriverSql(uow.session), stove_id=stove_id, week=report_week(NOW, TZ),
                      days_used=days, source_message_id=None, now=NOW)
        uow.commit()


def new_report(services: Services, seeded: Seeded) -> None:
    _report(services, _stove(services, seeded, 2).id or 0, 3)  # had not answered this week


def corrected_report(services: Services, seeded: Seeded) -> None:
    _report(services, _stove(services, seeded).id or 0, 0)  # replaces this week's 5 days


def visit(services: Services, seeded: Seeded) -> None:
    stove = _stove(services, seeded)
    with services.uow() as uow:
        record_visit(uow.session, stove=stove, source="telegram", now=NOW, tz=TZ,
                     visit=VisitBase(visited_on=TODAY, in_use=True, condition="broken"))
        uow.commit()


def decommission(services: Services, seeded: Seeded) -> None:
    with services.uow() as uow:
        stove = uow.session.exec(select(Stove).where(
            Stove.household_id == seeded.households[DISTRICT_A][1])).one()
        stove.decommissioned_on = date(2026, 11, 1)
        uow.session.add(stove)
        uow.commit()


def ticket_closed(services: Services, seeded: Seeded) -> None:
    with services.uow() as uow:
        ticket = uow.session.get(RepairTicket, seeded.tickets[DISTRICT_A])
        assert ticket is not None
        ticket.status = "closed"
        uow.session.add(ticket)
        uow.commit()


def erasure(services: Services, seeded: Seeded) -> None:
    forget_household(services.uow(), stove_code="CHI001", reason="pedido del hogar",
                     actor="test", media_root=services.settings.media_root, now=NOW)


def plain_sql(services: Services, seeded: Seeded) -> None:
    with services.engine.begin() as conn:  # as an import or a hand correction would write
        conn.execute(text("UPDATE households SET district = 'Amarilis' WHERE id = :id"),
                     {"id": seeded.households[DISTRICT_A][0]})


CHANGES: list[Callable[[Services, Seeded], None]] = [
    new_report, corrected_report, visit, decommission, ticket_closed, erasure, plain_sql]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_any_change_of_an_input_makes_the_stored_figures_stale(
    services: Services, seeded: Seeded, change: Callable[[Services, Seeded], None],
) -> None:
    before = served_pages(services)
    assert not any(s.fresh or s.stale for s in served_pages(services, lag=LAG))
    change(services, seeded)
    within_lag = served_pages(services, now=NOW + LAG - timedelta(minutes=1), lag=LAG)
    assert all(s.stale and not s.fresh for s in within_lag)  # served, never silently
    assert within_lag[0].value == before[0].value and within_lag[0].computed_at == NOW
    strict = served_pages(services)  # no lag: computed for the view
    assert all(s.fresh and not s.stale for s in strict)
    assert (strict[0].value, strict[1].value) == fresh_pages(services)
    if change is not erasure:  # an erasure keeps the evidence: the figures stay the same
        assert (before[0].value, before[1].value) != fresh_pages(services)


def test_stale_figures_older_than_the_lag_are_computed_on_view(
    services: Services, seeded: Seeded,
) -> None:
    served_pages(services)
    ticket_closed(services, seeded)
    later = NOW + LAG + timedelta(minutes=1)
    after = served_pages(services, now=later, lag=LAG)
    assert all(s.fresh and not s.stale for s in after)
    assert (after[0].value, after[1].value) == fresh_pages(services, now=later)
    assert not any(s.fresh or s.stale for s in served_pages(services, now=later, lag=LAG))


def _stored_at(services: Services) -> dict[str, datetime]:
    with services.uow() as uow:
        return {row.key: row.computed_at for row in uow.session.exec(select(StoredFigures))}


def test_the_refresh_job_recomputes_stale_viewed_figures_and_leaves_current_ones_alone(
    services: Services, seeded: Seeded,
) -> None:
    assert console_targets(services.settings) == TARGETS  # the job keys pages as they do
    served_pages(services)  # the admin's pages
    served_pages(services, (DISTRICT_A,))  # coordinator A's; nobody viewed B's
    stored = _stored_at(services)
    services.clock = lambda: NOW + timedelta(minutes=1)
    assert refresh_figures(services) == 0  # all current
    assert _stored_at(services) == stored
    new_report(services, seeded)
    services.clock = lambda: NOW + timedelta(minutes=10)
    assert refresh_figures(services) == 4  # two scopes viewed, two pages each
    assert set(_stored_at(services)) == set(stored)  # B's pages not computed for nobody
    assert set(_stored_at(services).values()) == {NOW + timedelta(minutes=10)}
    for scope in (None, (DISTRICT_A,)):
        later = NOW + timedelta(minutes=11)
        served = served_pages(services, scope, now=later, lag=LAG)
        assert not any(s.fresh or s.stale for s in served)
        assert (served[0].value, served[1].value) == fresh_pages(services, scope, later)
    assert refresh_figures(services) == 0


def test_the_refresh_job_runs_every_configured_interval(services_with: Any) -> None:
    services = services_with(CONSOLE_FIGURES_REFRESH_MINUTES="7")
    runner = BackgroundScheduler(timezone=TZ)
    configure_jobs(runner, services, persistent=False)
    job = runner.get_job("refresh_figures")
    assert job is not None and job.trigger.interval == timedelta(minutes=7)


def test_a_view_that_changes_nothing_keeps_serving_the_stored_figures(
    services: Services, seeded: Seeded,
) -> None:
    served_pages(services)
    with services.uow() as uow:  # a console page view writes its session, not the data
        uow.session.execute(text("UPDATE console_sessions SET ended_at = NULL"))
        uow.commit()
    assert not any(s.fresh for s in served_pages(services))


def test_concurrent_first_views_store_one_row(services: Services, seeded: Seeded) -> None:
    barrier = threading.Barrier(4)
    served: list[Any] = []

    def view() -> None:
        barrier.wait()
        served.append(served_overview(services.uow(), **_read(services), targets=TARGETS))

    threads = [threading.Thread(target=view) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with services.uow() as uow:
        rows = uow.session.exec(select(func.count()).select_from(StoredFigures)).one()
    assert len(served) == 4 and rows == 1
    assert all(s.value == served[0].value for s in served)
    assert not served_overview(services.uow(), **_read(services), targets=TARGETS).fresh


def test_every_table_outside_the_unwatched_list_notes_its_changes(services: Services) -> None:
    with services.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            watched = set(conn.execute(text(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'note_data_change'")).scalars())
        else:
            watched = {name.removeprefix("note_data_change_").rsplit("_", 1)[0]
                       for name in conn.execute(text(
                           "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE 'note_data_change_%'")).scalars()}
    tables = set(inspect(services.engine).get_table_names()) | set(SQLModel.metadata.tables)
    assert watched == tables - UNWATCHED
    assert col(StoredFigures.key) is not None


def test_the_districts_page_says_when_its_figures_are_stale_and_recomputes_on_request(
    services: Services, seeded: Seeded,
) -> None:
    services.clock = lambda: NOW
    client = create_app(services=services).test_client()
    assert client.post(link_path(services, seeded.admin)).status_code == 302

    def tickets_shown(notice: str) -> list[str]:
        page = client.get("/console/distritos").text
        assert notice in page
        row = page.split(f'data-district="{DISTRICT_A}"')[1].split("</tr>")[0]
        return re.findall(r'<td class="n">([^<]*)</td>', row)

    current = "Cifras calculadas a las 10:00, al día"  # NOW in Lima
    before = tickets_shown(current)
    assert tickets_shown(current) == before
    assert current in client.get("/console/").text
    ticket_closed(services, seeded)
    stale = tickets_shown("Cifras de las 10:00 · hay datos más nuevos")
    assert (before[3], stale[3]) == ("1", "1")  # stoves, use, stacking, open tickets
    assert "Cifras de las 10:00 · hay datos más nuevos" in client.get("/console/").text
    page = client.get("/console/distritos").text
    csrf = re.findall(r'name="csrf" value="([^"]+)"', page)[0]
    action = re.findall(r'action="(/console/cifras/districts/recalcular[^"]*)"', page)[0]
    assert client.post(action, data={}).status_code == 400  # no CSRF token: refused
    assert client.post(action, data={"csrf": csrf}).status_code == 302
    assert tickets_shown(current)[3] == "0"
    with services.uow() as uow:
        logged = uow.session.exec(select(AccessLogEntry).where(
            AccessLogEntry.purpose == "web:figures recompute districts")).all()
    assert len(logged) == 1 and logged[0].actor.startswith(f"staff {seeded.admin}")
    new_report(services, seeded)
    services.clock = lambda: NOW + LAG + timedelta(minutes=1)
    later = tickets_shown("Cifras calculadas a las 10:16, al día")  # too old: computed
    assert later[3] == "0"
