"""The console's figure pages: overview, districts, technicians, map and reports."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, redirect, render_template, request, url_for

from core.console.audit import log_figures_recomputed
from core.console.districts import DistrictRow, served_district_rows
from core.console.overview import Overview, console_targets, served_overview
from core.console.refresh import year_to_date
from core.figures.store import Served, serving_lag
from core.periods import Period, PeriodError, local_date
from core.reporting.wording import Wording
from gateway.console.auth import actor, current_staff, signed_in
from gateway.current import current_services
from gateway.renderers.report_html import number, percent

SORTS = ("district", "stoves", "response_rate", "share_using", "stacking_share",
         "open_tickets", "silent", "sample_visited")


def today() -> date:
    """Today in the programme's time zone, by the services' clock."""
    services = current_services()
    return local_date(services.clock(), services.settings.program_timezone)


def chosen_period() -> tuple[date, date, str | None]:
    """The period picked (`desde`, `hasta`), by default the calendar year to date."""
    start, end = year_to_date(today())
    try:
        start = date.fromisoformat(request.args.get("desde") or start.isoformat())
        end = date.fromisoformat(request.args.get("hasta") or end.isoformat())
    except ValueError:
        return *year_to_date(today()), "Fecha no válida: se muestra el año en curso."
    try:
        period = Period(start, end)
    except PeriodError:
        period = None
    if period is None or period.days > 3 * 366:
        return *year_to_date(today()), "Periodo no válido: se muestra el año en curso."
    return start, end, None


def _period_reading() -> tuple[dict[str, Any], dict[str, Any]]:
    """What a figure page passes its service (scope, period, parameters, clock, the lag its
    stored figures may have) and its template."""
    services = current_services()
    settings = services.settings
    start, end, problem = chosen_period()
    read = {"uow": services.uow(), "scope": current_staff().scope(), "period": (start, end),
            "parameters": services.parameters(), "tz": settings.program_timezone,
            "now": services.clock(),
            "lag": serving_lag(settings.console_figures_refresh_minutes)}
    return read, {"settings": settings, "period": (start, end), "problem": problem}


def computed_at(moment: datetime) -> str:
    """When the figures shown were computed, as the programme's clock reads (HH:MM)."""
    return moment.astimezone(ZoneInfo(current_services().settings.program_timezone)).strftime(
        "%H:%M")


def _overview(read: dict[str, Any], force: bool = False) -> Served[Overview]:
    return served_overview(**read, targets=console_targets(current_services().settings),
                           force=force)


def _districts(read: dict[str, Any], force: bool = False) -> Served[list[DistrictRow]]:
    settings = current_services().settings
    return served_district_rows(
        **read, silent_after=timedelta(weeks=settings.silent_after_weeks),
        target=settings.console_response_target, force=force)


FIGURE_PAGES: dict[str, Callable[..., Served[Any]]] = {
    "overview": _overview, "districts": _districts}


def _when(served: Served[Any], page: str) -> dict[str, Any]:
    """What the page says of its figures' age: when, and whether newer data awaits them."""
    return {"computed": computed_at(served.computed_at), "stale": served.stale, "page": page}


@signed_in
def overview_page() -> Any:
    """The headline, why not more, and the period's last week against the one before."""
    read, shown = _period_reading()
    served = _overview(read)
    return render_template("console/overview.html", view=served.value,
                           **_when(served, "overview"), **shown)


@signed_in
def districts_page() -> Any:
    """Every district in scope with its rates and its flags, sorted as asked."""
    read, shown = _period_reading()
    served = _districts(read)
    rows = served.value
    sort = request.args.get("orden", "district")
    sort = sort if sort in SORTS else "district"
    rows.sort(key=lambda r: (getattr(r, sort) is None, getattr(r, sort) or 0)
              if sort != "district" else (False, r.district))
    if request.args.get("desc") == "1":
        rows.reverse()
    return render_template("console/districts.html", rows=rows, sort=sort,
                           **_when(served, "districts"), **shown)


@signed_in
def recompute(page: str) -> Any:
    """"Recalcular ahora": compute the page's figures for the member's own scope at once
    (the CSRF token is checked for every form), log it, and show the page again."""
    if page not in FIGURE_PAGES:
        abort(404)
    read, _ = _period_reading()
    FIGURE_PAGES[page](read, force=True)
    log_figures_recomputed(read["uow"], actor=actor(), page=page, now=read["now"])
    period = read["period"]
    return redirect(url_for(f"console.{page}", desde=period[0].isoformat(),
                            hasta=period[1].isoformat()))


def register(blueprint: Blueprint) -> None:
    """Add the figure pages to the console's blueprint."""
    blueprint.add_app_template_filter(percent, "pct")
    blueprint.add_app_template_filter(number, "num")
    # The report's own sentences (its notes, why U is what it is) as staff read them.
    blueprint.add_app_template_filter(Wording("es").sentence, "spanish")
    blueprint.add_url_rule("/", "overview", overview_page)
    blueprint.add_url_rule("/distritos", "districts", districts_page)
    blueprint.add_url_rule("/cifras/<page>/recalcular", "recompute", recompute, methods=["POST"])
