"""The operator's district file (here an invented one) and how programme districts find theirs."""

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from core.console.boundaries import Boundary, match_districts
from core.console.boundary_file import DistrictFile, load_district_file, parse_district_file

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "districts_synthetic.geojson"
SQUARE = [[-76.0, -10.0], [-75.9, -10.0], [-75.9, -9.9], [-76.0, -9.9], [-76.0, -10.0]]


def _square(name: str, province: str, lat: float, lon: float) -> Boundary:
    ring = ((lon, lat), (lon + 1, lat), (lon + 1, lat + 1), (lon, lat + 1), (lon, lat))
    return Boundary(f"99{len(province):04d}", name, province, "test", (ring,))


def _feature(properties: Any, geometry: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _written(tmp_path: Path, document: Any) -> str:
    path = tmp_path / "distritos.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_the_file_gives_each_feature_under_inei_property_names_in_any_case() -> None:
    loaded = load_district_file(str(FIXTURE))
    assert [(b.district, b.ubigeo, b.province) for b in loaded.boundaries] == [
        ("CHINCHAO", "990101", "PROVINCIA NORTE (PRUEBA)"),
        ("Amarilis", "990102", "PROVINCIA NORTE (PRUEBA)"),
        ("AMARILIS", "990201", "PROVINCIA SUR (PRUEBA)"),
        ("SANTA MARÍA DEL VALLE", "990202", "PROVINCIA SUR (PRUEBA)"),  # nombdist, iddist
    ]
    assert len(loaded.boundaries[2].rings) == 2  # a MultiPolygon keeps both parts
    assert all(ring[0] == ring[-1] for b in loaded.boundaries for ring in b.rings)
    assert loaded.attribution.startswith("Polígonos inventados")
    assert load_district_file(str(FIXTURE)) is loaded  # read once per process


def test_names_match_with_case_accents_and_spacing_ignored() -> None:
    boundaries = load_district_file(str(FIXTURE)).boundaries
    found = match_districts(["Chinchao", "  santa maria  DEL Valle", "Huánuco"], boundaries)
    assert found["Chinchao"] is boundaries[0]
    assert found["  santa maria  DEL Valle"] is boundaries[3]
    assert found["Huánuco"] is None


def test_a_name_in_two_provinces_goes_to_the_polygon_holding_its_stoves() -> None:
    boundaries = load_district_file(str(FIXTURE)).boundaries
    north = match_districts(["Amarilis"], boundaries, {"Amarilis": [(-10.11, -76.19)]})
    south = match_districts(["Amarilis"], boundaries,
                            {"Amarilis": [(-11.97, -75.42), (-11.95, -75.55), (-10.1, -76.2)]})
    assert north["Amarilis"] is boundaries[1] and south["Amarilis"] is boundaries[2]
    assert match_districts(["Amarilis"], boundaries, {}) == {"Amarilis": None}  # not guessed
    west = _square("Santa Rosa", "Uno", -10.0, -78.0)
    east = _square("Santa Rosa", "Dos", -10.0, -76.0)
    tied = match_districts(["Santa Rosa"], [west, east],
                           {"Santa Rosa": [(-9.5, -75.5), (-9.5, -77.5)]})
    assert tied == {"Santa Rosa": None}


def test_malformed_features_are_skipped_counted_and_warned_about_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    good = _feature({"DISTRITO": "Bueno"}, {"type": "Polygon", "coordinates": [SQUARE]})
    document = {"type": "FeatureCollection", "features": [
        good,
        _feature({"DISTRITO": "Punto"}, {"type": "Point", "coordinates": [-76.0, -10.0]}),
        _feature({"OTRO": "sin nombre"}, {"type": "Polygon", "coordinates": [SQUARE]}),
        _feature({"DISTRITO": "Texto"}, {"type": "Polygon", "coordinates": [[["a", "b"]] * 4]}),
        _feature({"DISTRITO": "Fuera"}, {"type": "Polygon", "coordinates": [[[500, 1]] * 4]}),
        _feature({"DISTRITO": "x" * 500}, {"type": "Polygon", "coordinates": [SQUARE]}),
        _feature({"DISTRITO": "Corto"}, {"type": "Polygon", "coordinates": [SQUARE[:2]]}),
        "no es un objeto",
    ]}
    path = _written(tmp_path, document)
    with caplog.at_level(logging.WARNING):
        loaded = load_district_file(path)
        load_district_file(path)
    assert [b.district for b in loaded.boundaries] == ["Bueno"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["CONSOLE_DISTRICTS_GEOJSON: 7 of 8 features skipped (no Polygon/"
                        "MultiPolygon with valid coordinates, or no district name)"]


@pytest.mark.parametrize("content, reason", [
    (None, "file not found"),
    (b"\xff\xfe not utf-8", "not UTF-8 JSON"),
    (b'{"type": "FeatureCollection", "features": [', "not UTF-8 JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "not UTF-8 JSON"),  # nested past the parser's depth
    (b'{"type": "Feature", "features": []}', "not a GeoJSON FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": {}}', "not a GeoJSON FeatureCollection"),
])
def test_an_unusable_file_gives_no_polygon_and_one_warning_naming_the_setting(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes | None, reason: str,
) -> None:
    path = tmp_path / "distritos.geojson"
    if content is not None:
        path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        assert load_district_file(str(path)) == DistrictFile()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and warnings[0].startswith(f"CONSOLE_DISTRICTS_GEOJSON: {reason};")
    assert str(tmp_path) not in warnings[0]


def test_a_file_over_the_cap_is_refused_before_it_is_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "enorme.geojson"
    with path.open("wb") as stream:
        stream.truncate(20 * 1024 * 1024 + 1)  # sparse: nothing to parse, only a size
    small = tmp_path / "pequeno.geojson"
    small.write_bytes(FIXTURE.read_bytes())
    with caplog.at_level(logging.WARNING):
        assert load_district_file(str(path)) == DistrictFile()
        assert load_district_file(str(small), max_bytes=1000) == DistrictFile()
        assert load_district_file(str(tmp_path)) == DistrictFile()  # a folder
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [w.split(";")[0] for w in warnings] == [
        "CONSOLE_DISTRICTS_GEOJSON: file larger than 20 MB",
        "CONSOLE_DISTRICTS_GEOJSON: file larger than 0.000953674 MB",
        "CONSOLE_DISTRICTS_GEOJSON: not a regular file"]


def test_no_setting_means_no_polygon_and_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert load_district_file("") == DistrictFile()
    assert not caplog.records


def test_an_open_ring_is_closed_and_a_long_attribution_cut() -> None:
    document = {"type": "FeatureCollection", "attribution": "  INEI\n" + "x" * 400,
                "features": [_feature({"distrito": "Abierto", "ubigeo": 10101},
                                      {"type": "Polygon", "coordinates": [SQUARE[:4]]})]}
    parsed, skipped = parse_district_file(json.dumps(document).encode())
    assert skipped == 0 and parsed.boundaries[0].rings[0][-1] == (-76.0, -10.0)
    assert parsed.boundaries[0].ubigeo == "010101"  # a number loses its leading zero
    assert parsed.attribution.startswith("INEI x") and len(parsed.attribution) == 300
