"""The console's technicians, map and reports pages, and the report downloads."""

import io
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from core.console.geo import map_view
from core.console.technicians import fieldwork
from core.ledger.reports import holdings
from core.monitoring.report import compute_report
from core.monitoring.sample_status import sample_status
from core.privacy.access import log_bulk_read
from core.reporting.wording import LANGUAGES
from gateway.cli.ledger_tables import write_holdings
from gateway.console.auth import actor, current_staff, signed_in
from gateway.console.pages import chosen_period, today
from gateway.current import current_services
from gateway.renderers import report_csv, report_html, report_json

FORMATS = {
    "html": (report_html.render, "text/html; charset=utf-8"),
    "csv": (report_csv.render, "text/csv; charset=utf-8"),
    "json": (report_json.render, "application/json"),
}


@signed_in
def technicians_page() -> Any:
    """Each technician's sample visits, tickets taken and last activity."""
    work = fieldwork(current_services().uow(), scope=current_staff().scope())
    return render_template("console/technicians.html", work=work)


@signed_in
def map_page() -> Any:
    """Stoves and visits as points on an inline SVG over the operator's district outlines."""
    services = current_services()
    settings = services.settings
    districts = services.district_file()
    view = map_view(services.uow(), scope=current_staff().scope(), today=today(),
                    tile_url=settings.console_tile_url, boundaries=districts.boundaries,
                    target=settings.console_response_target)
    if view.points:  # households' places, many at once
        log_bulk_read(services.uow(), actor=actor(), kinds=("location",), purpose="web:map",
                      now=services.clock())
    return render_template("console/map.html", view=view, tiles=settings.console_tile_url,
                           target=settings.console_response_target,
                           attribution=settings.console_districts_attribution
                           or districts.attribution)


def report_language() -> str:
    """The report's language picked (`idioma`): Spanish unless English is asked for."""
    lang = request.args.get("idioma", "es")
    return lang if lang in LANGUAGES else "es"


@signed_in
def reports_page() -> Any:
    """The period picker and the downloads (Spanish, or English for the verifier and the
    buyer), with the sample's progress in scope."""
    start, end, problem = chosen_period()
    status = sample_status(current_services().uow())
    scope = current_staff().scope()
    progress = [p for p in (status.districts if status else [])
                if scope is None or p.district in scope]
    return render_template("console/reports.html", period=(start, end), problem=problem,
                           status=status, progress=progress, lang=report_language(),
                           ledger=current_staff().role != "technician")


@signed_in
def download(fmt: str) -> Any:
    """The monitoring report of the period, rendered by the same renderers as the CLI."""
    if fmt not in FORMATS:
        abort(404)
    services = current_services()
    start, end, problem = chosen_period()
    if problem:
        abort(400, problem)
    report = compute_report(services.uow(), period_start=start, period_end=end,
                            parameters=services.parameters(),
                            tz=services.settings.program_timezone, now=services.clock())
    render, mimetype = FORMATS[fmt]
    lang = report_language()
    name = f"reporte-{start.isoformat()}-{end.isoformat()}{'' if lang == 'es' else '-en'}.{fmt}"
    return Response(render(report.as_dict(), lang=lang), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@signed_in
def holdings_download() -> Any:
    """The ledger's holdings now, as the CLI writes them (spreadsheet-safe CSV)."""
    if current_staff().role == "technician":
        abort(404)
    services = current_services()
    stream = io.StringIO()
    write_holdings(holdings(services.uow(), as_at=services.clock()),
                   services.settings.itmo_authorization_version, stream)
    return Response(stream.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="tenencias.csv"'})


def register(blueprint: Blueprint) -> None:
    """Add the technicians, map and reports pages to the console's blueprint."""
    blueprint.add_url_rule("/tecnicos", "technicians", technicians_page)
    blueprint.add_url_rule("/mapa", "map", map_page)
    blueprint.add_url_rule("/reportes", "reports", reports_page)
    blueprint.add_url_rule("/reportes/reporte.<fmt>", "download", download)
    blueprint.add_url_rule("/reportes/tenencias.csv", "holdings", holdings_download)
