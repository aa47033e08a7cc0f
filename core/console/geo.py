"""The console's map: stoves and visits as points, coloured by last report, and the districts.

No district boundary is vendored yet (the INEI polygons of Huánuco and La Libertad could not
be fetched offline), so every district in scope is listed "sin polígono" — none is dropped.
Points are projected as web map tiles are (Web Mercator) onto a 10:7 box around them, so a
configured tile URL (CONSOLE_TILE_URL) lines up beneath them; without one nothing is fetched.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlmodel import col, select

from core.db.uow import UnitOfWork
from core.models import Household, Stove, UsageObservation, Visit, stove_active_on
from core.periods import iso_week

MAX_POINTS = 5000
ASPECT = 10 / 7  # the page's drawing box, width over height
MAX_TILES_ACROSS = 4
POLYGONS: dict[str, tuple[tuple[float, float], ...]] = {}  # district → (lon, lat) ring


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


def map_view(
    uow: UnitOfWork, *, scope: tuple[str, ...] | None, today: date, tile_url: str = "",
) -> MapView:
    """Stoves in use today and this year's visits of the member's districts, placed on a box."""
    with uow.reading():
        session = uow.session
        last = (select(UsageObservation.stove_id, func.max(UsageObservation.week).label("week"))
                .where(col(UsageObservation.superseded_at).is_(None))
                .group_by(col(UsageObservation.stove_id)).subquery())
        stoves = session.exec(_scoped(
            select(Stove.code, Household.latitude, Household.longitude, last.c.week)
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
        names = sorted(d for d in session.exec(_scoped(select(Household.district).distinct(),
                                                       scope)) if d)
    raw = [("stove", lat, lon, _colour(week, today), code) for code, lat, lon, week in stoves]
    raw += [("visit", lat, lon, "#1f4e9c", f"{code} {day.isoformat()}")
            for code, lat, lon, day in visits]
    total = len(raw)
    raw = raw[:MAX_POINTS]
    places = [_mercator(lat, lon) for _, lat, lon, _, _ in raw]
    if not places:
        return MapView((), total, tuple((d, d in POLYGONS) for d in names))
    box = _box(places)
    west, north, width, height = box
    points = tuple(Point(kind, (x - west) / width, (y - north) / height, colour, label)
                   for (kind, _, _, colour, label), (x, y) in zip(raw, places, strict=True))
    return MapView(points, total, tuple((d, d in POLYGONS) for d in names),
                   _tiles(tile_url, box) if tile_url else ())
