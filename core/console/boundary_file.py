"""Reading the operator's district file (CONSOLE_DISTRICTS_GEOJSON), as untrusted input.

No boundary is bundled with qoncha: the operator supplies a GeoJSON FeatureCollection of
Polygon/MultiPolygon districts (typically INEI's district limits converted to GeoJSON).
Property names are read case-insensitively under the names INEI's layers and their common
republications use (DISTRITO/NOMBDIST, UBIGEO/IDDIST, PROVINCIA/NOMBPROV,
DEPARTAMEN/NOMBDEP). The file is read once per process, on first use. A file that is
missing, too large or not GeoJSON gives no polygon and one warning naming the setting; a
malformed feature is skipped and counted — a bad file can cost the map its outlines, nothing
more.
"""

import functools
import json
import logging
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.console.boundaries import Boundary, Ring

log = logging.getLogger(__name__)

SETTING = "CONSOLE_DISTRICTS_GEOJSON"
MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT = 120  # characters of a name; longer is not a district name
MAX_ATTRIBUTION = 300
KEYS = {  # lower-cased property names, first found wins
    "district": ("distrito", "nombdist", "nom_dist", "district"),
    "ubigeo": ("ubigeo", "iddist", "cod_ubigeo"),
    "province": ("provincia", "nombprov", "nom_prov", "province"),
    "department": ("departamen", "departamento", "nombdep", "nom_dep", "department"),
}


@dataclass(frozen=True)
class DistrictFile:
    """The usable districts of the file and its own attribution text (its "attribution")."""

    boundaries: tuple[Boundary, ...] = ()
    attribution: str = ""


class BadDistrictFile(ValueError):
    """A district file that gives no polygon at all, said without quoting its content."""


@functools.cache
def load_district_file(path: str, max_bytes: int = MAX_BYTES) -> DistrictFile:
    """The districts of the operator's file, once per process; none, with one warning, if bad."""
    if not path:
        return DistrictFile()
    try:
        found, skipped = parse_district_file(_read_capped(Path(path), max_bytes))
    except BadDistrictFile as exc:
        log.warning("%s: %s; the map lists every district without its polygon", SETTING, exc)
        return DistrictFile()
    if skipped:
        log.warning("%s: %d of %d features skipped (no Polygon/MultiPolygon with valid "
                    "coordinates, or no district name)", SETTING, skipped,
                    skipped + len(found.boundaries))
    return found


def _read_capped(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused past the cap (checked before and while reading)."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise BadDistrictFile("not a regular file")
        if status.st_size > max_bytes:
            raise BadDistrictFile(f"file larger than {max_bytes / 2**20:g} MB")
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise BadDistrictFile("file not found") from None
    except OSError:
        raise BadDistrictFile("file cannot be read") from None
    if len(data) > max_bytes:
        raise BadDistrictFile(f"file larger than {max_bytes / 2**20:g} MB")
    return data


def parse_district_file(data: bytes) -> tuple[DistrictFile, int]:
    """The usable districts of a GeoJSON FeatureCollection and how many features were skipped."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadDistrictFile("not UTF-8 JSON") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection" \
            or not isinstance(document.get("features"), list):
        raise BadDistrictFile("not a GeoJSON FeatureCollection")
    features = document["features"]
    boundaries = tuple(b for b in (_boundary(f) for f in features) if b is not None)
    attribution = document.get("attribution")
    text = " ".join(attribution.split())[:MAX_ATTRIBUTION] if isinstance(attribution, str) else ""
    return DistrictFile(boundaries, text), len(features) - len(boundaries)


def _boundary(feature: Any) -> Boundary | None:
    """A feature as a district, or None when it lacks a usable name or geometry."""
    if not isinstance(feature, dict):
        return None
    properties, geometry = feature.get("properties"), feature.get("geometry")
    if not isinstance(properties, dict) or not isinstance(geometry, dict):
        return None
    lowered = {str(k).lower(): v for k, v in properties.items()}
    name, rings = _text(lowered, "district"), _rings(geometry)
    if not name or rings is None:
        return None
    ubigeo = _text(lowered, "ubigeo")
    return Boundary(ubigeo.zfill(6) if ubigeo.isdigit() else ubigeo, name,
                    _text(lowered, "province"), _text(lowered, "department"), rings)


def _text(properties: dict[str, Any], field: str) -> str:
    """The first of the field's property names holding a short text or number, tidied."""
    for key in KEYS[field]:
        value = properties.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            text = " ".join(str(value).split())
            return text if len(text) <= MAX_TEXT else ""
    return ""


def _rings(geometry: dict[str, Any]) -> tuple[Ring, ...] | None:
    """Outer rings of a Polygon or MultiPolygon (holes are not drawn), or None if malformed."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" \
        else None
    if not isinstance(polygons, list) or not polygons:
        return None
    rings = []
    for polygon in polygons:
        ring = _ring(polygon[0]) if isinstance(polygon, list) and polygon else None
        if ring is None:
            return None
        rings.append(ring)
    return tuple(rings)


def _ring(points: Any) -> Ring | None:
    """A closed ring of (longitude, latitude) in range, or None when any point is not one."""
    if not isinstance(points, list) or len(points) < 4:
        return None
    ring = []
    for point in points:
        if not isinstance(point, list) or len(point) < 2:
            return None
        lon, lat = point[0], point[1]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat)):
            return None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):  # NaN and infinities fail too
            return None
        ring.append((float(lon), float(lat)))
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return tuple(ring)
