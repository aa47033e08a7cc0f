"""The console's figure pages: overview, districts, technicians, map and reports."""

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, render_template, request

from core.console.districts import district_rows
from core.console.overview import Targets, overview
from core.periods import Period, PeriodError, local_date
from core.reporting.wording import Wording
from gateway.console.auth import current_staff, signed_in
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
    end = today()
    start = date(end.year, 1, 1)
    try:
        start = date.fromisoformat(request.args.get("desde") or start.isoformat())
        end = date.fromisoformat(request.args.get("hasta") or end.isoformat())
    except ValueError:
        return date(today().year, 1, 1), today(), "Fecha no válida: se muestra el año en curso."
    try:
        period = Period(start, end)
    except PeriodError:
        period = None
    if period is None or period.days > 3 * 366:
        return date(today().year, 1, 1), today(), "Periodo no válido: se muestra el año en curso."
    return start, end, None


def _period_reading() -> tuple[dict[str, Any], dict[str, Any]]:
    """What a figure page passes its service (scope, period, parameters, clock) and template."""
    services = current_services()
    start, end, problem = chosen_period()
    read = {"uow": services.uow(), "scope": current_staff().scope(), "period": (start, end),
            "parameters": services.parameters(), "tz": services.settings.program_timezone,
            "now": services.clock()}
    return read, {"settings": services.settings, "period": (start, end), "problem": problem}


@signed_in
def overview_page() -> Any:
    """The headline, why not more, and the period's last week against the one before."""
    read, shown = _period_reading()
    settings = shown["settings"]
    view = overview(**read, targets=Targets(settings.console_response_target,
                                            settings.console_use_target))
    return render_template("console/overview.html", view=view, **shown)


@signed_in
def districts_page() -> Any:
    """Every district in scope with its rates and its flags, sorted as asked."""
    read, shown = _period_reading()
    settings = shown["settings"]
    rows = district_rows(**read, silent_after=timedelta(weeks=settings.silent_after_weeks),
                         target=settings.console_response_target)
    sort = request.args.get("orden", "district")
    sort = sort if sort in SORTS else "district"
    rows.sort(key=lambda r: (getattr(r, sort) is None, getattr(r, sort) or 0)
              if sort != "district" else (False, r.district))
    if request.args.get("desc") == "1":
        rows.reverse()
    return render_template("console/districts.html", rows=rows, sort=sort, **shown)


def register(blueprint: Blueprint) -> None:
    """Add the figure pages to the console's blueprint."""
    blueprint.add_app_template_filter(percent, "pct")
    blueprint.add_app_template_filter(number, "num")
    # The report's own sentences (its notes, why U is what it is) as staff read them.
    blueprint.add_app_template_filter(Wording("es").sentence, "spanish")
    blueprint.add_url_rule("/", "overview", overview_page)
    blueprint.add_url_rule("/distritos", "districts", districts_page)
