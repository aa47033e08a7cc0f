"""The console's map: stoves and visits as points, coloured by last report, and the districts.

Each district in scope is drawn with its outline when the operator's district file
(CONSOLE_DISTRICTS_GEOJSON) has one, filled by this week's response rate against the goal, and
is listed "sin polígono" when it does not — none is dropped. Points and outlines are
projected as web map tiles are (Web Mercator) onto a 10:7 box around them, so a
configured tile URL (CONSOLE_TILE_URL) lines up beneath them; without one nothing is fetched.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlmodel import col, select

from core.console.boundaries import Boundary, match_districts
from core.console.districts import scoped_districts
from core.console.weeks import below_target, last_weeks, weekly_by_district
from core.db.uow import UnitOfWork
from core.models import Household, Stove, UsageObservation, Visit, stove_active_on
from core.periods import iso_week

MAX_POINTS = 5000
ASPECT = 10 / 7  # the page's drawing box, width over height
MAX_TILES_ACROSS = 4
GREY = "#9e9e9e"  # a district with no stove in place this week


@dataclass(frozen=True)
class Point:
    """A stove (kind "stove", coloured by weeks since its last report) or a visit."""

    kind: str
    x: float  # 0..1 across the box, west to east
    y: float  # 0..1 down the box, north to south
    colour: str
    label: str


@dataclass(frozen=True)
class MapView:
    """Points within the member's districts, and each district's polygon or its absence."""

    points: tuple[Point, ...]
    total: int  # points before the MAX_POINTS cap
    districts: tuple[tuple[str, bool], ...]  # (district, has a polygon)
    tiles: tuple[tuple[str, float, float, float], ...] = ()  # (url, x, y, size) in the box
    outlines: tuple["Outline", ...] = ()


@dataclass(frozen=True)
class Outline:
    """A district's polygon on the box: rings of (x, y) in 0..1 and where its name sits."""

    district: str
    ubigeo: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    label: tuple[float, float]
    response_rate: float | None  # this week's, as the districts page has it
    colour: str


def _mercator(lat: float, lon: float) -> tuple[float, float]:
    """A place on the Web Mercator square: 0..1 west to east and north to south."""
    phi = math.radians(max(-85.0, min(85.0, lat)))
    return (lon + 180) / 360, (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2


def _box(places: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """West, north, width, height of a 10:7 box around the places, with a margin."""
    xs, ys = [p[0] for p in places], [p[1] for p in places]
    width, height = max(max(xs) - min(xs), 1e-5) * 1.1, max(max(ys) - min(ys), 1e-5) * 1.1
    width, height = max(width, height * ASPECT), max(height, width / ASPECT)
    return ((min(xs) + max(xs) - width) / 2, (min(ys) + max(ys) - height) / 2, width, height)


def _tiles(url: str, box: tuple[float, float, float, float]) -> tuple[tuple[str, float, float,
                                                                           float], ...]:
    """The tiles covering the box at the deepest zoom with at most a few across."""
    west, north, width, height = box
    zoom = max(0, min(18, int(math.log2(MAX_TILES_ACROSS / width))))
    n = 2**zoom
    return tuple(
        (url.format(z=zoom, x=tx, y=ty), (tx / n - west) / width, (ty / n - north) / height,
         1 / n / width)
        for tx in range(int(west * n), int((west + width) * n) + 1)
        for ty in range(int(north * n), int((north + height) * n) + 1) if 0 <= ty < n)


def _colour(last_week: str | None, today: date) -> str:
    """Green: reported in the last 2 weeks; amber: in 6; red: longer or never."""
    if last_week is None:
        return "#b00020"
    if last_week >= iso_week(today - timedelta(weeks=2)):
        return "#1d8a2a"
    return "#e09b00" if last_week >= iso_week(today - timedelta(weeks=6)) else "#b00020"


def _scoped(statement, scope: tuple[str, ...] | None):  # type: ignore[no-untyped-def]
    return statement if scope is None else statement.where(col(Household.district).in_(scope))


def _district_colour(rate: float | None, target: float) -> str:
    """A district's fill: green at or over the response goal, red under it, grey with no stove."""
    if rate is None:
        return GREY
    return "#b00020" if below_target(rate, target) else "#1d8a2a"


def _outline(name: str, boundary: Boundary, box: tuple[float, float, float, float],
             rate: float | None, target: float) -> Outline:
    """A district's rings placed on the box, its name at the mean of its first ring.

    Vertices that fall on the same spot at the drawing's precision are dropped, so a detailed
    file costs the page no more than the outline it can show.
    """
    west, north, width, height = box
    rings = []
    for ring in boundary.rings:
        placed: list[tuple[float, float]] = []
        for x, y in (_mercator(lat, lon) for lon, lat in ring):
            spot = (round((x - west) / width, 4), round((y - north) / height, 4))
            if not placed or spot != placed[-1]:
                placed.append(spot)
        rings.append(tuple(placed))
    first = rings[0]
    return Outline(name, boundary.ubigeo, tuple(rings),
                   (sum(x for x, _ in first) / len(first), sum(y for _, y in first) / len(first)),
                   rate, _district_colour(rate, target))


def _read(uow: UnitOfWork, scope: tuple[str, ...] | None, today: date) -> tuple[
        list[Any], list[Any], list[str], dict[str, float | None]]:
    """Located stoves in use today, this year's located visits, districts and this week's rates."""
    with uow.reading():
        session = uow.session
        last = (select(UsageObservation.stove_id, func.max(UsageObservation.week).label("week"))
                .where(col(UsageObservation.superseded_at).is_(None))
                .group_by(col(UsageObservation.stove_id)).subquery())
        stoves = session.execute(_scoped(
            sql_select(col(Stove.code), col(Household.latitude), col(Household.longitude),
                       last.c.week, col(Household.district))
            .join(Household, col(Household.id) == col(Stove.household_id))
            .join(last, last.c.stove_id == col(Stove.id), isouter=True)
            .where(stove_active_on(today), col(Household.latitude).is_not(None),
                   col(Household.longitude).is_not(None)), scope)).all()
        visits = session.execute(_scoped(
            sql_select(col(Stove.code), col(Visit.latitude), col(Visit.longitude),
                       col(Visit.visited_on))
            .join(Stove, col(Stove.id) == col(Visit.stove_id))
            .join(Household, col(Household.id) == col(Stove.household_id))
            .where(col(Visit.latitude).is_not(None), col(Visit.longitude).is_not(None),
                   col(Visit.visited_on) >= date(today.year, 1, 1)), scope)).all()
        names = scoped_districts(session, scope)
        week = last_weeks(today, 1)
        rates = {district: count.response_rate for (district, _), count
                 in weekly_by_district(session, week, scope).items()}
    return list(stoves), list(visits), names, rates


def map_view(
    uow: UnitOfWork, *, scope: tuple[str, ...] | None, today: date, tile_url: str = "",
    boundaries: tuple[Boundary, ...] = (), target: float = 0.0,
) -> MapView:
    """Stoves in use today, this year's visits and the districts' outlines, placed on a box.

    `boundaries` are the operator's district polygons (none: every district is listed "sin
    polígono"); each drawn district is filled by this week's response rate against `target`.
    """
    stoves, visits, names, rates = _read(uow, scope, today)
    places: dict[str, list[tuple[float, float]]] = {}
    for _code, lat, lon, _week, district in stoves:
        places.setdefault(district, []).append((lat, lon))
    found = match_districts(names, boundaries, places)
    listed = tuple((d, found[d] is not None) for d in names)
    raw = [("stove", lat, lon, _colour(week, today), code) for code, lat, lon, week, _ in stoves]
    raw += [("visit", lat, lon, "#1f4e9c", f"{code} {day.isoformat()}")
            for code, lat, lon, day in visits]
    total = len(raw)
    raw = raw[:MAX_POINTS]
    places_xy = [_mercator(lat, lon) for _, lat, lon, _, _ in raw]
    corners = [_mercator(lat, lon) for b in found.values() if b
               for ring in b.rings for lon, lat in ring]
    if not places_xy and not corners:
        return MapView((), total, listed)
    box = _box(places_xy + corners)
    west, north, width, height = box
    points = tuple(Point(kind, (x - west) / width, (y - north) / height, colour, label)
                   for (kind, _, _, colour, label), (x, y) in zip(raw, places_xy, strict=True))
    outlines = tuple(_outline(d, b, box, rates.get(d), target) for d, b in found.items() if b)
    return MapView(points, total, listed, _tiles(tile_url, box) if tile_url else (), outlines)
