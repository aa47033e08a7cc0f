"""Keep the console's common figures fresh: the refresh job behind a bounded serving lag.

Every SMS reply changes the data, so stored figures go stale all day. The scheduler runs
`refresh_console_figures` every CONSOLE_FIGURES_REFRESH_MINUTES: for the default period (the
year to date) of the programme and of every active member's districts, it recomputes the
stored figures that are no longer current. Only keys stored today are refreshed — the day is
part of the key, so a stored row means someone viewed that page today; other periods and
unviewed scopes are computed on view. Two schedulers running at once only compute twice: the
rows are written with INSERT ... ON CONFLICT.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select

from core.console.districts import districts_figures
from core.console.overview import Targets, overview_figures
from core.db.uow import UnitOfWork
from core.figures.store import Figures, refresh
from core.models import StaffDistrict, StaffMember
from core.mrv.parameters import Parameters
from core.periods import local_date


@dataclass(frozen=True)
class FiguresRefresh:
    """What a run did: figures recomputed, and figures left alone (current, or not stored)."""

    refreshed: int
    left: int


def year_to_date(today: date) -> tuple[date, date]:
    """The console's default period: the calendar year to today."""
    return date(today.year, 1, 1), today


def scopes_in_use(uow: UnitOfWork) -> list[tuple[str, ...] | None]:
    """The programme (admins) and the districts of every active member who is not an admin."""
    with uow.reading():
        rows = uow.session.exec(
            select(StaffMember.id, StaffDistrict.district)
            .join(StaffDistrict, col(StaffDistrict.staff_id) == col(StaffMember.id))
            .where(col(StaffMember.revoked_at).is_(None), StaffMember.role != "admin")).all()
    districts: dict[int, set[str]] = {}
    for staff_id, district in rows:
        districts.setdefault(staff_id or 0, set()).add(district)
    scopes = {tuple(sorted(d)) for d in districts.values()}
    return [None, *sorted(scopes)]


def default_figures(
    *, scope: tuple[str, ...] | None, parameters: Parameters, tz: str, today: date,
    targets: Targets,
) -> list[Figures[Any]]:
    """Both figure pages of a scope for the default period, keyed as the pages key them."""
    shared: dict[str, Any] = {"scope": scope, "period": year_to_date(today),
                              "parameters": parameters, "tz": tz, "today": today}
    return [overview_figures(**shared, targets=targets),
            districts_figures(**shared, target=targets.response)]


def refresh_console_figures(
    uow: UnitOfWork, *, parameters: Parameters, tz: str, now: datetime, targets: Targets,
) -> FiguresRefresh:
    """Recompute the stale stored figures of the default pages; each key in its own
    snapshot and transaction, so a long run never holds one snapshot open."""
    today = local_date(now, tz)
    refreshed = left = 0
    for scope in scopes_in_use(uow):
        for figures in default_figures(scope=scope, parameters=parameters, tz=tz, today=today,
                                       targets=targets):
            if refresh(uow, figures, now=now):
                refreshed += 1
            else:
                left += 1
    return FiguresRefresh(refreshed, left)
