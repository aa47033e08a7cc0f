"""The console's reports page and downloads in Spanish by default, in English on request."""

import pytest

from core.reporting.wording import Wording
from gateway.wiring import Services
from tests.e2e.console_support import Seeded, seed_console
from tests.e2e.test_console_access import signed_in

PERIOD = "desde=2026-01-01&hasta=2026-11-28"
LINKED = PERIOD.replace("&", "&amp;")  # as a link in the page


@pytest.fixture
def seeded(services: Services) -> Seeded:
    return seed_console(services)


def test_the_reports_page_offers_the_report_in_spanish_then_english(
    services: Services, seeded: Seeded
) -> None:
    client = signed_in(services, seeded.coordinator_a)
    page = client.get(f"/console/reportes?{PERIOD}").text
    assert f"reporte.html?{LINKED}&amp;idioma=es" in page
    assert f"/console/reportes?{LINKED}&amp;idioma=en" in page and ">English</a>" in page
    english_page = client.get(f"/console/reportes?{PERIOD}&idioma=en").text
    assert f"reporte.html?{LINKED}&amp;idioma=en" in english_page
    assert ">Español</a>" in english_page


def test_the_html_report_downloads_in_either_language_with_the_same_figures(
    services: Services, seeded: Seeded
) -> None:
    client = signed_in(services, seeded.coordinator_a)
    spanish = client.get(f"/console/reportes/reporte.html?{PERIOD}")
    english = client.get(f"/console/reportes/reporte.html?{PERIOD}&idioma=en")
    assert spanish.status_code == english.status_code == 200
    assert (
        '<html lang="es">' in spanish.text and "Muestra de verificación y precisión" in spanish.text
    )
    assert (
        '<html lang="en">' in english.text and "Verification sample and precision" in english.text
    )
    assert "Verification sample" not in spanish.text
    assert (
        'filename="reporte-2026-01-01-2026-11-28-en.html"' in english.headers["Content-Disposition"]
    )
    report = client.get(f"/console/reportes/reporte.json?{PERIOD}&idioma=es").json
    assert f"{report['er_issuable_tco2e']:,} t" in spanish.text
    assert f"{report['er_issuable_tco2e']:,} t" in english.text
    # CSV and JSON are data: the same in both languages.
    assert (
        client.get(f"/console/reportes/reporte.csv?{PERIOD}&idioma=en").text
        == client.get(f"/console/reportes/reporte.csv?{PERIOD}").text
    )


def test_the_overview_quotes_the_reports_notes_in_spanish(
    services: Services, seeded: Seeded
) -> None:
    client = signed_in(services, seeded.coordinator_a)
    page = client.get(f"/console/?{PERIOD}").text
    report = client.get(f"/console/reportes/reporte.json?{PERIOD}").json
    assert report["notes"] and 'id="notas"' in page
    for note in report["notes"]:
        assert Wording("es").sentence(note) in page.replace("&#39;", "'")
        assert note not in page
    if report["verification"]["reason"]:
        assert Wording("es").sentence(report["verification"]["reason"]) in page
