"""The console's door and walls, through the app: one-time links, cookies, CSRF, district rights."""

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlmodel import col, select

from core.models import AccessLogEntry, ReviewResolution
from core.settings import Settings
from gateway.app import create_app
from gateway.wiring import Services, build_services
from tests.e2e.console_support import DISTRICT_A, DISTRICT_B, NOW, Seeded, link_path, seed_console
from tests.e2e.gateway_support import invoke


@pytest.fixture
def seeded(services: Services) -> Seeded:
    return seed_console(services)


def client_for(services: Services) -> FlaskClient:
    return create_app(services=services).test_client()


def signed_in(services: Services, staff_id: int) -> FlaskClient:
    """A browser that followed a fresh link and pressed Entrar."""
    client = client_for(services)
    response = client.post(link_path(services, staff_id))
    assert response.status_code == 302, response.text
    return client


def csrf_of(client: FlaskClient) -> str:
    page = client.get("/console/revisar").text
    return page.split('name="csrf" value="')[1].split('"')[0]


def access_entries(services: Services) -> list[AccessLogEntry]:
    with services.uow() as uow:
        return list(uow.session.exec(select(AccessLogEntry).order_by(col(AccessLogEntry.id))))


def test_a_link_signs_in_once_with_a_strict_cookie(services: Services, seeded: Seeded) -> None:
    client = client_for(services)
    path = link_path(services, seeded.coordinator_a)
    assert "Entrar" in client.get(path).text  # a GET (a link preview) spends nothing
    response = client.post(path)
    cookie = response.headers["Set-Cookie"]
    assert response.status_code == 302 and response.location.endswith("/console/")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Max-Age=36000" in cookie  # a working day (CONSOLE_SESSION_HOURS=10)
    assert client.get("/console/").status_code == 200
    again = client_for(services).post(path)
    assert again.status_code == 403 and "ya se usó" in again.text


def test_an_expired_link_and_a_made_up_one_are_refused(services: Services, seeded: Seeded) -> None:
    old = link_path(services, seeded.coordinator_a, at=NOW - timedelta(minutes=15, seconds=1))
    refused = client_for(services).post(old)
    assert refused.status_code == 403 and "venció" in refused.text
    made_up = client_for(services).post("/console/entrar/not-a-token")
    assert made_up.status_code == 403
    fresh = client_for(services).post(
        link_path(services, seeded.coordinator_a, at=NOW - timedelta(minutes=14)))
    assert fresh.status_code == 302


def test_the_cookie_is_secure_behind_https_and_the_session_ends_after_a_working_day(
    db_url: str,
) -> None:
    from tests.support import make_settings

    services = build_services(make_settings(db_url, PUBLIC_BASE_URL="https://qoncha.example.pe",
                                            CONSOLE_SESSION_HOURS="8"))
    try:
        seeded = seed_console(services)
        client = client_for(services)
        cookie = client.post(link_path(services, seeded.admin)).headers["Set-Cookie"]
        assert "Secure" in cookie and "Max-Age=28800" in cookie
        services.clock = lambda: NOW + timedelta(hours=8)
        assert client.get("/console/").status_code == 302  # back to "ask for a link"
    finally:
        services.engine.dispose()


def test_a_form_without_its_csrf_token_changes_nothing(services: Services, seeded: Seeded) -> None:
    client = signed_in(services, seeded.coordinator_a)
    message = seeded.flagged[DISTRICT_A]
    refused = client.post(f"/console/revisar/{message}", data={"kind": "nothing"})
    assert refused.status_code == 400
    wrong = client.post(f"/console/revisar/{message}", data={"kind": "nothing", "csrf": "x" * 64})
    assert wrong.status_code == 400
    with services.uow() as uow:
        assert uow.session.exec(select(ReviewResolution)).first() is None
    done = client.post(f"/console/revisar/{message}",
                       data={"kind": "nothing", "csrf": csrf_of(client)})
    assert done.status_code == 302 and "hecho=" in done.location


def test_a_coordinator_never_sees_another_district_even_by_guessing(
    services: Services, seeded: Seeded,
) -> None:
    client = signed_in(services, seeded.coordinator_a)
    theirs = seeded.households[DISTRICT_B][0]
    assert client.get(f"/console/hogares/{theirs}").status_code == 404
    assert client.get(f"/console/hogares/{seeded.households[DISTRICT_A][0]}").status_code == 200
    assert DISTRICT_B not in client.get("/console/hogares?q=Comunidad").text
    assert DISTRICT_B not in client.get("/console/distritos").text
    review = client.get("/console/revisar").text
    assert f"#{seeded.flagged[DISTRICT_A]}" in review
    assert f"#{seeded.flagged[DISTRICT_B]}" not in review
    token = csrf_of(client)
    resolved = client.post(f"/console/revisar/{seeded.flagged[DISTRICT_B]}",
                           data={"kind": "nothing", "csrf": token})
    assert "error=not_allowed" in resolved.location
    taken = client.post(f"/console/tickets/{seeded.tickets[DISTRICT_B]}/tomar",
                        data={"csrf": token})
    assert "error=" in taken.location
    assert f"#{seeded.tickets[DISTRICT_B]}" not in client.get("/console/tickets").text
    admin = signed_in(services, seeded.admin)
    assert admin.get(f"/console/hogares/{theirs}").status_code == 200


def test_viewing_a_household_and_acting_are_written_to_the_access_log(
    services: Services, seeded: Seeded,
) -> None:
    client = signed_in(services, seeded.coordinator_a)
    household = seeded.households[DISTRICT_A][0]
    page = client.get(f"/console/hogares/{household}").text
    assert "+519100000000" not in page  # phones are masked
    token = csrf_of(client)
    client.post(f"/console/tickets/{seeded.tickets[DISTRICT_A]}/tomar", data={"csrf": token})
    client.get("/console/mapa")
    entries = access_entries(services)
    mine = [e for e in entries if e.actor.startswith(f"staff {seeded.coordinator_a} ")]
    assert {("name", "read"), ("phone", "read"), ("message_body", "read")} <= {
        (e.kind, e.action) for e in mine if e.household_id == household}
    assert any(e.action == "change" and "ticket tomar" in e.purpose for e in mine)
    assert any(e.kind == "location" and e.purpose == "web:map" for e in mine)


def test_signing_out_ends_the_session_everywhere(services: Services, seeded: Seeded) -> None:
    client = signed_in(services, seeded.coordinator_a)
    client.post("/console/salir", data={"csrf": csrf_of(client)})
    cookie = client.get_cookie("qoncha_console", path="/console")
    assert cookie is None
    assert client.get("/console/").status_code == 302


def test_the_cli_prints_a_link_and_refuses_an_unknown_member(
    settings: Settings, services: Services, seeded: Seeded,
) -> None:
    printed = invoke(settings, "staff", "login-link", "--staff", str(seeded.coordinator_b))
    assert printed.exit_code == 0, printed.output
    path = printed.stdout.strip()
    assert path.startswith("/console/entrar/")
    services.clock = lambda: datetime.now(UTC)  # the CLI made it by the real clock
    assert client_for(services).post(path).status_code == 302
    unknown = invoke(settings, "staff", "login-link", "--staff", "999")
    assert unknown.exit_code != 0 and "no staff member 999" in unknown.output


def test_the_silent_households_listed_are_the_one_definitions(
    services: Services, seeded: Seeded,
) -> None:
    from core.field.worklists import silent_households

    later = NOW + timedelta(weeks=7)
    services.clock = lambda: later
    client = client_for(services)
    assert client.post(link_path(services, seeded.coordinator_a, at=later)).status_code == 302
    page = client.get("/console/hogares?silenciosos=1").text
    expected = silent_households(services.uow(), (DISTRICT_A,), weeks=6, now=later,
                                 tz="America/Lima")
    assert len(expected) == 3 and f"Silenciosos: {len(expected)}" in page
    assert all(s.code in page for s in expected) and DISTRICT_B not in page


def test_reports_download_through_the_report_renderers(services: Services, seeded: Seeded) -> None:
    client = signed_in(services, seeded.coordinator_a)
    period = "desde=2026-01-01&hasta=2026-11-28"
    csv_file = client.get(f"/console/reportes/reporte.csv?{period}")
    assert csv_file.status_code == 200 and csv_file.mimetype == "text/csv"
    assert 'filename="reporte-2026-01-01-2026-11-28.csv"' in csv_file.headers[
        "Content-Disposition"]
    as_json = client.get(f"/console/reportes/reporte.json?{period}").json
    assert as_json["period_start"] == "2026-01-01" and as_json["stoves_installed"] == 6
    assert client.get("/console/reportes/reporte.xlsx").status_code == 404
    assert client.get("/console/reportes/reporte.csv?desde=2026-12-01&hasta=2026-01-01"
                      ).status_code == 400
    holdings = client.get("/console/reportes/tenencias.csv")
    assert holdings.status_code == 200
    assert holdings.text.startswith("Cooperative approach ID,Originating registry")


def test_a_revoked_member_is_out_at_the_next_request(services: Services, seeded: Seeded) -> None:
    from core.staffbot.members import revoke_staff

    client = signed_in(services, seeded.coordinator_a)
    unused = link_path(services, seeded.coordinator_a)
    revoke_staff(services.uow(), staff_id=seeded.coordinator_a, now=NOW)
    assert client.get("/console/").status_code == 302
    assert client_for(services).post(unused).status_code == 403
