"""The console in a real headless Chromium, against the app served on 127.0.0.1.

On a failure the page's screenshot is kept under the test's tmp folder and its path printed.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from core.models import AccessLogEntry, Household, ReviewResolution
from gateway.app import create_app
from gateway.wiring import Services
from tests.e2e.browser_support import PHONE, LiveServer, chromium, require_browser
from tests.e2e.console_support import DISTRICT_A, DISTRICT_B, Seeded, link_path, seed_console

UNMAPPED = "Distrito Sin Polígono"  # the invented district file has no polygon of this name
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "districts_synthetic.geojson"

pytestmark = pytest.mark.browser
PAGES = {  # path: an element every rendering of the page has
    "/console/": "semana", "/console/distritos": "distritos", "/console/hogares?q=Comunidad":
    "hogares", "/console/revisar": "item-", "/console/tickets": "ticket-",
    "/console/tecnicos": "tecnicos", "/console/mapa": "mapa", "/console/reportes": "descargas",
}


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    require_browser()
    yield from chromium(tmp_path_factory.mktemp("chromium-profile"))


@pytest.fixture
def browser(driver: Any, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """The module's browser with no cookies; a failing test leaves its screenshot behind."""
    driver.delete_all_cookies()
    driver.set_window_size(1280, 900)
    failed_before = request.session.testsfailed
    yield driver
    if request.session.testsfailed > failed_before:
        shot = tmp_path / "failure.png"
        driver.save_screenshot(str(shot))
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"\nscreenshot of the failing page: {shot}")


@pytest.fixture
def seeded(services: Services) -> Seeded:
    return seed_console(services)


@pytest.fixture
def server(services: Services, seeded: Seeded) -> Iterator[LiveServer]:
    live = LiveServer(create_app(services=services)).start()
    yield live
    live.stop()


def sign_in(browser: Any, server: LiveServer, services: Services, staff_id: int) -> None:
    """Open a fresh link and press Entrar, as a person would."""
    from selenium.webdriver.common.by import By

    browser.get(server.url + link_path(services, staff_id))
    browser.find_element(By.ID, "entrar").click()
    assert browser.find_element(By.ID, "titular").is_displayed()


def test_a_link_opens_the_console_and_every_page_renders(
    browser: Any, server: LiveServer, services: Services, seeded: Seeded,
) -> None:
    sign_in(browser, server, services, seeded.admin)
    cookie = browser.get_cookie("qoncha_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    for path, marker in PAGES.items():
        browser.get(server.url + path)
        assert marker in browser.page_source, path
        assert "Internal Server Error" not in browser.page_source, path
    browser.get(server.url + f"/console/hogares/{seeded.households[DISTRICT_B][1]}")
    assert "Familia Amarilis 1" in browser.page_source


def test_a_used_or_expired_link_says_so_and_lets_nobody_in(
    browser: Any, server: LiveServer, services: Services, seeded: Seeded,
) -> None:
    from datetime import timedelta

    from console_support import NOW
    from selenium.webdriver.common.by import By

    path = link_path(services, seeded.coordinator_a)
    browser.get(server.url + path)
    browser.find_element(By.ID, "entrar").click()
    browser.find_element(By.ID, "titular")  # signed in: the link is spent
    browser.delete_all_cookies()
    browser.get(server.url + path)
    browser.find_element(By.ID, "entrar").click()
    assert "ya se usó" in browser.find_element(By.ID, "motivo").text
    browser.get(server.url + link_path(services, seeded.coordinator_a,
                                       at=NOW - timedelta(minutes=16)))
    browser.find_element(By.ID, "entrar").click()
    assert "venció" in browser.find_element(By.ID, "motivo").text
    browser.get(server.url + "/console/")
    assert "/console/fuera" in browser.current_url


def test_a_coordinator_guessing_another_districts_urls_finds_nothing(
    browser: Any, server: LiveServer, services: Services, seeded: Seeded,
) -> None:
    sign_in(browser, server, services, seeded.coordinator_a)
    browser.get(server.url + f"/console/hogares/{seeded.households[DISTRICT_B][0]}")
    assert "Not Found" in browser.page_source and "Familia Amarilis" not in browser.page_source
    browser.get(server.url + "/console/distritos")
    assert DISTRICT_A in browser.page_source and DISTRICT_B not in browser.page_source
    browser.get(server.url + "/console/revisar")
    assert f"item-{seeded.flagged[DISTRICT_B]}" not in browser.page_source


def test_a_review_item_is_resolved_from_the_browser(
    browser: Any, server: LiveServer, services: Services, seeded: Seeded,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    sign_in(browser, server, services, seeded.coordinator_a)
    browser.get(server.url + "/console/revisar")
    item = browser.find_element(By.ID, f"item-{seeded.flagged[DISTRICT_A]}")
    Select(item.find_element(By.NAME, "kind")).select_by_value("usage")
    item.find_element(By.NAME, "days_used").send_keys("4")
    item.find_element(By.TAG_NAME, "button").click()
    assert f"#{seeded.flagged[DISTRICT_A]} resuelto" in browser.find_element(By.ID, "hecho").text
    with services.uow() as uow:
        resolution = uow.session.exec(select(ReviewResolution)).one()
        assert (resolution.reading, resolution.days_used) == ("usage", 4)
        assert resolution.resolved_by == "Rosa Chinchao"
        logged = uow.session.exec(select(AccessLogEntry).where(
            AccessLogEntry.action == "change")).all()
        assert [e.purpose for e in logged] == [
            f"web:review resolve #{seeded.flagged[DISTRICT_A]}"]


def test_the_map_draws_located_stoves_and_lists_a_district_without_its_polygon(
    browser: Any, server: LiveServer, services: Services, seeded: Seeded,
) -> None:
    from selenium.webdriver.common.by import By

    services.settings = services.settings.model_copy(  # read by each request
        update={"console_districts_geojson": str(FIXTURE)})
    with services.uow() as uow:  # a district the file has no polygon for
        uow.session.add(Household(name="Familia Sin Mapa", district=UNMAPPED,
                                  community="Comunidad X", created_at=datetime.now(UTC)))
        uow.commit()
    sign_in(browser, server, services, seeded.admin)
    browser.get(server.url + "/console/mapa")
    svg = browser.find_element(By.ID, "mapa")
    assert len(svg.find_elements(By.TAG_NAME, "circle")) == 5  # one Amarilis stove has no place
    drawn = {p.get_attribute("data-district") for p in svg.find_elements(By.TAG_NAME, "path")}
    assert drawn == {DISTRICT_A, DISTRICT_B}  # their invented outlines
    assert {p.get_attribute("fill") for p in svg.find_elements(By.TAG_NAME, "path")} == {
        "#1d8a2a"}  # 2 of 3 answered this week, over the 60 % goal
    listed = {li.get_attribute("data-district"): li.text
              for li in browser.find_elements(By.CSS_SELECTOR, "#distritos-mapa li")}
    assert set(listed) == {DISTRICT_A, DISTRICT_B, UNMAPPED}
    assert "sin polígono" in listed[UNMAPPED]
    assert not any("sin polígono" in listed[d] for d in (DISTRICT_A, DISTRICT_B))


def test_the_console_fits_a_phone(
    browser: Any, server: LiveServer, services: Services, seeded: Seeded, tmp_path: Path,
) -> None:
    sign_in(browser, server, services, seeded.coordinator_a)
    browser.set_window_size(*PHONE)
    for path in ("/console/", "/console/distritos", "/console/revisar"):
        browser.get(server.url + path)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    shot = tmp_path / "phone.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
