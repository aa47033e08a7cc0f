"""The console's map page through the app: outlines from the operator's file, or none."""

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from flask.testing import FlaskClient

from core.models import Household
from gateway.app import create_app
from gateway.wiring import Services
from tests.e2e.console_support import DISTRICT_A, DISTRICT_B, link_path, seed_console

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "districts_synthetic.geojson"
UNMAPPED = "Distrito Sin Polígono"  # not in the invented file


def _seed(services: Services) -> int:
    """The console's programme plus a district the file has no polygon for; the admin's id."""
    seeded = seed_console(services)
    with services.uow() as uow:
        uow.session.add(Household(name="Familia Sin Mapa", district=UNMAPPED,
                                  community="Comunidad X", created_at=datetime.now(UTC)))
        uow.commit()
    return seeded.admin


def _map_page(services: Services, admin: int) -> str:
    """The admin's map page, signed in through a fresh link."""
    client: FlaskClient = create_app(services=services).test_client()
    assert client.post(link_path(services, admin)).status_code == 302
    response = client.get("/console/mapa")
    assert response.status_code == 200
    return response.text


def _listed(page: str, district: str) -> str:
    return page.split(f'<li data-district="{district}">')[1].split("</li>")[0]


def test_the_map_outlines_the_districts_of_the_operators_file_and_lists_the_rest(
    services_with: Callable[..., Services],
) -> None:
    services = services_with(CONSOLE_DISTRICTS_GEOJSON=str(FIXTURE), CONSOLE_RESPONSE_TARGET="0.8")
    admin = _seed(services)
    page = _map_page(services, admin)
    assert page.count("<path ") == 2
    assert f'<path data-district="{DISTRICT_A}" data-ubigeo="990101"' in page
    assert f'<path data-district="{DISTRICT_B}" data-ubigeo="990102"' in page  # not the south's
    assert 'fill="#b00020" fill-opacity' in page  # 67 % answered, under the 80 % goal
    assert "67 % respondió esta semana" in page and "en la meta (80 %)" in page
    assert "sin polígono" in _listed(page, UNMAPPED)
    assert not any("sin polígono" in _listed(page, d) for d in (DISTRICT_A, DISTRICT_B))
    assert "Límites distritales: Polígonos inventados para las pruebas" in page  # the file's own
    credited = _map_page(services_with(CONSOLE_DISTRICTS_GEOJSON=str(FIXTURE),
                                       CONSOLE_DISTRICTS_ATTRIBUTION="Fuente: prueba"), admin)
    assert "Límites distritales: Fuente: prueba." in credited
    assert "Polígonos inventados" not in credited


def test_without_a_usable_file_every_district_is_listed_sin_poligono(
    services_with: Callable[..., Services], tmp_path: Path,
) -> None:
    broken = tmp_path / "roto.geojson"
    broken.write_text("{", encoding="utf-8")
    admin = _seed(services_with())
    for setting in ("", str(broken)):
        page = _map_page(services_with(CONSOLE_DISTRICTS_GEOJSON=setting), admin)
        assert "<path " not in page and "<circle " in page
        assert all("sin polígono" in _listed(page, d) for d in (DISTRICT_A, DISTRICT_B, UNMAPPED))
        assert "CONSOLE_DISTRICTS_GEOJSON" in page
