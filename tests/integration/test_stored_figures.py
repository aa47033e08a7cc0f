"""Stored console figures on real SQLite and PostgreSQL: equal to a fresh computation, never stale.

Each kind of write — an SMS report, its correction, a visit, a decommission, a closed ticket,
an erasure, plain SQL as an import would write it — must make the next view compute again.
"""

import re
import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, col, func, select

from core.console.districts import district_rows, served_district_rows
from core.console.overview import Targets, overview, served_overview
from core.db.driver_sql import DriverSql
from core.field.visits import record_visit
from core.figures.stamp import UNWATCHED
from core.messaging.usage import record_report
from core.models import RepairTicket, StoredFigures, Stove, VisitBase
from core.periods import local_date, report_week
from core.privacy.erasure import forget_household
from gateway.app import create_app
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


def _read(services: Services, scope: tuple[str, ...] | None = None) -> dict[str, Any]:
    return {"scope": scope, "period": YEAR, "parameters": services.parameters(), "tz": TZ,
            "now": NOW}


def served_pages(services: Services, scope: tuple[str, ...] | None = None) -> tuple[Any, Any]:
    """Both pages' figures as the console serves them."""
    return (served_overview(services.uow(), **_read(services, scope), targets=TARGETS),
            served_district_rows(services.uow(), **_read(services, scope), silent_after=SILENT,
                                 target=0.6))


def fresh_pages(services: Services, scope: tuple[str, ...] | None = None) -> tuple[Any, Any]:
    """Both pages' figures computed now, with nothing stored."""
    return (overview(services.uow(), **_read(services, scope), targets=TARGETS),
            district_rows(services.uow(), **_read(services, scope), silent_after=SILENT,
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
def test_any_change_of_an_input_makes_the_next_view_compute_again(
    services: Services, seeded: Seeded, change: Callable[[Services, Seeded], None],
) -> None:
    before = served_pages(services)
    assert not any(s.fresh for s in served_pages(services))
    change(services, seeded)
    after = served_pages(services)
    fresh = fresh_pages(services)
    assert all(s.fresh for s in after)
    assert (after[0].value, after[1].value) == fresh
    if change is not erasure:  # an erasure keeps the evidence: the figures stay the same
        assert (before[0].value, before[1].value) != fresh


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


def test_the_districts_page_says_when_its_figures_were_computed_and_shows_a_change(
    services: Services, seeded: Seeded,
) -> None:
    client = create_app(services=services).test_client()
    assert client.post(link_path(services, seeded.admin)).status_code == 302

    def tickets_shown() -> list[str]:
        page = client.get("/console/distritos").text
        assert "Cifras calculadas a las 10:00" in page  # NOW in Lima
        row = page.split(f'data-district="{DISTRICT_A}"')[1].split("</tr>")[0]
        return re.findall(r'<td class="n">([^<]*)</td>', row)

    before = tickets_shown()
    assert tickets_shown() == before
    ticket_closed(services, seeded)
    after = tickets_shown()
    assert (before[3], after[3]) == ("1", "0")  # stoves, use, stacking, open tickets
