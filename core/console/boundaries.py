"""District boundaries and how the programme's district names find them.

No polygon is bundled: the operator supplies a GeoJSON file (CONSOLE_DISTRICTS_GEOJSON, read
by core.console.boundary_file). A district is found by its name with case, accents and
spacing ignored; where two polygons share that name (the same district name in two provinces)
the one that holds most of the district's stoves wins. A district with no polygon is reported
as such — the map lists it "sin polígono", never drops it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.protocol.text import normalise

Ring = tuple[tuple[float, float], ...]  # (longitude, latitude), closed


@dataclass(frozen=True)
class Boundary:
    """One district polygon: its UBIGEO code (may be empty), names and outer rings."""

    ubigeo: str
    district: str
    province: str
    department: str
    rings: tuple[Ring, ...]

    def contains(self, lat: float, lon: float) -> bool:
        """True when the place lies inside one of the rings (even-odd ray casting)."""
        return any(_inside(ring, lon, lat) for ring in self.rings)


def _inside(ring: Ring, x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def match_districts(
    names: Iterable[str], boundaries: Iterable[Boundary],
    places: Mapping[str, list[tuple[float, float]]] | None = None,
) -> dict[str, Boundary | None]:
    """Each programme district's polygon, by normalised name, or None when it has none.

    Several polygons of one name (two provinces) are told apart by the district's stoves:
    the polygon holding most of them (`places`: district → [(lat, lon)]) wins; with no
    stove inside any of them the district is left without a polygon rather than guessed.
    """
    by_name: dict[str, list[Boundary]] = {}
    for boundary in boundaries:
        by_name.setdefault(normalise(boundary.district), []).append(boundary)
    matched: dict[str, Boundary | None] = {}
    for name in names:
        candidates = by_name.get(normalise(name), [])
        if len(candidates) <= 1:
            matched[name] = candidates[0] if candidates else None
            continue
        spots = (places or {}).get(name, [])
        counts = [sum(b.contains(lat, lon) for lat, lon in spots) for b in candidates]
        best = max(counts)
        matched[name] = candidates[counts.index(best)] if best and counts.count(best) == 1 \
            else None
    return matched
